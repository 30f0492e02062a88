"""``POST /shipments/assess``: a batch of shipments ranked by red flags of diversion; with a
portfolio, the high ones become alerts on the case pages."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, create_model

from dualwatch.api.deps import Analyst, State, Store
from dualwatch.api.limits import LongText, ShortText, Slug, check_count
from dualwatch.api.routes.common import errors
from dualwatch.match import DEFAULT_THRESHOLD
from dualwatch.risk.alerts import assess_shipments
from dualwatch.risk.contacts import build_contacts
from dualwatch.risk.engine import OUTPUT_COLUMNS
from dualwatch.risk.fields import all_fields
from dualwatch.risk.parties import ListContext

router = APIRouter(tags=["Shipments"])

MAX_SHIPMENTS = 10_000  # a bigger file belongs to `dualwatch shipments assess`

if TYPE_CHECKING:
    Shipment = BaseModel
else:
    # One optional field per column `dualwatch shipments assess` reads, so the schema documents
    # them all and an unknown column is refused with its name.
    Shipment = create_model(
        "Shipment", __config__=ConfigDict(extra="forbid"),
        **{name: ((ShortText if name == "id" else LongText) | float | None, None)
           for name in dict.fromkeys(("id", *all_fields()))})


class AssessRequest(BaseModel):
    shipments: Annotated[list[Shipment], Field(min_length=1)] = Field(
        description="At most 10,000 shipments, each an object of the columns `dualwatch "
                    "shipments assess` reads (exporter, consignee, end_user, payer and their "
                    "_country, destination_country, hs_code, description, quantity, value...).",
        examples=[[{"id": "S1", "exporter": "Aldmark Components GmbH",
                    "exporter_country": "Germany", "consignee": "3DiVi LLC",
                    "consignee_country": "Russia", "hs_code": "854232",
                    "description": "DRAM memory", "quantity": 100, "value": 2000,
                    "currency": "USD"}]])
    portfolio: Slug | None = Field(None, description="Raise each high shipment as an alert "
                                                     "of this portfolio.")
    lists: Annotated[list[Slug], Field(max_length=50)] | None = Field(
        None, description="List ids parties are screened against; default every loaded list.")


class AlertSummary(BaseModel):
    portfolio: str
    high: int
    new_alerts: list[int]
    updated: list[int]
    unchanged: list[int]


class AssessResponse(BaseModel):
    rows: int
    levels: dict[str, int]
    not_run: dict[str, str] = Field(description="Red flags that could not run, with the "
                                                "fields they lacked.")
    shipments: list[dict[str, Any]] = Field(description="Ranked, highest level first: "
                                                        + ", ".join(OUTPUT_COLUMNS) + ".")
    alerts: AlertSummary | None = None


@router.post("/shipments/assess", summary="Assess a batch of shipments for diversion",
             response_model=AssessResponse, responses=errors(400, 404, 409, 413))
def assess(body: AssessRequest, key: Analyst, store: Store, state: State) -> AssessResponse:
    """Rank up to 10,000 shipments by the red flags of the FinCEN/BIS guidance (see `dualwatch
    shipments flags`), each with its level, the rule that set it and the evidence of every
    flag. With `portfolio`, every high shipment becomes an alert of that portfolio (once per
    shipment id), decided on the case page like a screening hit."""
    check_count("shipments", len(body.shipments), MAX_SHIPMENTS)
    wanted = list(dict.fromkeys(body.lists)) if body.lists else None
    lists = ListContext(state.indexes.get(store, wanted),
                        build_contacts(store.current_entities(wanted)), DEFAULT_THRESHOLD)
    with tempfile.TemporaryDirectory(prefix="dualwatch-api-") as folder:
        path = Path(folder) / "shipments.json"
        rows = [s.model_dump(exclude_none=True) for s in body.shipments]
        path.write_text(json.dumps(rows), encoding="utf-8")
        result, raised = assess_shipments(store, path, lists, portfolio=body.portfolio,
                                          actor=f"api:{key.owner}")
        try:
            assert result.con is not None
            cursor = result.con.execute(f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM assessed "
                                        "ORDER BY rank")
            ranked = [dict(zip(OUTPUT_COLUMNS, r, strict=True)) for r in cursor.fetchall()]
        finally:
            result.close()
    return AssessResponse(rows=result.rows, levels=result.levels, not_run=result.not_run,
                          shipments=[{k: _plain(v) for k, v in r.items()} for r in ranked],
                          alerts=AlertSummary(**raised.__dict__) if raised else None)


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, (int, float, str)) else str(value)


