"""FollowTheMoney JSON lines (OpenSanctions exports) as a list format."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import NameKind, Sanction
from dualwatch.sources import ftm_jsonl
from dualwatch.sources.base import read_head

LISTS = Path("../shared/data/lists/ftm")
FIXTURES = Path("tests/fixtures/ftm")
OTHER_FORMATS = [
    Path("../shared/data/lists/un_sc/consolidated.xml"),
    Path("../shared/data/lists/us_trade_csl/consolidated.csv"),
    Path("../shared/data/lists/us_ofac_sdn/sdn.csv"),
    Path("tests/fixtures/eu_fsf/eu_fsf_sample.xml"),
    Path("tests/fixtures/uk_ofsi/ConList.csv"),
]


def test_bundled_eu_export_loads_5307_entities() -> None:
    parsed = ftm_jsonl.read(LISTS / "eu_fsf.ftm.json")
    entities = list(parsed.entities)
    assert parsed.dataset == "eu_fsf"
    assert parsed.version_source == "file-date"
    assert len(entities) == 5307
    assert Counter(e.schema for e in entities) == {"Person": 4103, "LegalEntity": 1204}
    saddam = entities[0]
    assert (saddam.id, saddam.source_id) == ("eu-fsf-13", "eu-fsf-13")
    assert saddam.birth_dates == ["1937-04-28"]
    assert [n.kind for n in saddam.names] == [NameKind.PRIMARY, NameKind.ALIAS, NameKind.ALIAS]


def test_bundled_1260h_export_loads_with_countries_and_notes() -> None:
    entities = list(ftm_jsonl.read(LISTS / "us_dod_1260h.ftm.json").entities)
    assert len(entities) == 80
    assert all(e.dataset == "us_dod_1260h" and e.schema == "Company" for e in entities)
    assert all(e.id.startswith("us-dod-1260h-") for e in entities)
    assert all([c.code for c in e.countries] == ["cn"] for e in entities)
    assert entities[0].notes == ["91 FR 35189 (June 10, 2026)"]


def test_sanction_records_become_listings_of_their_entity() -> None:
    parsed = ftm_jsonl.read(FIXTURES / "sample.ftm.json")
    entities = list(parsed.entities)
    assert [e.schema for e in entities] == ["Company", "Person", "Vessel", "Company"]
    assert parsed.meta["skipped"] == "0"
    assert entities[0].sanctions == [Sanction(program="RUS", measure="asset-freeze",
                                              authority="Council of the European Union")]
    assert all(not e.sanctions for e in entities[1:])


def test_ids_without_dataset_prefix_get_one() -> None:
    first = next(ftm_jsonl.read(FIXTURES / "sample.ftm.json").entities)
    assert first.id == "eu_fsf-NK-4Lz8gbSYqpAAAr6aTcdwCc"
    assert first.source_id == "NK-4Lz8gbSYqpAAAr6aTcdwCc"


def test_dataset_falls_back_to_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "us_dod_1260h.ftm.json"
    path.write_text('{"id": "x1", "schema": "Company", "properties": {"name": ["X"]}}\n')
    parsed = ftm_jsonl.read(path)
    assert parsed.dataset == "us_dod_1260h"
    assert next(parsed.entities).id == "us_dod_1260h-x1"


def test_sniff_accepts_ftm_exports_and_rejects_other_formats() -> None:
    for path in (LISTS / "eu_fsf.ftm.json", LISTS / "us_dod_1260h.ftm.json"):
        assert ftm_jsonl.sniff(path, read_head(path)), path
    for path in OTHER_FORMATS:
        assert not ftm_jsonl.sniff(path, read_head(path)), path


def test_truncated_line_is_named() -> None:
    with pytest.raises(SourceError, match="not a JSON object") as err:
        list(ftm_jsonl.read(FIXTURES / "truncated.ftm.json").entities)
    assert err.value.line == 2


def test_missing_id_names_line_and_field() -> None:
    with pytest.raises(SourceError) as err:
        list(ftm_jsonl.read(FIXTURES / "missing_id.ftm.json").entities)
    assert (err.value.line, err.value.field) == (2, "id")


def test_xml_given_as_ftm_is_refused() -> None:
    with pytest.raises(SourceError) as err:
        ftm_jsonl.read(Path("tests/fixtures/un_sc/un_sample.xml"))
    assert err.value.line == 1


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.ftm.json"
    path.write_bytes(b'{"id": "a", "schema": "Person", "properties": {"name": ["\xff"]}}\n')
    with pytest.raises(SourceError, match="UTF-8"):
        ftm_jsonl.read(path)
