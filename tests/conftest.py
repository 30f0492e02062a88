"""Shared fixtures: stores on both engines, the bundled data, an isolated DUALWATCH_HOME."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dualwatch.store.sql import SQLStore
from dualwatch.store.sqlite import SQLiteStore

SHARED = Path("../shared")
LISTS = SHARED / "data" / "lists"
LISTS_EXTRA = SHARED / "data" / "lists-extra"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    from tests.postgres_server import PostgresServer

    try:
        server = PostgresServer()
    except (RuntimeError, OSError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server could be started here: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    """A fresh, empty store on each engine: the same tests run against both."""
    if request.param == "sqlite":
        opened: SQLStore = SQLiteStore(tmp_path / "store.sqlite")
    else:
        from dualwatch.store.postgres import PostgresStore

        server = request.getfixturevalue("postgres_server")
        opened = PostgresStore(server.create_database(f"t_{uuid.uuid4().hex[:12]}"))
    yield opened
    opened.close()


@pytest.fixture()
def dualwatch_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty DUALWATCH_HOME, so tests never touch the user's store."""
    home = tmp_path / "home"
    monkeypatch.setenv("DUALWATCH_HOME", str(home))
    monkeypatch.delenv("DUALWATCH_DB", raising=False)
    return home
