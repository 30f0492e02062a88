"""The store on PostgreSQL (``DUALWATCH_DB=postgresql://...``), for a team sharing one store."""

from __future__ import annotations

from dualwatch.store.db import PostgresDatabase
from dualwatch.store.sql import SQLStore


class PostgresStore(SQLStore):
    def __init__(self, url: str) -> None:
        super().__init__(PostgresDatabase(url))
