"""API keys, managed by admins: create (the key is shown once), list, revoke."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam

from dualwatch.api.deps import Admin, Store
from dualwatch.api.models import KeyCreate, KeyCreated, KeyOut, KeysRevoked
from dualwatch.api.routes.common import errors

router = APIRouter(prefix="/keys", tags=["API keys"])


@router.post("", summary="Create an API key (admin)", response_model=KeyCreated,
             status_code=201, responses=errors())
def create(body: KeyCreate, key: Admin, store: Store) -> KeyCreated:
    """The key is in the answer only: store it now, it cannot be shown again."""
    created = store.create_api_key(body.owner, body.role, actor=key.owner)
    return KeyCreated(owner=body.owner, role=body.role, key=created)


@router.get("", summary="The API keys (admin)", response_model=list[KeyOut], responses=errors())
def keys(key: Admin, store: Store) -> list[KeyOut]:
    return [KeyOut.model_validate(asdict(k)) for k in store.list_api_keys()]


@router.delete("/{owner}", summary="Revoke every key of an owner (admin)",
               response_model=KeysRevoked, responses=errors(404))
def revoke(
    key: Admin, store: Store,
    owner: Annotated[str, PathParam(min_length=1, max_length=100,
                                    pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")],
) -> KeysRevoked:
    revoked = store.revoke_api_keys(owner, key.owner)
    if not revoked:
        raise HTTPException(404, f"no key of {owner!r}")
    return KeysRevoked(owner=owner, revoked=revoked)
