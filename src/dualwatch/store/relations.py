"""Relations in the store: parties and dated links from registers, versioned like lists.

Each relation *source* (a register extract, an FtM cluster, a PSC snapshot) is loaded as a new
version in one transaction: the reader's items stream into the tables and the version becomes
current only when the last item has been read, so a malformed file changes nothing. Loading the
same files again (same checksum) only makes that version current. Old versions are kept.

The tables sit beside the list tables in the same database and are created on first use; the
ownership rules (:mod:`dualwatch.risk.ownership`) read the current links straight from here in
SQL, so millions of links never pass through Python at evaluation time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dualwatch.errors import NotFoundError, SourceError
from dualwatch.relations import Link, ParsedRelations, Party, exact_name, normal_id
from dualwatch.sources.base import files_checksum
from dualwatch.store.db import Database

RELATIONS_DDL = """
CREATE TABLE IF NOT EXISTS relation_versions (
    id {serial_pk},
    source TEXT NOT NULL,
    version TEXT NOT NULL,
    format TEXT NOT NULL,
    files TEXT NOT NULL,
    checksum TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    party_count INTEGER NOT NULL,
    link_count INTEGER NOT NULL,
    current INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source, checksum)
);
CREATE TABLE IF NOT EXISTS relation_parties (
    version_id INTEGER NOT NULL REFERENCES relation_versions(id),
    key TEXT NOT NULL,
    schema TEXT NOT NULL,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    source_id TEXT,
    PRIMARY KEY (version_id, key)
);
CREATE INDEX IF NOT EXISTS relation_parties_key ON relation_parties(key);
CREATE TABLE IF NOT EXISTS relation_party_ids (
    version_id INTEGER NOT NULL REFERENCES relation_versions(id),
    key TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relation_party_ids_value ON relation_party_ids(id_type, id_value);
CREATE INDEX IF NOT EXISTS relation_party_ids_key ON relation_party_ids(key);
CREATE TABLE IF NOT EXISTS relation_links (
    version_id INTEGER NOT NULL REFERENCES relation_versions(id),
    kind TEXT NOT NULL,
    source_key TEXT NOT NULL,
    target_key TEXT NOT NULL,
    share_low REAL,
    share_high REAL,
    start_date TEXT,
    end_date TEXT,
    role TEXT,
    record_id TEXT
);
CREATE INDEX IF NOT EXISTS relation_links_target ON relation_links(target_key);
CREATE INDEX IF NOT EXISTS relation_links_source ON relation_links(source_key)
"""

_BATCH = 20000


@dataclass(frozen=True)
class RelationVersion:
    id: int
    source: str
    version: str
    format: str
    files: tuple[str, ...]
    checksum: str
    loaded_at: str
    party_count: int
    link_count: int
    current: bool


@dataclass(frozen=True)
class RelationLoad:
    version: RelationVersion
    unchanged: bool


class Relations:
    """The relation tables of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.script(RELATIONS_DDL)

    # -- loading -----------------------------------------------------------------------------

    def load(self, parsed: ParsedRelations) -> RelationLoad:
        checksum = files_checksum(parsed.files)
        row = self.db.one("SELECT id FROM relation_versions WHERE source=? AND checksum=?",
                          (parsed.source, checksum))
        if row is not None:
            with self.db.transaction():
                self._make_current(parsed.source, int(row[0]))
            return RelationLoad(self.version_by_id(int(row[0])), unchanged=True)
        with self.db.transaction():
            inserted = self.db.one(
                "INSERT INTO relation_versions (source, version, format, files, checksum, "
                "loaded_at, party_count, link_count) VALUES (?,?,?,?,?,?,0,0) RETURNING id",
                (parsed.source, parsed.version, parsed.format,
                 json.dumps([str(p) for p in parsed.files]), checksum,
                 datetime.now(tz=UTC).isoformat(timespec="seconds")))
            assert inserted is not None
            version_id = int(inserted[0])
            parties, links = self._write(version_id, parsed)
            skipped = int(parsed.meta.get("skipped", "0") or 0)
            if parties == 0 and links == 0 and skipped == 0:
                raise SourceError(parsed.files[0], "the file holds no parties or relations")
            self.db.execute("UPDATE relation_versions SET party_count=?, link_count=? "
                            "WHERE id=?", (parties, links, version_id))
            self._make_current(parsed.source, version_id)
        return RelationLoad(self.version_by_id(version_id), unchanged=False)

    def _write(self, version_id: int, parsed: ParsedRelations) -> tuple[int, int]:
        parties: list[tuple[Any, ...]] = []
        ids: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        counts = [0, 0]
        seen: set[str] = set()  # a register names a company in every record about it
        for item in parsed.items:
            if isinstance(item, Party):
                if item.key in seen:
                    continue
                seen.add(item.key)
                parties.append((version_id, item.key, item.schema, item.name, exact_name(item.name),
                                item.source_id))
                ids.extend((version_id, item.key, i.type, normal_id(i.type, i.value))
                           for i in item.identifiers)
                counts[0] += 1
            else:
                links.append(_link_row(version_id, item))
                counts[1] += 1
            if len(parties) + len(links) >= _BATCH:
                self._flush(parties, ids, links)
        self._flush(parties, ids, links)
        return counts[0], counts[1]

    def _flush(self, parties: list[tuple[Any, ...]], ids: list[tuple[Any, ...]],
               links: list[tuple[Any, ...]]) -> None:
        self.db.executemany("INSERT INTO relation_parties VALUES (?,?,?,?,?,?) "
                            "ON CONFLICT DO NOTHING", parties)
        self.db.executemany("INSERT INTO relation_party_ids VALUES (?,?,?,?)", ids)
        self.db.executemany("INSERT INTO relation_links VALUES (?,?,?,?,?,?,?,?,?,?)", links)
        parties.clear()
        ids.clear()
        links.clear()

    def _make_current(self, source: str, version_id: int) -> None:
        self.db.execute("UPDATE relation_versions SET current=0 WHERE source=? AND id<>?",
                        (source, version_id))
        self.db.execute("UPDATE relation_versions SET current=1 WHERE id=?", (version_id,))

    # -- reading -----------------------------------------------------------------------------

    def versions(self) -> list[RelationVersion]:
        rows = self.db.all(f"SELECT {_VERSION_COLUMNS} FROM relation_versions ORDER BY id DESC")
        return [_version(r) for r in rows]

    def current_ids(self) -> list[int]:
        return [int(r[0]) for r in self.db.all(
            "SELECT id FROM relation_versions WHERE current=1 ORDER BY id")]

    def version_by_id(self, version_id: int) -> RelationVersion:
        row = self.db.one(f"SELECT {_VERSION_COLUMNS} FROM relation_versions WHERE id=?",
                          (version_id,))
        if row is None:
            raise NotFoundError(f"no relation version #{version_id}")
        return _version(row)

    def party(self, key: str) -> tuple[str, str] | None:
        """(name, schema) of a party in the current relation versions."""
        row = self.db.one(
            "SELECT p.name, p.schema FROM relation_parties p JOIN relation_versions v "
            "ON v.id = p.version_id WHERE v.current=1 AND p.key=? "
            "ORDER BY CASE WHEN p.name = p.source_id THEN 1 ELSE 0 END, v.id DESC LIMIT 1",
            (key,))
        return (str(row[0]), str(row[1])) if row else None

    def keys_for_identifier(self, id_type: str, value: str) -> list[str]:
        rows = self.db.all(
            "SELECT DISTINCT i.key FROM relation_party_ids i JOIN relation_versions v "
            "ON v.id = i.version_id WHERE v.current=1 AND i.id_type=? AND i.id_value=?",
            (id_type, normal_id(id_type, value)))
        return [str(r[0]) for r in rows]

    def links_of(self, key: str, direction: str) -> Iterator[Link]:
        """Current links into ``key`` (``direction="in"``: owners) or out of it (holdings)."""
        column = "target_key" if direction == "in" else "source_key"
        rows = self.db.all(
            "SELECT l.kind, l.source_key, l.target_key, l.share_low, l.share_high, "
            "l.start_date, l.end_date, l.role, l.record_id FROM relation_links l "
            f"JOIN relation_versions v ON v.id = l.version_id WHERE v.current=1 AND l.{column}=?",
            (key,))
        for r in rows:
            yield Link(str(r[0]), str(r[1]), str(r[2]), r[3], r[4], r[5], r[6], r[7], r[8])


_VERSION_COLUMNS = ("id, source, version, format, files, checksum, loaded_at, party_count, "
                    "link_count, current")


def _version(row: tuple[Any, ...]) -> RelationVersion:
    return RelationVersion(int(row[0]), str(row[1]), str(row[2]), str(row[3]),
                           tuple(json.loads(row[4])), str(row[5]), str(row[6]), int(row[7]),
                           int(row[8]), bool(row[9]))


def _link_row(version_id: int, link: Link) -> tuple[Any, ...]:
    return (version_id, link.kind, link.source, link.target, link.share_low, link.share_high,
            link.start, link.end, link.role, link.record_id)
