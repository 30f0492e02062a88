"""The EU Financial Sanctions Files XML parser (xmlFullSanctionsList_1_1), on a fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import CountryRole, Entity, NameKind
from dualwatch.sources import eu_fsf
from dualwatch.sources.base import read_head

SAMPLE = Path("tests/fixtures/eu_fsf/eu_fsf_sample.xml")
OTHER_FORMATS = [
    Path("../shared/data/lists/un_sc/consolidated.xml"),
    Path("../shared/data/lists/us_trade_csl/consolidated.csv"),
    Path("../shared/data/lists/ftm/eu_fsf.ftm.json"),
    Path("tests/fixtures/uk_ofsi/ConList.csv"),
]


def _entities() -> dict[str, Entity]:
    return {e.source_id: e for e in eu_fsf.read(SAMPLE).entities}


def test_version_is_the_generation_date() -> None:
    parsed = eu_fsf.read(SAMPLE)
    assert (parsed.dataset, parsed.version, parsed.version_source) == (
        "eu_fsf", "2025-04-15", "publisher")
    assert len(list(parsed.entities)) == 4


def test_company_with_cyrillic_alias_inn_ogrn_and_contacts() -> None:
    mikron = _entities()["139410"]
    assert mikron.id == "eu_fsf-139410"
    assert mikron.schema == "Company"
    assert [(n.value, n.kind, n.lang) for n in mikron.names] == [
        ("Joint Stock Company Mikron", NameKind.PRIMARY, None),
        ("АО Микрон", NameKind.ALIAS, "ru"),
        ("Mikron", NameKind.WEAK_ALIAS, None)]
    assert {(i.type, i.value, i.country) for i in mikron.identifiers} == {
        ("ogrn", "1027700071530", "ru"), ("inn", "7735007358", "ru")}
    assert mikron.programs == ["RUS"]
    assert mikron.listed_on == "2023-02-25"
    assert mikron.addresses[0].country == "ru"
    assert "124460" in mikron.addresses[0].full
    assert (mikron.websites, mikron.emails) == (["www.mikron.ru"], ["mikron@mikron.ru"])
    assert "EU reference: EU.8743.35" in mikron.notes


def test_person_with_birth_citizenship_and_passport() -> None:
    sidorov = _entities()["137521"]
    assert sidorov.schema == "Person"
    assert sidorov.caption == "Ivan Petrovich Sidorov"
    assert sidorov.gender == "male"
    assert sidorov.birth_dates == ["1961-07-04"]
    assert sidorov.birth_places == ["Tula, Russian Federation"]
    assert {(c.code, c.role) for c in sidorov.countries} == {
        ("ru", CountryRole.CITIZENSHIP), ("ru", CountryRole.BIRTH)}
    [passport] = sidorov.identifiers
    assert (passport.type, passport.value) == ("passport", "753214596")
    assert sidorov.programs == ["UKR"]


def test_organisation_year_only_birth_and_unknown_country() -> None:
    entities = _entities()
    assert entities["6912"].schema == "Organization"
    assert entities["6912"].listed_on is None
    kuznetsova = entities["142881"]
    assert kuznetsova.caption == "Olga Kuznetsova"  # built from first and last name
    assert kuznetsova.birth_dates == ["1975"]
    assert kuznetsova.countries == []  # "00" means unknown


def test_sniff_accepts_the_eu_file_and_rejects_other_formats() -> None:
    assert eu_fsf.sniff(SAMPLE, read_head(SAMPLE))
    for path in OTHER_FORMATS:
        assert not eu_fsf.sniff(path, read_head(path)), path


def test_un_file_given_as_eu_file_is_refused_by_its_root() -> None:
    with pytest.raises(SourceError, match="expected <export>") as err:
        eu_fsf.read(Path("../shared/data/lists/un_sc/consolidated.xml"))
    assert err.value.element == "CONSOLIDATED_LIST"


def test_truncated_file_names_the_line(tmp_path: Path) -> None:
    cut = tmp_path / "eu.xml"
    cut.write_bytes(SAMPLE.read_bytes()[:3000])
    with pytest.raises(SourceError, match="malformed XML") as err:
        list(eu_fsf.read(cut).entities)
    assert err.value.line is not None


def test_record_without_name_names_element_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "eu.xml"
    text = SAMPLE.read_text("utf-8").replace('wholeName="Boko Haram"', 'wholeName=""').replace(
        "wholeName=\"Jama'atu Ahlis Sunna Lidda'awati wal-Jihad\"", 'wholeName=""')
    bad.write_text(text, "utf-8")
    with pytest.raises(SourceError) as err:
        list(eu_fsf.read(bad).entities)
    assert err.value.field == "nameAlias"
    assert err.value.element == "export/sanctionEntity[3] (logicalId 6912)"
