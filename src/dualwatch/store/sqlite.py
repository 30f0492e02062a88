"""The default store: one SQLite file, no server."""

from __future__ import annotations

from pathlib import Path

from dualwatch.store.db import BUSY_TIMEOUT_S, SQLiteDatabase
from dualwatch.store.sql import SQLStore


class SQLiteStore(SQLStore):
    def __init__(self, path: str | Path, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        super().__init__(SQLiteDatabase(self.path, busy_timeout))
