"""No request without a valid key reads or changes anything; each role does what it may."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api

MATCH = {"queries": {"q1": {"schema": "Company", "properties": {"name": ["Tekhnoprom"]}}}}


def protected_routes(api: Api) -> list[tuple[str, str]]:
    spec = api.client.get("/openapi.json").json()
    routes = []
    for path, operations in spec["paths"].items():
        for method in operations:
            if path != "/healthz":
                routes.append((method.upper(), path.replace("{", "").replace("}", "")))
    return routes


def test_every_route_but_health_refuses_a_request_without_key(api: Api) -> None:
    routes = protected_routes(api)
    assert len(routes) >= 15
    for method, path in routes:
        response = api.client.request(method, path, json={})
        assert response.status_code == 401, (method, path, response.text)
        assert "API key" in response.json()["detail"]
    assert api.client.get("/healthz").json() == {"status": "ok"}


def test_unknown_key_is_refused_and_changes_nothing(api: Api) -> None:
    before = len(api.store.audit_records())
    response = api.client.post("/portfolios/book/counterparties",
                               headers={"Authorization": "ApiKey dw_not-a-key"},
                               json={"counterparties": [{"id": "1", "name": "Tekhnoprom"}]})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "ApiKey"
    assert api.store.portfolios() == []
    added = api.store.audit_records(after=before)
    assert [(r.action, r.payload["reason"]) for r in added] == [("auth_failure",
                                                                  "unknown API key")]


@pytest.mark.parametrize("header", ["Authorization", "Bearer", "X-API-Key"])
def test_key_is_accepted_in_each_header_form(api: Api, header: str) -> None:
    key = api.keys["viewer"]
    headers = {"Authorization": f"ApiKey {key}", "Bearer": f"Bearer {key}",
               "X-API-Key": key}[header]
    sent = {"Authorization": headers} if header != "X-API-Key" else {"X-API-Key": headers}
    assert api.client.get("/lists", headers=sent).status_code == 200


def test_malformed_authorization_header_is_explained(api: Api) -> None:
    response = api.client.get("/lists", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401
    assert "ApiKey <key>" in response.json()["detail"]


def test_viewer_reads_but_does_not_screen(api: Api) -> None:
    viewer = api.headers("viewer")
    assert api.client.get("/lists", headers=viewer).status_code == 200
    assert api.client.get("/alerts", headers=viewer).status_code == 200
    refused = api.client.post("/match/default", headers=viewer, json=MATCH)
    assert refused.status_code == 403
    assert refused.json()["detail"] == ("this needs the analyst role; the key of 'viewer-owner' "
                                        "has the viewer role")


def test_analyst_screens_but_cannot_load_lists_or_manage_keys(api: Api) -> None:
    analyst = api.headers("analyst")
    assert api.client.post("/match/default", headers=analyst, json=MATCH).status_code == 200
    versions = len(api.store.versions())
    refused = api.client.post("/lists/load", headers=analyst, json={"path": "v2"})
    assert refused.status_code == 403
    assert len(api.store.versions()) == versions
    assert api.client.post("/keys", headers=analyst,
                           json={"owner": "mallory", "role": "admin"}).status_code == 403
    assert api.client.get("/keys", headers=analyst).status_code == 403


def test_admin_issues_and_revokes_keys(api: Api) -> None:
    admin = api.headers("admin")
    created = api.client.post("/keys", headers=admin, json={"owner": "carol", "role": "viewer"})
    assert created.status_code == 201
    key = created.json()["key"]
    carol = {"Authorization": f"Bearer {key}"}
    assert api.client.get("/lists", headers=carol).status_code == 200
    listed = api.client.get("/keys", headers=admin).json()
    assert any(k["owner"] == "carol" and k["role"] == "viewer" for k in listed)
    assert all("key" not in k for k in listed), "keys are never shown again"
    assert api.client.delete("/keys/carol", headers=admin).json() == {"owner": "carol",
                                                                      "revoked": 1}
    assert api.client.get("/lists", headers=carol).status_code == 401
    actions = [(r.actor, r.action) for r in api.store.audit_records()]
    assert ("admin-owner", "api_key_issued") in actions
    assert ("admin-owner", "api_key_revoked") in actions
