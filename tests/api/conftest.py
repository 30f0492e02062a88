"""An API over a fresh store (SQLite and PostgreSQL) holding a small list and one key per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dualwatch import lists
from dualwatch.api import create_app
from dualwatch.store.sql import SQLStore
from dualwatch.store.sqlite import SQLiteStore

FIXTURES = Path("tests/fixtures/api")


def store_url(store: SQLStore) -> str:
    """The URL another connection opens the same store with."""
    if isinstance(store, SQLiteStore):
        return str(store.path)
    info = store.db.conn.info
    return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"


@dataclass
class Api:
    client: TestClient
    store: SQLStore
    keys: dict[str, str]  # role -> key

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"ApiKey {self.keys[role]}"}


@pytest.fixture()
def api(store: SQLStore, dualwatch_home: Path) -> Iterator[Api]:
    list(lists.load_path(store, FIXTURES / "v1"))
    keys = {role: store.create_api_key(f"{role}-owner", role)
            for role in ("viewer", "analyst", "admin")}
    app = create_app(store_url(store), lists_dir=FIXTURES, pool_size=4)
    with TestClient(app) as client:
        yield Api(client, store, keys)
