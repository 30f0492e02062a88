"""Alerts and their cases: what screening raised, and the decisions reviewers took on it.

An alert and its decisions are the case; a decision is recorded under the owner of the key that
sent it, in the case history and in the audit log, and must follow the case workflow.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam
from fastapi import Query as QueryParam

from dualwatch.api.deps import Analyst, Store, Viewer
from dualwatch.api.limits import MAX_ID, MAX_OFFSET, MAX_PAGE
from dualwatch.api.models import AlertOut, DecisionIn, Status
from dualwatch.api.routes.common import errors
from dualwatch.store.monitoring import Alert

router = APIRouter(prefix="/alerts", tags=["Alerts and cases"])

AlertId = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def _out(alert: Alert) -> AlertOut:
    return AlertOut.model_validate(asdict(alert))


@router.get("", summary="Alerts, highest score first", response_model=list[AlertOut],
            responses=errors())
def alerts(
    key: Viewer, store: Store,
    portfolio: Annotated[str | None, QueryParam(max_length=100)] = None,
    status: Status | None = None,
    min_score: Annotated[float, QueryParam(ge=0.0, le=1.0, allow_inf_nan=False)] = 0.0,
    dataset: Annotated[str | None, QueryParam(max_length=100,
                                              pattern=r"^[A-Za-z0-9_.-]+$")] = None,
    limit: Annotated[int, QueryParam(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, QueryParam(ge=0, le=MAX_OFFSET)] = 0,
) -> list[AlertOut]:
    """Filter by portfolio, status, lowest score and the list of the entry behind the hit."""
    found = store.alerts(portfolio, status, min_score, dataset, limit, offset)
    return [_out(a) for a in found]


@router.get("/{alert_id}", summary="One alert with its case history",
            response_model=AlertOut, responses=errors(404))
def alert(alert_id: AlertId, key: Viewer, store: Store) -> AlertOut:
    return _out(store.alert(alert_id))


@router.post("/{alert_id}/decisions", summary="Decide on a case",
             response_model=AlertOut, responses=errors(400, 404, 409))
def decide(alert_id: AlertId, body: DecisionIn, key: Analyst, store: Store) -> AlertOut:
    """Record a decision (`under_review`, `confirmed`, `false_positive`, `escalated`, `open`)
    with its reason. The reviewer is the owner of the API key. The case workflow applies: a
    decision it does not allow from the current status is refused with 409, and so is one that
    loses a race: the status changes by compare-and-set, so of concurrent decisions exactly one
    applies. Send `expected_status` to have a decision refused unless the alert still has the
    status you saw."""
    if not body.reason.strip():
        raise HTTPException(400, "reason: a decision needs a reason")
    return _out(store.decide(alert_id, body.status, key.owner, body.reason,
                             body.expected_status))
