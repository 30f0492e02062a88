"""Request and response bodies of the API's own endpoints (the yente ones are in ``yente.py``).

Inputs carry their limits (lengths, counts, ranges) so that the OpenAPI document states them and
validation refuses what exceeds them before any work starts; outputs mirror the library's
dataclasses field by field.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from dualwatch.api.limits import Identifier, LongText, Name, PathText, Reason, ShortText, Slug, Word
from dualwatch.sources.registry import FORMATS
from dualwatch.store.monitoring import ROLES, STATUSES

Role = Literal["viewer", "analyst", "admin"]
Status = Literal["open", "under_review", "confirmed", "false_positive", "escalated"]
assert set(ROLES) == set(Role.__args__) and set(STATUSES) == set(Status.__args__)  # type: ignore[attr-defined]

ListFormat = Annotated[str, StringConstraints(pattern="^(" + "|".join(sorted(FORMATS)) + ")$")]
def _no_bool(value: object) -> object:
    """JSON true/false is no score (pydantic would read it as 1.0/0.0)."""
    if isinstance(value, bool):
        raise ValueError("a score is a number from 0 to 1, not true or false")
    return value


Score = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False), BeforeValidator(_no_bool)]


class ErrorResponse(BaseModel):
    detail: str = Field(examples=["no alert #42"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


# -- screening ---------------------------------------------------------------------------------


class Counterparty(BaseModel):
    """A party to screen, in the columns of ``dualwatch screen`` input."""

    model_config = ConfigDict(populate_by_name=True)

    id: ShortText | None = Field(None, description="Your id; defaults to the position.")
    name: Name = Field(examples=["Tekhnoprom LLC"])
    schema_: Literal["Person", "Company", "Organization", "LegalEntity", "Vessel",
                     "Aircraft"] | None = Field(None, alias="schema",
                                                description="Default: any.")
    countries: Annotated[list[Word], Field(max_length=20)] = Field(
        [], examples=[["ru"]])
    birth_date: Word | None = Field(None, examples=["1970-03-02"])
    identifiers: Annotated[list[Identifier], Field(max_length=20)] = Field(
        [], examples=[["INN 7707083893"]])
    address: LongText | None = None


class ScreenRequest(BaseModel):
    queries: list[Counterparty] = Field(description="At most 1,000 counterparties.")
    lists: Annotated[list[Slug], Field(max_length=50)] | None = Field(
        None, description="List ids to screen against; default every loaded list.")
    threshold: Score | None = Field(None, description="Lowest score reported; default the "
                                                      "recommended threshold.")
    limit: Annotated[int, Field(ge=1, le=100)] = 10
    measures: Annotated[list[Slug], Field(max_length=10)] | None = Field(
        None, description="Keep only hits whose listings impose one of these measures "
                          "(e.g. export-control); default every hit.")


class FeatureOut(BaseModel):
    name: str
    value: float
    weight: float
    detail: str


class HitOut(BaseModel):
    score: float
    entity_id: str
    entity_name: str
    schema_: str = Field(alias="schema")
    matched_name: str
    sources: list[str] = Field(description="Every list entry behind the hit, as list:entry_id.")
    datasets: list[str]
    entity_ids: list[str]
    features: list[FeatureOut]
    explanation: str
    measures: list[str] = Field(default_factory=list, description=(
        "What the listings behind the hit impose: asset-freeze, export-control, transport, "
        "financial, services, investment, procurement, travel-ban, countermeasure, other."))
    listings: list[str] = Field(default_factory=list, description=(
        "Each listing as cited: list, programme, measure and listing date, e.g. 'EU Annex IV "
        "of Reg. 833/2014 — export restrictions on dual-use goods and technology, listed "
        "2024-02-23'."))


class ScreenResult(BaseModel):
    query_id: str
    query_name: str
    hits: list[HitOut]


class ScreenResponse(BaseModel):
    threshold: float
    lists: list[str]
    results: list[ScreenResult]


# -- portfolios --------------------------------------------------------------------------------


class PortfolioImport(BaseModel):
    counterparties: list[Counterparty] = Field(
        min_length=1, description="At most 5,000 per request; each needs a stable id.")


class PortfolioOut(BaseModel):
    name: str
    counterparties: int


class CounterpartyOut(BaseModel):
    id: str
    data: dict[str, Any]
    hash: str


class MonitorReportOut(BaseModel):
    portfolio: str | None
    screened: int
    new_alerts: list[int]
    reopened: list[int]
    kept_cleared: list[int]
    updated: list[int]
    removed_entry_alerts: list[int]
    seconds: float


# -- alerts and cases --------------------------------------------------------------------------


class DecisionOut(BaseModel):
    status: str
    reviewer: str
    reason: str
    at: str


class AlertOut(BaseModel):
    id: int
    portfolio: str
    external_id: str
    entity_id: str
    status: str
    score: float
    hit: dict[str, Any]
    counterparty_hash: str
    entry_hashes: dict[str, str]
    raised_because: str
    created_at: str
    updated_at: str
    decisions: list[DecisionOut] = Field([], description="The case: every decision so far.")


class DecisionIn(BaseModel):
    status: Status
    reason: Reason = Field(
        examples=["Different company: other INN and address"])
    expected_status: Status | None = Field(
        None, description="The status the reviewer saw; if the alert has another one now, "
                          "the decision is refused with 409 instead of applied.")


# -- lists -------------------------------------------------------------------------------------


class ListVersionOut(BaseModel):
    id: int
    dataset: str
    version: str
    version_source: str
    format: str
    files: list[str]
    checksum: str
    loaded_at: str
    entity_count: int
    stats: dict[str, Any]
    current: bool


class ListLoad(BaseModel):
    path: PathText = Field(
        description="A file or folder inside the server's lists folder, relative to it.",
        examples=["us_ofac_sdn"])
    format: ListFormat | None = Field(None, description="Read as this format instead of "
                                                        "detecting it.")
    dataset: Slug | None = Field(None, description="List id to store under.")
    version: ShortText | None = Field(None, description="Version label; default the "
                                                       "publisher's date.")
    allow_shrink: bool = Field(False, description="Accept a version that drops over 30% of "
                                                  "the current one's entries (recorded).")


class ListLoadResult(BaseModel):
    version: ListVersionOut
    unchanged: bool
    added: int
    removed: int
    changed: int
    monitoring: MonitorReportOut | None = Field(
        None, description="The re-screening of portfolios the new version caused.")


# -- audit and keys ----------------------------------------------------------------------------


class AuditRecordOut(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class AuditCheckOut(BaseModel):
    ok: bool
    records: int
    first_broken: int | None = None
    reason: str | None = None


class KeyCreate(BaseModel):
    owner: Slug = Field(examples=["alice"])
    role: Role


class KeyCreated(BaseModel):
    owner: str
    role: str
    key: str = Field(description="Shown once; only its hash is stored.")


class KeyOut(BaseModel):
    owner: str
    role: str
    created_at: str
    fingerprint: str


class KeysRevoked(BaseModel):
    owner: str
    revoked: int
