"""The trade.gov Consolidated Screening List CSV parser."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import CountryRole, NameKind
from dualwatch.sources import csl
from dualwatch.sources.base import read_head

BUNDLED = Path("../shared/data/lists/us_trade_csl/consolidated.csv")
SAMPLE = Path("tests/fixtures/csl/csl_sample.csv")
EL = "Entity List (EL) - Bureau of Industry and Security"
MEU = "Military End User (MEU) List - Bureau of Industry and Security"
DPL = "Denied Persons List (DPL) - Bureau of Industry and Security"
ISN = "Nonproliferation Sanctions (ISN) - State Department"
UVL = "Unverified List (UVL) - Bureau of Industry and Security"
OTHER_FORMATS = [
    Path("../shared/data/lists/un_sc/consolidated.xml"),
    Path("../shared/data/lists/ftm/us_dod_1260h.ftm.json"),
    Path("../shared/data/lists/us_ofac_sdn/sdn.csv"),
    Path("tests/fixtures/eu_fsf/eu_fsf_sample.xml"),
    Path("tests/fixtures/uk_ofsi/ConList.csv"),
]


def test_row_counts_per_sublist() -> None:
    counts = csl.sublist_counts(BUNDLED)
    assert counts == {EL: 3409, MEU: 70, DPL: 564, ISN: 528, UVL: 1}
    assert sum(counts.values()) == 4572


def test_entities_keep_their_sublist_and_duplicate_rows_are_skipped() -> None:
    parsed = csl.read(BUNDLED)
    entities = list(parsed.entities)
    by_sublist = Counter(e.sublist for e in entities)
    assert by_sublist == {EL: 3409, MEU: 70, DPL: 562, ISN: 528, UVL: 1}
    assert len({e.id for e in entities}) == len(entities) == 4570
    # the meta counts rows, complete once the entities are consumed
    assert parsed.meta[DPL] == "564" and parsed.meta["duplicate_rows"] == "2"
    assert parsed.dataset == "us_trade_csl" and parsed.version_source == "file-date"


def test_entity_list_row_maps_names_addresses_notes_and_source_url() -> None:
    nilco = next(e for e in csl.read(SAMPLE).entities if e.caption == "Nilco Group")
    assert nilco.id == "us_trade_csl-9984f1ce787d642a1018aa40438d77091dcc691c"
    assert nilco.sublist == EL
    assert nilco.schema == "Company"
    assert nilco.addresses[0].country == "by"
    assert ("by", CountryRole.ADDRESS) in {(c.code, c.role) for c in nilco.countries}
    assert any(n.startswith("Federal Register: 83 FR 48534") for n in nilco.notes)
    assert any(n.startswith("License requirement: For all items") for n in nilco.notes)
    assert nilco.source_url is not None and "entity-list" in nilco.source_url


def test_multi_valued_columns_are_split_on_semicolons() -> None:
    semenov = next(e for e in csl.read(SAMPLE).entities if e.caption == "Petr Ivanovich SEMENOV")
    assert semenov.schema == "Person"
    assert [n.value for n in semenov.names if n.kind == NameKind.ALIAS] == [
        "Pyotr Semenov", "Piotr Semyonov"]
    assert [a.country for a in semenov.addresses] == ["ru", "ae"]  # "U.A.E." included
    assert semenov.programs == ["E.O. 13382", "INKSNA"]
    assert semenov.birth_dates == ["1970-02-11"]
    assert semenov.listed_on == "2023-01-19"
    assert semenov.titles == ["General Director"]
    [passport] = semenov.identifiers
    assert (passport.type, passport.value, passport.country) == ("passport", "721234500", "ru")
    assert {("ru", CountryRole.NATIONALITY), ("ru", CountryRole.CITIZENSHIP)} <= {
        (c.code, c.role) for c in semenov.countries}


def test_sniff_accepts_the_csl_and_rejects_other_formats() -> None:
    assert csl.sniff(BUNDLED, read_head(BUNDLED))
    for path in OTHER_FORMATS:
        assert not csl.sniff(path, read_head(path)), path


def test_wrong_column_count_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "consolidated.csv"
    lines = SAMPLE.read_text("utf-8").splitlines()
    bad.write_text("\n".join([*lines[:3], '"abc","Entity List","x"', *lines[3:]]) + "\n", "utf-8")
    with pytest.raises(SourceError, match="3 columns") as err:
        list(csl.read(bad).entities)
    assert err.value.line == 4


def test_missing_required_header_is_refused_at_read(tmp_path: Path) -> None:
    bad = tmp_path / "consolidated.csv"
    bad.write_text(SAMPLE.read_text("utf-8").replace('"name"', '"full_name"', 1), "utf-8")
    with pytest.raises(SourceError) as err:
        csl.read(bad)
    assert (err.value.line, err.value.field) == (1, "name")


def test_empty_required_value_names_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "consolidated.csv"
    text = SAMPLE.read_text("utf-8").replace('"Nilco Group"', '""')
    bad.write_text(text, "utf-8")
    with pytest.raises(SourceError) as err:
        list(csl.read(bad).entities)
    assert (err.value.line, err.value.field) == (2, "name")


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "consolidated.csv"
    bad.write_bytes(SAMPLE.read_bytes().replace(b"Nilco", b"Nil\xe9o"))
    with pytest.raises(SourceError, match="UTF-8") as err:
        list(csl.read(bad).entities)
    assert err.value.line == 2


def test_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "consolidated.csv"
    empty.touch()
    with pytest.raises(SourceError, match="empty"):
        csl.read(empty)
