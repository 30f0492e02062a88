"""What one running API holds between requests: store connections and the match index.

Requests are served on a thread pool. Each request borrows a store of its own from a small pool
(opened from the store URL once and reused), so no connection is ever used by two threads at
once and no request pays for opening the database. The match index is built once per selection
of lists and kept in memory; each request compares the current list versions (one small query)
with those the index was built from, and the index is rebuilt — by
:func:`dualwatch.screening.load_index`, from its disk cache when fresh — only when they differ.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from dualwatch import screening
from dualwatch.errors import DualwatchError, NotFoundError, StoreError
from dualwatch.match import MatchIndex
from dualwatch.store import open_store
from dualwatch.store.sessions import MAX_FAILURES
from dualwatch.store.sql import SQLStore

Selection = tuple[str, ...] | None  # list ids, sorted; None for every loaded list
Signature = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Settings:
    store_url: str | None = None  # None: $DUALWATCH_DB, else the SQLite file in $DUALWATCH_HOME
    lists_dir: Path | None = None  # the server folder admins may load list files from
    pool_size: int = 8
    index_cache: bool = True  # keep built indexes on disk too (screening.load_index)
    preload: bool = False  # build the index of all lists before serving the first request
    allowed_auth_failures: int = MAX_FAILURES  # unknown keys from one address, per window


class StorePool:
    """Up to ``size`` open stores; a request holds one for its whole duration."""

    def __init__(self, url: str | None, size: int) -> None:
        self.url = url
        self.size = size
        self._idle: queue.LifoQueue[SQLStore] = queue.LifoQueue()
        self._opened = 0
        self._lock = threading.Lock()

    def _open(self) -> SQLStore:
        store = open_store(self.url)
        if not isinstance(store, SQLStore):
            raise StoreError(f"the API needs a SQL store; {type(store).__name__} is not one")
        return store

    @contextmanager
    def borrow(self, timeout: float = 30.0) -> Iterator[SQLStore]:
        store = self._take(timeout)
        try:
            yield store
        except BaseException as exc:
            if _request_level(exc):
                self._idle.put(store)
            else:  # the connection may be in a state we cannot vouch for: open anew later
                self._discard(store)
            raise
        self._idle.put(store)

    def _take(self, timeout: float) -> SQLStore:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._opened < self.size:
                self._opened += 1
                try:
                    return self._open()
                except BaseException:
                    self._opened -= 1
                    raise
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            raise StoreError("the server is busy: no store connection became free in "
                             f"{timeout:.0f} s") from None

    def _discard(self, store: SQLStore) -> None:
        with self._lock:
            self._opened -= 1
        with contextlib.suppress(Exception):  # closing a broken connection may fail too
            store.close()

    def close(self) -> None:
        while True:
            try:
                store = self._idle.get_nowait()
            except queue.Empty:
                return
            self._discard(store)


def _request_level(exc: BaseException) -> bool:
    """An error about the request (refused, not found, invalid), not about the connection."""
    if isinstance(exc, StoreError):
        return isinstance(exc, NotFoundError)
    return isinstance(exc, (StarletteHTTPException, DualwatchError, RequestValidationError))


class IndexCache:
    """Match indexes by selection of lists, rebuilt when the lists' current versions change."""

    def __init__(self, disk_cache: bool = True, keep: int = 4) -> None:
        self.disk_cache = disk_cache
        self.keep = keep
        self._entries: OrderedDict[Selection, tuple[Signature, MatchIndex]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def selection(store: SQLStore, datasets: list[str] | None) -> tuple[Selection, Signature]:
        """The normalised selection and the (list, checksum) pairs it covers now."""
        current = {v.dataset: v.checksum for v in store.current_versions()}
        if not current:
            raise HTTPException(409, "no list is loaded; an admin loads them with POST "
                                     "/lists/load or on the server: dualwatch lists load PATH")
        if datasets is None:
            return None, tuple(sorted(current.items()))
        unknown = [d for d in datasets if d not in current]
        if unknown:
            raise NotFoundError(f"list {unknown[0]!r} is not loaded; loaded lists: "
                                f"{', '.join(sorted(current))}")
        chosen = tuple(sorted(set(datasets)))
        return chosen, tuple((d, current[d]) for d in chosen)

    def get(self, store: SQLStore, datasets: list[str] | None = None) -> MatchIndex:
        key, signature = self.selection(store, datasets)
        entry = self._entries.get(key)
        if entry is not None and entry[0] == signature:
            return entry[1]
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != signature:
                index = screening.load_index(store, key, cache=self.disk_cache)
                entry = (signature, index)
                self._entries[key] = entry
                self._entries.move_to_end(key)
                while len(self._entries) > self.keep:
                    self._entries.popitem(last=False)
            return entry[1]


class AppState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = StorePool(settings.store_url, settings.pool_size)
        self.indexes = IndexCache(settings.index_cache)

    def preload(self) -> None:
        with self.pool.borrow() as store:
            if store.current_versions():
                self.indexes.get(store)

    def resume(self) -> None:
        """At server start: do the screening a crashed process left owed
        (:meth:`dualwatch.monitor.Monitor.resume`)."""
        from dualwatch.monitor import Monitor

        with self.pool.borrow() as store:
            if store.pending_work().empty:
                return
            try:
                Monitor(store, lambda: self.indexes.get(store), actor="server start").resume()
            except (DualwatchError, HTTPException) as exc:  # e.g. no list loaded yet
                logging.getLogger(__name__).warning("screening owed not resumed: %s", exc)

    def close(self) -> None:
        self.pool.close()
