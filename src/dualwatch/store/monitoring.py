"""Portfolios, alerts with their case workflow, API keys and the hash-chained audit log, in SQL.

These tables hold what a compliance team decides, so every change is a transaction and every
change is written to the audit log in the same transaction: either both happen or neither.
The audit log is append-only and hash-chained (each record's hash covers the previous record's
hash), so :meth:`MonitoringTables.verify_audit` finds the first record altered or removed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dualwatch.errors import ConflictError, DualwatchError, NotFoundError, WorkflowError
from dualwatch.store.audit import Anchor, AuditCheck, check_anchors, check_cases
from dualwatch.store.db import Database
from dualwatch.store.work import WorkTables

MONITORING_DDL = """
CREATE TABLE IF NOT EXISTS audit_log (
    seq {serial_pk},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS portfolios (name TEXT PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counterparties (
    portfolio TEXT NOT NULL REFERENCES portfolios(name),
    external_id TEXT NOT NULL,
    data TEXT NOT NULL,
    hash TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (portfolio, external_id)
);
CREATE TABLE IF NOT EXISTS alerts (
    id {serial_pk},
    portfolio TEXT NOT NULL,
    external_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL NOT NULL,
    hit TEXT NOT NULL,
    counterparty_hash TEXT NOT NULL,
    entry_hashes TEXT NOT NULL,
    raised_because TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (portfolio, external_id, entity_id)
);
CREATE TABLE IF NOT EXISTS decisions (
    id {serial_pk},
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    status TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    key_hash TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL
)
"""

GENESIS = "0" * 64
STATUSES = ("open", "under_review", "confirmed", "false_positive", "escalated")
CLOSED = ("confirmed", "false_positive")
# Which decision may follow which status; reopening a closed case is the monitor's job, on change.
TRANSITIONS = {
    "open": {"under_review", "confirmed", "false_positive", "escalated"},
    "under_review": {"confirmed", "false_positive", "escalated", "open"},
    "escalated": {"under_review", "confirmed", "false_positive"},
    "confirmed": {"under_review"},
    "false_positive": {"under_review"},
}
ROLES = ("viewer", "analyst", "admin")




def now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="microseconds")


def _canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_hash(prev_hash: str, at: str, actor: str, action: str, subject: str,
                payload: str) -> str:
    raw = _canonical([prev_hash, at, actor, action, subject, payload])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass
class Alert:
    id: int
    portfolio: str
    external_id: str
    entity_id: str
    status: str
    score: float
    hit: dict[str, Any]
    counterparty_hash: str
    entry_hashes: dict[str, str]
    raised_because: str
    created_at: str
    updated_at: str
    decisions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ApiKey:
    owner: str
    role: str


@dataclass(frozen=True)
class KeyInfo:
    owner: str
    role: str
    created_at: str
    fingerprint: str  # the first characters of the key's hash, to tell one owner's keys apart


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_fingerprint(key: str) -> str:
    return key_hash(key)[:12]


class MonitoringTables(WorkTables):
    """Mixed into the SQL store: everything here runs on its ``db``."""

    db: Database

    # -- audit log -----------------------------------------------------------------------------

    def audit(self, actor: str, action: str, subject: str, payload: dict[str, Any]) -> str:
        """Append one record to the chain (inside the caller's transaction, if any)."""
        with self.db.transaction():
            self.db.lock("audit_log")
            last = self.db.one("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            prev = last[0] if last else GENESIS
            at = now()
            body = _canonical(payload)
            digest = record_hash(prev, at, actor, action, subject, body)
            self.db.execute("INSERT INTO audit_log (at, actor, action, subject, payload, "
                            "prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
                            (at, actor, action, subject, body, prev, digest))
        return digest

    def audit_records(self, subject: str | None = None, limit: int = 1000,
                      after: int = 0, newest_first: bool = False) -> list[AuditRecord]:
        """Records after ``after`` in chain order, or the ``limit`` newest, newest first."""
        sql = ("SELECT seq, at, actor, action, subject, payload, prev_hash, hash FROM audit_log "
               "WHERE seq > ?")
        args: list[Any] = [after]
        if subject is not None:
            sql += " AND subject = ?"
            args.append(subject)
        order = " ORDER BY seq DESC LIMIT ?" if newest_first else " ORDER BY seq LIMIT ?"
        rows = self.db.all(sql + order, [*args, limit])
        return [AuditRecord(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7])
                for r in rows]

    def verify_audit(self, anchors: list[Anchor] | None = None) -> AuditCheck:
        """Recompute the chain, then compare the case tables and the given anchors with it
        (:mod:`dualwatch.store.audit`); report the first divergence found."""
        chain = self._verify_chain()
        if not chain.ok:
            return chain
        return (check_cases(self.db, chain.records)
                or (check_anchors(self.db, anchors, chain.records) if anchors else None)
                or chain)

    def _verify_chain(self) -> AuditCheck:
        """Report the first record whose hash or link does not hold."""
        prev = GENESIS
        count = 0
        last_seq = 0
        while True:
            rows = self.db.all("SELECT seq, at, actor, action, subject, payload, prev_hash, hash "
                               "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 5000",
                               (last_seq,))
            if not rows:
                return AuditCheck(True, count)
            for seq, at, actor, action, subject, payload, prev_hash, digest in rows:
                if prev_hash != prev:
                    return AuditCheck(False, count, seq, "link to the previous record broken "
                                      "(a record before it was removed or altered)")
                if record_hash(prev_hash, at, actor, action, subject, payload) != digest:
                    return AuditCheck(False, count, seq, "record content altered")
                prev = digest
                count += 1
                last_seq = seq

    # -- portfolios ----------------------------------------------------------------------------

    def ensure_portfolio(self, name: str) -> None:
        self.db.execute("INSERT INTO portfolios VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (name, now()))

    def portfolios(self) -> list[tuple[str, int]]:
        rows = self.db.all("SELECT p.name, COUNT(c.external_id) FROM portfolios p "
                           "LEFT JOIN counterparties c ON c.portfolio = p.name "
                           "GROUP BY p.name ORDER BY p.name")
        return [(r[0], int(r[1])) for r in rows]

    def counterparties(self, portfolio: str,
                       ids: list[str] | None = None) -> list[tuple[str, dict[str, Any], str]]:
        """(external id, data, content hash) of a portfolio's counterparties."""
        if ids is None:
            rows = self.db.all("SELECT external_id, data, hash FROM counterparties "
                               "WHERE portfolio=? ORDER BY external_id", (portfolio,))
        else:
            rows = []
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows += self.db.all("SELECT external_id, data, hash FROM counterparties WHERE "
                                    f"portfolio=? AND external_id IN ({marks})",
                                    (portfolio, *chunk))
        return [(r[0], json.loads(r[1]), r[2]) for r in rows]

    def upsert_counterparties(self, portfolio: str, items: list[tuple[str, dict[str, Any]]],
                              reason: str = "counterparty added or changed") -> list[str]:
        """Add or update counterparties; returns the ids that are new or changed.

        Those are queued for screening in the same transaction, so a crash after the commit
        leaves them to screen rather than "unchanged" and never screened.
        """
        touched: list[str] = []
        with self.db.transaction():
            self.ensure_portfolio(portfolio)
            existing = {eid: digest for eid, _, digest in self.counterparties(portfolio)}
            stamp = now()
            rows = []
            for external_id, data in items:
                body = _canonical(data)
                digest = hashlib.sha1(body.encode()).hexdigest()
                if existing.get(external_id) == digest:
                    continue
                touched.append(external_id)
                rows.append((portfolio, external_id, body, digest, stamp))
            self.db.executemany(
                "INSERT INTO counterparties VALUES (?,?,?,?,?) ON CONFLICT (portfolio, "
                "external_id) DO UPDATE SET data=excluded.data, hash=excluded.hash, "
                "updated_at=excluded.updated_at", rows)
            self.queue_counterparties(portfolio, [(r[1], r[3]) for r in rows], reason, stamp)
        return touched

    # -- alerts and cases ----------------------------------------------------------------------

    _ALERT_COLUMNS = ("id, portfolio, external_id, entity_id, status, score, hit, "
                      "counterparty_hash, entry_hashes, raised_because, created_at, updated_at")

    def _alert(self, row: tuple[Any, ...]) -> Alert:
        return Alert(row[0], row[1], row[2], row[3], row[4], float(row[5]), json.loads(row[6]),
                     row[7], json.loads(row[8]), row[9], row[10], row[11])

    def find_alert(self, portfolio: str, external_id: str, entity_id: str) -> Alert | None:
        row = self.db.one(f"SELECT {self._ALERT_COLUMNS} FROM alerts WHERE portfolio=? AND "
                          "external_id=? AND entity_id=?", (portfolio, external_id, entity_id))
        return self._alert(row) if row else None

    def alert(self, alert_id: int) -> Alert:
        row = self.db.one(f"SELECT {self._ALERT_COLUMNS} FROM alerts WHERE id=?", (alert_id,))
        if row is None:
            raise NotFoundError(f"no alert #{alert_id}")
        alert = self._alert(row)
        alert.decisions = [
            {"status": r[0], "reviewer": r[1], "reason": r[2], "at": r[3]}
            for r in self.db.all("SELECT status, reviewer, reason, at FROM decisions "
                                 "WHERE alert_id=? ORDER BY id", (alert_id,))]
        return alert

    def alerts(self, portfolio: str | None = None, status: str | None = None,
               min_score: float = 0.0, dataset: str | None = None,
               limit: int = 500, offset: int = 0) -> list[Alert]:
        sql = f"SELECT {self._ALERT_COLUMNS} FROM alerts WHERE score >= ?"
        args: list[Any] = [min_score]
        if portfolio is not None:
            sql += " AND portfolio = ?"
            args.append(portfolio)
        if status is not None:
            sql += " AND status = ?"
            args.append(status)
        if dataset is not None:
            sql += " AND hit LIKE ?"
            args.append(f"%{dataset}:%")
        sql += " ORDER BY score DESC, id LIMIT ? OFFSET ?"
        return [self._alert(r) for r in self.db.all(sql, [*args, limit, offset])]

    def save_alert(self, portfolio: str, external_id: str, entity_id: str, status: str,
                   score: float, hit: dict[str, Any], counterparty_hash: str,
                   entry_hashes: dict[str, str], raised_because: str,
                   alert_id: int | None = None) -> int:
        """Create or update an alert; a status other than the one it had (or, new, other than
        open) is audited in the same transaction, so the log accounts for every status."""
        stamp = now()
        with self.db.transaction():
            if alert_id is None:
                row = self.db.one(
                    "INSERT INTO alerts (portfolio, external_id, entity_id, status, score, hit, "
                    "counterparty_hash, entry_hashes, raised_because, created_at, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                    (portfolio, external_id, entity_id, status, score, _canonical(hit),
                     counterparty_hash, _canonical(entry_hashes), raised_because, stamp, stamp))
                assert row is not None
                if status != "open":
                    self.audit("system", "alert_status", f"alert:{row[0]}",
                               {"from": None, "to": status, "because": raised_because})
                return int(row[0])
            before = self.db.one("SELECT status FROM alerts WHERE id=?", (alert_id,))
            if before is not None and before[0] != status:
                self.audit("system", "alert_status", f"alert:{alert_id}",
                           {"from": before[0], "to": status, "because": raised_because})
            self.db.execute(
                "UPDATE alerts SET status=?, score=?, hit=?, counterparty_hash=?, "
                "entry_hashes=?, raised_because=?, updated_at=? WHERE id=?",
                (status, score, _canonical(hit), counterparty_hash, _canonical(entry_hashes),
                 raised_because, stamp, alert_id))
        return alert_id

    def decide(self, alert_id: int, status: str, reviewer: str, reason: str,
               expected: str | None = None) -> Alert:
        """Record a reviewer's decision on a case; the workflow and the audit log apply.

        The status changes by compare-and-set: the update applies only if the alert still has
        the status the decision was checked against (and, with ``expected``, the status the
        reviewer saw). Of concurrent decisions one wins; the others get :class:`ConflictError`,
        and the audit record's "from" is always the status actually replaced.
        """
        if status not in STATUSES:
            raise WorkflowError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        if not reason.strip():
            raise WorkflowError("a decision needs a reason")
        with self.db.transaction():
            alert = self.alert(alert_id)
            if expected is not None and alert.status != expected:
                raise ConflictError(f"alert #{alert_id} is {alert.status} now, not {expected}: "
                                    "someone decided meanwhile; reload it and decide again")
            if status not in TRANSITIONS[alert.status]:
                allowed = ", ".join(sorted(TRANSITIONS[alert.status]))
                raise WorkflowError(f"alert #{alert_id} is {alert.status}; it can move to "
                                    f"{allowed}, not {status}")
            stamp = now()
            changed = self.db.execute("UPDATE alerts SET status=?, updated_at=? "
                                      "WHERE id=? AND status=?",
                                      (status, stamp, alert_id, alert.status)).rowcount
            if changed != 1:
                raise ConflictError(f"alert #{alert_id} changed while deciding: someone decided "
                                    "meanwhile; reload it and decide again")
            self.db.execute("INSERT INTO decisions (alert_id, status, reviewer, reason, at) "
                            "VALUES (?,?,?,?,?)", (alert_id, status, reviewer, reason, stamp))
            self.audit(reviewer, "decision", f"alert:{alert_id}",
                       {"from": alert.status, "to": status, "reason": reason,
                        "portfolio": alert.portfolio, "counterparty": alert.external_id,
                        "entity_id": alert.entity_id})
        return self.alert(alert_id)

    # -- API keys ------------------------------------------------------------------------------

    def create_api_key(self, owner: str, role: str, actor: str = "admin") -> str:
        """A new key for ``owner``; only its hash is stored, so it is shown once."""
        if role not in ROLES:
            raise DualwatchError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
        key = "dw_" + secrets.token_urlsafe(24)
        with self.db.transaction():
            self.db.execute("INSERT INTO api_keys VALUES (?,?,?,?)",
                            (key_hash(key), owner, role, now()))
            self.audit(actor, "api_key_issued", f"key:{owner}", {"owner": owner, "role": role})
        return key

    def api_key(self, key: str) -> ApiKey | None:
        row = self.db.one("SELECT owner, role FROM api_keys WHERE key_hash=?", (key_hash(key),))
        return ApiKey(row[0], row[1]) if row else None

    def list_api_keys(self) -> list[KeyInfo]:
        rows = self.db.all("SELECT owner, role, created_at, key_hash FROM api_keys "
                           "ORDER BY owner, created_at")
        return [KeyInfo(r[0], r[1], r[2], r[3][:12]) for r in rows]

    def revoke_api_keys(self, owner: str, actor: str) -> int:
        """Delete every key of ``owner``; returns how many there were."""
        with self.db.transaction():
            rows = self.db.all("SELECT key_hash FROM api_keys WHERE owner=?", (owner,))
            if rows:
                self.db.execute("DELETE FROM api_keys WHERE owner=?", (owner,))
                self.audit(actor, "api_key_revoked", f"key:{owner}",
                           {"owner": owner, "keys": len(rows)})
        return len(rows)
