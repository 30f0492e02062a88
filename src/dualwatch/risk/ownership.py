"""Ownership and control: which unlisted companies the sanctions rules block through their owners.

OFAC's 50 Percent Rule blocks an entity owned 50% or more, directly or indirectly, individually or
in the aggregate, by blocked persons; "indirectly" runs only through entities that are themselves
blocked (FAQ 401). The EU blocks what listed persons own (more than 50%, aggregated since the
Commission's 2022 FAQ) or control; the UK likewise, but does not add the holdings of different
designated persons (OFSI guidance 4.14). The parameters of each rule set are a table
(``risk/data/ownership_rules.csv``) with its sources.

The blocked set is a fixed point: start from the listed parties, add every party whose blocked
owners' shares reach the threshold (and, where control counts, every party a blocked party
controls or directs), repeat until nothing is added. Each round is one SQL statement over the
current links, so the work stays in the database engine however large the register.

A share is a range (see :mod:`dualwatch.relations`): its lower bound decides, so a band
"25-50%" never blocks under "50% or more", and an unknown share never counts as 0 or 100: the
owner is named with "share unknown" and the party is flagged ``related``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from dualwatch.errors import DualwatchError
from dualwatch.model import Entity
from dualwatch.relations import KEY_TYPES, Link, ParsedRelations, Party, exact_name, normal_id
from dualwatch.risk.tables import read_table
from dualwatch.store.db import Database, SQLiteDatabase
from dualwatch.store.relations import Relations

BASES = ("listed", "owned", "controlled", "related")
_MAX_ROUNDS = 200
_PATH_DEPTH = 4


@dataclass(frozen=True)
class RuleSet:
    """One jurisdiction's ownership rule, as parameters."""

    name: str
    title: str
    threshold: float
    inclusive: bool  # "50% or more" (OFAC) rather than "more than 50%"
    aggregate: bool  # shares of different blocked owners add up
    control: bool  # control (a listed director, majority voting rights) blocks too
    significant: float  # lower bound of "significant listed ownership" below the threshold
    lists: tuple[str, ...]  # the lists whose entries are blocked persons

    def reaches(self, share: float) -> bool:
        return share >= self.threshold if self.inclusive else share > self.threshold


@cache
def rule_sets() -> dict[str, RuleSet]:
    out: dict[str, RuleSet] = {}
    for row in read_table("ownership_rules.csv"):
        out[row["rules"]] = RuleSet(
            row["rules"], row["title"], float(row["threshold"]), row["inclusive"] == "yes",
            row["aggregate"] == "yes", row["control"] == "yes", float(row["significant"]),
            tuple(row["lists"].split(";")))
    return out


def rule_set(name: str) -> RuleSet:
    try:
        return rule_sets()[name]
    except KeyError:
        raise DualwatchError(f"unknown rules {name!r}; choose one of: "
                             f"{', '.join(rule_sets())}") from None


@dataclass(frozen=True)
class Listing:
    """The list entry a party is linked to (by identifier, or by exact name)."""

    entity_id: str
    dataset: str
    source_id: str
    caption: str

    @property
    def ref(self) -> str:
        """``us_ofac_sdn:45937``: the list and the publisher's own entry id."""
        return f"{self.dataset}:{self.source_id.removeprefix(self.dataset + '-')}"


@dataclass(frozen=True)
class Verdict:
    """What the rules make of one party."""

    key: str
    name: str
    basis: str  # one of BASES
    blocked_share: float  # the blocked owners' shares added (lower bounds), 0-100
    significant: bool  # blocked owners hold at least the significant share, below blocking
    ownership: str  # the path in words
    listings: tuple[Listing, ...] = field(default_factory=tuple)

    @property
    def blocked(self) -> bool:
        return self.basis in ("listed", "owned", "controlled")


_TEMP_DDL = """
CREATE TEMP TABLE IF NOT EXISTS own_links (kind TEXT, source TEXT, target TEXT, low REAL,
    high REAL);
CREATE TEMP TABLE IF NOT EXISTS own_listed (key TEXT, entity_id TEXT, dataset TEXT,
    source_id TEXT, caption TEXT);
CREATE TEMP TABLE IF NOT EXISTS own_list_ids (id_type TEXT, id_value TEXT, entity_id TEXT,
    dataset TEXT, source_id TEXT, caption TEXT);
CREATE TEMP TABLE IF NOT EXISTS own_list_names (name_norm TEXT, entity_id TEXT, dataset TEXT,
    source_id TEXT, caption TEXT);
CREATE TEMP TABLE IF NOT EXISTS own_blocked (key TEXT PRIMARY KEY, basis TEXT, depth INTEGER)
"""
_TEMP_INDEXES = """
CREATE INDEX IF NOT EXISTS own_links_source ON own_links(source);
CREATE INDEX IF NOT EXISTS own_links_target ON own_links(target);
CREATE INDEX IF NOT EXISTS own_listed_key ON own_listed(key);
CREATE INDEX IF NOT EXISTS own_list_ids_value ON own_list_ids(id_type, id_value);
CREATE INDEX IF NOT EXISTS own_list_names_name ON own_list_names(name_norm)
"""

# The current record of each (kind, source, target) on the date: the latest that has started;
# among records started the same day, the one that lasts longest. Ended ones drop out.
_CURRENT_LINKS = """
INSERT INTO own_links
SELECT kind, source_key, target_key, share_low, share_high FROM (
    SELECT l.kind, l.source_key, l.target_key, l.share_low, l.share_high, l.end_date,
           ROW_NUMBER() OVER (PARTITION BY l.kind, l.source_key, l.target_key
                              ORDER BY COALESCE(l.start_date, '') DESC,
                                       COALESCE(l.end_date, '9999') DESC,
                                       l.share_low DESC) AS rn
    FROM relation_links l JOIN relation_versions v ON v.id = l.version_id
    WHERE v.current = 1 AND (l.start_date IS NULL OR l.start_date <= ?)
) t WHERE rn = 1 AND (end_date IS NULL OR end_date > ?)
"""

_LINK_BY_ID = """
INSERT INTO own_listed
SELECT DISTINCT i.key, l.entity_id, l.dataset, l.source_id, l.caption
FROM relation_party_ids i JOIN relation_versions v ON v.id = i.version_id AND v.current = 1
JOIN own_list_ids l ON l.id_type = i.id_type AND l.id_value = i.id_value
"""

_LINK_BY_NAME = """
INSERT INTO own_listed
SELECT DISTINCT p.key, n.entity_id, n.dataset, n.source_id, n.caption
FROM relation_parties p JOIN relation_versions v ON v.id = p.version_id AND v.current = 1
JOIN own_list_names n ON n.name_norm = p.name_norm
WHERE NOT EXISTS (SELECT 1 FROM relation_party_ids i
                  WHERE i.version_id = p.version_id AND i.key = p.key)
"""

_OWNED_ROUND = """
INSERT INTO own_blocked
SELECT l.target, 'owned', ? FROM own_links l JOIN own_blocked b ON b.key = l.source
WHERE l.kind = 'ownership' AND l.low IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM own_blocked x WHERE x.key = l.target)
GROUP BY l.target HAVING {agg}(l.low) {op} ?
"""

_CONTROLLED_ROUND = """
INSERT INTO own_blocked
SELECT DISTINCT l.target, 'controlled', ? FROM own_links l JOIN own_blocked b ON b.key = l.source
WHERE (l.kind = 'directorship' OR (l.kind = 'control' AND (l.low IS NULL OR l.low > ?)))
  AND NOT EXISTS (SELECT 1 FROM own_blocked x WHERE x.key = l.target)
"""


class OwnershipGraph:
    """The current links on a date and the listed parties, as temporary tables of one database.

    Build it from the store (:meth:`from_store`) or from records (:meth:`from_records`, an
    in-memory SQLite database: the same SQL, for small examples); then :meth:`evaluate` a rule
    set. One graph evaluates one rule set at a time.
    """

    def __init__(self, db: Database, as_of: str | None = None) -> None:
        self.db = db
        self.relations = Relations(db)
        self.as_of = as_of or date.today().isoformat()
        self.rules: RuleSet | None = None
        self.lists_loaded: tuple[str, ...] | None = None
        db.script(_TEMP_DDL)
        db.execute("DELETE FROM own_links")
        db.execute(_CURRENT_LINKS, (self.as_of, self.as_of))
        db.script(_TEMP_INDEXES)

    @classmethod
    def from_records(cls, parties: Iterable[Party], links: Iterable[Link],
                     entities: Iterable[Entity], as_of: str | None = None) -> OwnershipGraph:
        """A graph over the given records, with ``entities`` as the list entries."""
        from pathlib import Path

        db = SQLiteDatabase(Path(":memory:"))
        items: list[Party | Link] = [*parties, *links]
        relations = Relations(db)
        with db.transaction():
            version = db.one(
                "INSERT INTO relation_versions (source, version, format, files, checksum, "
                "loaded_at, party_count, link_count, current) VALUES "
                "('records', '', 'records', '[]', '', '', 0, 0, 1) RETURNING id")
            assert version is not None
            relations._write(int(version[0]),
                             ParsedRelations("records", "", "records", [], iter(items)))
        graph = cls(db, as_of)
        graph.set_lists(entities)
        return graph

    def set_lists(self, entities: Iterable[Entity]) -> None:
        """Link parties to these list entries: by identifier, by exact name without one."""
        self.db.execute("DELETE FROM own_list_ids")
        self.db.execute("DELETE FROM own_list_names")
        self.db.execute("DELETE FROM own_listed")
        id_rows: list[tuple[str, ...]] = []
        name_rows: list[tuple[str, ...]] = []
        for entity in entities:
            ref = (entity.id, entity.dataset, entity.source_id, entity.caption)
            id_rows.extend((i.type, normal_id(i.type, i.value), *ref)
                           for i in entity.identifiers if i.type in KEY_TYPES)
            name_rows.extend({(exact_name(n.value), *ref) for n in entity.names})
        self.db.executemany("INSERT INTO own_list_ids VALUES (?,?,?,?,?,?)", id_rows)
        self.db.executemany("INSERT INTO own_list_names VALUES (?,?,?,?,?)", name_rows)
        self.db.execute(_LINK_BY_ID)
        self.db.execute(_LINK_BY_NAME)
        self.rules = None

    # -- the rules -----------------------------------------------------------------------------

    def evaluate(self, rules: RuleSet, lists: Sequence[str] | None = None) -> int:
        """Compute the blocked set under ``rules``; returns its size.

        The blocked persons are the parties linked to entries of ``lists`` (default: the rule
        set's lists; with records, every entity given).
        """
        db = self.db
        db.execute("DELETE FROM own_blocked")
        wanted = lists if lists is not None else rules.lists
        db.execute("INSERT INTO own_blocked SELECT DISTINCT key, 'listed', 0 FROM own_listed "
                   f"WHERE dataset IN ({','.join('?' * len(wanted))})", tuple(wanted))
        owned = _OWNED_ROUND.format(agg="SUM" if rules.aggregate else "MAX",
                                    op=">=" if rules.inclusive else ">")
        for depth in range(1, _MAX_ROUNDS + 1):
            added = db.execute(owned, (depth, rules.threshold)).rowcount
            if rules.control:
                added += db.execute(_CONTROLLED_ROUND, (depth, rules.threshold)).rowcount
            if added <= 0:
                break
        self.rules = rules
        self.lists_loaded = tuple(wanted)
        row = db.one("SELECT COUNT(*) FROM own_blocked")
        return int(row[0]) if row else 0

    def _rules(self) -> RuleSet:
        if self.rules is None:
            raise DualwatchError("no rules evaluated on this ownership graph yet")
        return self.rules

    def blocked_keys(self, basis: str | None = None) -> set[str]:
        self._rules()
        if basis is None:
            return {str(r[0]) for r in self.db.all("SELECT key FROM own_blocked")}
        return {str(r[0]) for r in self.db.all("SELECT key FROM own_blocked WHERE basis=?",
                                               (basis,))}

    def verdict(self, key: str) -> Verdict | None:
        """The rules' verdict on one party, or None when no blocked party relates to it."""
        rules = self._rules()
        row = self.db.one("SELECT basis FROM own_blocked WHERE key=?", (key,))
        holders = self._holders(key)
        if row is None and not holders:
            return None
        share = sum(h[1] or 0.0 for h in holders if h[0] == "ownership")
        basis = str(row[0]) if row else "related"
        return Verdict(key, self._name(key), basis, round(min(share, 100.0), 4),
                       not rules.reaches(share) and share >= rules.significant,
                       self.path(key), self.listings(key))

    def listings(self, key: str) -> tuple[Listing, ...]:
        rows = self.db.all("SELECT DISTINCT entity_id, dataset, source_id, caption FROM own_listed "
                           "WHERE key=? ORDER BY dataset, source_id", (key,))
        return tuple(Listing(str(a), str(b), str(c), str(d)) for a, b, c, d in rows)

    def flagged_keys(self) -> set[str]:
        """Parties that are not blocked but a blocked party owns, directs or relates to."""
        self._rules()
        rows = self.db.all("SELECT DISTINCT l.target FROM own_links l JOIN own_blocked b "
                           "ON b.key = l.source WHERE NOT EXISTS (SELECT 1 FROM own_blocked x "
                           "WHERE x.key = l.target)")
        return {str(r[0]) for r in rows}

    # -- the path in words ---------------------------------------------------------------------

    def _holders(self, key: str) -> list[tuple[str, float | None, float | None, str, str]]:
        """(kind, low, high, holder key, holder basis) of blocked parties linked into ``key``."""
        rows = self.db.all("SELECT l.kind, l.low, l.high, l.source, b.basis FROM own_links l "
                           "JOIN own_blocked b ON b.key = l.source WHERE l.target=? "
                           "ORDER BY CASE WHEN l.kind = 'ownership' THEN 0 ELSE 1 END, "
                           "l.low DESC, l.source", (key,))
        return [(str(k), lo, hi, str(s), str(b)) for k, lo, hi, s, b in rows]

    def _name(self, key: str) -> str:
        listed = self.listings(key)
        if listed:
            return listed[0].caption
        party = self.relations.party(key)
        return party[0] if party else key

    def path(self, key: str, depth: int = 0, seen: frozenset[str] = frozenset()) -> str:
        """The blocked owners of ``key`` in words, each intermediate with its own owners.

        "75% by ZAKHAROV, Aleksandr Vyacheslavovich (us_ofac_sdn:45937)"; an intermediate reads
        "60% by LLC CST, itself owned [49% by ...; 48% by ...]".
        """
        parts = []
        own_basis = self.db.one("SELECT basis FROM own_blocked WHERE key=?", (key,))
        for kind, low, high, holder, basis in self._holders(key):
            if kind in ("family", "linked") and own_basis is not None:
                continue  # a relative says nothing about a blocked party's own basis
            who = self._describe(holder, basis, depth, seen | {key})
            if kind == "ownership" and low is None:
                parts.append(f"{who}: owner, share unknown")
            elif kind in ("family", "linked"):
                parts.append(f"{_share_words(kind, low, high)}: {who}")
            else:
                parts.append(f"{_share_words(kind, low, high)} by {who}")
        return "; ".join(parts)

    def _describe(self, key: str, basis: str, depth: int, seen: frozenset[str]) -> str:
        listed = self.listings(key)
        if listed:
            refs = ", ".join(x.ref for x in listed)
            return f"{listed[0].caption} ({refs})"
        name = self._name(key)
        if key in seen or depth >= _PATH_DEPTH:
            return f"{name} ({basis})"
        return f"{name}, itself {basis} [{self.path(key, depth + 1, seen)}]"


def _share_words(kind: str, low: float | None, high: float | None) -> str:
    if kind == "ownership" and low is not None:
        if high is None or round(high, 2) == round(low, 2):
            return f"{low:g}%"
        return f"{round(low):g}-{round(high):g}%"
    if kind == "control":
        return "control" if low is None else f"control ({round(low):g}-{round(high or 100):g}%"\
            " of votes)"
    if kind == "directorship":
        return "directed"
    if kind == "family":
        return "family member of"
    return "linked to"
