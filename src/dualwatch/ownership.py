"""Library operations on ownership: load relation files, judge one party, list the blocked.

The CLI (``dualwatch ownership ...``), screening and monitoring call these; nothing here prints.
Each user action is one call: :func:`load_path`, :func:`show`, :func:`blocked`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dualwatch.errors import DualwatchError, NotFoundError
from dualwatch.match import Hit, MatchIndex, Query, build_index, match_batch
from dualwatch.model import Entity, NameKind
from dualwatch.monitor import counterparty_query
from dualwatch.relations import Link, normal_id
from dualwatch.risk.ownership import OwnershipGraph, RuleSet, Verdict, rule_set
from dualwatch.screening import hit_row
from dualwatch.sources.relation_formats import discover
from dualwatch.store import Store
from dualwatch.store.db import Database
from dualwatch.store.monitoring import CLOSED
from dualwatch.store.relations import RelationLoad, Relations
from dualwatch.store.sql import SQLStore

OWNERSHIP_DATASET = "ownership"


def load_path(store: Store, path: Path, format_name: str | None = None,
              source: str | None = None) -> Iterator[RelationLoad]:
    """Load every relation file at ``path``; each file is its own all-or-nothing version."""
    relations = Relations(_db(store))
    found = list(discover(path, format_name))
    if not found:
        raise DualwatchError(f"{path}: no relation files found")
    for fmt, file in found:
        yield relations.load(fmt.read(file, source))


def graph(store: Store, rules: RuleSet, as_of: str | None = None) -> OwnershipGraph:
    """The current relations on ``as_of``, linked to every current list, evaluated."""
    built = OwnershipGraph(_db(store), as_of)
    built.set_lists(store.current_entities())
    built.evaluate(rules)
    return built


@dataclass(frozen=True)
class Holding:
    """One current link out of or into a party, with the other end's verdict."""

    link: Link
    other: str  # the other party's key
    other_name: str
    verdict: Verdict | None


@dataclass(frozen=True)
class OwnershipView:
    """What ``ownership show`` prints and the entity page draws."""

    key: str
    name: str
    rules: RuleSet
    as_of: str
    verdict: Verdict | None
    owners: list[Holding]
    holdings: list[Holding]


def resolve(store: Store, ident: str) -> str:
    """A party key from a key (``inn:1841015504``), a list entity id, or a bare INN/OGRN/LEI."""
    relations = Relations(_db(store))
    if relations.party(ident) is not None:
        return ident
    entity = store.entity(ident)
    if entity is not None:
        for identifier in entity.identifiers:
            keys = relations.keys_for_identifier(identifier.type, identifier.value)
            if keys:
                return keys[0]
        raise NotFoundError(f"list entry {ident} is in no loaded relation (no register names "
                            "its identifiers)")
    for type_ in ("inn", "ogrn", "lei", "registration", "uscc"):
        keys = relations.keys_for_identifier(type_, normal_id(type_, ident))
        if keys:
            return keys[0]
    raise NotFoundError(f"no party {ident!r} in the loaded relations; give a key such as "
                        "inn:1841015504, a list entity id or an identifier")


def show(store: Store, ident: str, rules: str = "ofac", as_of: str | None = None) -> OwnershipView:
    """One party: the rules' verdict, its owners (up) and its holdings (down)."""
    key = resolve(store, ident)
    ruleset = rule_set(rules)
    built = graph(store, ruleset, as_of)
    relations = built.relations
    current = {(r[0], r[1], r[2]) for r in built.db.all(
        "SELECT kind, source, target FROM own_links WHERE source=? OR target=?", (key, key))}

    def holding(link: Link, other: str) -> Holding:
        party = relations.party(other)
        return Holding(link, other, party[0] if party else other, built.verdict(other))

    owners = [holding(link, link.source) for link in relations.links_of(key, "in")
              if (link.kind, link.source, link.target) in current]
    holdings = [holding(link, link.target) for link in relations.links_of(key, "out")
                if (link.kind, link.source, link.target) in current]
    party = relations.party(key)
    return OwnershipView(key, party[0] if party else key, ruleset, built.as_of,
                         built.verdict(key), _latest(owners, built.as_of),
                         _latest(holdings, built.as_of))


def blocked(store: Store, rules: str = "ofac", as_of: str | None = None) -> list[Verdict]:
    """Every party the rules block or flag through ownership and control (listed ones left out)."""
    built = graph(store, rule_set(rules), as_of)
    keys = (built.blocked_keys() - built.blocked_keys("listed")) | built.flagged_keys()
    verdicts = [v for v in (built.verdict(k) for k in sorted(keys)) if v is not None]
    return sorted(verdicts, key=lambda v: (v.basis != "owned", v.basis, -v.blocked_share, v.name))


def share_words(link: Link) -> str:
    """A link's share as a person reads it: "75%", "25-50%", "share unknown", or its role."""
    if link.kind != "ownership":
        return link.role or link.kind
    if link.share_low is None:
        return "share unknown"
    if link.share_high is not None and round(link.share_high) != round(link.share_low):
        return f"{round(link.share_low):g}-{round(link.share_high):g}%"
    return f"{link.share_low:g}%"


def _latest(items: list[Holding], as_of: str) -> list[Holding]:
    """One holding per (kind, other party): the record the rules used (latest started)."""
    best: dict[tuple[str, str], Holding] = {}
    for item in items:
        if item.link.start is not None and item.link.start > as_of:
            continue
        k = (item.link.kind, item.other)
        old = best.get(k)
        if old is None or (item.link.start or "", item.link.end or "9999") > (
                old.link.start or "", old.link.end or "9999"):
            best[k] = item
    return sorted(best.values(), key=lambda h: (-(h.link.share_low or 0), h.other_name))


def _db(store: Store) -> Database:
    db = getattr(store, "db", None)
    if not isinstance(db, Database):
        raise DualwatchError("ownership needs the SQL store (SQLite or PostgreSQL)")
    return db


OWNERSHIP_COLUMNS = ("basis", "blocked_share", "ownership")


class OwnershipScreen:
    """Screening beside the lists: parties the rules block or flag, though on no list.

    The unlisted parties the graph blocks (owned, controlled) or flags (related) become a small
    second match index; a counterparty that matches one gets a hit with ``basis``,
    ``blocked_share`` and the ``ownership`` path. A hit on a list entry is ``listed``, with the
    share its own blocked owners hold where the relations know it. Without relations loaded,
    every hit is simply ``listed``.
    """

    def __init__(self, store: Store, rules: str = "ofac", as_of: str | None = None) -> None:
        self.graph: OwnershipGraph | None = None
        self.index: MatchIndex | None = None
        if not Relations(_db(store)).current_ids():
            return
        self.graph = graph(store, rule_set(rules), as_of)
        keys = ((self.graph.blocked_keys() - self.graph.blocked_keys("listed"))
                | self.graph.flagged_keys())
        entities = [self._entity(k) for k in sorted(keys)]
        self.index = build_index(entities) if entities else None

    def _entity(self, key: str) -> Entity:
        assert self.graph is not None
        party = self.graph.relations.party(key)
        name, schema = party if party else (key, "LegalEntity")
        entity = Entity(id=f"{OWNERSHIP_DATASET}-{key}", schema=schema,
                        dataset=OWNERSHIP_DATASET, source_id=key)
        entity.add_name(name, NameKind.PRIMARY)
        for id_type, value in self.graph.db.all(
                "SELECT DISTINCT i.id_type, i.id_value FROM relation_party_ids i JOIN "
                "relation_versions v ON v.id = i.version_id WHERE v.current=1 AND i.key=?",
                (key,)):
            entity.add_identifier(str(id_type), str(value))
        return entity

    def match(self, queries: Sequence[Query], threshold: float | None = None) -> list[list[Hit]]:
        if self.index is None:
            return [[] for _ in queries]
        return match_batch(queries, self.index, threshold)

    def columns(self, hit: Hit) -> dict[str, object]:
        """The ``basis``, ``blocked_share`` and ``ownership`` of one hit."""
        if self.graph is None:
            return {"basis": "listed", "blocked_share": "", "ownership": ""}
        if hit.datasets == (OWNERSHIP_DATASET,):
            verdict = self.graph.verdict(hit.entity_id.removeprefix(f"{OWNERSHIP_DATASET}-"))
        else:
            marks = ",".join("?" * len(hit.entity_ids))
            rows = self.graph.db.all(f"SELECT DISTINCT key FROM own_listed WHERE entity_id IN "
                                     f"({marks}) ORDER BY key", tuple(hit.entity_ids))
            verdict = self.graph.verdict(str(rows[0][0])) if rows else None
            if verdict is None:
                return {"basis": "listed", "blocked_share": "", "ownership": ""}
            return {"basis": "listed", "blocked_share": f"{verdict.blocked_share:g}",
                    "ownership": verdict.ownership}
        if verdict is None:
            return {"basis": "related", "blocked_share": "", "ownership": ""}
        return {"basis": verdict.basis, "blocked_share": f"{verdict.blocked_share:g}",
                "ownership": verdict.ownership}


def monitor(store: SQLStore, rules: str = "ofac", because: str = "relations or lists changed",
            as_of: str | None = None) -> list[int]:
    """Raise alerts for portfolio counterparties the rules now block or flag through owners.

    Run after a list load (a change may block an owner) and after a relation load (a record
    may change a share). A counterparty matching an owned, controlled or related party gets an
    alert saying so and why; an existing one is raised again when its basis or ownership path
    changed. Returns the ids of alerts opened or raised again.
    """
    screen = OwnershipScreen(store, rules, as_of)
    if screen.index is None:
        return []
    touched: list[int] = []
    with store.db.transaction():
        for portfolio, _count in store.portfolios():
            rows = store.counterparties(portfolio)
            queries = [counterparty_query(eid, data) for eid, data, _ in rows]
            digests = {eid: digest for eid, _, digest in rows}
            for query, hits in zip(queries, screen.match(queries), strict=True):
                for hit in hits:
                    alert = _ownership_alert(store, screen, portfolio, query.id,
                                             digests[query.id], hit, because)
                    if alert is not None:
                        touched.append(alert)
        if touched:
            store.audit("system", "ownership_screening", f"rules:{rules}",
                        {"because": because, "alerts": touched})
    return touched


def _ownership_alert(store: SQLStore, screen: OwnershipScreen, portfolio: str, external_id: str,
                     digest: str, hit: Hit, because: str) -> int | None:
    columns = screen.columns(hit)
    row: dict[str, Any] = {**hit_row(hit), **columns, "entity_ids": list(hit.entity_ids),
                           "features": [f.__dict__ for f in hit.features]}
    reason = (f"{columns['basis']} through its owners ({because}): {columns['ownership']}"
              if columns["ownership"] else f"{columns['basis']} ({because})")
    state = {hit.entity_id: f"{columns['basis']}|{columns['ownership']}"}
    existing = store.find_alert(portfolio, external_id, hit.entity_id)
    if existing is None:
        return store.save_alert(portfolio, external_id, hit.entity_id, "open", hit.score, row,
                                digest, state, reason)
    if existing.entry_hashes == state:
        return None
    status = "open" if existing.status in CLOSED else existing.status
    return store.save_alert(portfolio, external_id, hit.entity_id, status, hit.score, row,
                            digest, state, f"raised again: ownership changed; {reason}",
                            existing.id)
