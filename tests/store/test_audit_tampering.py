"""Tampering with the audit log or the case tables is found, on both engines.

Each test builds a small real history (alerts, decisions, a reopened alert), anchors the log's
head outside the database, tampers as someone with write access to the database could, and
checks that verification names the divergence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualwatch.errors import AnchorError
from dualwatch.store import audit
from dualwatch.store.audit import Anchor
from dualwatch.store.monitoring import GENESIS, now, record_hash
from dualwatch.store.sql import SQLStore


def history(store: SQLStore) -> tuple[int, int]:
    first = store.save_alert("book", "cp-1", "un-1", "open", 0.91, {"query_name": "A"}, "h1", {},
                             "new match")
    second = store.save_alert("book", "cp-2", "un-2", "open", 0.72, {"query_name": "B"}, "h2",
                              {}, "new match")
    store.decide(first, "under_review", "alice", "checking the passport")
    store.decide(first, "confirmed", "bob", "same passport number")
    store.decide(second, "false_positive", "alice", "other date of birth")
    store.save_alert("book", "cp-2", "un-2", "open", 0.75, {"query_name": "B"}, "h3", {},
                     "raised again: the counterparty's data changed", second)
    store.audit("system", "screening", "portfolio:book", {"screened": 2})
    store.audit("system", "screening", "portfolio:book", {"screened": 0})
    return first, second


def anchored(store: SQLStore, tmp_path: Path) -> list[Anchor]:
    path = tmp_path / "anchors.jsonl"
    audit.append_anchor(path, audit.head(store.db, now()))
    return audit.read_anchors(path)


def test_an_untouched_log_verifies_with_its_anchor(store: SQLStore, tmp_path: Path) -> None:
    history(store)
    check = store.verify_audit(anchored(store, tmp_path))
    assert check.ok, check


def test_deleted_tail_records_are_found_by_the_anchor(store: SQLStore, tmp_path: Path) -> None:
    history(store)
    anchors = anchored(store, tmp_path)
    store.db.execute("DELETE FROM audit_log WHERE seq > ?", (anchors[0].seq - 2,))
    assert store.verify_audit().ok  # the chain alone cannot tell
    check = store.verify_audit(anchors)
    assert not check.ok and check.first_broken == anchors[0].seq
    assert "is missing" in str(check.reason)


def test_deleting_every_record_is_found(store: SQLStore, tmp_path: Path) -> None:
    history(store)
    anchors = anchored(store, tmp_path)
    store.db.execute("DELETE FROM audit_log")
    check = store.verify_audit()
    assert not check.ok and "decisions (2) differ from the audit log's (0)" in str(check.reason)
    assert not store.verify_audit(anchors).ok


def test_an_edited_decision_is_found(store: SQLStore) -> None:
    first, _ = history(store)
    store.db.execute("UPDATE decisions SET status='false_positive' WHERE alert_id=? AND "
                     "status='confirmed'", (first,))
    check = store.verify_audit()
    assert not check.ok and f"alert #{first}: its decisions" in str(check.reason)


def test_an_edited_alert_status_is_found(store: SQLStore) -> None:
    _, second = history(store)
    store.db.execute("UPDATE alerts SET status='false_positive' WHERE id=?", (second,))
    check = store.verify_audit()
    assert not check.ok
    assert check.reason == (f"alert #{second} is false_positive in the store but open by the "
                            "audit log: its status was changed outside the workflow")


def _rewrite_and_rehash(store: SQLStore, seq: int) -> None:
    rows = store.db.all("SELECT seq, at, actor, action, subject, payload FROM audit_log "
                        "ORDER BY seq")
    prev = GENESIS
    for number, at, actor, action, subject, payload in rows:
        if number == seq:
            payload = json.dumps({**json.loads(payload), "screened": 0})
        digest = record_hash(prev, at, actor, action, subject, payload)
        store.db.execute("UPDATE audit_log SET payload=?, prev_hash=?, hash=? WHERE seq=?",
                         (payload, prev, digest, number))
        prev = digest


def test_a_rewritten_and_rehashed_log_is_found_by_the_anchor(store: SQLStore,
                                                             tmp_path: Path) -> None:
    history(store)
    anchors = anchored(store, tmp_path)
    target = store.audit_records("portfolio:book")[0].seq
    _rewrite_and_rehash(store, target)
    assert store.verify_audit().ok  # chain and cases agree: only the anchor can tell
    check = store.verify_audit(anchors)
    assert not check.ok and "no longer has the hash anchored" in str(check.reason)


def test_a_signed_anchor_cannot_be_replaced(store: SQLStore, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(audit.KEY_VARIABLE, "a secret kept by the operator")
    history(store)
    path = tmp_path / "anchors.jsonl"
    audit.append_anchor(path, audit.head(store.db, now()))
    assert store.verify_audit(audit.read_anchors(path)).ok
    forged = json.loads(path.read_text())
    forged["hash"] = "0" * 64
    path.write_text(json.dumps(forged) + "\n")
    with pytest.raises(AnchorError, match="signature does not hold"):
        audit.read_anchors(path)
