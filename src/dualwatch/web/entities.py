"""The entity page: every name in every script, identifiers, programs, addresses, versions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from dualwatch.model import IDENTIFIER_TYPES
from dualwatch.web import present
from dualwatch.web.context import using_store
from dualwatch.web.ownership import view_for as ownership_view
from dualwatch.web.render import page
from dualwatch.web.session import WebUser, login_required

router = APIRouter()
User = Annotated[WebUser, Depends(login_required)]


@router.get("/entities", name="web_entity_search")
def search(request: Request, user: User, q: str = "") -> Response:
    results: list[tuple[str, str, str]] = []
    if q.strip():
        with using_store(request) as store:
            _total, results = store.search_entities(q.strip(), limit=100)
    return page(request, "entity_search.html", user, section="entities", q=q, results=results)


@router.get("/entities/{entity_id}", name="web_entity")
def entity(request: Request, entity_id: str, user: User) -> Response:
    with using_store(request) as store:
        found = present.latest_entity(store, entity_id)
        if found is None:
            return page(request, "error.html", user, status_code=404,
                        message=f"no list entry {entity_id!r} in any stored version")
        current = store.entity(entity_id) is not None
        history = present.entity_history(store, entity_id)
        alerts = [a for a in store.alerts(dataset=found.dataset, limit=100_000)
                  if entity_id in (a.hit.get("entity_ids") or [a.entity_id])]
        owned = ownership_view(store, entity_id)
    return page(request, "entity.html", user, section="entities", entity=found,
                current=current, history=history, alerts=alerts, ownership=owned,
                scripts=present.names_by_script(found), id_types=IDENTIFIER_TYPES)
