"""``POST /shipments/assess``: ranked shipments, and alerts for the high ones."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.risk.test_alerts import COLUMNS, ROWS


def test_api_assesses_shipments_and_raises_alerts(api: Api) -> None:
    shipments = [dict(zip(COLUMNS, row, strict=True)) for row in ROWS]
    shipments[0] = {**shipments[0], "importer": "Tekhnoprom LLC"}
    answer = api.client.post("/shipments/assess", headers=api.headers("analyst"),
                             json={"shipments": shipments, "portfolio": "trade"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["levels"]["high"] == 1 and body["rows"] == 2
    first = body["shipments"][0]
    assert first["id"] == "T1" and first["level"] == "high" and "listed_party" in first["flags"]
    assert len(body["alerts"]["new_alerts"]) == 1
    alert_id = body["alerts"]["new_alerts"][0]
    case = api.client.get(f"/alerts/{alert_id}", headers=api.headers("viewer"))
    assert case.status_code == 200
    assert case.json()["hit"]["shipment"]["id"] == "T1"


def test_api_refuses_shipments_for_a_viewer_and_too_many(api: Api) -> None:
    one = [dict(zip(COLUMNS, ROWS[0], strict=True))]
    assert api.client.post("/shipments/assess", headers=api.headers("viewer"),
                           json={"shipments": one}).status_code == 403
    many = api.client.post("/shipments/assess", headers=api.headers("analyst"),
                           json={"shipments": one * 10_001})
    assert many.status_code == 413 and "10,000" in many.text
