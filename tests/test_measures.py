"""Every hit names what its listings mean: measures from Sanction records or from the table."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch import measures, screening
from dualwatch.cli import main
from dualwatch.model import Entity, Sanction
from dualwatch.store import open_store
from tests.conftest import LISTS_EXTRA


def test_eu_programme_is_cited_by_annex_and_act() -> None:
    assert measures.program_label("EU-RUS 32014R0833 Annex IV") == "Annex IV of Reg. 833/2014"
    assert measures.program_label("RUSSIA-EO14024") == "RUSSIA-EO14024"
    annex_iv = Sanction("EU-RUS 32014R0833 Annex IV", "export-control", start_date="2024-02-23")
    assert measures.describe("eu_journal_sanctions", annex_iv) == (
        "EU Annex IV of Reg. 833/2014 — export restrictions on dual-use goods and technology, "
        "listed 2024-02-23")


def test_lists_without_records_take_the_measure_of_their_programme() -> None:
    sdn = Entity("us_ofac_sdn-1", "Company", "us_ofac_sdn", "1", programs=["RUSSIA-EO14024"],
                 listed_on="2022-04-06")
    [listing] = measures.listings(sdn)
    assert listing.measure == "asset-freeze"
    assert measures.describe("us_ofac_sdn", listing) == (
        "OFAC SDN RUSSIA-EO14024 — blocking, listed 2022-04-06")
    entity_list = Entity("us_trade_csl-9", "Company", "us_trade_csl", "9",
                         sublist="Entity List (EL) - Bureau of Industry and Security")
    assert [s.measure for s in measures.listings(entity_list)] == ["export-control"]
    cmic = Entity("us_ofac_cons-2", "Company", "us_ofac_cons", "2", programs=["CMIC-EO13959"])
    assert [s.measure for s in measures.listings(cmic)] == ["investment"]


def test_unknown_measure_in_a_filter_is_refused_with_the_known_ones() -> None:
    with pytest.raises(Exception, match="export-control"):
        screening.measure_filter("export-controls")
    assert screening.measure_filter("export-control") == frozenset({"export-control"})


@pytest.fixture(scope="module")
def extra_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store with the EU Official Journal annexes and the UK list loaded."""
    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("DUALWATCH_HOME")
    os.environ["DUALWATCH_HOME"] = str(home)
    result = CliRunner().invoke(main, ["lists", "load",
                                       str(LISTS_EXTRA / "ftm" / "eu_journal_sanctions.ftm.json"),
                                       str(LISTS_EXTRA / "gb_hmt_sanctions")])
    assert result.exit_code == 0, result.output
    yield home
    if old is None:
        os.environ.pop("DUALWATCH_HOME", None)
    else:
        os.environ["DUALWATCH_HOME"] = old


def test_annex_iv_supplier_and_uk_firm_by_chinese_name(extra_home: Path) -> None:
    with open_store() as store:
        ausay, autel = screening.screen(
            ["Guangzhou Ausay Technology Co Limited", "道通机器人有限公司"], store=store)
    assert ausay[0].sources == ("eu_journal_sanctions:eu-oj-655473695c4d",)
    assert ausay[0].measures == ("export-control",)
    assert ausay[0].listings == ("EU Annex IV of Reg. 833/2014 — export restrictions on "
                                 "dual-use goods and technology, listed 2024-02-23",)
    assert autel[0].entity_name == "AUTEL ROBOTICS CO., LTD."
    assert "gb_hmt_sanctions:16643" in autel[0].sources
    assert "UK OFSI Russia — asset freeze, listed 2024-11-07" in autel[0].listings


def test_measures_filter_keeps_only_export_restrictions(extra_home: Path,
                                                       tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,name\n1,Guangzhou Ausay Technology Co Limited\n"
                      "2,AUTEL ROBOTICS CO LTD\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    result = CliRunner().invoke(main, ["screen", str(source), "-o", str(out),
                                       "--measures", "export-control"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["query_id"] for r in rows if r["entity_id"]} == {"1"}
    assert all("export-control" in r["measures"].split(";") for r in rows if r["entity_id"])
    assert [r["entity_id"] for r in rows if r["query_id"] == "2"] == [""]
