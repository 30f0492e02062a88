"""Screening obligations kept in the store until done, so that no crash loses an alert.

Whatever creates screening work records it in the same transaction as the data that creates it:
an imported counterparty is queued with its row, a new list version with its load. The work is
then done in chunks; each chunk's alerts and the removal of its queue rows commit together, so a
process killed at any point leaves every chunk either wholly done or wholly queued, and the next
command (or server start) picks up what is left. Alerts are unique per (portfolio,
counterparty, list entry), so doing a chunk again never raises an alert twice.

A queued counterparty carries the content hash it was queued with: a worker that screened an
older content leaves the row for the newer one, and a row another worker already took is gone,
so two workers never record the same screening twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from dualwatch.store.db import Database

WORK_DDL = """
CREATE TABLE IF NOT EXISTS screening_queue (
    portfolio TEXT NOT NULL,
    external_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    reason TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    PRIMARY KEY (portfolio, external_id)
);
CREATE TABLE IF NOT EXISTS list_work (
    version_id INTEGER PRIMARY KEY,
    dataset TEXT NOT NULL,
    old_version_id INTEGER,
    queued_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class QueuedCounterparty:
    portfolio: str
    external_id: str
    hash: str
    reason: str


@dataclass(frozen=True)
class ListChange:
    """A list version whose re-screening of the portfolios is still to do."""

    dataset: str
    old_version_id: int | None
    version_id: int


@dataclass(frozen=True)
class PendingWork:
    counterparties: int
    list_changes: int

    @property
    def empty(self) -> bool:
        return not (self.counterparties or self.list_changes)


class WorkTables:
    """Mixed into the SQL store: the two queues of screening work."""

    db: Database

    def queue_counterparties(self, portfolio: str, items: list[tuple[str, str]], reason: str,
                             stamp: str) -> None:
        """Queue (external id, content hash) pairs; call inside the transaction that writes them."""
        self.db.executemany(
            "INSERT INTO screening_queue VALUES (?,?,?,?,?) ON CONFLICT (portfolio, external_id) "
            "DO UPDATE SET hash=excluded.hash, reason=excluded.reason, "
            "queued_at=excluded.queued_at",
            [(portfolio, eid, digest, reason, stamp) for eid, digest in items])

    def queued_counterparties(self, portfolio: str, limit: int,
                              ids: list[str] | None = None) -> list[QueuedCounterparty]:
        """Queued counterparties of one portfolio, in id order (only those in ``ids``, if given)."""
        sql = ("SELECT portfolio, external_id, hash, reason FROM screening_queue "
               "WHERE portfolio=?")
        if ids is None:
            rows = self.db.all(sql + " ORDER BY external_id LIMIT ?", (portfolio, limit))
        else:
            rows = []
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                rows += self.db.all(sql + f" AND external_id IN ({','.join('?' * len(chunk))})",
                                    (portfolio, *chunk))
            rows.sort(key=lambda r: r[1])
        return [QueuedCounterparty(*r) for r in rows]

    def queued_portfolios(self) -> list[str]:
        return [r[0] for r in self.db.all(
            "SELECT DISTINCT portfolio FROM screening_queue ORDER BY portfolio")]

    def claim_queued(self, portfolio: str, screened: dict[str, str]) -> set[str]:
        """Inside the worker's transaction: take the queued counterparties whose content is
        still the one screened (external id -> content hash).

        Taken rows are deleted, so a concurrent worker finds them gone; a counterparty changed
        since it was read stays queued for its new content; one no longer stored is dropped.
        The caller records the alerts of exactly the ids returned, in the same transaction.
        """
        self.db.lock("screening_queue")
        ids = sorted(screened)
        queued = {q.external_id for q in self.queued_counterparties(portfolio, len(ids), ids)}
        current: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            current.update(self.db.all(
                "SELECT external_id, hash FROM counterparties WHERE portfolio=? AND "
                f"external_id IN ({','.join('?' * len(chunk))})", (portfolio, *chunk)))
        taken = {eid for eid in queued if current.get(eid) == screened[eid]}
        gone = {eid for eid in queued if eid not in current}
        self.db.executemany("DELETE FROM screening_queue WHERE portfolio=? AND external_id=?",
                            [(portfolio, eid) for eid in sorted(taken | gone)])
        return taken

    def queue_list_change(self, dataset: str, old_version_id: int | None, version_id: int,
                          stamp: str) -> None:
        """Record that a new current version must re-screen the portfolios (in its load's
        transaction)."""
        self.db.execute("INSERT INTO list_work VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
                        (version_id, dataset, old_version_id, stamp))

    def list_changes(self) -> list[ListChange]:
        rows = self.db.all("SELECT dataset, old_version_id, version_id FROM list_work "
                           "ORDER BY version_id")
        return [ListChange(r[0], None if r[1] is None else int(r[1]), int(r[2])) for r in rows]

    def claim_list_change(self, version_id: int) -> bool:
        """Inside the worker's transaction: take a list change; False if another worker did."""
        self.db.lock("list_work")
        row = self.db.one("SELECT 1 FROM list_work WHERE version_id=?", (version_id,))
        if row is None:
            return False
        self.db.execute("DELETE FROM list_work WHERE version_id=?", (version_id,))
        return True

    def pending_work(self) -> PendingWork:
        queued = self.db.one("SELECT COUNT(*) FROM screening_queue")
        changes = self.db.one("SELECT COUNT(*) FROM list_work")
        return PendingWork(int(queued[0]) if queued else 0, int(changes[0]) if changes else 0)
