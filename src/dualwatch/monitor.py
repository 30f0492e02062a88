"""Continuous monitoring: portfolios of counterparties, re-screened when they or the lists change.

A compliance team must learn the same day which counterparties a list change affects, without
re-reviewing the thousands it already cleared. So:

* a new list version re-screens only the counterparties that could match an added or changed
  entry. They are found the other way round: the book itself is indexed (once, and cached until
  it changes), each changed entry's names are looked up in it at a lowered threshold, and only
  the counterparties found are screened, in the ordinary direction, against the full index. A
  daily update touching a few hundred entries thus costs seconds, whatever the size of the book.
  Alerts resting on removed entries are flagged;
* a counterparty imported again re-screens only if its data changed;
* an alert cleared as a false positive stays cleared while neither the counterparty nor any list
  entry behind the hit changes; when one does, it is raised again, saying what changed.

Every screening and every decision goes to the audit log.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dualwatch import tables
from dualwatch.cache import disk_cached
from dualwatch.countries import to_code
from dualwatch.errors import InputError
from dualwatch.match import DEFAULT_THRESHOLD, Hit, MatchIndex, Query, build_index, match_batch
from dualwatch.model import Entity, NameKind
from dualwatch.screening import code_fingerprint, entity_queries, hit_row, query_from_row
from dualwatch.store.monitoring import CLOSED, now
from dualwatch.store.sql import SQLStore

# Looking changed entries up in the book uses a lower threshold than alerting, so that a
# counterparty near the line is re-screened rather than missed.
PREFILTER_MARGIN = 0.25
# Counterparties screened per transaction: what a crash can make the next worker redo.
SCREEN_CHUNK = 1000


@dataclass
class MonitorReport:
    portfolio: str | None = None
    screened: int = 0
    new_alerts: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    kept_cleared: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    removed_entry_alerts: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def merge(self, other: MonitorReport) -> None:
        self.screened += other.screened
        for name in ("new_alerts", "reopened", "kept_cleared", "updated",
                     "removed_entry_alerts"):
            getattr(self, name).extend(getattr(other, name))

    def summary(self) -> dict[str, Any]:
        return {"portfolio": self.portfolio, "screened": self.screened,
                "new_alerts": len(self.new_alerts), "reopened": len(self.reopened),
                "kept_cleared": len(self.kept_cleared), "updated": len(self.updated),
                "removed_entry_alerts": len(self.removed_entry_alerts),
                "seconds": round(self.seconds, 3)}


def counterparty_data(query: Query) -> dict[str, Any]:
    return {"name": query.name, "schema": query.schema, "countries": list(query.countries),
            "birth_date": query.birth_date, "identifiers": list(query.identifiers),
            "address": query.address}


def counterparty_query(external_id: str, data: dict[str, Any]) -> Query:
    return Query(id=external_id, name=data["name"], schema=data.get("schema"),
                 countries=tuple(data.get("countries") or ()),
                 birth_date=data.get("birth_date"),
                 identifiers=tuple(data.get("identifiers") or ()), address=data.get("address"))


def read_portfolio_file(path: Path, mapping: dict[str, str] | None = None) -> list[Query]:
    """Counterparties from a CSV/XLSX/JSONL file laid out like ``screen`` input; ids required."""
    queries: list[Query] = []
    seen: set[str] = set()
    for line, row in tables.read_rows(path, ("name",), mapping):
        query = query_from_row(line, row, path)
        if not row.get("id"):
            raise InputError(path, "every counterparty needs a stable id", line=line, field="id")
        if query.id in seen:
            raise InputError(path, f"id {query.id!r} occurs twice", line=line, field="id")
        seen.add(query.id)
        queries.append(query)
    if not queries:
        raise InputError(path, "no counterparties in the file")
    return queries


def counterparty_entity(portfolio: str, external_id: str, data: dict[str, Any]) -> Entity:
    """A counterparty in the shape of a list entity, so the book itself can be indexed."""
    entity = Entity(id=external_id, schema=data.get("schema") or "LegalEntity",
                    dataset=f"portfolio:{portfolio}", source_id=external_id)
    entity.add_name(data["name"], NameKind.PRIMARY)
    for country in data.get("countries") or ():
        entity.add_country(to_code(country) or country)
    if data.get("birth_date"):
        entity.birth_dates.append(data["birth_date"])
    for value in data.get("identifiers") or ():
        entity.add_identifier("other", value)
    return entity


class Monitor:
    """Ties a store to an index provider; every method is one unit of monitoring work."""

    def __init__(self, store: SQLStore, index: MatchIndex | Callable[[], MatchIndex],
                 threshold: float | None = None, actor: str = "system") -> None:
        self.store = store
        self._index = index
        self.threshold = threshold
        self.actor = actor
        self._books: dict[str, tuple[str, MatchIndex]] = {}

    @property
    def index(self) -> MatchIndex:
        """The lists' index; given as a function, it is built only when screening needs it."""
        if not isinstance(self._index, MatchIndex):
            self._index = self._index()
        return self._index

    def book_index(self, portfolio: str) -> MatchIndex:
        """The index of a portfolio's counterparties, cached in memory and on disk by content."""
        rows = self.store.counterparties(portfolio)
        content = "|".join(f"{e}:{h}" for e, _, h in rows) + "|" + code_fingerprint()
        key = hashlib.sha1(content.encode()).hexdigest()[:20]
        cached = self._books.get(portfolio)
        if cached is not None and cached[0] == key:
            return cached[1]
        index = disk_cached(
            f"book-{hashlib.sha1(portfolio.encode()).hexdigest()[:10]}", key, MatchIndex,
            lambda: build_index(counterparty_entity(portfolio, eid, data)
                                for eid, data, _ in rows))
        self._books[portfolio] = (key, index)
        return index

    # -- portfolios ----------------------------------------------------------------------------

    def import_counterparties(self, portfolio: str, queries: Sequence[Query]) -> MonitorReport:
        """Add or update counterparties and screen those that are new or changed.

        The rows, their screening obligations and the audit record commit together; the
        screening itself is then the queue's work (:meth:`resume`), so it survives a crash.
        """
        started = time.perf_counter()
        _ = self.index  # no lists to screen against: refuse before anything is written
        with self.store.db.transaction():
            touched = self.store.upsert_counterparties(
                portfolio, [(q.id, counterparty_data(q)) for q in queries])
            self.store.audit(self.actor, "portfolio_import", f"portfolio:{portfolio}",
                             {"rows": len(queries), "new_or_changed": len(touched)})
        report = self.resume()
        report.portfolio = portfolio
        report.seconds = time.perf_counter() - started
        return report

    def screen(self, portfolio: str, ids: list[str] | None = None,
               reason: str = "screening") -> MonitorReport:
        """Screen counterparties (all, or those named) against the full index, by queueing
        them and doing the queue's work."""
        started = time.perf_counter()
        with self.store.db.transaction():
            rows = self.store.counterparties(portfolio, ids)
            self.store.queue_counterparties(portfolio, [(eid, digest) for eid, _, digest in rows],
                                            reason, now())
        report = self.work_queue(portfolio)
        report.seconds = time.perf_counter() - started
        return report

    def resume(self) -> MonitorReport:
        """Do every screening still owed: list versions not yet re-screened against, then
        queued counterparties, portfolio by portfolio. Safe to run anywhere, any number of
        times, concurrently: each obligation is taken by one worker and alerts are unique."""
        report = MonitorReport()
        for change in self.store.list_changes():
            report.merge(self.after_list_change(change.dataset, change.old_version_id,
                                                change.version_id, queued_only=True))
        for portfolio in self.store.queued_portfolios():
            report.merge(self.work_queue(portfolio))
        return report

    def work_queue(self, portfolio: str) -> MonitorReport:
        """Screen a portfolio's queued counterparties, one committed chunk at a time."""
        report = MonitorReport(portfolio)
        while True:
            queued = self.store.queued_counterparties(portfolio, SCREEN_CHUNK)
            if not queued:
                return report
            self._screen_chunk(portfolio, [q.external_id for q in queued], report)

    def _screen_chunk(self, portfolio: str, ids: list[str], report: MonitorReport) -> None:
        rows = self.store.counterparties(portfolio, ids)
        reasons = {q.external_id: q.reason
                   for q in self.store.queued_counterparties(portfolio, len(ids), ids)}
        queries = [counterparty_query(eid, data) for eid, data, _ in rows]
        screened = dict.fromkeys(ids, "")
        screened.update({eid: digest for eid, _, digest in rows})
        results = match_batch(queries, self.index, self.threshold) if queries else []
        part = MonitorReport(portfolio)
        with self.store.db.transaction():
            taken = self.store.claim_queued(portfolio, screened)
            for query, hits in zip(queries, results, strict=True):
                if query.id not in taken:
                    continue
                reason = reasons.get(query.id, "screening")
                for hit in hits:
                    self._record_hit(portfolio, query.id, screened[query.id], hit, reason, part)
            part.screened = len(taken)
            if taken:
                self.store.audit(self.actor, "screening", f"portfolio:{portfolio}",
                                 {"reasons": sorted({reasons.get(i, "screening")
                                                     for i in taken}), **part.summary()})
        report.merge(part)

    def _record_hit(self, portfolio: str, external_id: str, cp_hash: str, hit: Hit,
                    reason: str, report: MonitorReport) -> None:
        entry_hashes = self.store.entity_hashes(hit.entity_ids)
        row = hit_row(hit)
        row["entity_ids"] = list(hit.entity_ids)
        row["features"] = [f.__dict__ for f in hit.features]
        existing = self.store.find_alert(portfolio, external_id, hit.entity_id)
        if existing is None:
            alert_id = self.store.save_alert(portfolio, external_id, hit.entity_id, "open",
                                             hit.score, row, cp_hash, entry_hashes,
                                             f"new match ({reason})")
            report.new_alerts.append(alert_id)
            return
        changes = self._what_changed(existing.counterparty_hash, cp_hash,
                                     existing.entry_hashes, entry_hashes)
        if existing.status in CLOSED and changes:
            because = "; ".join(changes)
            self.store.save_alert(portfolio, external_id, hit.entity_id, "open", hit.score, row,
                                  cp_hash, entry_hashes, f"raised again: {because}", existing.id)
            self.store.audit(self.actor, "alert_reopened", f"alert:{existing.id}",
                             {"was": existing.status, "because": because})
            report.reopened.append(existing.id)
        elif existing.status == "false_positive":
            report.kept_cleared.append(existing.id)
        elif changes or abs(existing.score - hit.score) > 1e-9:
            self.store.save_alert(portfolio, external_id, hit.entity_id, existing.status,
                                  hit.score, row, cp_hash, entry_hashes,
                                  existing.raised_because, existing.id)
            report.updated.append(existing.id)

    def _what_changed(self, old_cp: str, new_cp: str, old_entries: dict[str, str],
                      new_entries: dict[str, str]) -> list[str]:
        changes = []
        if old_cp != new_cp:
            changes.append("the counterparty's data changed")
        for entity_id, digest in sorted(new_entries.items()):
            before = old_entries.get(entity_id)
            if before is None:
                changes.append(f"list entry {entity_id} now stands behind the match")
            elif before != digest:
                fields = self.store.changed_fields(before, digest)
                changes.append(f"list entry {entity_id} changed ({', '.join(fields)})")
        return changes

    # -- list changes --------------------------------------------------------------------------

    def after_list_change(self, dataset: str, old_version_id: int | None,
                          new_version_id: int, queued_only: bool = False) -> MonitorReport:
        """Re-screen what a new list version can affect, in every portfolio.

        The counterparties a changed entry could match are queued, alerts on removed entries
        flagged and the version's obligation (:mod:`dualwatch.store.work`) taken, in one
        transaction; the queue is then worked off. With ``queued_only``, a version whose
        obligation another worker already took is left alone.
        """
        started = time.perf_counter()
        old = self.store.version_hashes(old_version_id) if old_version_id else {}
        new = self.store.version_hashes(new_version_id)
        touched = [eid for eid, digest in new.items() if old.get(eid) != digest]
        removed = sorted(old.keys() - new.keys())
        candidates: dict[str, list[str]] = {}
        portfolios = [name for name, _count in self.store.portfolios()]
        if touched and portfolios:
            entities = [e for e in (self.store.entity(eid, new_version_id) for eid in touched)
                        if e is not None]
            candidates = {p: self._could_match(p, entities) for p in portfolios}
        report = MonitorReport()
        with self.store.db.transaction():
            if not self.store.claim_list_change(new_version_id) and queued_only:
                return report
            stamp = now()
            for portfolio, ids in candidates.items():
                rows = self.store.counterparties(portfolio, ids)
                self.store.queue_counterparties(portfolio, [(e, h) for e, _, h in rows],
                                                f"{dataset} changed", stamp)
            if removed:
                report.removed_entry_alerts = self._flag_removed(dataset, set(removed))
            self.store.audit(self.actor, "rescreen_after_list_change", f"list:{dataset}",
                             {"old_version_id": old_version_id, "new_version_id": new_version_id,
                              "entries_added_or_changed": len(touched),
                              "entries_removed": len(removed),
                              "counterparties_queued": sum(map(len, candidates.values())),
                              "removed_entry_alerts": len(report.removed_entry_alerts)})
        for portfolio in candidates:
            report.merge(self.work_queue(portfolio))
        report.seconds = time.perf_counter() - started
        return report

    def _could_match(self, portfolio: str, entries: list[Entity]) -> list[str]:
        """Counterparties of the book that a changed entry's names find at a lowered level."""
        book = self.book_index(portfolio)
        # Without the entry's schema: a counterparty imported without one is indexed as a legal
        # entity, and a listed person must still find it (screening then decides as usual).
        queries = [replace(q, schema=None) for entry in entries for q in entity_queries(entry)]
        base = self.threshold if self.threshold is not None else DEFAULT_THRESHOLD
        found: set[str] = set()
        for hits in match_batch(queries, book, max(0.0, base - PREFILTER_MARGIN), limit=50):
            for hit in hits:
                found.update(hit.entity_ids)
        return sorted(found)

    def _flag_removed(self, dataset: str, removed: set[str]) -> list[int]:
        flagged = []
        with self.store.db.transaction():
            for alert in self.store.alerts(dataset=dataset, limit=1_000_000):
                gone = sorted(set(alert.hit.get("entity_ids", [])) & removed)
                if not gone:
                    continue
                status = "open" if alert.status == "confirmed" else alert.status
                because = f"list entr{'y' if len(gone) == 1 else 'ies'} removed: {', '.join(gone)}"
                self.store.save_alert(alert.portfolio, alert.external_id, alert.entity_id,
                                      status, alert.score, alert.hit, alert.counterparty_hash,
                                      alert.entry_hashes, because, alert.id)
                self.store.audit(self.actor, "alert_entry_removed", f"alert:{alert.id}",
                                 {"removed": gone, "status": status})
                flagged.append(alert.id)
        return flagged

