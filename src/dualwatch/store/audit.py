"""Checks that make the audit log hard to rewrite quietly.

The hash chain alone proves only that the records agree with each other: whoever can write to
the database can delete the last records, or rewrite one and recompute every later hash, and
the chain still holds; and a decision or an alert's status edited in its own table leaves the
chain untouched. So verification also

* compares the case tables with the log: every alert's status must be the one its audit
  records lead to, and every alert's decisions must be the log's decision records, in order;
* compares the log with *anchors* kept outside the database: ``dualwatch audit anchor`` appends
  the head (sequence number and hash) to a file the operator keeps elsewhere, signed with
  HMAC-SHA256 when ``DUALWATCH_AUDIT_KEY`` is set. Each anchored record must still be there with
  the same hash, so a deleted tail or a rewritten-and-rehashed log is found, and the report
  names the first anchor that no longer holds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from dualwatch.errors import AnchorError
from dualwatch.store.db import Database

KEY_VARIABLE = "DUALWATCH_AUDIT_KEY"


@dataclass(frozen=True)
class AuditCheck:
    ok: bool
    records: int
    first_broken: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Anchor:
    """The log's head at one moment: kept outside the database."""

    seq: int
    hash: str
    at: str
    hmac: str | None = None



def _key() -> bytes | None:
    key = os.environ.get(KEY_VARIABLE)
    return key.encode() if key else None


def _signature(key: bytes, seq: int, digest: str, at: str) -> str:
    return hmac.new(key, f"{seq}|{digest}|{at}".encode(), hashlib.sha256).hexdigest()


def head(db: Database, at: str) -> Anchor:
    """The last record of the log, as an anchor (signed when the key is set)."""
    row = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    if row is None:
        raise AnchorError("the audit log is empty: there is nothing to anchor yet")
    seq, digest = int(row[0]), str(row[1])
    key = _key()
    return Anchor(seq, digest, at, _signature(key, seq, digest, at) if key else None)


def append_anchor(path: Path, anchor: Anchor) -> None:
    """Add one line to the anchor file (JSON lines: the whole history of anchors)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(asdict(anchor), sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_anchors(path: Path) -> list[Anchor]:
    """The anchors in a file, each signature checked when the key is set."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AnchorError(f"{path}: cannot read the anchor file ({exc.strerror})") from exc
    key = _key()
    anchors: list[Anchor] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            anchor = Anchor(int(data["seq"]), str(data["hash"]), str(data["at"]),
                            data.get("hmac"))
        except (ValueError, KeyError, TypeError) as exc:
            raise AnchorError(f"{path}, line {number}: not an anchor ({exc})") from exc
        if key is not None:
            expected = _signature(key, anchor.seq, anchor.hash, anchor.at)
            if anchor.hmac is None or not hmac.compare_digest(anchor.hmac, expected):
                raise AnchorError(f"{path}, line {number}: the anchor's signature does not "
                                  f"hold with {KEY_VARIABLE}: the file was altered or the key "
                                  "differs")
        anchors.append(anchor)
    if not anchors:
        raise AnchorError(f"{path}: the anchor file holds no anchor")
    return anchors


def check_anchors(db: Database, anchors: list[Anchor], records: int) -> AuditCheck | None:
    """The first anchor the log no longer holds, as a failed check (None: all hold)."""
    last = db.one("SELECT MAX(seq) FROM audit_log")
    end = int(last[0]) if last and last[0] is not None else 0
    for anchor in sorted(anchors, key=lambda a: a.seq):
        row = db.one("SELECT hash FROM audit_log WHERE seq=?", (anchor.seq,))
        if row is None:
            return AuditCheck(False, records, anchor.seq,
                              f"record #{anchor.seq}, anchored on {anchor.at}, is missing (the "
                              f"log ends at #{end}): records were deleted")
        if row[0] != anchor.hash:
            return AuditCheck(False, records, anchor.seq,
                              f"record #{anchor.seq} no longer has the hash anchored on "
                              f"{anchor.at}: the log up to it was rewritten")
    return None


def _expected_statuses(db: Database) -> tuple[dict[int, str], dict[int, list[tuple[Any, ...]]]]:
    """Per alert: the status the log leads to, and the decisions it records."""
    status: dict[int, str] = {}
    decisions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    last = 0
    while True:
        rows = db.all("SELECT seq, actor, action, subject, payload FROM audit_log WHERE seq > ? "
                      "AND subject LIKE 'alert:%' ORDER BY seq LIMIT 5000", (last,))
        if not rows:
            return status, decisions
        for seq, actor, action, subject, payload in rows:
            last = seq
            try:
                alert_id = int(subject.split(":", 1)[1])
            except ValueError:
                continue
            body = json.loads(payload)
            if action == "decision":
                status[alert_id] = body["to"]
                decisions[alert_id].append((body["to"], actor, body.get("reason")))
            elif action == "alert_status":
                status[alert_id] = body["to"]
            elif action == "alert_reopened":
                status[alert_id] = "open"
            elif action == "alert_entry_removed" and "status" in body:
                status[alert_id] = body["status"]


def check_cases(db: Database, records: int) -> AuditCheck | None:
    """The first alert whose status or decisions differ from the log (None: all agree)."""
    status, logged = _expected_statuses(db)
    stored: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for alert_id, to, reviewer, reason in db.all(
            "SELECT alert_id, status, reviewer, reason FROM decisions ORDER BY id"):
        stored[int(alert_id)].append((to, reviewer, reason))
    for alert_id in sorted(stored.keys() | logged.keys()):
        if stored.get(alert_id, []) != logged.get(alert_id, []):
            return AuditCheck(False, records, None,
                              f"alert #{alert_id}: its decisions ({len(stored.get(alert_id, []))}) "
                              f"differ from the audit log's ({len(logged.get(alert_id, []))}): "
                              "the decisions table was edited")
    for alert_id, current in db.all("SELECT id, status FROM alerts ORDER BY id"):
        expected = status.get(int(alert_id), "open")
        if current != expected:
            return AuditCheck(False, records, None,
                              f"alert #{alert_id} is {current} in the store but {expected} by "
                              "the audit log: its status was changed outside the workflow")
    return None
