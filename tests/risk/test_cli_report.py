"""End to end: `dualwatch shipments synth` and `assess` on a real store, and the HTML report
opened in headless Chromium with its charts drawn."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch import lists as list_ops
from dualwatch.cli import main
from dualwatch.store.sqlite import SQLiteStore

CSL = Path("../shared/data/lists/us_trade_csl")
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path("benchmarks/results/screenshots/shipments_report.png")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not CSL.exists():
        pytest.skip(f"bundled lists not found at {CSL}")
    home = tmp_path_factory.mktemp("home")
    store = SQLiteStore(home / "dualwatch.sqlite")
    try:
        list(list_ops.load_path(store, CSL))
    finally:
        store.close()
    folder = tmp_path_factory.mktemp("cli")
    runner = CliRunner(env={"DUALWATCH_HOME": str(home)})
    shipments, ranked, report = folder / "s.csv", folder / "ranked.csv", folder / "report.html"
    made = runner.invoke(main, ["shipments", "synth", str(shipments), "--rows", "2000",
                                "--seed", "11", "--planted", "0.05"])
    assert made.exit_code == 0, made.output
    done = runner.invoke(main, ["shipments", "assess", str(shipments), "-o", str(ranked),
                                "--report", str(report), "--top", "30"])
    assert done.exit_code == 0, done.output
    return {"shipments": shipments, "ranked": ranked, "report": report,
            "labels": folder / "s.labels.csv", "home": home}


def test_assess_writes_ranked_rows_with_flags_and_evidence(run: dict[str, Path]) -> None:
    with run["ranked"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2000
    assert [int(r["rank"]) for r in rows[:5]] == [1, 2, 3, 4, 5]
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0]["level"] == "high" and rows[0]["flags"] and rows[0]["evidence"]


def test_missing_input_is_one_clear_line(run: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner(env={"DUALWATCH_HOME": str(run["home"])})
    result = runner.invoke(main, ["shipments", "assess", str(tmp_path / "nope.csv"), "-o",
                                  str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "nope.csv" in result.output and "Traceback" not in result.output


def test_report_is_self_contained(run: dict[str, Path]) -> None:
    html = run["report"].read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "Top-risk shipments" in html and "Parties behind high scores" in html


def test_report_charts_render_in_chromium(run: dict[str, Path]) -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            page.goto(run["report"].resolve().as_uri())
            charts = page.locator("svg.chart")
            assert charts.count() >= 4
            for i in range(charts.count()):
                box = charts.nth(i).bounding_box()
                assert box is not None and box["width"] > 200 and box["height"] > 100
                assert charts.nth(i).locator("rect, path").count() >= 3
            titles = [charts.nth(i).locator("title").first.text_content()
                      for i in range(charts.count())]
            assert any("by tier" in (t or "") for t in titles)
            assert any("by month" in (t or "") for t in titles)
            assert any("routes" in (t or "") for t in titles)
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 10_000


def test_flags_command_lists_the_table() -> None:
    result = CliRunner().invoke(main, ["shipments", "flags"])
    assert result.exit_code == 0
    assert "listed_party" in result.output and "FIN-2023" in result.output

