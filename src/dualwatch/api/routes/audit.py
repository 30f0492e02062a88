"""The audit log: reading its records and verifying its hash chain."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter
from fastapi import Query as QueryParam

from dualwatch.api.deps import Store, Viewer
from dualwatch.api.limits import MAX_OFFSET, MAX_PAGE
from dualwatch.api.models import AuditCheckOut, AuditRecordOut
from dualwatch.api.routes.common import errors

router = APIRouter(prefix="/audit", tags=["Audit"])


@router.get("", summary="Audit records, oldest first", response_model=list[AuditRecordOut],
            responses=errors())
def records(
    key: Viewer, store: Store,
    subject: Annotated[str | None, QueryParam(max_length=200,
                                              pattern=r"^[^\x00-\x1f\x7f]*$",
                                              examples=["alert:1"])] = None,
    after: Annotated[int, QueryParam(ge=0, le=MAX_OFFSET * 100,
                                     description="Records after this sequence number.")] = 0,
    limit: Annotated[int, QueryParam(ge=1, le=MAX_PAGE)] = 100,
) -> list[AuditRecordOut]:
    return [AuditRecordOut.model_validate(asdict(r))
            for r in store.audit_records(subject, limit, after)]


@router.get("/verify", summary="Verify the audit log's hash chain",
            response_model=AuditCheckOut, responses=errors())
def verify(key: Viewer, store: Store) -> AuditCheckOut:
    """Recompute every record's hash and link; report the first record altered or removed."""
    return AuditCheckOut.model_validate(asdict(store.verify_audit()))
