"""The lists page: which versions are loaded, when, and what each one changed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from dualwatch.errors import NotFoundError
from dualwatch.store.base import ListVersion
from dualwatch.web.context import using_store
from dualwatch.web.render import page
from dualwatch.web.session import WebUser, login_required

router = APIRouter()
User = Annotated[WebUser, Depends(login_required)]
SHOWN = 200  # entries listed per kind of change; the counts are always complete


@router.get("/lists", name="web_lists")
def lists(request: Request, user: User) -> Response:
    with using_store(request) as store:
        current = store.current_versions()
        versions = store.versions()
        loads = [r for r in store.audit_records(limit=100_000) if r.action == "list_load"]
    by_dataset: dict[str, list[ListVersion]] = {}
    for version in versions:
        by_dataset.setdefault(version.dataset, []).append(version)
    return page(request, "lists.html", user, section="lists", current=current,
                by_dataset=by_dataset, loads=list(reversed(loads))[:50])


@router.get("/lists/{dataset}/diff", name="web_list_diff")
def diff(request: Request, dataset: str, user: User, old: str = "",
         new: str = "") -> Response:
    try:
        with using_store(request) as store:
            change = store.diff(dataset, old or None, new or None)
            versions = store.versions(dataset)
    except NotFoundError as exc:
        return page(request, "error.html", user, status_code=404, message=str(exc))
    return page(request, "list_diff.html", user, section="lists", diff=change,
                versions=versions, shown=SHOWN)
