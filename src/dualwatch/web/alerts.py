"""The review queue and the case page: filter, read the evidence, decide with a reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from dualwatch.errors import ConflictError, DualwatchError, NotFoundError
from dualwatch.risk.payment_alerts import QUEUE as PAYMENTS_QUEUE
from dualwatch.store.monitoring import STATUSES, TRANSITIONS, Alert
from dualwatch.store.sql import SQLStore
from dualwatch.web import present
from dualwatch.web.context import using_store
from dualwatch.web.ownership import view_for as ownership_view
from dualwatch.web.render import page
from dualwatch.web.session import WebUser, check_decider, check_form, login_required

router = APIRouter()
User = Annotated[WebUser, Depends(login_required)]

QUEUE_LIMIT = 2000
SORTS: dict[str, Any] = {
    "score": lambda a: a.score,
    "updated": lambda a: a.updated_at,
    "created": lambda a: a.created_at,
    "counterparty": lambda a: str(a.hit.get("query_name", "")).casefold(),
    "entity": lambda a: str(a.hit.get("entity_name", "")).casefold(),
    "portfolio": lambda a: (a.portfolio, a.external_id),
    "status": lambda a: STATUSES.index(a.status) if a.status in STATUSES else 99,
}


def list_names(sources: object) -> list[str]:
    """The lists behind a hit, each once ("us_ofac_sdn:17018;us_ofac_cons:17018;eu_fsf:5"
    names two entries of OFAC lists and one of the EU's: three lists, not three chips of two)."""
    entries = str(sources or "").split(";")
    return list(dict.fromkeys(e.split(":")[0].strip() for e in entries if e.strip()))


def _float(value: str | None) -> float:
    try:
        return max(0.0, min(1.0, float(value))) if value else 0.0
    except ValueError:
        return 0.0


@router.get("/alerts", name="web_alerts")
def queue(request: Request, user: User, portfolio: str = "", dataset: str = "",
          status: str = "", min_score: str = "", sort: str = "score",
          order: str = "desc") -> Response:
    threshold = _float(min_score)
    with using_store(request) as store:
        alerts = store.alerts(portfolio=portfolio or None, status=status or None,
                              min_score=threshold, dataset=dataset or None, limit=QUEUE_LIMIT)
        portfolios = [name for name, _ in store.portfolios()]
        if PAYMENTS_QUEUE not in portfolios:
            portfolios.append(PAYMENTS_QUEUE)
        datasets = sorted(v.dataset for v in store.current_versions())
    sort = sort if sort in SORTS else "score"
    alerts.sort(key=SORTS[sort], reverse=order != "asc")
    lists_of = {a.id: list_names(a.hit.get("sources")) for a in alerts}
    return page(request, "alerts.html", user, section="alerts", alerts=alerts, lists_of=lists_of,
                portfolios=portfolios, datasets=datasets, statuses=STATUSES,
                payments_queue=PAYMENTS_QUEUE,
                truncated=len(alerts) >= QUEUE_LIMIT, limit=QUEUE_LIMIT,
                filters={"portfolio": portfolio, "dataset": dataset, "status": status,
                         "min_score": min_score, "sort": sort, "order": order})


def _case(store: SQLStore, alert_id: int) -> dict[str, Any]:
    """Everything the case page shows, read from the store."""
    alert: Alert = store.alert(alert_id)
    hit = alert.hit
    found = store.counterparties(alert.portfolio, [alert.external_id])
    counterparty = found[0][1] if found else {"name": hit.get("query_name", "")}
    entity_ids = hit.get("entity_ids") or [alert.entity_id]
    entries = [(eid, present.latest_entity(store, eid), store.entity(eid) is not None)
               for eid in entity_ids]
    return {
        "alert": alert, "hit": hit, "counterparty": counterparty,
        "entries": entries,
        "pairs": present.aligned_pairs(str(hit.get("explanation", ""))),
        "features": present.feature_rows(hit.get("features") or []),
        "sources": present.source_refs(hit.get("sources")),
        "listings": [t for t in str(hit.get("listings") or "").split("; ") if t],
        "shipment": present.shipment_of(hit),
        "flags": present.shipment_flags(hit),
        "goods": present.shipment_goods(hit),
        "history": store.audit_records(subject=f"alert:{alert_id}"),
        "moves": sorted(TRANSITIONS.get(alert.status, ()), key=STATUSES.index),
        "ownership": ownership_view(store, alert.entity_id),
    }


@router.get("/alerts/{alert_id}", name="web_alert")
def case(request: Request, alert_id: int, user: User) -> Response:
    try:
        with using_store(request) as store:
            data = _case(store, alert_id)
    except NotFoundError as exc:
        return page(request, "error.html", user, status_code=404, message=str(exc))
    return page(request, "alert.html", user, section="alerts", **data)


@router.post("/alerts/{alert_id}/decision", name="web_decide")
def decide(request: Request, alert_id: int, user: User,
           status: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
           csrf: Annotated[str, Form()] = "", expected: Annotated[str, Form()] = "") -> Response:
    check_form(user, csrf)
    check_decider(user)
    with using_store(request) as store:
        try:
            store.decide(alert_id, status, user.owner, reason, expected or None)
        except NotFoundError as exc:
            return page(request, "error.html", user, status_code=404, message=str(exc))
        except DualwatchError as exc:
            data = _case(store, alert_id)
            code = 409 if isinstance(exc, ConflictError) else 400
            return page(request, "alert.html", user, status_code=code, section="alerts",
                        error=str(exc), reason=reason, chosen=status, **data)
    target = str(request.url_for("web_alert", alert_id=alert_id)) + "?decided=1#history"
    return RedirectResponse(target, status_code=303)
