"""What every page needs from the running app: a store to work on and the match index.

The web pages are a second face of the API, so inside the API's app they borrow a store from
the API's own pool (``app.state.dualwatch.pool``, one connection per request at a time) and use
its index cache (``app.state.dualwatch.indexes``). Mounted on a bare FastAPI app (tests, a
page-only server) they open the store named by ``app.state.store_url`` — or the configured one —
once, and take a lock around each unit of work, since that connection is shared between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.requests import Request

from dualwatch.match import MatchIndex
from dualwatch.screening import index_key, load_index
from dualwatch.store import open_store
from dualwatch.store.sql import SQLStore

_SETUP = threading.Lock()


def _api_state(request: Request) -> Any | None:
    """The API's state object, when the pages run inside the API's app."""
    state = getattr(request.app.state, "dualwatch", None)
    if state is not None and hasattr(state, "pool") and hasattr(state, "indexes"):
        return state
    return None


def _own_store(request: Request) -> tuple[SQLStore, threading.RLock]:
    state = request.app.state
    with _SETUP:
        if getattr(state, "web_store", None) is None:
            opened = open_store(getattr(state, "store_url", None))
            assert isinstance(opened, SQLStore), "the web pages need a SQL store"
            state.web_store = opened
            state.web_store_lock = threading.RLock()
    return state.web_store, state.web_store_lock


@contextmanager
def using_store(request: Request) -> Iterator[SQLStore]:
    """A store held by this request alone for the duration of the block."""
    api = _api_state(request)
    if api is not None:
        with api.pool.borrow() as store:
            yield store
        return
    store, lock = _own_store(request)
    with lock:
        yield store


def index_of(request: Request, store: SQLStore) -> MatchIndex:
    """The match index over the current lists, rebuilt only when a list version changes."""
    api = _api_state(request)
    if api is not None:
        index: MatchIndex = api.indexes.get(store)
        return index
    state = request.app.state
    key = index_key(store)
    cached = getattr(state, "web_index", None)
    if cached is not None and cached[0] == key:
        found: MatchIndex = cached[1]
        return found
    index = load_index(store)
    state.web_index = (key, index)
    return index


def close_own_store(app: Any) -> None:
    """Close the store the pages opened themselves (not the API's pool)."""
    store = getattr(app.state, "web_store", None)
    if store is not None:
        store.close()
        app.state.web_store = None
