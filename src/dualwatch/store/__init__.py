"""Where dualwatch keeps list versions (and, later, cases and the audit log).

``open_store()`` picks the backend from ``$DUALWATCH_DB`` (a path, ``sqlite:///path`` or a
``postgresql://`` URL); by default a SQLite file in ``$DUALWATCH_HOME`` or the user's data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from dualwatch.store.base import Diff, EntityChange, ListVersion, LoadResult, Store
from dualwatch.store.sql import SQLStore
from dualwatch.store.sqlite import SQLiteStore

__all__ = ["Diff", "EntityChange", "ListVersion", "LoadResult", "SQLStore", "Store", "home",
           "open_store"]


def home() -> Path:
    """The folder for the store, downloads and caches."""
    explicit = os.environ.get("DUALWATCH_HOME")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "dualwatch"


def open_store(url: str | None = None) -> SQLStore:
    url = url or os.environ.get("DUALWATCH_DB")
    if not url:
        return SQLiteStore(home() / "dualwatch.sqlite")
    if url.startswith(("postgresql://", "postgres://")):
        from dualwatch.store.postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    return SQLiteStore(Path(url).expanduser())
