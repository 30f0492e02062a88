"""Dashboards: alerts over time, decisions by outcome, CHPL shipment flows — counted, then drawn.

The counts come straight from the store (alerts, and the decision records of the audit log);
shipment flows come from alerts whose hit carries a shipment (risk screening), grouped by the
country the goods leave and the country they go to.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from dualwatch.store.monitoring import STATUSES
from dualwatch.web import charts, present
from dualwatch.web.context import using_store
from dualwatch.web.render import STATUS_LABELS, page
from dualwatch.web.session import WebUser, login_required

router = APIRouter()
User = Annotated[WebUser, Depends(login_required)]
STATUS_COLORS = {"Open": "#2a6f97", "Under review": "#bc8a00", "Confirmed match": "#c8553d",
                 "False positive": "#588157", "Escalated": "#8c5e9c"}
FROM_KEYS = ("origin_country", "departure_country", "exporter_country")
TO_KEYS = ("destination_country", "end_user_country", "importer_country")


def _first(data: dict[str, object], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = data.get(key)
        if value:
            return str(value).upper()
    return "?"


@router.get("/dashboard", name="web_dashboard")
def dashboard(request: Request, user: User, portfolio: str = "") -> Response:
    with using_store(request) as store:
        alerts = store.alerts(portfolio=portfolio or None, limit=1_000_000)
        portfolios = [name for name, _ in store.portfolios()]
        decisions = [r for r in store.audit_records(limit=1_000_000)
                     if r.action == "decision"
                     and (not portfolio or r.payload.get("portfolio") == portfolio)]
    per_day = Counter(a.created_at[:10] for a in alerts)
    outcomes = Counter(STATUS_LABELS.get(str(r.payload.get("to")), str(r.payload.get("to")))
                       for r in decisions)
    status_now = Counter(STATUS_LABELS.get(a.status, a.status) for a in alerts)
    flows: Counter[str] = Counter()
    for alert in alerts:
        shipment = present.shipment_of(alert.hit)
        if shipment is not None:
            flows[f"{_first(shipment, FROM_KEYS)} → {_first(shipment, TO_KEYS)}"] += 1
    figures = [
        charts.columns("Alerts raised per day", sorted(per_day.items()), "alerts"),
        charts.bars("Decisions by outcome", outcomes.most_common(), "decisions",
                    STATUS_COLORS),
        charts.bars("Alerts by status now",
                    [(STATUS_LABELS[s], status_now[STATUS_LABELS[s]]) for s in STATUSES
                     if status_now[STATUS_LABELS[s]]], "alerts", STATUS_COLORS),
        charts.bars("CHPL shipment flows (alerts by route)", flows.most_common(15), "alerts")
        if flows else charts.empty("CHPL shipment flows",
                                   "No alert in the store comes from a shipment yet: shipment "
                                   "screening results appear here once they raise alerts."),
    ]
    return page(request, "dashboard.html", user, section="dashboard", figures=figures,
                portfolios=portfolios, portfolio=portfolio, total=len(alerts),
                decided=len(decisions))
