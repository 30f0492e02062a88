"""Portfolios, alerts, decisions and list loading through the API, with the audit log behind."""

from __future__ import annotations

from tests.api.conftest import Api

BOOK = {"counterparties": [
    {"id": "cp-1", "name": "Tekhnoprom LLC", "schema": "Company", "countries": ["ru"]},
    {"id": "cp-2", "name": "Globex Trading", "schema": "Company", "countries": ["ae"]},
    {"id": "cp-3", "name": "Acme Maschinenbau GmbH", "schema": "Company", "countries": ["de"]},
    {"id": "cp-4", "name": "AO Northwind Radioelectronics", "schema": "Company",
     "countries": ["ru"]},
]}


def test_portfolio_alert_and_decision_flow_records_the_key_owner(api: Api) -> None:
    analyst, viewer = api.headers("analyst"), api.headers("viewer")
    imported = api.client.post("/portfolios/book/counterparties", json=BOOK, headers=analyst)
    assert imported.status_code == 200, imported.text
    report = imported.json()
    assert report["screened"] == 4 and len(report["new_alerts"]) == 2
    assert api.client.get("/portfolios", headers=viewer).json() == [
        {"name": "book", "counterparties": 4}]
    again = api.client.post("/portfolios/book/counterparties", json=BOOK, headers=analyst).json()
    assert again["screened"] == 0, "unchanged counterparties are not screened again"

    alerts = api.client.get("/alerts", params={"portfolio": "book"}, headers=viewer).json()
    pairs = {(a["external_id"], a["entity_id"]) for a in alerts}
    assert pairs == {("cp-1", "test_sanctions-ts-1"), ("cp-2", "test_sanctions-ts-3")}
    globex = next(a for a in alerts if a["external_id"] == "cp-2")

    refused = api.client.post(f"/alerts/{globex['id']}/decisions", headers=viewer,
                              json={"status": "false_positive", "reason": "other firm"})
    assert refused.status_code == 403
    decided = api.client.post(f"/alerts/{globex['id']}/decisions", headers=analyst,
                              json={"status": "false_positive",
                                    "reason": "Globex Trading of Dubai: other address"})
    assert decided.status_code == 200, decided.text
    case = api.client.get(f"/alerts/{globex['id']}", headers=viewer).json()
    assert case["status"] == "false_positive"
    assert [(d["status"], d["reviewer"]) for d in case["decisions"]] == [
        ("false_positive", "analyst-owner")]

    not_allowed = api.client.post(f"/alerts/{globex['id']}/decisions", headers=analyst,
                                  json={"status": "confirmed", "reason": "changed my mind"})
    assert not_allowed.status_code == 409
    assert "can move to under_review, not confirmed" in not_allowed.json()["detail"]
    stale = api.client.post(f"/alerts/{globex['id']}/decisions", headers=analyst,
                            json={"status": "under_review", "reason": "second look",
                                  "expected_status": "open"})
    assert stale.status_code == 409
    assert "is false_positive now, not open" in stale.json()["detail"]
    blank = api.client.post(f"/alerts/{globex['id']}/decisions", headers=analyst,
                            json={"status": "under_review", "reason": "   "})
    assert blank.status_code == 400
    assert api.client.get("/alerts/999999", headers=viewer).status_code == 404

    decisions = [r for r in api.store.audit_records(subject=f"alert:{globex['id']}")
                 if r.action == "decision"]
    assert [(r.actor, r.payload["to"]) for r in decisions] == [
        ("analyst-owner", "false_positive")]
    imports = [r.actor for r in api.store.audit_records() if r.action == "portfolio_import"]
    assert imports == ["analyst-owner", "analyst-owner"]
    check = api.client.get("/audit/verify", headers=viewer).json()
    assert check["ok"] is True and check["records"] >= 6
    trail = api.client.get("/audit", params={"subject": f"alert:{globex['id']}"},
                           headers=viewer).json()
    assert trail[-1]["actor"] == "analyst-owner"


def test_admin_loads_a_new_list_version_which_rescreens_portfolios(api: Api) -> None:
    api.client.post("/portfolios/book/counterparties", json=BOOK, headers=api.headers("analyst"))
    admin = api.headers("admin")
    loaded = api.client.post("/lists/load", json={"path": "v2"}, headers=admin)
    assert loaded.status_code == 200, loaded.text
    (result,) = loaded.json()
    assert result["added"] == 1 and not result["unchanged"]
    assert result["version"]["dataset"] == "test_sanctions" and result["version"]["current"]
    new = [api.store.alert(a) for a in result["monitoring"]["new_alerts"]]
    assert [(a.external_id, a.entity_id) for a in new] == [("cp-4", "test_sanctions-ts-5")]
    assert result["monitoring"]["screened"] == 1

    body = {"queries": {"q": {"schema": "Company",
                              "properties": {"name": ["Northwind Radioelectronics"]}}}}
    found = api.client.post("/match/default", json=body, headers=api.headers("analyst")).json()
    assert found["responses"]["q"]["results"][0]["id"] == "test_sanctions-ts-5", \
        "the index follows the new list version"

    versions = api.client.get("/lists/test_sanctions/versions", headers=admin).json()
    assert len(versions) == 2
    again = api.client.post("/lists/load", json={"path": "v2/sanctions.ftm.json"},
                            headers=admin).json()
    assert again[0]["unchanged"] is True and again[0]["monitoring"] is None
    loads = [r for r in api.store.audit_records() if r.action == "list_load_requested"]
    assert [r.actor for r in loads] == ["admin-owner", "admin-owner"]


def test_list_paths_stay_inside_the_lists_folder(api: Api) -> None:
    admin = api.headers("admin")
    escape = api.client.post("/lists/load", json={"path": "../../../shared"}, headers=admin)
    assert escape.status_code == 400
    assert "inside the server's lists folder" in escape.json()["detail"]
    absolute = api.client.post("/lists/load", json={"path": "/etc/passwd"}, headers=admin)
    assert absolute.status_code == 400
    missing = api.client.post("/lists/load", json={"path": "v9"}, headers=admin)
    assert missing.status_code == 404
    bad_format = api.client.post("/lists/load", json={"path": "v2", "format": "nope"},
                                 headers=admin)
    assert bad_format.status_code == 422
