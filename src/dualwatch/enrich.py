"""Enrichment: names and identifiers from a user's reference file added to listed entities.

A bank in Hong Kong knows its counterparty by the registered Chinese name; the lists carry the
English one. A reference file the user holds (GLEIF LEI records, a company-registry extract)
connects the two. Each record is linked to listed entities only by an identifier they share
(USCC, LEI, INN, OGRN) or by a name of the record that is exactly a listed name: never by a
fuzzy guess. What the record adds is stored with its source (:mod:`dualwatch.store.enrichment`)
and enters the match index as a companion entry of the listed party (dataset ``enrichment``),
so that a hit resting on an added name names that source among its sources.

One user action, one call: :func:`enrich`. A file that cannot be read, or is of no known
format, raises before anything is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dualwatch.errors import DualwatchError, SourceError
from dualwatch.match.evidence import identifier_keys
from dualwatch.model import Entity, Identifier, Name, NameKind
from dualwatch.sources import gleif_lei, registry_csv
from dualwatch.sources.base import read_head
from dualwatch.sources.reference import LINKING_IDENTIFIERS, ReferenceRecord
from dualwatch.store import Store
from dualwatch.store.db import Database
from dualwatch.store.enrichment import Addition, Enrichments

ENRICHMENT_DATASET = "enrichment"
_FORMATS = (("GLEIF LEI-CDF XML", gleif_lei), ("registry extract CSV", registry_csv))


@dataclass
class EnrichResult:
    """What one file added: records read, records linked, names and identifiers added."""

    file: str
    format: str
    records: int = 0
    linked: int = 0
    names_added: int = 0
    identifiers_added: int = 0
    unlinked: list[str] = field(default_factory=list)  # where each unlinked record was read


def _db(store: Store) -> Database:
    db = getattr(store, "db", None)
    if not isinstance(db, Database):
        raise DualwatchError("enrichment needs the SQL store (SQLite or PostgreSQL)")
    return db


def _records(path: Path) -> tuple[str, list[ReferenceRecord]]:
    if not path.is_file():
        raise DualwatchError(f"{path}: no such file")
    head = read_head(path)
    for title, reader in _FORMATS:
        if reader.sniff(head):
            return title, list(reader.read(path))
    raise SourceError(path, "not a reference file dualwatch reads: expected GLEIF LEI-CDF XML "
                      "(<LEIData>) or a registry extract CSV with a 'name' column and uscc, "
                      "lei, inn, ogrn or other_names columns")


def _exact(name: str) -> str:
    return " ".join(name.casefold().split())


def _keys(identifier: Identifier) -> set[tuple[str, str]]:
    return {(identifier.type, k) for k in identifier_keys(identifier.value)}


class _Listed:
    """The current entities, looked up by linking identifier and by exact name."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.by_id: dict[tuple[str, str], list[Entity]] = {}
        self.by_name: dict[str, list[Entity]] = {}
        for entity in entities:
            for ident in entity.identifiers:
                if ident.type in LINKING_IDENTIFIERS:
                    for key in _keys(ident):
                        self.by_id.setdefault(key, []).append(entity)
            for name in entity.names:
                if name.kind != NameKind.WEAK_ALIAS:
                    self.by_name.setdefault(_exact(name.value), []).append(entity)

    def link(self, record: ReferenceRecord) -> tuple[list[Entity], str]:
        """The entities the record identifies, and how: by identifier first, else exact name."""
        for ident in record.identifiers:
            for key in _keys(ident):
                if key in self.by_id:
                    return self.by_id[key], f"{ident.type.upper()} {ident.value}"
        for name in record.names:
            if _exact(name.value) in self.by_name:
                return self.by_name[_exact(name.value)], f"listed name {name.value!r}"
        return [], ""


def _additions(record: ReferenceRecord, entity: Entity, link: str) -> list[Addition]:
    names = {_exact(n.value) for n in entity.names}
    keys = {k for i in entity.identifiers for k in _keys(i)}
    out = [Addition(entity.id, "name", n.value, n.lang, record.where, link)
           for n in record.names if _exact(n.value) not in names]
    out += [Addition(entity.id, i.type, i.value, None, record.where, link)
            for i in record.identifiers if not _keys(i) & keys]
    return out


def enrich(store: Store, path: Path) -> EnrichResult:
    """Add the names and identifiers of the reference file at ``path`` to the listed entities
    its records identify; replaces what the same file (by name) added before."""
    title, records = _records(path)
    listed = _Listed(store.current_entities())
    result = EnrichResult(path.name, title, records=len(records))
    additions: list[Addition] = []
    for record in records:
        entities, link = listed.link(record)
        if not entities:
            result.unlinked.append(record.where)
            continue
        result.linked += 1
        for entity in entities:
            additions += _additions(record, entity, link)
    additions = list({(a.entity_id, a.kind, a.value): a for a in additions}.values())
    Enrichments(_db(store)).replace(path.name, additions)
    result.names_added = sum(a.kind == "name" for a in additions)
    result.identifiers_added = len(additions) - result.names_added
    return result


def fingerprint(store: Store) -> str:
    """Changes whenever the stored enrichments do; "" for a store without SQL tables."""
    db = getattr(store, "db", None)
    return Enrichments(db).fingerprint() if isinstance(db, Database) else ""


def companion_entities(store: Store, datasets: Iterable[str] | None = None) -> Iterator[Entity]:
    """For each listed entity and reference record, an entry of dataset ``enrichment`` that
    carries the added names and identifiers and the link (the shared identifier, or the listed
    name), so that the match index puts it with the listed party and a hit cites its source."""
    db = getattr(store, "db", None)
    if not isinstance(db, Database):
        return
    wanted = set(datasets) if datasets is not None else None
    grouped: dict[tuple[str, str, str], list[Addition]] = {}
    for addition in Enrichments(db).all():
        grouped.setdefault((addition.entity_id, addition.record, addition.link), []).append(
            addition)
    for (entity_id, record, link), items in grouped.items():
        listed = store.entity(entity_id)
        if listed is None or (wanted is not None and listed.dataset not in wanted):
            continue
        names = [Name(a.value, NameKind.ALIAS, a.detail) for a in items if a.kind == "name"]
        identifiers = [Identifier(a.kind, a.value) for a in items if a.kind != "name"]
        kind, _, value = link.partition(" ")
        if kind.casefold() in LINKING_IDENTIFIERS:
            identifiers.append(Identifier(kind.casefold(), value))
        else:
            names.append(listed.names[0])
        digest = hashlib.sha1(f"{entity_id}|{record}".encode()).hexdigest()[:12]
        yield Entity(id=f"{ENRICHMENT_DATASET}-{digest}",
                     schema=listed.schema, dataset=ENRICHMENT_DATASET,
                     source_id=f"{record} (linked by {link})", names=names,
                     identifiers=identifiers)
