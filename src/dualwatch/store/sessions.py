"""Web sessions and failed sign-ins, kept in the store so that they can be ended and counted.

A signed cookie alone cannot be revoked: a copy keeps working until it expires. So the cookie
carries only a random session id; the session (owner, role, key fingerprint, form token, expiry)
is a row here, deleted at logout, so a copied cookie dies with it. Failed logins and unknown API
keys are counted per client address over a sliding window: past a limit the address is refused
for a while, and every failure is audited (without the key presented).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dualwatch.store.db import Database

SESSIONS_DDL = """
CREATE TABLE IF NOT EXISTS web_sessions (
    id_hash TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    role TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_failures (
    client TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_failures_client ON auth_failures(client, at)
"""

# Failures from one client address allowed within the window; beyond, it waits for the window.
MAX_FAILURES = 10
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Session:
    owner: str
    role: str
    fingerprint: str
    csrf: str


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class SessionTables:
    """Mixed into the SQL store."""

    db: Database

    def audit(self, actor: str, action: str, subject: str, payload: dict[str, Any]) -> str:
        raise NotImplementedError

    def start_session(self, owner: str, role: str, fingerprint: str, lifetime: timedelta) -> str:
        """A new session; returns its id (only its hash is stored)."""
        session_id = secrets.token_urlsafe(32)
        now = datetime.now(tz=UTC)
        with self.db.transaction():
            self.db.execute("DELETE FROM web_sessions WHERE expires_at < ?", (_stamp(now),))
            self.db.execute("INSERT INTO web_sessions VALUES (?,?,?,?,?,?)",
                            (_hash(session_id), owner, role, fingerprint,
                             secrets.token_urlsafe(16), _stamp(now + lifetime)))
            self.audit(owner, "web_login", f"key:{owner}", {"role": role})
        return session_id

    def session(self, session_id: str) -> Session | None:
        row = self.db.one("SELECT owner, role, fingerprint, csrf FROM web_sessions "
                          "WHERE id_hash=? AND expires_at >= ?",
                          (_hash(session_id), _stamp(datetime.now(tz=UTC))))
        return Session(*row) if row else None

    def end_session(self, session_id: str) -> None:
        with self.db.transaction():
            row = self.db.one("SELECT owner FROM web_sessions WHERE id_hash=?",
                              (_hash(session_id),))
            if row is not None:
                self.db.execute("DELETE FROM web_sessions WHERE id_hash=?", (_hash(session_id),))
                self.audit(row[0], "web_logout", f"key:{row[0]}", {})

    def throttled(self, client: str, allowed: int = MAX_FAILURES) -> bool:
        """Whether ``client`` failed more than ``allowed`` times lately to be heard now."""
        since = _stamp(datetime.now(tz=UTC) - FAILURE_WINDOW)
        row = self.db.one("SELECT COUNT(*) FROM auth_failures WHERE client=? AND at >= ?",
                          (client, since))
        return bool(row and int(row[0]) >= allowed)

    def record_auth_failure(self, client: str, where: str, reason: str) -> None:
        """Count and audit a failed login or unknown key (the key itself is not recorded)."""
        now = datetime.now(tz=UTC)
        with self.db.transaction():
            self.db.execute("DELETE FROM auth_failures WHERE at < ?",
                            (_stamp(now - FAILURE_WINDOW),))
            self.db.execute("INSERT INTO auth_failures VALUES (?, ?)", (client, _stamp(now)))
            self.audit("anonymous", "auth_failure", f"client:{client}",
                       {"where": where, "reason": reason})
