"""`dualwatch news analyze` through the real command line, with a store and a portfolio."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dualwatch.cli import main

ARTICLES = Path("tests/fixtures/news/articles")
SHARED_NEWS = Path("../shared/news")
DOD_LIST = Path("../shared/data/lists/ftm/us_dod_1260h.ftm.json")


def test_analyze_without_screening_writes_json_and_report(tmp_path: Path,
                                                          dualwatch_home: Path) -> None:
    out, report = tmp_path / "news.json", tmp_path / "news.html"
    result = CliRunner().invoke(main, ["news", "analyze", str(SHARED_NEWS), "--no-screen",
                                       "-o", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) == 5 and len(data["events"]) == 2
    assert data["articles"][0]["article"]["id"] == "000_e2bcb7ccc95d32e3"
    assert "Adverse media analysis" in report.read_text("utf-8")
    assert "5 articles, 2 events" in result.output


def test_analyze_screens_names_against_lists_and_a_portfolio_file(
        tmp_path: Path, dualwatch_home: Path) -> None:
    runner = CliRunner()
    loaded = runner.invoke(main, ["lists", "load", str(DOD_LIST)])
    assert loaded.exit_code == 0, loaded.output
    article = tmp_path / "drones.txt"
    article.write_text(
        "Drone maker faces new scrutiny\n\n"
        "Autel Robotics Co., Ltd. and Aerospace CH UAV Co., Ltd. sold drones that reached "
        "Russian units in Ukraine, investigators said on Tuesday. Their distributor, "
        "Nordlicht Handels GmbH, declined to comment.\n", encoding="utf-8")
    portfolio = tmp_path / "counterparties.csv"
    portfolio.write_text("id,name,schema\nC1,Nordlicht Handels GmbH,Company\n"
                         "C2,Acme Tools Ltd,Company\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = runner.invoke(main, ["news", "analyze", str(article), "--portfolio", str(portfolio),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    hits = data["articles"][0]["hits"]
    on_lists = {h["entity_name"] for h in hits if h["against"] == "lists"}
    assert {"Autel Robotics Co., Ltd.", "Aerospace CH UAV Co., Ltd."} <= on_lists
    in_book = [h for h in hits if h["against"] == "portfolio"]
    assert [h["entity_id"] for h in in_book] == ["portfolio-C1"]
    assert all(h["explanation"] for h in hits)
    assert data["lists_checked"] == ["us_dod_1260h"]


def test_missing_portfolio_is_one_clear_error(tmp_path: Path, dualwatch_home: Path) -> None:
    result = CliRunner().invoke(main, ["news", "analyze", str(ARTICLES), "--no-screen",
                                       "--portfolio", "nosuchbook", "-o",
                                       str(tmp_path / "o.json")])
    assert result.exit_code == 2
    assert "nosuchbook" in result.output and "portfolio" in result.output


def test_portfolio_of_the_store_by_name(tmp_path: Path, dualwatch_home: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["lists", "load", str(DOD_LIST)]).exit_code == 0
    book = tmp_path / "book.csv"
    book.write_text("id,name,schema\nK7,Nordlicht Handels GmbH,Company\n", encoding="utf-8")
    imported = runner.invoke(main, ["portfolio", "import", "eu-desk", str(book)])
    assert imported.exit_code == 0, imported.output
    article = tmp_path / "a.md"
    article.write_text("# Distributor named\n\nNordlicht Handels GmbH shipped drones to Russia, "
                       "officials said.\n", encoding="utf-8")
    out = tmp_path / "o.json"
    result = runner.invoke(main, ["news", "analyze", str(article), "--portfolio", "eu-desk",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["portfolio"] == "eu-desk"
    assert [h["entity_id"] for h in data["articles"][0]["hits"]
            if h["against"] == "portfolio"] == ["portfolio-K7"]
