"""Goods endpoints pass the goods library's answers through, behind the same keys."""

from __future__ import annotations

from tests.api.conftest import Api


def test_code_check_and_classification(api: Api) -> None:
    checked = api.client.get("/goods/codes/8542.31", headers=api.headers("viewer"))
    assert checked.status_code == 200, checked.text
    info = checked.json()
    assert info["hs6"] == "854231" and info["chpl_tier"]
    bad = api.client.get("/goods/codes/00", headers=api.headers("viewer"))
    assert bad.status_code == 400

    body = {"items": [{"description": "integrated circuits, processors",
                       "declared_hs": "8542.31"}], "top": 3}
    assert api.client.post("/goods/classify", json=body,
                           headers=api.headers("viewer")).status_code == 403
    result = api.client.post("/goods/classify", json=body, headers=api.headers("analyst"))
    assert result.status_code == 200, result.text
    (first,) = result.json()
    assert 1 <= len(first["candidates"]) <= 3
    assert first["declared"]["hs6"] == "854231"
