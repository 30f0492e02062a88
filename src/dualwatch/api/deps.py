"""Per-request dependencies: the store a request works on and the API key that sent it.

Every route except the health check depends on :func:`require` with the least role it needs,
so no request without a valid key reads or changes anything. Keys are accepted the ways
screening clients send them: ``Authorization: ApiKey <key>`` (yente's clients),
``Authorization: Bearer <key>`` and ``X-API-Key: <key>``. Roles are ordered: a viewer reads; an
analyst also screens, imports portfolios and decides on cases; an admin also loads lists and
manages keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from dualwatch.api.state import AppState
from dualwatch.store.monitoring import ROLES, ApiKey
from dualwatch.store.sql import SQLStore

_AUTHORIZATION = APIKeyHeader(
    name="Authorization", scheme_name="Authorization", auto_error=False,
    description="`ApiKey <key>` (as yente clients send it) or `Bearer <key>`.")
_X_API_KEY = APIKeyHeader(name="X-API-Key", scheme_name="X-API-Key", auto_error=False,
                          description="The key alone.")
_SCHEMES = ("apikey", "bearer")
_MAX_KEY_LENGTH = 200


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.dualwatch
    return state


def store(state: Annotated[AppState, Depends(app_state)]) -> Iterator[SQLStore]:
    """A store borrowed from the pool for the duration of the request."""
    with state.pool.borrow() as borrowed:
        yield borrowed


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "ApiKey"})


def presented_key(authorization: str | None, x_api_key: str | None) -> str:
    """The key a request carries, or 401 saying how to send one."""
    if authorization:
        scheme, _, key = authorization.strip().partition(" ")
        if scheme.lower() not in _SCHEMES or not key.strip():
            raise _unauthorised("the Authorization header must be 'ApiKey <key>' or "
                                "'Bearer <key>'")
        key = key.strip()
    elif x_api_key:
        key = x_api_key.strip()
    else:
        raise _unauthorised("an API key is required: send 'Authorization: ApiKey <key>' or "
                            "'X-API-Key: <key>'; an admin creates keys with "
                            "'dualwatch keys create'")
    if len(key) > _MAX_KEY_LENGTH:
        raise _unauthorised("unknown API key")
    return key


def authenticate(store: SQLStore, client: str, path: str, authorization: str | None,
                 x_api_key: str | None, allowed_failures: int) -> ApiKey:
    """The key a request carries, or 401; unknown keys are audited and, past a number from one
    address, answered 429 for a while (:mod:`dualwatch.store.sessions`)."""
    presented = presented_key(authorization, x_api_key)
    if store.throttled(client, allowed_failures):
        raise HTTPException(429, "too many unknown API keys from your address; wait 15 minutes",
                            headers={"Retry-After": "900"})
    key = store.api_key(presented)
    if key is None:
        store.record_auth_failure(client, f"API {path}", "unknown API key")
        raise _unauthorised("unknown API key")
    return key


def require(role: str) -> Callable[..., ApiKey]:
    """A dependency admitting keys of ``role`` or a higher one; returns the caller's key."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    rank = ROLES.index(role)

    def caller(request: Request, store: Annotated[SQLStore, Depends(store)],
               authorization: Annotated[str | None, Security(_AUTHORIZATION)] = None,
               x_api_key: Annotated[str | None, Security(_X_API_KEY)] = None) -> ApiKey:
        client = request.client.host if request.client else "unknown"
        key = authenticate(store, client, request.url.path, authorization, x_api_key,
                           app_state(request).settings.allowed_auth_failures)
        if key.role not in ROLES or ROLES.index(key.role) < rank:
            raise HTTPException(403, f"this needs the {role} role; the key of {key.owner!r} "
                                     f"has the {key.role} role")
        return key

    caller.__name__ = f"require_{role}"
    return caller


Viewer = Annotated[ApiKey, Depends(require("viewer"))]
Analyst = Annotated[ApiKey, Depends(require("analyst"))]
Admin = Annotated[ApiKey, Depends(require("admin"))]
Store = Annotated[SQLStore, Depends(store)]
State = Annotated[AppState, Depends(app_state)]
