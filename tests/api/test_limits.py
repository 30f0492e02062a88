"""Oversized or malformed input gets a clear 4xx and leaves the store as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator

from tests.api.conftest import Api

PERSON = {"schema": "Person", "properties": {"name": ["Ivan Sidorov"]}}


def test_too_many_queries_is_413_naming_the_limit(api: Api) -> None:
    body = {"queries": {f"q{i}": PERSON for i in range(1_001)}}
    response = api.client.post("/match/default", json=body, headers=api.headers("analyst"))
    assert response.status_code == 413
    assert response.json()["detail"] == ("too many queries in one request: 1,001; the limit is "
                                          "1,000 — split the batch")
    screen = {"queries": [{"name": "x"}] * 1_001}
    assert api.client.post("/screen", json=screen,
                           headers=api.headers("analyst")).status_code == 413


def test_body_over_10_mb_is_413_announced_or_streamed(api: Api) -> None:
    big = json.dumps({"counterparties": [{"id": str(i), "name": "x" * 400}
                                         for i in range(30_000)]}).encode()
    assert len(big) > 10 * 1024 * 1024
    headers = {**api.headers("analyst"), "Content-Type": "application/json"}
    announced = api.client.post("/portfolios/big/counterparties", content=big, headers=headers)
    assert announced.status_code == 413
    assert "the limit is 10 MB" in announced.json()["detail"]

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 1 << 20):
            yield big[start:start + (1 << 20)]

    streamed = api.client.post("/portfolios/big/counterparties", content=chunks(),
                               headers=headers)
    assert streamed.status_code == 413
    assert api.store.portfolios() == []


def test_long_strings_and_control_characters_are_422(api: Api) -> None:
    analyst = api.headers("analyst")
    long_name = {"queries": {"q": {"schema": "Person", "properties": {"name": ["x" * 1_001]}}}}
    response = api.client.post("/match/default", json=long_name, headers=analyst)
    assert response.status_code == 422
    assert "at most 1000 characters" in json.dumps(response.json())
    nul = {"counterparties": [{"id": "1", "name": "Tekhno\u0000prom"}]}
    assert api.client.post("/portfolios/book/counterparties", json=nul,
                           headers=analyst).status_code == 422
    surrogate = b'{"counterparties": [{"id": "1", "name": "\\ud800"}]}'
    assert api.client.post("/portfolios/book/counterparties", content=surrogate,
                           headers={**analyst, "Content-Type": "application/json"}
                           ).status_code == 422
    assert api.store.portfolios() == []


def test_malformed_bodies_and_parameters_are_4xx(api: Api) -> None:
    analyst = api.headers("analyst")
    broken = api.client.post("/match/default", content=b'{"queries": {',
                             headers={**analyst, "Content-Type": "application/json"})
    assert broken.status_code == 422
    wrong_schema = {"queries": {"q": {"schema": "Tank", "properties": {"name": ["T-90"]}}}}
    assert api.client.post("/match/default", json=wrong_schema,
                           headers=analyst).status_code == 422
    assert api.client.get("/alerts/99999999999999999999",
                          headers=analyst).status_code == 422
    assert api.client.get("/alerts", params={"min_score": "nan"},
                          headers=analyst).status_code == 422
    assert api.client.post("/match/default", params={"limit": 100_000}, json={"queries": {}},
                           headers=analyst).status_code == 422
    unknown_schema = {"queries": [{"name": "Tekhnoprom", "schema": "Tank"}]}
    assert api.client.post("/screen", json=unknown_schema, headers=analyst).status_code == 422
    blank = api.client.post("/screen", json={"queries": [{"name": "  "}]}, headers=analyst)
    assert blank.status_code == 400
    assert blank.json()["detail"] == "queries[0].name: empty name"
    duplicate = {"counterparties": [{"id": "1", "name": "A"}, {"id": "1", "name": "B"}]}
    response = api.client.post("/portfolios/book/counterparties", json=duplicate,
                               headers=analyst)
    assert response.status_code == 400 and "occurs twice" in response.json()["detail"]
    assert api.store.portfolios() == []


def test_screen_batch_returns_hits_with_their_sources(api: Api) -> None:
    body = {"queries": [{"id": "a", "name": "Tekhnoprom LLC", "schema": "Company",
                         "countries": ["ru"]},
                        {"name": "Maria Gonzalez", "schema": "Person"}],
            "lists": ["test_sanctions"]}
    result = api.client.post("/screen", json=body, headers=api.headers("analyst")).json()
    assert result["lists"] == ["test_sanctions"]
    first, second = result["results"]
    assert first["query_id"] == "a"
    assert first["hits"][0]["sources"] == ["test_sanctions:ts-1"]
    assert {f["name"] for f in first["hits"][0]["features"]} >= {"cover_min", "country"}
    assert second == {"query_id": "1", "query_name": "Maria Gonzalez", "hits": []}


def test_screen_hits_name_their_measures_and_can_be_filtered_by_them(api: Api) -> None:
    body = {"queries": [{"id": "a", "name": "Tekhnoprom LLC", "schema": "Company"}],
            "lists": ["test_sanctions"]}
    analyst = api.headers("analyst")
    hit = api.client.post("/screen", json=body, headers=analyst).json()["results"][0]["hits"][0]
    assert hit["measures"] == ["other"]  # a list the measures table does not know
    assert hit["listings"] and hit["listings"][0].startswith("test_sanctions")
    only_exports = api.client.post("/screen", json={**body, "measures": ["export-control"]},
                                   headers=analyst).json()
    assert only_exports["results"][0]["hits"] == []
    wrong = api.client.post("/screen", json={**body, "measures": ["export-controls"]},
                            headers=analyst)
    assert wrong.status_code == 400 and "export-control" in wrong.json()["detail"]
