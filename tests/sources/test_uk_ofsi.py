"""The UK OFSI consolidated list parser (ConList.csv), on a fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import CountryRole, Entity, NameKind
from dualwatch.sources import uk_ofsi
from dualwatch.sources.base import read_head

SAMPLE = Path("tests/fixtures/uk_ofsi/ConList.csv")
OTHER_FORMATS = [
    Path("../shared/data/lists/un_sc/consolidated.xml"),
    Path("../shared/data/lists/us_trade_csl/consolidated.csv"),
    Path("../shared/data/lists/ftm/eu_fsf.ftm.json"),
    Path("../shared/data/lists/us_ofac_sdn/sdn.csv"),
    Path("tests/fixtures/eu_fsf/eu_fsf_sample.xml"),
]


def _entities() -> dict[str, Entity]:
    return {e.source_id: e for e in uk_ofsi.read(SAMPLE).entities}


def test_rows_of_a_group_are_one_entity_even_when_not_adjacent() -> None:
    parsed = uk_ofsi.read(SAMPLE)
    assert (parsed.dataset, parsed.version, parsed.version_source) == (
        "gb_hmt_sanctions", "2025-04-14", "publisher")
    entities = list(parsed.entities)
    assert sorted(e.source_id for e in entities) == ["12050", "15201", "15650", "16212"]


def test_person_aliases_by_type_and_quality() -> None:
    petrov = _entities()["15201"]
    assert petrov.id == "gb_hmt_sanctions-15201"
    assert petrov.schema == "Person"
    assert [(n.value, n.kind, n.lang) for n in petrov.names] == [
        ("Aleksandr Yurievich PETROV", NameKind.PRIMARY, None),
        ("Александр Юрьевич ПЕТРОВ", NameKind.ORIGINAL_SCRIPT, "ru"),
        ("Alexander PETROFF", NameKind.ALIAS, None),
        ("Sasha PETROV", NameKind.WEAK_ALIAS, None)]


def test_person_details_are_taken_once() -> None:
    petrov = _entities()["15201"]
    assert petrov.birth_dates == ["1968-03-14"]
    assert petrov.birth_places == ["Moscow, Russia"]
    assert {(c.code, c.role) for c in petrov.countries} == {
        ("ru", CountryRole.BIRTH), ("ru", CountryRole.NATIONALITY)}
    assert [(i.type, i.value, i.note) for i in petrov.identifiers] == [
        ("passport", "721234567", "Russian"), ("passport", "751234568", "Russian diplomatic")]
    assert petrov.programs == ["Russia"]
    assert petrov.listed_on == "2022-03-15"
    assert petrov.titles == ["Mr"]


def test_entity_former_name_address_and_inn_from_other_information() -> None:
    kaluga = _entities()["15650"]
    assert kaluga.schema == "Company"
    kinds = {n.value: n.kind for n in kaluga.names}
    assert kinds["OPEN JOINT STOCK COMPANY KALUGA RADIO PLANT"] == NameKind.FORMER
    assert kaluga.addresses[0].full == "Grabtsevskoe shosse 43, Kaluga, 248009, Russia"
    assert kaluga.addresses[0].country == "ru"
    assert [(i.type, i.value) for i in kaluga.identifiers] == [("inn", "4027002870")]


def test_ship_partial_date_and_numbered_nationalities() -> None:
    entities = _entities()
    ship = entities["16212"]
    assert ship.schema == "Vessel"
    assert [(i.type, i.value) for i in ship.identifiers] == [("imo", "9266619")]
    hassan = entities["12050"]
    assert hassan.birth_dates == ["1965"]
    assert [c.code for c in hassan.countries if c.role == CountryRole.NATIONALITY] == [
        "sy", "ru"]


def test_sniff_accepts_conlist_and_rejects_other_formats() -> None:
    assert uk_ofsi.sniff(SAMPLE, read_head(SAMPLE))
    for path in OTHER_FORMATS:
        assert not uk_ofsi.sniff(path, read_head(path)), path


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "ConList.csv"
    path.write_text(SAMPLE.read_text("utf-8").replace(old, new, 1), "utf-8")
    return path


def test_missing_last_updated_line_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="Last Updated") as err:
        uk_ofsi.read(_variant(tmp_path, "Last Updated,14/04/2025\n", ""))
    assert err.value.line == 1


def test_missing_group_id_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        list(uk_ofsi.read(_variant(tmp_path, ",Group ID", ",Group Number")).entities)
    assert (err.value.line, err.value.field) == (2, "Group ID")


def test_bad_date_names_line_and_field(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        list(uk_ofsi.read(_variant(tmp_path, "00/00/1965", "1965-00-00")).entities)
    assert (err.value.line, err.value.field) == (9, "DOB")


def test_wrong_column_count_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="columns") as err:
        list(uk_ofsi.read(_variant(tmp_path, "SIG,", "SIG,,")).entities)
    assert err.value.line == 8


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(SAMPLE.read_bytes().replace(b"PETROFF", b"PETR\xd6FF"))
    with pytest.raises(SourceError, match="UTF-8") as err:
        list(uk_ofsi.read(path).entities)
    assert err.value.line == 4
