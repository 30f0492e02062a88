"""The API refuses before it reads: no key, no body parsing; guessing keys is throttled and
audited; a symlink cannot lead a list load out of the lists folder; every answer carries the
browser-hardening headers."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from dualwatch.api import create_app
from dualwatch.store.sessions import MAX_FAILURES
from tests.api.conftest import Api, store_url

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lists"


def test_a_body_without_a_valid_key_is_refused_unread(api: Api) -> None:
    for body in (b"{not json", b'{"queries": {"q": {"properties": {"name": [[[[["x"]]]]]}}}}'):
        missing = api.client.post("/match/default", content=body,
                                  headers={"Content-Type": "application/json"})
        assert missing.status_code == 401, missing.text
        unknown = api.client.post("/match/default", content=body,
                                  headers={"Content-Type": "application/json",
                                           "X-API-Key": "dw_not_a_key"})
        assert unknown.status_code == 401, unknown.text
    malformed = api.client.post("/match/default", content=b"{not json",
                                headers={**api.headers("viewer"),
                                         "Content-Type": "application/json"})
    assert malformed.status_code in (400, 422)  # with a key, the body is judged


def test_guessing_keys_is_throttled_and_audited(api: Api) -> None:
    for _ in range(MAX_FAILURES):
        assert api.client.get("/lists", headers={"X-API-Key": "dw_guess"}).status_code == 401
    throttled = api.client.get("/lists", headers=api.headers("viewer"))
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "900"
    failures = [r for r in api.store.audit_records(limit=10_000) if r.action == "auth_failure"]
    assert len(failures) == MAX_FAILURES
    assert "dw_guess" not in str([r.payload for r in failures])


def test_hardening_headers_on_every_answer(api: Api) -> None:
    for response in (api.client.get("/healthz"), api.client.get("/lists"),
                     api.client.get("/web/login")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_symlink_out_of_the_lists_folder_is_refused(api: Api, tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    (folder / "un").mkdir(parents=True)
    (folder / "un" / "consolidated.xml").symlink_to((SHARED / "un_sc" /
                                                     "consolidated.xml").resolve())
    app = create_app(store_url(api.store), lists_dir=folder)
    with TestClient(app) as client:
        for path in ("un", "un/consolidated.xml"):
            refused = client.post("/lists/load", json={"path": path},
                                  headers=api.headers("admin"))
            assert refused.status_code == 400, refused.text
            assert "the server's lists folder" in refused.json()["detail"]
    assert "un_sc_sanctions" not in {v.dataset for v in api.store.current_versions()}


def test_true_or_false_is_no_threshold(api: Api) -> None:
    body = {"queries": [{"id": "1", "name": "Tekhnoprom"}]}
    for value in (False, True):
        refused = api.client.post("/screen", json={**body, "threshold": value},
                                  headers=api.headers("analyst"))
        assert refused.status_code == 422, refused.text
    assert api.client.post("/screen", json={**body, "threshold": 1},
                           headers=api.headers("analyst")).status_code == 200
