"""Portfolios: counterparties kept under monitoring, imported and re-screened by analysts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam
from fastapi import Query as QueryParam

from dualwatch.api.convert import counterparty_queries
from dualwatch.api.deps import Analyst, State, Store, Viewer
from dualwatch.api.limits import MAX_COUNTERPARTIES, MAX_OFFSET, MAX_PAGE, check_count
from dualwatch.api.models import CounterpartyOut, MonitorReportOut, PortfolioImport, PortfolioOut
from dualwatch.api.routes.common import errors
from dualwatch.monitor import Monitor, MonitorReport
from dualwatch.store.sql import SQLStore

router = APIRouter(prefix="/portfolios", tags=["Portfolios"])

PortfolioName = Annotated[str, PathParam(min_length=1, max_length=100,
                                         pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                                         examples=["book"])]


def _report(report: MonitorReport) -> MonitorReportOut:
    return MonitorReportOut.model_validate({**asdict(report), "seconds": round(report.seconds,
                                                                               3)})


def _known(store: SQLStore, name: str) -> None:
    if name not in {p for p, _ in store.portfolios()}:
        raise HTTPException(404, f"no portfolio {name!r}")


@router.get("", summary="Portfolios and their sizes", response_model=list[PortfolioOut],
            responses=errors())
def portfolios(key: Viewer, store: Store) -> list[PortfolioOut]:
    return [PortfolioOut(name=n, counterparties=c) for n, c in store.portfolios()]


@router.post("/{name}/counterparties", summary="Import counterparties into a portfolio",
             response_model=MonitorReportOut, responses=errors(400, 409, 413))
def import_counterparties(name: PortfolioName, body: PortfolioImport, key: Analyst,
                          store: Store, state: State) -> MonitorReportOut:
    """Add or update counterparties (up to 5,000 per request, each with a stable `id`); those
    new or changed are screened at once and their hits become alerts. Importing the same data
    again screens nothing. The import is audited under the key's owner."""
    check_count("counterparties", len(body.counterparties), MAX_COUNTERPARTIES)
    queries = counterparty_queries(body.counterparties, "counterparties", require_ids=True)
    monitor = Monitor(store, state.indexes.get(store), actor=key.owner)
    return _report(monitor.import_counterparties(name, queries))


@router.get("/{name}/counterparties", summary="The counterparties of a portfolio",
            response_model=list[CounterpartyOut], responses=errors(404))
def counterparties(
    name: PortfolioName, key: Viewer, store: Store,
    limit: Annotated[int, QueryParam(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, QueryParam(ge=0, le=MAX_OFFSET)] = 0,
) -> list[CounterpartyOut]:
    _known(store, name)
    rows = store.counterparties(name)[offset:offset + limit]
    return [CounterpartyOut(id=i, data=d, hash=h) for i, d, h in rows]


@router.post("/{name}/screen", summary="Re-screen a whole portfolio",
             response_model=MonitorReportOut, responses=errors(404, 409))
def screen_portfolio(name: PortfolioName, key: Analyst, store: Store,
                     state: State) -> MonitorReportOut:
    """Screen every counterparty of the portfolio against the current lists. New hits become
    alerts; cleared false positives stay cleared unless the counterparty or a list entry
    behind the hit changed."""
    _known(store, name)
    monitor = Monitor(store, state.indexes.get(store), actor=key.owner)
    return _report(monitor.screen(name, reason=f"screening requested by {key.owner}"))
