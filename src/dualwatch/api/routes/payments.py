"""``POST /payments/screen``: one payment message or a batch, a decision for each.

The body carries the messages as their systems write them (ISO 20022 XML or SWIFT MT text);
the answer is :func:`dualwatch.risk.payments.screen`'s decision per message, the same as
``dualwatch payments screen`` writes, and review and hold are raised in the ``payments`` alert
queue unless the request says not to. The lists' BIC, IMO and free-text tables are kept per
list selection beside the app's match indexes and rebuilt when the lists change.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints

from dualwatch.api.deps import Analyst, State, Store
from dualwatch.api.limits import MAX_QUERIES, ShortText, Slug, check_count
from dualwatch.api.routes.common import errors
from dualwatch.api.state import IndexCache
from dualwatch.risk import payments
from dualwatch.risk.payment_lists import ListTables, PaymentLists, load_tables
from dualwatch.sources.messages import MAX_MESSAGE_BYTES, Read, read_text
from dualwatch.store.sql import SQLStore

router = APIRouter(prefix="/payments", tags=["Payments"])

MessageText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_MESSAGE_BYTES,
                                               pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class PaymentMessage(BaseModel):
    id: ShortText = Field("", description="What to call the message in errors (a file name); "
                                          "default its position in the batch.")
    text: MessageText = Field(description="One ISO 20022 document (pacs.008, pacs.009, "
                                          "pain.001) or SWIFT MT text (MT103, MT202, MT202COV, "
                                          "MT700, MT710; several messages allowed).")


class PaymentScreenRequest(BaseModel):
    messages: list[PaymentMessage] = Field(description="At most 1,000 messages.")
    lists: Annotated[list[Slug], Field(max_length=50)] | None = Field(
        None, description="List ids to screen against; default every loaded list.")
    threshold: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] | None = Field(
        None, description="Lowest name score that raises a review; default the recommended "
                          "threshold.")
    alerts: bool = Field(True, description="Raise review and hold as alerts in the "
                                           "`payments` queue.")


class PaymentHitOut(BaseModel):
    severity: str = Field(description="hold, review or note.")
    kind: str
    role: str
    field: str = Field(description="The XML element path or MT field tag of the hit.")
    value: str
    reason: str = Field(examples=["creditor agent BIC SABRRUMM = us_ofac_sdn:17018"])
    score: float
    entity_id: str | None
    entity_name: str | None
    sources: list[str]


class DecisionOut(BaseModel):
    ref: str
    type: str
    source: str
    decision: str = Field(description="release, review, hold, or error (the message could "
                                      "not be read: see `error`).")
    amount: str | None
    currency: str | None
    error: str | None
    hits: list[PaymentHitOut]


class PaymentScreenResponse(BaseModel):
    lists: list[str]
    decisions: list[DecisionOut]


_TABLES: dict[object, ListTables] = {}
_LOCK = threading.Lock()


def _payment_lists(state: State, store: SQLStore, datasets: list[str] | None,
                   threshold: float | None) -> PaymentLists:
    index = state.indexes.get(store, datasets)
    _, signature = IndexCache.selection(store, datasets)
    tables = _TABLES.get(signature)
    if tables is None:
        with _LOCK:
            tables = _TABLES.get(signature)
            if tables is None:
                tables = load_tables(store, datasets)
                if len(_TABLES) >= 4:
                    _TABLES.clear()
                _TABLES[signature] = tables
    return PaymentLists(index, tables, threshold)


@router.post("/screen", summary="Screen payment messages: release, review or hold",
             response_model=PaymentScreenResponse, responses=errors(404, 409, 413))
def screen(body: PaymentScreenRequest, key: Analyst, store: Store,
           state: State) -> PaymentScreenResponse:
    """Decide on each message: every agent's BIC against the BICs on the lists, every party
    by name, address, country and identifier, free text for IMO numbers, listed names and
    CHPL goods, and the countries and ports of the route. A malformed message is answered
    with decision `error` naming its element or tag; the others are decided as usual."""
    check_count("messages", len(body.messages), MAX_QUERIES)
    datasets = list(dict.fromkeys(body.lists)) if body.lists else None
    lists = _payment_lists(state, store, datasets, body.threshold)
    reads: list[Read] = [m for n, item in enumerate(body.messages, start=1)
                         for m in read_text(item.text, item.id or f"message {n}")]
    decisions = payments.screen(reads, lists, store if body.alerts else None, key.owner)
    screened = datasets or sorted(v.dataset for v in store.current_versions())
    return PaymentScreenResponse.model_validate(
        {"lists": screened, "decisions": [d.as_dict() for d in decisions]})
