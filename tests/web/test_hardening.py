"""Web sessions end at logout, failed logins are audited, list data cannot plant a script link,
and screening results are not kept past their retention."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient

from dualwatch.store.sqlite import SQLiteStore
from dualwatch.web import screening
from dualwatch.web.render import templates
from dualwatch.web.session import COOKIE
from tests.web.conftest import WebSite, make_app


def _login(site: WebSite) -> TestClient:
    client = TestClient(make_app(site))
    assert client.post("/web/login", data={"api_key": site.analyst_key},
                       follow_redirects=False).status_code == 303
    return client


def test_a_copied_cookie_dies_at_logout(site: WebSite) -> None:
    client = _login(site)
    page = client.get("/web/alerts")
    assert page.status_code == 200
    copied = client.cookies[COOKIE]
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    assert client.post("/web/logout", data={"csrf": token},
                       follow_redirects=False).status_code == 303
    thief = TestClient(make_app(site), cookies={COOKIE: copied})
    response = thief.get("/web/alerts", follow_redirects=False)
    assert response.status_code == 303 and "/web/login" in response.headers["location"]


def test_a_failed_login_is_audited(site: WebSite) -> None:
    client = TestClient(make_app(site))
    assert client.post("/web/login", data={"api_key": "dw_wrong"}).status_code == 401
    with SQLiteStore(Path(site.store_url)) as store:
        actions = [r.action for r in store.audit_records(limit=100_000)]
    assert "auth_failure" in actions and "web_login" in actions


def test_only_http_links_come_from_list_data() -> None:
    link = templates.env.filters["web_link"]
    assert link("https://sanctionssearch.ofac.treas.gov/Details.aspx?id=1") == \
        "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=1"
    for hostile in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x",
                    "vbscript:x", "//evil.example", "http:alert"):
        assert link(hostile) == "", hostile


def test_screening_results_are_purged_after_their_retention(site: WebSite) -> None:
    client = _login(site)
    page = client.get("/web/screening").text
    token = page.split('name="csrf" value="')[1].split('"')[0]
    done = client.post("/web/screening", data={"csrf": token, "names": "Tekhnoprom LLC"})
    assert done.status_code == 200
    kept = list((site.home / "web" / "screening").glob("*/*"))
    assert kept
    old = time.time() - screening.RESULTS_KEPT_S - 60
    for folder in kept:
        os.utime(folder, (old, old))
    assert screening.purge_old_results() == len(kept)
    assert not list((site.home / "web" / "screening").glob("*/*"))
