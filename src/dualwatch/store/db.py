"""One SQL database behind the store, SQLite or PostgreSQL, with the differences in one place.

The store's SQL is written once, with ``?`` placeholders and constructs both engines accept
(``INSERT ... ON CONFLICT DO NOTHING``, ``RETURNING id``). The few differences — placeholder style,
auto-increment keys, how a write transaction starts, the JSON column type — are the dialect's.
Connections run in autocommit mode with explicit transactions, so every multi-statement change is
all-or-nothing on both engines.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dualwatch.errors import StoreError

Row = tuple[Any, ...]


class Database:
    """A connection plus the dialect's few differences."""

    kind: str = "sqlite"
    serial_pk: str = "INTEGER PRIMARY KEY AUTOINCREMENT"
    begin_write: str = "BEGIN IMMEDIATE"

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._depth = 0

    def sql(self, statement: str) -> str:
        return statement

    def ddl(self, script: str) -> str:
        return script.replace("{serial_pk}", self.serial_pk)

    def execute(self, statement: str, args: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(self.sql(statement), tuple(args))
        except Exception as exc:
            if isinstance(exc, StoreError):
                raise
            if self._is_db_error(exc):
                raise StoreError(f"database error: {exc}") from exc
            raise

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            cur = self.conn.cursor()
            cur.executemany(self.sql(statement), [tuple(r) for r in rows])

    def all(self, statement: str, args: Sequence[Any] = ()) -> list[Row]:
        return [tuple(r) for r in self.execute(statement, args).fetchall()]

    def one(self, statement: str, args: Sequence[Any] = ()) -> Row | None:
        row = self.execute(statement, args).fetchone()
        return tuple(row) if row is not None else None

    def script(self, script: str) -> None:
        for statement in self.ddl(script).split(";"):
            if statement.strip():
                self.conn.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction; nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute(self.begin_write)
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def lock(self, table: str) -> None:
        """Serialise writers of ``table`` until the transaction ends (SQLite: already so)."""

    @staticmethod
    def _is_db_error(exc: Exception) -> bool:
        return isinstance(exc, sqlite3.Error)


# How long a writer waits for another's transaction before "database is locked". Write
# transactions are short (a list load stages its entities in batches), so waiting is rare.
BUSY_TIMEOUT_S = 60.0


class SQLiteDatabase(Database):
    """SQLite in WAL mode: readers never wait for the writer, writers queue for the lock."""

    def __init__(self, path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        super().__init__(conn)
        self.path = path


_PLACEHOLDER = re.compile(r"\?")


class PostgresDatabase(Database):
    kind = "postgresql"
    serial_pk = "BIGSERIAL PRIMARY KEY"
    begin_write = "BEGIN"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError("PostgreSQL needs the psycopg package: "
                             "pip install 'dualwatch[postgres]'") from exc
        try:
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL ({exc})") from exc
        super().__init__(conn)

    def sql(self, statement: str) -> str:
        return _PLACEHOLDER.sub("%s", statement.replace("%", "%%"))

    def lock(self, table: str) -> None:
        self.conn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")

    def script(self, script: str) -> None:
        # Concurrent first starts may both try to create the tables; serialise them.
        self.conn.execute("SELECT pg_advisory_lock(4242)")
        try:
            for statement in self.ddl(script).split(";"):
                if statement.strip():
                    self.conn.execute(statement)
        finally:
            self.conn.execute("SELECT pg_advisory_unlock(4242)")

    @staticmethod
    def _is_db_error(exc: Exception) -> bool:
        try:
            import psycopg
        except ImportError:
            return False
        return isinstance(exc, psycopg.Error)
