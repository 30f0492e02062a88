"""A small, real store for the web tests: two versions of a list, a portfolio, keys, alerts.

The store is built through the library (``lists.load_path``, ``Monitor``), the same way a
deployment fills it, inside a temporary ``DUALWATCH_HOME``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI

from dualwatch import lists
from dualwatch.match import build_index
from dualwatch.monitor import Monitor, read_portfolio_file
from dualwatch.risk.alerts import assess_shipments
from dualwatch.risk.parties import ListContext
from dualwatch.store.sqlite import SQLiteStore

FIXTURES = Path("tests/fixtures/web")
SHIPMENT = {
    "id": "SHP-2024-0117", "date": "2024-03-14", "exporter": "Huaxin Electronic Technology",
    "exporter_country": "cn", "importer": "Tekhnoprom LLC", "importer_country": "ru",
    "origin_country": "cn", "transit_countries": "kz", "destination_country": "ru",
    "hs_code": "8542.31", "description": "Processors and controllers", "quantity": "1000",
    "unit": "pcs", "value": "4200", "currency": "USD",
}


@dataclass(frozen=True)
class WebSite:
    home: Path
    store_url: str
    analyst_key: str
    viewer_key: str


def build_site(home: Path) -> WebSite:
    path = home / "dualwatch.sqlite"
    store = SQLiteStore(path)
    try:
        (first,) = lists.load_path(store, FIXTURES / "v1" / "watchlist.ftm.json",
                                   version="2024-03-01")
        monitor = Monitor(store, build_index(store.current_entities()))
        monitor.import_counterparties("book",
                                      read_portfolio_file(FIXTURES / "portfolio.csv"))
        (loaded,) = lists.load_path(store, FIXTURES / "v2" / "watchlist.ftm.json",
                                    version="2024-04-15")
        Monitor(store, build_index(store.current_entities())).after_list_change(
            "test_watchlist", first.version.id, loaded.version.id)
        # A shipment assessed high becomes an alert of the "shipments" portfolio, through the
        # same call as `dualwatch shipments assess --portfolio shipments`.
        shipments = home / "shipments.csv"
        with shipments.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(SHIPMENT))
            writer.writeheader()
            writer.writerow(SHIPMENT)
        result, raised = assess_shipments(store, shipments, ListContext.from_store(store),
                                          portfolio="shipments", actor="importer")
        result.close()
        assert raised is not None and len(raised.new_alerts) == 1, raised
        analyst = store.create_api_key("alice", "analyst")
        viewer = store.create_api_key("victor", "viewer")
    finally:
        store.close()
    return WebSite(home, str(path), analyst, viewer)


def make_app(site: WebSite) -> FastAPI:
    """The served app: the API's factory with the web pages, as ``dualwatch serve`` runs it."""
    try:
        from dualwatch.api import create_app
    except ImportError:
        from dualwatch.web import mount_web

        bare = FastAPI()
        bare.state.store_url = site.store_url
        mount_web(bare)
        return bare
    app: FastAPI = create_app(store_url=site.store_url)
    return app


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSite]:
    home = tmp_path_factory.mktemp("web-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DUALWATCH_HOME", str(home))
        patch.delenv("DUALWATCH_DB", raising=False)
        patch.delenv("DUALWATCH_SECRET", raising=False)
        yield build_site(home)
