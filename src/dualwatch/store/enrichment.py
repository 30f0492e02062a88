"""Names and identifiers added to listed entities from a user's reference files.

Each added item keeps its source: the file and record it came from and how it was linked to the
listed entity (by which identifier, or by the exact listed name). The table sits beside the list
tables in the same database and is created on first use; an enrichment is written in one
transaction, so a file that fails to read changes nothing. Loading the same file again replaces
what it added before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from dualwatch.store.db import Database

ENRICHMENT_DDL = """
CREATE TABLE IF NOT EXISTS enrichment_items (
    source TEXT NOT NULL,
    position INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    detail TEXT,
    record TEXT NOT NULL,
    link TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    PRIMARY KEY (source, entity_id, kind, value)
)
"""


@dataclass(frozen=True)
class Addition:
    """One name (``kind`` "name", ``detail`` its language) or identifier (``kind`` its type)
    added to a listed entity, with the record it came from and the link that placed it."""

    entity_id: str
    kind: str
    value: str
    detail: str | None
    record: str  # "lei-data.xml, LEI 5493..." : where the added item was read
    link: str  # "USCC 91110000710925243K" or "listed name 'X'": why it is this entity's


class Enrichments:
    """The enrichment table of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.script(ENRICHMENT_DDL)

    def replace(self, source: str, additions: list[Addition]) -> None:
        """Everything ``source`` added, replaced by ``additions``, in one transaction."""
        now = datetime.now(tz=UTC).isoformat(timespec="seconds")
        with self.db.transaction():
            self.db.execute("DELETE FROM enrichment_items WHERE source=?", (source,))
            self.db.executemany(
                "INSERT INTO enrichment_items VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                [(source, n, a.entity_id, a.kind, a.value, a.detail, a.record, a.link, now)
                 for n, a in enumerate(additions)])

    def all(self) -> list[Addition]:
        """Every addition, in the order its file gave it (a record's legal name first)."""
        rows = self.db.all("SELECT entity_id, kind, value, detail, record, link "
                           "FROM enrichment_items ORDER BY source, position")
        return [Addition(str(r[0]), str(r[1]), str(r[2]), None if r[3] is None else str(r[3]),
                         str(r[4]), str(r[5])) for r in rows]

    def fingerprint(self) -> str:
        """Changes whenever any enrichment does (part of the match index's cache key)."""
        digest = hashlib.sha1()
        for a in self.all():
            digest.update(repr((a.entity_id, a.kind, a.value, a.record, a.link)).encode())
        return digest.hexdigest()[:16]
