"""The store on SQL: SQLite by default (one file, no server), PostgreSQL through the same code.

Entity bodies are kept once per distinct content in ``entity_blobs``; each version lists its
(entity id, content hash) pairs in ``version_entities``. A load stages the parsed entities in
short transactions and switches the current version in one more, so a parse error leaves the
previous version current and no other writer waits for the whole parse.
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from dualwatch.errors import NotFoundError, OlderVersionError, ShrinkError, SourceError
from dualwatch.model import Entity
from dualwatch.sources.base import ParsedList
from dualwatch.store.base import ListVersion, LoadResult, Store, is_older
from dualwatch.store.db import Database
from dualwatch.store.monitoring import MONITORING_DDL, MonitoringTables
from dualwatch.store.sessions import SESSIONS_DDL, SessionTables
from dualwatch.store.work import WORK_DDL

SCHEMA_VERSION = "1"
STAGE_BATCH = 5000  # entities per staging transaction: what another writer may wait for
# A new version may drop at most this share of the current one's entries (and a list of a few
# entries, edited by hand, a few): more is far likelier a truncated or wrong file than a
# publisher's decision, and would silently clear alerts.
MAX_DROP_SHARE = 0.3
MIN_DROP_CHECKED = 10



def shrinks(dropped: int, current: int) -> bool:
    return dropped >= MIN_DROP_CHECKED and dropped > MAX_DROP_SHARE * current

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS list_versions (
    id {serial_pk},
    dataset TEXT NOT NULL,
    version TEXT NOT NULL,
    version_source TEXT NOT NULL,
    format TEXT NOT NULL,
    files TEXT NOT NULL,
    checksum TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    entity_count INTEGER NOT NULL,
    stats TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 0,
    UNIQUE (dataset, checksum)
);
CREATE TABLE IF NOT EXISTS entity_blobs (hash TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS version_entities (
    version_id INTEGER NOT NULL REFERENCES list_versions(id),
    entity_id TEXT NOT NULL,
    hash TEXT NOT NULL REFERENCES entity_blobs(hash),
    schema TEXT NOT NULL,
    caption TEXT NOT NULL,
    PRIMARY KEY (version_id, entity_id)
);
CREATE INDEX IF NOT EXISTS version_entities_entity ON version_entities(entity_id);
CREATE TABLE IF NOT EXISTS staged_entities (
    stage TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    schema TEXT NOT NULL,
    caption TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS staged_entities_stage ON staged_entities(stage);
"""


def _now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


class SQLStore(MonitoringTables, SessionTables, Store):
    """Lists, portfolios, cases and the audit log in one SQL database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.script(_DDL)
        db.script(MONITORING_DDL)
        db.script(WORK_DDL)
        db.script(SESSIONS_DDL)
        db.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                   (SCHEMA_VERSION,))

    def close(self) -> None:
        self.db.close()

    # -- loading ---------------------------------------------------------------------------

    def load(self, parsed: ParsedList, allow_older: bool = False,
             allow_shrink: bool = False) -> LoadResult:
        """Stage the parsed entities in short transactions, then switch versions in one.

        Readers and other writers (a decision, ``lists status``) wait at most one batch, never
        the whole parse. The switch also records the re-screening the new version owes the
        portfolios (:mod:`dualwatch.store.work`), so a crash right after it loses nothing.
        A version that drops more than ``MAX_DROP_SHARE`` of the current one's entries is
        refused unless ``allow_shrink``; an allowed shrink is recorded with the version.
        """
        checksum = parsed.checksum()
        row = self.db.one("SELECT id, current FROM list_versions WHERE dataset=? AND checksum=?",
                          (parsed.dataset, checksum))
        if row is not None and row[1]:
            return LoadResult(self._version_by_id(row[0]), unchanged=True)
        replaced = self.check_order(parsed, allow_older)
        if row is not None:
            with self.db.transaction():
                old = self._current_id(parsed.dataset)
                self._make_current(parsed.dataset, row[0])
                self.queue_list_change(parsed.dataset, old, row[0], _now())
                self.audit("system", "list_reinstated", f"list:{parsed.dataset}",
                           {"version": parsed.version, "version_id": row[0],
                            "checksum": checksum, "replaced": replaced})
            return LoadResult(self._version_by_id(row[0]), unchanged=True)
        previous = self._current_hashes(parsed.dataset)
        stage = secrets.token_hex(8)
        try:
            hashes, stats = self._stage_entities(stage, parsed)
            if not hashes:
                raise SourceError(parsed.files[0], "the file holds no entities")
            dropped = len(previous.keys() - hashes.keys())
            if shrinks(dropped, len(previous)):
                if not allow_shrink:
                    self._refuse_shrink(parsed, dropped, len(previous), len(hashes))
                stats["shrink"] = {"dropped": dropped, "of": len(previous),
                                   "allowed_by": "allow_shrink"}
            version_id = self._switch(stage, parsed, checksum, len(hashes), stats)
        finally:
            with self.db.transaction():
                self.db.execute("DELETE FROM staged_entities WHERE stage=?", (stage,))
        added = len(hashes.keys() - previous.keys())
        removed = len(previous.keys() - hashes.keys()) if previous else 0
        changed = sum(1 for k in hashes.keys() & previous.keys() if hashes[k] != previous[k])
        return LoadResult(self._version_by_id(version_id), False, added, removed, changed)

    def check_order(self, parsed: ParsedList, allow_older: bool) -> str | None:
        """Refuse, and audit, a version older than the current one unless ``allow_older``.

        Versions are compared by the publisher's date (or the date the file carries); a label
        the user gave (``--version``) is not a date and is not compared. An older version
        loaded on purpose is audited too. Returns the current version's label, if any.
        """
        current = next((v for v in self.versions(parsed.dataset) if v.current), None)
        if current is None:
            return None
        if not is_older(parsed.version, parsed.version_source, current.version,
                        current.version_source):
            return current.version
        subject = f"list:{parsed.dataset}"
        payload = {"version": parsed.version, "current": current.version,
                   "files": [str(p) for p in parsed.files]}
        if not allow_older:
            self.audit("system", "list_load_refused_older", subject, payload)
            raise OlderVersionError(
                f"{parsed.dataset}: {parsed.files[0]} is version {parsed.version}, older than "
                f"the current {current.version}; nothing was loaded (load it with --allow-older "
                "to make it current on purpose)")
        self.audit("system", "list_load_older", subject, payload)
        return current.version


    def _refuse_shrink(self, parsed: ParsedList, dropped: int, current: int, count: int) -> None:
        self.audit("system", "list_load_refused", f"list:{parsed.dataset}",
                   {"reason": "shrink", "dropped": dropped, "of": current, "entities": count,
                    "files": [str(p) for p in parsed.files]})
        raise ShrinkError(parsed.files[0], f"this version of {parsed.dataset} holds {count:,} "
                          f"entities and drops {dropped:,} of the {current:,} in the current one "
                          f"({dropped / current:.0%}, over the {MAX_DROP_SHARE:.0%} allowed); "
                          "if the publisher really shrank the list, load it with --allow-shrink")

    def _switch(self, stage: str, parsed: ParsedList, checksum: str, count: int,
                stats: dict[str, Any]) -> int:
        with self.db.transaction():
            old = self._current_id(parsed.dataset)
            inserted = self.db.one(
                "INSERT INTO list_versions (dataset, version, version_source, format, files, "
                "checksum, loaded_at, entity_count, stats) VALUES (?,?,?,?,?,?,?,?,?) "
                "RETURNING id",
                (parsed.dataset, parsed.version, parsed.version_source, parsed.format,
                 json.dumps([str(p) for p in parsed.files]), checksum, _now(), count,
                 json.dumps(stats)),
            )
            assert inserted is not None
            version_id = int(inserted[0])
            self.db.execute("INSERT INTO version_entities SELECT ?, entity_id, hash, schema, "
                            "caption FROM staged_entities WHERE stage=?", (version_id, stage))
            self._make_current(parsed.dataset, version_id)
            self.queue_list_change(parsed.dataset, old, version_id, _now())
            self.after_load(version_id, parsed.dataset)
        return version_id

    def after_load(self, version_id: int, dataset: str) -> None:
        """Inside the load transaction, once the version is current: the audit record."""
        version = self._version_by_id(version_id)
        self.audit("system", "list_load", f"list:{dataset}",
                   {"version": version.version, "version_id": version_id,
                    "checksum": version.checksum, "entities": version.entity_count})

    def _stage_entities(self, stage: str,
                        parsed: ParsedList) -> tuple[dict[str, str], dict[str, Any]]:
        hashes: dict[str, str] = {}
        schemata: Counter[str] = Counter()
        sublists: Counter[str] = Counter()
        batch_blobs: list[tuple[str, str]] = []
        batch_rows: list[tuple[Any, ...]] = []
        for entity in parsed.entities:
            entity.version = None
            body = entity.to_json()
            digest = entity.content_hash()
            if entity.id in hashes:
                raise SourceError(parsed.files[0], f"entity id {entity.id!r} occurs twice",
                                  field="id")
            hashes[entity.id] = digest
            schemata[entity.schema] += 1
            if entity.sublist:
                sublists[entity.sublist] += 1
            batch_blobs.append((digest, body))
            batch_rows.append((stage, entity.id, digest, entity.schema, entity.caption))
            if len(batch_rows) >= STAGE_BATCH:
                self._flush(batch_blobs, batch_rows)
        self._flush(batch_blobs, batch_rows)
        stats: dict[str, Any] = {"schemata": dict(schemata.most_common())}
        if sublists:
            stats["sublists"] = dict(sublists.most_common())
        stats.update(parsed.meta)
        return hashes, stats

    def _flush(self, blobs: list[tuple[str, str]], rows: list[tuple[Any, ...]]) -> None:
        """One short write transaction per batch. Blobs are content-addressed, so one left by
        a failed load is harmless; staged rows are removed whatever happens."""
        with self.db.transaction():
            # Distinct contents only: the same body may occur twice in one batch.
            self.db.executemany("INSERT INTO entity_blobs VALUES (?, ?) ON CONFLICT DO NOTHING",
                                list(dict(blobs).items()))
            self.db.executemany("INSERT INTO staged_entities VALUES (?, ?, ?, ?, ?)", rows)
        blobs.clear()
        rows.clear()

    def _current_id(self, dataset: str) -> int | None:
        row = self.db.one("SELECT id FROM list_versions WHERE dataset=? AND current=1",
                          (dataset,))
        return int(row[0]) if row else None

    def _current_hashes(self, dataset: str) -> dict[str, str]:
        rows = self.db.all(
            "SELECT ve.entity_id, ve.hash FROM version_entities ve JOIN list_versions lv "
            "ON lv.id = ve.version_id WHERE lv.dataset=? AND lv.current=1", (dataset,))
        return {r[0]: r[1] for r in rows}

    def _make_current(self, dataset: str, version_id: int) -> None:
        self.db.execute("UPDATE list_versions SET current=CASE WHEN id=? THEN 1 ELSE 0 END "
                        "WHERE dataset=?", (version_id, dataset))

    # -- reading ---------------------------------------------------------------------------

    _COLUMNS = ("id, dataset, version, version_source, format, files, checksum, loaded_at, "
                "entity_count, stats, current")

    @staticmethod
    def _row_to_version(row: tuple[Any, ...]) -> ListVersion:
        return ListVersion(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])),
                           row[6], row[7], row[8], json.loads(row[9]), bool(row[10]))

    def _version_by_id(self, version_id: int) -> ListVersion:
        row = self.db.one(f"SELECT {self._COLUMNS} FROM list_versions WHERE id=?",
                          (version_id,))
        if row is None:
            raise NotFoundError(f"no list version #{version_id}")
        return self._row_to_version(row)

    def versions(self, dataset: str | None = None) -> list[ListVersion]:
        sql = f"SELECT {self._COLUMNS} FROM list_versions"
        args: tuple[Any, ...] = ()
        if dataset is not None:
            sql += " WHERE dataset=?"
            args = (dataset,)
        rows = self.db.all(sql + " ORDER BY dataset, id DESC", args)
        return [self._row_to_version(r) for r in rows]

    def current_versions(self) -> list[ListVersion]:
        rows = self.db.all(
            f"SELECT {self._COLUMNS} FROM list_versions WHERE current=1 ORDER BY dataset")
        return [self._row_to_version(r) for r in rows]

    def entities(self, version_id: int) -> Iterator[Entity]:
        version = self._version_by_id(version_id)
        rows = self.db.all(
            "SELECT b.data FROM version_entities ve JOIN entity_blobs b ON b.hash = ve.hash "
            "WHERE ve.version_id=? ORDER BY ve.entity_id", (version_id,))
        for (data,) in rows:
            entity = Entity.from_dict(json.loads(data))
            entity.version = version.version
            yield entity

    def entity(self, entity_id: str, version_id: int | None = None) -> Entity | None:
        sql = ("SELECT b.data, lv.version FROM version_entities ve "
               "JOIN entity_blobs b ON b.hash = ve.hash "
               "JOIN list_versions lv ON lv.id = ve.version_id WHERE ve.entity_id=? AND ")
        if version_id is None:
            row = self.db.one(sql + "lv.current=1", (entity_id,))
        else:
            row = self.db.one(sql + "lv.id=?", (entity_id, version_id))
        if row is None:
            return None
        entity = Entity.from_dict(json.loads(row[0]))
        entity.version = row[1]
        return entity

    def entity_history(self, entity_id: str) -> list[tuple[ListVersion, str]]:
        rows = self.db.all(
            "SELECT version_id, hash FROM version_entities WHERE entity_id=? ORDER BY version_id",
            (entity_id,))
        return [(self._version_by_id(vid), digest) for vid, digest in rows]

    def version_hashes(self, version_id: int) -> dict[str, str]:
        """Entity id -> content hash for one version: the cheap way to tell what changed."""
        rows = self.db.all("SELECT entity_id, hash FROM version_entities WHERE version_id=?",
                           (version_id,))
        return {r[0]: r[1] for r in rows}

    def entity_hashes(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """Current content hash of each entity named (absent when no longer listed)."""
        result: dict[str, str] = {}
        for entity_id in entity_ids:
            row = self.db.one(
                "SELECT ve.hash FROM version_entities ve JOIN list_versions lv ON "
                "lv.id = ve.version_id WHERE ve.entity_id=? AND lv.current=1", (entity_id,))
            if row is not None:
                result[entity_id] = row[0]
        return result

    def changed_fields(self, old_hash: str, new_hash: str) -> list[str]:
        """The canonical fields that differ between two stored contents of an entity."""
        rows: dict[str, str] = {
            r[0]: r[1] for r in self.db.all("SELECT hash, data FROM entity_blobs "
                                            "WHERE hash IN (?, ?)", (old_hash, new_hash))}
        if old_hash not in rows or new_hash not in rows:
            return ["content"]
        before, after = json.loads(rows[old_hash]), json.loads(rows[new_hash])
        return [k for k in sorted(after.keys() | before.keys()) if before.get(k) != after.get(k)]

    def search_entities(self, text: str, datasets: list[str] | None = None,
                        schema: str | None = None, limit: int = 20,
                        offset: int = 0) -> tuple[int, list[tuple[str, str, str]]]:
        """(total, [(entity id, caption, dataset)]) of current entities whose caption holds
        ``text`` (case-insensitive), optionally of some lists or one schema, one page at a time."""
        escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where = "lv.current=1 AND lower(ve.caption) LIKE ? ESCAPE '\\'"
        args: list[Any] = [f"%{escaped}%"]
        if datasets is not None:
            where += f" AND lv.dataset IN ({','.join('?' * len(datasets))})"
            args.extend(datasets)
        if schema is not None:
            where += " AND ve.schema = ?"
            args.append(schema)
        joined = ("FROM version_entities ve JOIN list_versions lv ON lv.id = ve.version_id "
                  f"WHERE {where}")
        count = self.db.one(f"SELECT COUNT(*) {joined}", args)
        rows = self.db.all(f"SELECT ve.entity_id, ve.caption, lv.dataset {joined} "
                           "ORDER BY ve.caption, ve.entity_id LIMIT ? OFFSET ?",
                           [*args, limit, offset])
        return (int(count[0]) if count else 0), [(r[0], r[1], r[2]) for r in rows]
