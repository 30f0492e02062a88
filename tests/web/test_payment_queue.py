"""The payments queue on the alert pages: a held message, its decision and every hit's field."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from dualwatch.risk import payments
from dualwatch.risk.payment_lists import PaymentLists
from dualwatch.sources.messages import read_text
from dualwatch.store.sqlite import SQLiteStore
from tests.web.conftest import WebSite, make_app

MT103 = ("{1:F01COBADEFFAXXX0000000000}{2:I103BKCHCNBJXXXXN}{4:\n:20:WEB-PAY-1\n"
         ":32A:240410EUR5000,00\n:50K:/DE44500105175407324931\nNORDWERK MASCHINENBAU AG\n"
         "BREMEN, GERMANY\n:59:/40702810400000012345\nOOO TEKHNOPROM\nMOSCOW, RUSSIA\n"
         ":70:INVOICE 12\n-}")


@pytest.fixture(scope="module")
def analyst(site: WebSite) -> Iterator[TestClient]:
    with SQLiteStore(site.store_url) as store:
        lists = PaymentLists.from_entities(store.current_entities())
        (decision,) = payments.screen(read_text(MT103, "web.txt"), lists, store, "alice")
        assert decision.decision == "hold"
    client = TestClient(make_app(site))
    client.post("/web/login", data={"api_key": site.analyst_key}, follow_redirects=False)
    with client:
        yield client


def test_payments_queue_lists_only_payment_alerts(analyst: TestClient, site: WebSite) -> None:
    with SQLiteStore(site.store_url) as store:
        (alert,) = store.alerts(portfolio="payments")
        others = store.alerts(portfolio="book")
    page = analyst.get("/web/alerts", params={"portfolio": "payments"}).text
    assert "Payments queue" in page
    assert f'aria-label="Open alert {alert.id}"' in page
    assert all(f'aria-label="Open alert {a.id}"' not in page for a in others)
    assert "MT103 WEB-PAY-1" in page


def test_case_page_shows_the_decision_and_each_hit_with_its_field(
        analyst: TestClient, site: WebSite) -> None:
    with SQLiteStore(site.store_url) as store:
        (alert,) = store.alerts(portfolio="payments")
    page = analyst.get(f"/web/alerts/{alert.id}").text
    assert "Payment message" in page and "hold" in page
    assert re.search(r"<code>59</code></td><td>beneficiary customer name &#39;OOO TEKHNOPROM"
                     r"&#39; = test_watchlist:wl-1", page)
    assert "sanctioned destination" in page
