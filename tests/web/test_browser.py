"""The pages in a real browser: log in, review an alert, decide it, see it in the history,
screen an uploaded file — with screenshots of the main pages saved for people to look at.

Debian's Chromium is driven by Playwright (never a browser Playwright downloads itself); the app
runs under uvicorn on a free loopback port in a background thread.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import FIXTURES, WebSite, make_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("DUALWATCH_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path("benchmarks/results/screenshots")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(site: WebSite) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(make_app(site), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _page(browser: Browser, width: int = 1366, height: int = 800) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True, locale="en-GB")
    return context.new_page()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _login(page: Page, base_url: str, key: str) -> None:
    page.goto(f"{base_url}/web/alerts")
    assert "/web/login" in page.url
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/web/alerts$"))


def _no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def test_analyst_reviews_decides_and_sees_the_history(browser: Browser, base_url: str,
                                                      site: WebSite) -> None:
    page = _page(browser)
    _login(page, base_url, site.analyst_key)
    assert page.get_by_role("link", name="Open alert 1").is_visible()
    _no_horizontal_scroll(page)
    _shot(page, "alerts-queue")

    # Filter by portfolio, then walk the queue with the keyboard and open the first alert.
    page.get_by_label("Portfolio").select_option("book")
    page.wait_for_url(re.compile(r".*portfolio=book.*"))
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/web/alerts/\d+$"))
    assert page.get_by_role("heading", name="Names aligned").is_visible()
    assert page.get_by_role("heading", name="What fired").is_visible()

    # The long Cyrillic name's alert: the two names side by side without breaking the layout.
    page.goto(f"{base_url}/web/alerts?portfolio=book&sort=counterparty&order=desc")
    page.get_by_role("cell", name=re.compile("Общество с ограниченной")).first.click()
    page.wait_for_url(re.compile(r".*/web/alerts/\d+$"))
    _no_horizontal_scroll(page)

    # Decide the Tekhnoprom alert: a reason is required, then the decision is in the history.
    page.goto(f"{base_url}/web/alerts/1")
    assert page.get_by_role("link", name="publisher's page").first.is_visible()
    _shot(page, "alert-case")
    confirm = page.get_by_role("button", name=re.compile("Confirm match"))
    confirm.click()
    assert page.url.endswith("/web/alerts/1"), "an empty reason must not be sent"
    assert page.locator("#reason").evaluate("el => !el.validity.valid")
    page.get_by_label(re.compile("Reason")).fill(
        "Same INN 7701234567 as the listed OOO Tekhnoprom; same Moscow address.")
    confirm.click()
    page.wait_for_url(re.compile(r".*/web/alerts/1\?decided=1.*"))
    assert page.locator("#current-status").inner_text() == "Confirmed match"
    history = page.locator("#history")
    assert "alice" in history.inner_text()
    assert "Same INN 7701234567" in history.inner_text()
    _shot(page, "alert-decided")

    # The shipment alert shows its goods and red flags.
    page.goto(f"{base_url}/web/alerts?portfolio=shipments")
    page.get_by_role("link", name=re.compile("Open alert")).first.click()
    page.wait_for_url(re.compile(r".*/web/alerts/\d+$"))
    assert page.get_by_role("heading", name="Red flags").is_visible()
    main = page.inner_text("main")
    assert "chpl_goods" in main and "destination_russia" in main
    assert "decisive flag" in main and "SHP-2024-0117" in main
    _shot(page, "shipment-alert")
    # ... and it is decided like a screening hit.
    page.get_by_label(re.compile("Reason")).fill(
        "Tier 1 processors for a listed Moscow consignee via Kazakhstan; escalated to export "
        "control.")
    page.get_by_role("button", name=re.compile("Escalate")).click()
    page.wait_for_url(re.compile(r".*/web/alerts/\d+\?decided=1.*"))
    assert page.locator("#current-status").inner_text() == "Escalated"
    assert "escalated to export control" in page.locator("#history").inner_text()

    for name, path in (("entity", "/web/entities/test_watchlist-wl-3"), ("lists", "/web/lists"),
                       ("list-diff", "/web/lists/test_watchlist/diff"),
                       ("dashboard", "/web/dashboard")):
        page.goto(base_url + path)
        _no_horizontal_scroll(page)
        _shot(page, name)
    page.context.close()


def test_analyst_uploads_a_file_and_downloads_the_hits(browser: Browser, base_url: str,
                                                       site: WebSite, tmp_path: Path) -> None:
    page = _page(browser)
    _login(page, base_url, site.analyst_key)
    page.get_by_role("link", name="Screening").click()
    page.get_by_label(re.compile("or a file")).set_input_files(str(FIXTURES / "screen.csv"))
    page.get_by_role("button", name="Screen").click()
    results = page.locator("#results")
    results.wait_for()
    text = results.inner_text()
    assert "Results for screen.csv" in text
    assert "OOO Tekhnoprom" in text and "Ivan Petrovich Sidorov" in text
    assert re.search(r"Contoso Ltd\s+no hit", text)
    _shot(page, "screening")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / "hits.csv"
    info.value.save_as(str(saved))
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("query_id,query_name,score,entity_id")
    assert any("test_watchlist-wl-1" in line for line in lines[1:])
    page.context.close()


def test_viewer_sees_but_cannot_decide(browser: Browser, base_url: str, site: WebSite) -> None:
    page = _page(browser, width=1280, height=720)
    _login(page, base_url, site.viewer_key)
    page.goto(f"{base_url}/web/alerts/2")
    assert page.get_by_role("heading", name="Decision").is_visible()
    assert page.locator("#decision-form").count() == 0
    assert "only an analyst can decide" in page.inner_text("main")
    page.context.close()
