"""Concurrent decisions on one alert, each client on its own connection, on both engines.

Eight clients decide each of twenty open alerts at once. With the status they saw sent along,
exactly one decision per alert applies and the others are refused as conflicts; without it, the
decisions that apply form a chain the workflow allows, and every audit record's "from" is the
status actually replaced.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dualwatch.errors import ConflictError, WorkflowError
from dualwatch.store import open_store
from dualwatch.store.monitoring import TRANSITIONS
from dualwatch.store.sql import SQLStore

CLIENTS = 8
ALERTS = 20
CHOICES = ("escalated", "false_positive", "confirmed", "under_review")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        yield server.create_database(f"d_{uuid.uuid4().hex[:12]}")


def _open_alerts(store: SQLStore) -> list[int]:
    return [store.save_alert("book", f"cp-{i}", "un-1", "open", 0.9, {"query_name": "x"},
                             "h", {}, "new match") for i in range(ALERTS)]


def _race(url: str, ids: list[int], expect: bool) -> list[tuple[int, str, str]]:
    """Every client decides every alert at once; returns (alert, status, outcome) triples."""
    outcomes: list[tuple[int, str, str]] = []
    barrier = threading.Barrier(CLIENTS)
    lock = threading.Lock()

    def client(n: int) -> None:
        with open_store(url) as store:
            for alert_id in ids:
                status = CHOICES[(n + alert_id) % len(CHOICES)]
                barrier.wait()
                try:
                    store.decide(alert_id, status, f"reviewer-{n}", "checked the evidence",
                                 "open" if expect else None)
                    outcome = "applied"
                except ConflictError:
                    outcome = "conflict"
                except WorkflowError:
                    outcome = "refused"
                with lock:
                    outcomes.append((alert_id, status, outcome))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes


def _chain_holds(store: SQLStore, alert_id: int) -> None:
    status = "open"
    for record in store.audit_records(f"alert:{alert_id}"):
        if record.action != "decision":
            continue
        assert record.payload["from"] == status, record
        assert record.payload["to"] in TRANSITIONS[status], record
        status = record.payload["to"]
    assert store.alert(alert_id).status == status


def test_with_the_status_seen_exactly_one_decision_applies(url: str) -> None:
    with open_store(url) as store:
        ids = _open_alerts(store)
    outcomes = _race(url, ids, expect=True)
    assert len(outcomes) == CLIENTS * ALERTS
    with open_store(url) as store:
        for alert_id in ids:
            applied = [o for o in outcomes if o[0] == alert_id and o[2] == "applied"]
            assert len(applied) == 1, outcomes
            alert = store.alert(alert_id)
            assert [d["status"] for d in alert.decisions] == [applied[0][1]]
            assert alert.status == applied[0][1]
            _chain_holds(store, alert_id)
        assert store.verify_audit().ok


def test_without_it_applied_decisions_follow_the_workflow(url: str) -> None:
    with open_store(url) as store:
        ids = _open_alerts(store)
    outcomes = _race(url, ids, expect=False)
    with open_store(url) as store:
        for alert_id in ids:
            applied = [o for o in outcomes if o[0] == alert_id and o[2] == "applied"]
            assert len(store.alert(alert_id).decisions) == len(applied) >= 1
            _chain_holds(store, alert_id)
