"""The pages over HTTP, without a browser: who may see and do what, and what each page shows.

Each test reads the store through the library to know what the page must say, so a page that
invents or drops something fails.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from dualwatch.store.sqlite import SQLiteStore
from tests.web.conftest import FIXTURES, WebSite, make_app


@pytest.fixture(scope="module")
def anonymous(site: WebSite) -> Iterator[TestClient]:
    with TestClient(make_app(site)) as client:
        yield client


def _client(site: WebSite, key: str) -> TestClient:
    client = TestClient(make_app(site))
    response = client.post("/web/login", data={"api_key": key}, follow_redirects=False)
    assert response.status_code == 303
    return client


@pytest.fixture(scope="module")
def analyst(site: WebSite) -> Iterator[TestClient]:
    with _client(site, site.analyst_key) as client:
        yield client


@pytest.fixture(scope="module")
def viewer(site: WebSite) -> Iterator[TestClient]:
    with _client(site, site.viewer_key) as client:
        yield client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "every page of a logged-in user carries the form token"
    return found.group(1)


def _alert_id(site: WebSite, external_id: str) -> int:
    with SQLiteStore(site.store_url) as store:
        (alert,) = [a for a in store.alerts(portfolio="book") if a.external_id == external_id]
        return int(alert.id)


@pytest.mark.parametrize("path", ["/web/alerts", "/web/alerts/1", "/web/entities/x",
                                  "/web/lists", "/web/screening", "/web/dashboard"])
def test_no_page_without_login(anonymous: TestClient, path: str) -> None:
    response = anonymous.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert "/web/login?next=" in response.headers["location"]


def test_unknown_key_is_refused(anonymous: TestClient) -> None:
    response = anonymous.post("/web/login", data={"api_key": "dw_not_a_key"})
    assert response.status_code == 401
    assert "not known" in response.text
    assert anonymous.get("/web/alerts", follow_redirects=False).status_code == 303


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(site: WebSite) -> None:
    with TestClient(make_app(site)) as client:
        back = client.post("/web/login", data={"api_key": site.viewer_key,
                                               "next": "/web/lists"}, follow_redirects=False)
        assert back.headers["location"] == "/web/lists"
        away = client.post("/web/login", data={"api_key": site.viewer_key,
                                               "next": "//evil.example/"},
                           follow_redirects=False)
        assert away.headers["location"].endswith("/web/alerts")


def test_queue_filters_by_portfolio_list_status_and_score(analyst: TestClient,
                                                          site: WebSite) -> None:
    with SQLiteStore(site.store_url) as store:
        book = store.alerts(portfolio="book")
        shipments = store.alerts(portfolio="shipments")
    page = analyst.get("/web/alerts", params={"portfolio": "book"}).text
    for alert in book:
        assert f'aria-label="Open alert {alert.id}"' in page
    for alert in shipments:
        assert f'aria-label="Open alert {alert.id}"' not in page
    assert "Open alert" not in analyst.get("/web/alerts",
                                           params={"status": "escalated"}).text
    assert "Open alert" not in analyst.get("/web/alerts", params={"dataset": "un_sc"}).text
    high = analyst.get("/web/alerts", params={"min_score": "0.999"}).text
    assert high.count('aria-label="Open alert') == sum(1 for a in book + shipments
                                                       if a.score >= 0.999)


def test_queue_sorts_by_counterparty(analyst: TestClient) -> None:
    page = analyst.get("/web/alerts", params={"portfolio": "book", "sort": "counterparty",
                                              "order": "asc"}).text
    names = re.findall(r'<td class="name">([^<]+?) <span class="muted">cp-', page)
    assert names == sorted(names, key=str.casefold)


def test_case_page_shows_both_parties_alignment_features_and_entries(
        analyst: TestClient, site: WebSite) -> None:
    alert_id = _alert_id(site, "cp-1")
    page = analyst.get(f"/web/alerts/{alert_id}").text
    assert "Tekhnoprom LLC" in page and "OOO Tekhnoprom" in page
    assert re.search(r"<td>tekhnoprom</td><td [^>]*>=</td><td>tekhnoprom</td>", page)
    assert "cover_min" in page and "rarity of the matched words" in page
    assert 'href="https://sanctionssearch.ofac.treas.gov/Details.aspx?id=50001"' in page
    assert "INN 7701234567" in page
    assert "What the listings mean" in page
    assert re.search(r"<li>test_watchlist [^<]*— listed", page)  # list, programme, measure


def test_case_page_shows_a_shipments_goods_and_flags(analyst: TestClient,
                                                     site: WebSite) -> None:
    with SQLiteStore(site.store_url) as store:
        (alert,) = store.alerts(portfolio="shipments")
    page = analyst.get(f"/web/alerts/{alert.id}").text
    assert "SHP-2024-0117" in page and "8542.31" in page
    assert "chpl_goods" in page and "FIN-2023-NTC2 (CHPL)" in page


def test_alert_on_a_removed_entry_says_so(analyst: TestClient, site: WebSite) -> None:
    page = analyst.get(f"/web/alerts/{_alert_id(site, 'cp-7')}").text
    assert "removed from the list" in page
    assert "list entry removed: test_watchlist-wl-2" in page


def test_viewer_sees_the_case_but_cannot_decide(viewer: TestClient, site: WebSite) -> None:
    alert_id = _alert_id(site, "cp-4")
    page = viewer.get(f"/web/alerts/{alert_id}").text
    assert 'id="decision-form"' not in page
    response = viewer.post(f"/web/alerts/{alert_id}/decision",
                           data={"status": "confirmed", "reason": "looks right",
                                 "csrf": _csrf(page)})
    assert response.status_code == 403
    with SQLiteStore(site.store_url) as store:
        assert store.alert(alert_id).status == "open"


def test_decision_needs_a_reason_and_the_form_token(analyst: TestClient,
                                                    site: WebSite) -> None:
    alert_id = _alert_id(site, "cp-4")
    page = analyst.get(f"/web/alerts/{alert_id}").text
    forged = analyst.post(f"/web/alerts/{alert_id}/decision",
                          data={"status": "escalated", "reason": "x y z", "csrf": "forged"})
    assert forged.status_code == 403
    blank = analyst.post(f"/web/alerts/{alert_id}/decision",
                         data={"status": "escalated", "reason": "  ", "csrf": _csrf(page)})
    assert blank.status_code == 400 and "a decision needs a reason" in blank.text
    with SQLiteStore(site.store_url) as store:
        assert store.alert(alert_id).status == "open"
        assert not store.audit_records(subject=f"alert:{alert_id}")


def test_decision_is_recorded_and_shown_in_the_case_history(analyst: TestClient,
                                                            site: WebSite) -> None:
    alert_id = _alert_id(site, "cp-4")
    page = analyst.get(f"/web/alerts/{alert_id}").text
    reason = "Northwind JSC: same name, Russian radio-electronics maker — escalated to MLRO"
    response = analyst.post(f"/web/alerts/{alert_id}/decision",
                            data={"status": "escalated", "reason": reason,
                                  "csrf": _csrf(page)})
    assert response.status_code == 200  # after the redirect to the case page
    assert "Decision recorded." in response.text
    with SQLiteStore(site.store_url) as store:
        alert = store.alert(alert_id)
        (record,) = store.audit_records(subject=f"alert:{alert_id}")
    assert alert.status == "escalated"
    assert alert.decisions[-1] == {**alert.decisions[-1], "reviewer": "alice", "reason": reason}
    assert record.payload["to"] == "escalated"
    assert reason in response.text
    # From escalated the workflow offers other moves; a move it does not allow is refused.
    again = analyst.post(f"/web/alerts/{alert_id}/decision",
                         data={"status": "open", "reason": "reopen", "csrf": _csrf(page)})
    assert again.status_code == 400 and "can move to" in again.text


def test_entity_page_shows_names_by_script_and_version_changes(analyst: TestClient) -> None:
    page = analyst.get("/web/entities/test_watchlist-wl-1").text
    assert "ООО «Технопром»" in page and "Tekhnoprom Trading House" in page
    assert "Cyrillic" in page and "Latin" in page
    assert "RUSSIA-EO14024" in page and "ul. Lenina 5, Moscow" in page
    assert re.search(r"changed</span>: names", page)
    assert "first seen" in page


def test_entity_removed_from_the_list_is_still_shown(analyst: TestClient) -> None:
    page = analyst.get("/web/entities/test_watchlist-wl-2").text
    assert "Globex Trading LLC" in page
    assert "no longer on the current list" in page and ">removed<" in page


def test_unknown_entity_and_alert_are_404(analyst: TestClient) -> None:
    assert analyst.get("/web/entities/nope-1").status_code == 404
    assert analyst.get("/web/alerts/99999").status_code == 404


def test_lists_page_and_diff(analyst: TestClient) -> None:
    page = analyst.get("/web/lists").text
    assert "test_watchlist" in page and "2024-04-15" in page and "2024-03-01" in page
    diff = analyst.get("/web/lists/test_watchlist/diff").text
    assert "1 added · 1 removed · 1 changed" in diff
    assert "Northwind Radioelectronics JSC" in diff and "Globex Trading LLC" in diff


def test_screening_pasted_names_and_downloads(analyst: TestClient) -> None:
    page = analyst.get("/web/screening").text
    response = analyst.post("/web/screening", data={
        "names": "ООО Технопром\nContoso Ltd\n", "threshold": "0.7", "csrf": _csrf(page)})
    assert response.status_code == 200
    assert "2 names screened · 1 with hits · 1 hits" in response.text
    csv_link = re.search(r'href="[^"]*(/web/screening/[^"]+/hits\.csv)"', response.text)
    xlsx_link = re.search(r'href="[^"]*(/web/screening/[^"]+/hits\.xlsx)"', response.text)
    assert csv_link and xlsx_link
    csv_text = analyst.get(csv_link.group(1)).text
    assert csv_text.splitlines()[1].split(",")[1] == "ООО Технопром"
    sheet = load_workbook(io.BytesIO(analyst.get(xlsx_link.group(1)).content)).active
    assert sheet is not None and sheet["D2"].value == "test_watchlist-wl-1"


def test_screening_upload_error_names_the_file(analyst: TestClient) -> None:
    page = analyst.get("/web/screening").text
    response = analyst.post("/web/screening", data={"csrf": _csrf(page)},
                            files={"file": ("book.csv", b"id,company\n1,Acme\n", "text/csv")})
    assert response.status_code == 400
    assert "book.csv, line 1, field &#39;name&#39;: missing required column" in response.text


def test_screening_results_belong_to_their_user(analyst: TestClient, viewer: TestClient,
                                                site: WebSite) -> None:
    page = analyst.get("/web/screening").text
    response = analyst.post("/web/screening", data={"csrf": _csrf(page)},
                            files={"file": ("screen.csv", (FIXTURES / "screen.csv").read_bytes(),
                                            "text/csv")})
    link = re.search(r'href="[^"]*(/web/screening/[^"]+/hits\.csv)"', response.text)
    assert link and analyst.get(link.group(1)).status_code == 200
    assert viewer.get(link.group(1)).status_code == 404


def test_dashboard_draws_its_charts(analyst: TestClient) -> None:
    page = analyst.get("/web/dashboard").text
    assert page.count("<svg") >= 4
    assert "Alerts raised per day" in page and "Decisions by outcome" in page
    assert "CN → RU" in page  # the shipment alert's route


def test_the_served_app_has_the_pages(site: WebSite) -> None:
    api = pytest.importorskip("dualwatch.api")
    with TestClient(api.create_app(store_url=site.store_url)) as client:
        root = client.get("/", follow_redirects=False)
        assert root.status_code == 303 and root.headers["location"] == "/web/"
        login = client.get("/web/login")
        assert login.status_code == 200 and 'name="api_key"' in login.text
        assert client.get("/healthz").status_code == 200


def test_revoking_a_key_ends_its_sessions(site: WebSite) -> None:
    with SQLiteStore(site.store_url) as store:
        key = store.create_api_key("rita", "viewer")
    with _client(site, key) as client:
        assert client.get("/web/lists", follow_redirects=False).status_code == 200

        with SQLiteStore(site.store_url) as store:
            assert store.revoke_api_keys("rita", "test") == 1
        assert client.get("/web/lists", follow_redirects=False).status_code == 303


def test_queue_shows_each_list_once_and_why_raised(analyst: TestClient, site: WebSite) -> None:
    with SQLiteStore(site.store_url) as store:
        (book_alert, *_) = store.alerts(portfolio="book")
        store.save_alert("merged", "cp-m", book_alert.entity_id, "open", 0.5,
                         {**book_alert.hit, "sources": "us_ofac_sdn:17018;us_ofac_cons:17018;"
                                                       "us_ofac_sdn:17019"},
                         book_alert.counterparty_hash, book_alert.entry_hashes,
                         "list change: us_ofac_sdn 2024-04-15")
    page = analyst.get("/web/alerts", params={"portfolio": "merged"}).text
    row = page[page.index('aria-label="Open alert'):]
    assert row.count('<span class="tag">us_ofac_sdn</span>') == 1
    assert row.count('<span class="tag">us_ofac_cons</span>') == 1
    assert "Why raised" in page and "list change: us_ofac_sdn 2024-04-15" in row
    book = analyst.get("/web/alerts", params={"portfolio": "book"}).text
    assert book_alert.raised_because in book
