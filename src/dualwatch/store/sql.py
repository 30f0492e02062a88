"""SQLite store: one file, no server, the default.

Entity bodies are kept once per distinct content in ``entity_blobs``; each version lists its
(entity id, content hash) pairs in ``version_entities``. A load runs in one ``BEGIN IMMEDIATE``
transaction: the parser's iterator is consumed inside it, so a parse error rolls everything back
and the previous version stays current.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dualwatch.errors import SourceError, StoreError
from dualwatch.model import Entity
from dualwatch.sources.base import ParsedList
from dualwatch.store.base import ListVersion, LoadResult, Store

SCHEMA_VERSION = "1"

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS list_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
"""


def _now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


class SQLiteStore(Store):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_DDL)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                            (SCHEMA_VERSION,))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    # -- loading ---------------------------------------------------------------------------

    def load(self, parsed: ParsedList) -> LoadResult:
        checksum = parsed.checksum()
        row = self.db.execute("SELECT id FROM list_versions WHERE dataset=? AND checksum=?",
                              (parsed.dataset, checksum)).fetchone()
        if row is not None:
            self._make_current(parsed.dataset, row[0])
            return LoadResult(self._version_by_id(row[0]), unchanged=True)
        previous = self._current_hashes(parsed.dataset)
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute(
                "INSERT INTO list_versions (dataset, version, version_source, format, files, "
                "checksum, loaded_at, entity_count, stats) VALUES (?,?,?,?,?,?,?,0,'{}')",
                (parsed.dataset, parsed.version, parsed.version_source, parsed.format,
                 json.dumps([str(p) for p in parsed.files]), checksum, _now()),
            )
            version_id = cur.lastrowid
            hashes, stats = self._write_entities(cur, version_id, parsed)
            if not hashes:
                raise SourceError(parsed.files[0], "the file holds no entities")
            cur.execute("UPDATE list_versions SET entity_count=?, stats=? WHERE id=?",
                        (len(hashes), json.dumps(stats), version_id))
            cur.execute("UPDATE list_versions SET current=(id=?) WHERE dataset=?",
                        (version_id, parsed.dataset))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        added = len(hashes.keys() - previous.keys())
        removed = len(previous.keys() - hashes.keys()) if previous else 0
        changed = sum(1 for k in hashes.keys() & previous.keys() if hashes[k] != previous[k])
        assert version_id is not None
        return LoadResult(self._version_by_id(version_id), False, added, removed, changed)

    def _write_entities(self, cur: sqlite3.Cursor, version_id: int | None,
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
                first = parsed.files[0]
                raise SourceError(first, f"entity id {entity.id!r} occurs twice",
                                  field="id")
            hashes[entity.id] = digest
            schemata[entity.schema] += 1
            if entity.sublist:
                sublists[entity.sublist] += 1
            batch_blobs.append((digest, body))
            batch_rows.append((version_id, entity.id, digest, entity.schema, entity.caption))
            if len(batch_rows) >= 5000:
                self._flush(cur, batch_blobs, batch_rows)
        self._flush(cur, batch_blobs, batch_rows)
        stats: dict[str, Any] = {"schemata": dict(schemata.most_common())}
        if sublists:
            stats["sublists"] = dict(sublists.most_common())
        stats.update(parsed.meta)
        return hashes, stats

    @staticmethod
    def _flush(cur: sqlite3.Cursor, blobs: list[tuple[str, str]],
               rows: list[tuple[Any, ...]]) -> None:
        cur.executemany("INSERT OR IGNORE INTO entity_blobs VALUES (?, ?)", blobs)
        cur.executemany("INSERT INTO version_entities VALUES (?, ?, ?, ?, ?)", rows)
        blobs.clear()
        rows.clear()

    def _current_hashes(self, dataset: str) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT ve.entity_id, ve.hash FROM version_entities ve JOIN list_versions lv "
            "ON lv.id = ve.version_id WHERE lv.dataset=? AND lv.current=1", (dataset,))
        return dict(rows.fetchall())

    def _make_current(self, dataset: str, version_id: int) -> None:
        self.db.execute("UPDATE list_versions SET current=(id=?) WHERE dataset=?",
                        (version_id, dataset))

    # -- reading ---------------------------------------------------------------------------

    _COLUMNS = ("id, dataset, version, version_source, format, files, checksum, loaded_at, "
                "entity_count, stats, current")

    @staticmethod
    def _row_to_version(row: tuple[Any, ...]) -> ListVersion:
        return ListVersion(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])),
                           row[6], row[7], row[8], json.loads(row[9]), bool(row[10]))

    def _version_by_id(self, version_id: int) -> ListVersion:
        row = self.db.execute(f"SELECT {self._COLUMNS} FROM list_versions WHERE id=?",
                              (version_id,)).fetchone()
        return self._row_to_version(row)

    def versions(self, dataset: str | None = None) -> list[ListVersion]:
        sql = f"SELECT {self._COLUMNS} FROM list_versions"
        args: tuple[Any, ...] = ()
        if dataset is not None:
            sql += " WHERE dataset=?"
            args = (dataset,)
        rows = self.db.execute(sql + " ORDER BY dataset, id DESC", args).fetchall()
        return [self._row_to_version(r) for r in rows]

    def current_versions(self) -> list[ListVersion]:
        rows = self.db.execute(
            f"SELECT {self._COLUMNS} FROM list_versions WHERE current=1 ORDER BY dataset")
        return [self._row_to_version(r) for r in rows.fetchall()]

    def entities(self, version_id: int) -> Iterator[Entity]:
        version = self._version_by_id(version_id)
        rows = self.db.execute(
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
            row = self.db.execute(sql + "lv.current=1", (entity_id,)).fetchone()
        else:
            row = self.db.execute(sql + "lv.id=?", (entity_id, version_id)).fetchone()
        if row is None:
            return None
        entity = Entity.from_dict(json.loads(row[0]))
        entity.version = row[1]
        return entity

    def entity_history(self, entity_id: str) -> list[tuple[ListVersion, str]]:
        rows = self.db.execute(
            "SELECT version_id, hash FROM version_entities WHERE entity_id=? ORDER BY version_id",
            (entity_id,)).fetchall()
        return [(self._version_by_id(vid), digest) for vid, digest in rows]

    def search_captions(self, text: str, limit: int = 20) -> list[tuple[str, str, str]]:
        rows = self.db.execute(
            "SELECT ve.entity_id, ve.caption, lv.dataset FROM version_entities ve "
            "JOIN list_versions lv ON lv.id = ve.version_id "
            "WHERE lv.current=1 AND ve.caption LIKE ? ORDER BY ve.caption LIMIT ?",
            (f"%{text}%", limit))
        return [(r[0], r[1], r[2]) for r in rows.fetchall()]
