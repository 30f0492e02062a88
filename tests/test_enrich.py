"""`dualwatch lists enrich`: names from a user's reference file (GLEIF LEI-CDF, registry CSV)
linked to listed entities by identifier or exact listed name, with their source on every hit;
a broken or unknown file changes nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import dualwatch
from dualwatch import enrich as enrich_lib
from dualwatch import lists as lists_lib
from dualwatch.cli import main
from dualwatch.errors import SourceError
from dualwatch.index_cache import clear_memory
from dualwatch.store import Store
from dualwatch.store.enrichment import Enrichments
from tests.conftest import LISTS

FIXTURES = Path("tests/fixtures/enrich")
HIKVISION = "us_ofac_cons-30946"  # HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD., with its USCC
HIKVISION_ZH = "杭州海康威视数字技术股份有限公司"  # 海康威视 is "Hikvision" by no reading


@pytest.fixture()
def ofac_store(store: Store) -> Iterator[Store]:
    """The real OFAC consolidated list (442 entries) in a fresh store on each engine."""
    list(lists_lib.load_path(store, LISTS / "us_ofac_cons"))
    clear_memory()
    yield store
    clear_memory()


def _hit(store: Store, name: str) -> dualwatch.Hit | None:
    hits = dualwatch.screen([name], store=store)[0]
    return hits[0] if hits else None


def test_lei_record_links_chinese_legal_name_by_uscc_and_the_hit_cites_it(
        ofac_store: Store) -> None:
    before = _hit(ofac_store, HIKVISION_ZH)
    assert before is None or HIKVISION not in before.entity_ids
    result = enrich_lib.enrich(ofac_store, FIXTURES / "lei_records.xml")
    assert (result.records, result.linked, len(result.unlinked)) == (3, 2, 1)
    clear_memory()
    hit = _hit(ofac_store, HIKVISION_ZH)
    assert hit is not None and HIKVISION in hit.entity_ids
    added = {a.value for a in Enrichments(ofac_store.db).all()}  # type: ignore[attr-defined]
    assert HIKVISION_ZH in added and hit.matched_name == HIKVISION_ZH
    cited = [s for s in hit.sources if s.startswith("enrichment:")]
    assert cited and "LEI 300300C1XXXXXXXXXX41" in cited[0]
    assert "linked by USCC 91330000733796106P" in cited[0]
    assert not any("enrichment" in listing for listing in hit.listings)


def test_lei_links_by_lei_and_adds_only_what_the_list_lacks(ofac_store: Store) -> None:
    enrich_lib.enrich(ofac_store, FIXTURES / "lei_records.xml")
    added = Enrichments(ofac_store.db).all()  # type: ignore[attr-defined]
    vtb = [a for a in added if a.entity_id == "us_ofac_cons-17013"]
    assert {a.kind for a in vtb} == {"name"}  # OFAC lists VTB's OGRN already
    assert "БАНК ВТБ (ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО)" in {a.value for a in vtb}
    hikvision = {a.kind for a in added if a.entity_id == "us_ofac_cons-30946"}
    assert hikvision == {"name", "lei"}  # its LEI is new to the list
    assert all(a.link == "LEI 253400V1H6ART1UQ0N98" for a in vtb)


def test_registry_csv_links_by_identifier_or_exact_listed_name_only(
        ofac_store: Store, tmp_path: Path) -> None:
    extract = tmp_path / "registry.csv"
    extract.write_text("name,lang,uscc,other_names\n"
                       f"{HIKVISION_ZH},zh,91330000733796106P,\n"
                       "中国电信股份有限公司,zh,,CHINA TELECOM CORPORATION LIMITED\n"
                       "中国联通,zh,,China Unicom Ltd\n", encoding="utf-8")
    result = enrich_lib.enrich(ofac_store, extract)
    assert (result.linked, result.unlinked) == (2, ["registry.csv, line 4"])
    links = {a.link for a in Enrichments(ofac_store.db).all()}  # type: ignore[attr-defined]
    assert links == {"USCC 91330000733796106P",
                     "listed name 'CHINA TELECOM CORPORATION LIMITED'"}


@pytest.mark.parametrize("content", [
    b'<?xml version="1.0"?><lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/'
    b'2016"><lei:LEIRecords><lei:LEIRecord><lei:LEI>253400V1H6ART1UQ0N98</lei:LEI>',
    b"just some text\n",
])
def test_broken_or_unknown_file_is_an_error_and_changes_nothing(
        ofac_store: Store, tmp_path: Path, content: bytes) -> None:
    enrich_lib.enrich(ofac_store, FIXTURES / "lei_records.xml")
    before = Enrichments(ofac_store.db).all()  # type: ignore[attr-defined]
    bad = tmp_path / "lei_records.xml"  # the same name: a success would replace the additions
    bad.write_bytes(content)
    with pytest.raises(SourceError, match=r"lei_records\.xml"):
        enrich_lib.enrich(ofac_store, bad)
    assert Enrichments(ofac_store.db).all() == before  # type: ignore[attr-defined]


def test_cli_enrich_reports_and_fails_in_one_line(tmp_path: Path) -> None:
    env = {"DUALWATCH_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    runner = CliRunner()
    loaded = runner.invoke(main, ["lists", "load", str(LISTS / "us_ofac_cons")], env=env)
    assert loaded.exit_code == 0, loaded.output
    done = runner.invoke(main, ["lists", "enrich", str(FIXTURES / "lei_records.xml")], env=env)
    assert done.exit_code == 0, done.output
    assert "3 record(s), 2 linked" in done.output
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing here\n", encoding="utf-8")
    failed = runner.invoke(main, ["lists", "enrich", str(bad)], env=env)
    assert failed.exit_code != 0
    assert "not a reference file" in failed.output
    assert os.environ.get("DUALWATCH_HOME") != env["DUALWATCH_HOME"]
