"""`POST /payments/screen`: the same decisions as the command line, alerts in their queue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualwatch import lists
from dualwatch.sources.registry import discover
from tests.api.conftest import Api

FIXTURES = Path("tests/fixtures/payments")
SDN = Path("../shared/data/lists/us_ofac_sdn")
# Real SDN entries the fixtures name: Sberbank, Alfa-Bank, OOO Transoil, ARTAVIL.
ENTRIES = ("17018", "34682", "16807", "15036")


def _load_sdn_entries(api: Api, folder: Path) -> None:
    if not SDN.exists():
        pytest.skip(f"bundled lists not found at {SDN}")
    wanted = [e for fmt, path in discover(SDN) for e in fmt.read(path).entities
              if e.source_id in ENTRIES]
    path = folder / "sdn_part.ftm.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({**e.to_ftm(), "id": e.source_id,
                                        "datasets": ["us_ofac_sdn"]}, ensure_ascii=False) + "\n"
                            for e in wanted), "utf-8")
    list(lists.load_path(api.store, path))


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_one_message_is_held_with_its_field_and_raised_in_the_payments_queue(
        api: Api, tmp_path: Path) -> None:
    _load_sdn_entries(api, tmp_path)
    answer = api.client.post("/payments/screen", headers=api.headers("analyst"),
                             json={"messages": [{"id": "mt710.txt", "text": _text("mt710.txt")}]})
    assert answer.status_code == 200, answer.text
    (decision,) = answer.json()["decisions"]
    assert decision["decision"] == "hold" and decision["ref"] == "DB-ADV-90812"
    reasons = [h["reason"] for h in decision["hits"]]
    assert "issuing bank BIC SABRRUMM = us_ofac_sdn:17018" in reasons
    queue = api.client.get("/alerts", params={"portfolio": "payments"},
                           headers=api.headers("viewer")).json()
    assert [a["external_id"] for a in queue] == ["DB-ADV-90812"]
    assert queue[0]["hit"]["payment"]["decision"] == "hold"


def test_a_batch_keeps_errors_in_place_and_releases_ordinary_payments(
        api: Api, tmp_path: Path) -> None:
    _load_sdn_entries(api, tmp_path)
    body = {"messages": [{"text": _text("malformed_mt.txt")}, {"text": _text("pain001.xml")}],
            "alerts": False}
    answer = api.client.post("/payments/screen", headers=api.headers("analyst"), json=body)
    assert answer.status_code == 200, answer.text
    decided = [(d["ref"], d["decision"]) for d in answer.json()["decisions"]]
    assert decided[:4] == [("#1", "error"), ("BADAMOUNT-2", "error"), ("GOOD-3", "release"),
                           ("BADBIC-4", "error")]
    assert decided[4] == ("PAIN-2024-06-11-01/RENT-2024-06", "release")
    assert "message 1, message #1, field '20'" in answer.json()["decisions"][0]["error"]
    assert api.client.get("/alerts", params={"portfolio": "payments"},
                          headers=api.headers("viewer")).json() == []


def test_viewers_may_not_screen_payments(api: Api) -> None:
    answer = api.client.post("/payments/screen", headers=api.headers("viewer"),
                             json={"messages": [{"text": _text("mt103.txt")}]})
    assert answer.status_code == 403
