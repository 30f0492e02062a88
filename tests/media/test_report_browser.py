"""The HTML report in a real browser: it renders, and what a person needs is visible.

Debian's Chromium is driven by Playwright (never a browser Playwright downloads itself); a
screenshot is saved to benchmarks/results/screenshots/news_report.png for people to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dualwatch.media import Analysis, render_report

CHROMIUM = Path(os.environ.get("DUALWATCH_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path("benchmarks/results/screenshots")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


def test_report_is_self_contained(own_analysis: Analysis) -> None:
    html = render_report(own_analysis)
    assert "<script" not in html and "http://" not in html.replace("https://", "")
    assert "<link" not in html and "@import" not in html


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
def test_report_renders_in_headless_chromium(shared_analysis: Analysis,
                                             own_analysis: Analysis, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    merged = Analysis(articles=shared_analysis.articles + own_analysis.articles,
                      events=shared_analysis.events + own_analysis.events,
                      lists_checked=own_analysis.lists_checked)
    page_path = tmp_path / "report.html"
    page_path.write_text(render_report(merged), encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_path.resolve().as_uri())
            assert page.title() == "dualwatch news analysis"
            header = page.locator("header h1")
            assert header.is_visible() and header.inner_text() == "Adverse media analysis"
            events = page.locator("section.event")
            assert events.count() == len(merged.events)
            first = events.first
            assert first.is_visible()
            assert "Reported by all" in first.inner_text()
            assert "Quotes that differ between outlets" in first.inner_text()
            assert page.get_by_text("Antony Blinken", exact=False).first.is_visible()
            hits = page.locator("#hits + section.card td.hit")
            assert hits.count() > 0 and hits.first.is_visible()
            assert page.locator("section.article").count() == len(merged.articles)
            assert page.get_by_text("ПАО «Мостотрест»").first.is_visible()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "news_report.png"), full_page=False)
        finally:
            browser.close()
