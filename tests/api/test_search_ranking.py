"""/search ranks by the matcher's score, on the real OFAC consolidated list."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dualwatch import lists
from dualwatch.api import create_app
from dualwatch.store.sqlite import SQLiteStore
from tests.conftest import LISTS


@pytest.mark.usefixtures("dualwatch_home")
def test_search_puts_the_best_match_first(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        list(lists.load_path(store, LISTS / "us_ofac_cons"))
        key = store.create_api_key("viewer-owner", "analyst")
        containing, _ = store.search_entities("sberbank")
    headers = {"Authorization": f"ApiKey {key}"}
    with TestClient(create_app(str(tmp_path / "s.sqlite"))) as client:
        found = client.get("/search", params={"q": "sberbank", "limit": 40},
                           headers=headers).json()
        matched = client.post("/match/default", json={"queries": {"q": {
            "schema": "Company", "properties": {"name": ["sberbank"]}}}},
            headers=headers).json()["responses"]["q"]["results"]
    captions = [r["caption"] for r in found["results"]]
    assert "INSURANCE" not in captions[0], captions[:3]
    best = matched[0]
    assert found["results"][0]["id"] in [best["id"], *best["referents"]]
    assert found["total"]["value"] >= containing, "entries containing the word are still found"
    assert any("INSURANCE" in c for c in captions)
