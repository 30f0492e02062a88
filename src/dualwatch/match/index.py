"""The in-process candidate index: list entries grouped into parties, names into search keys.

``build_index`` groups list entries that are evidently one party (same schema family and the
same normalised primary or alias name with no conflicting birth date, or a shared strong
identifier) so that one hit carries all its sources. Each name of a group is normalised once
into prepared readings; an inverted index maps search keys (folded tokens, phonetic keys,
joined neighbours, consonant skeletons, and for names other than people's the deletion
neighbourhoods of distinctive words) to reading numbers, and identifiers to groups.

The index is a plain immutable value: picklable for a Spark broadcast or an on-disk cache, with
no reference to any global state.

What the build learns from a name alone (its grouping key, its prepared readings and their search
keys) does not depend on which lists are indexed; a :class:`NameCache` keeps it, so that an index
of some of the lists is assembled from the all-lists build without normalising a name again, by
the very same ``build_index`` — hence identical to one built from those lists alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from dualwatch import measures
from dualwatch.match.evidence import identifier_keys
from dualwatch.match.prepared import (
    Prepared,
    prepare,
    search_keys,
    skeleton_keys,
    token_numbers,
    typo_keys,
)
from dualwatch.model import Entity, NameKind
from dualwatch.names import normalize_name

FREQUENT = 2000  # postings longer than this are also kept as sets (see candidates.py)
# Rarity is judged as if the index held at least this many readings (the bundled lists hold
# about this many), so that a short private list does not make every word look common.
MIN_CORPUS = 50_000
STRONG_IDENTIFIERS = frozenset({"inn", "ogrn", "uscc", "imo", "lei", "swift", "mmsi"})
_FAMILY = {"Company": "org", "Organization": "org", "LegalEntity": "org"}
_SPECIFIC = {"Company": 3, "Organization": 2, "LegalEntity": 1}


@dataclass(frozen=True, slots=True)
class Group:
    """One party: the list entries behind it and what they say beyond names."""

    schema: str
    caption: str
    entity_ids: tuple[str, ...]
    datasets: tuple[str, ...]
    sources: tuple[str, ...]
    birth_dates: tuple[str, ...]
    countries: frozenset[str]
    identifiers: frozenset[str]
    measures: tuple[str, ...] = ()  # what the listings mean (keys of model.MEASURES)
    listings: tuple[str, ...] = ()  # each listing as cited: list, programme, measure, date


@dataclass(frozen=True, slots=True)
class MatchIndex:
    groups: tuple[Group, ...]
    readings: tuple[Prepared, ...]
    reading_group: tuple[int, ...]
    reading_name: tuple[str, ...]  # the listed name the reading comes from
    reading_weak: tuple[bool, ...]
    postings: dict[str, tuple[int, ...]]
    frequent: dict[str, frozenset[int]]
    idf: dict[str, float]
    by_identifier: dict[str, tuple[int, ...]]
    group_readings: tuple[tuple[int, ...], ...]

    def __len__(self) -> int:
        return len(self.groups)


Reading = tuple[Prepared, frozenset[str]]  # a prepared reading and its search keys


@dataclass(slots=True)
class NameCache:
    """Memo of :func:`build_index`'s pure per-name work, keyed by (name, schema)."""

    group_keys: dict[tuple[str, str], str | None] = field(default_factory=dict)
    readings: dict[tuple[str, str], tuple[Reading, ...]] = field(default_factory=dict)

    def group_key(self, value: str, schema: str) -> str | None:
        """The key under which names of one party meet (sorted folds and legal forms)."""
        key = (value, schema)
        if key not in self.group_keys:
            found = None
            for form in normalize_name(value, schema)[:1]:
                # Numbers kept apart: folding merges "vii" into "vi", and the vessels
                # BICENTENARIO VI and BICENTENARIO VII are two parties.
                nums = token_numbers(form)
                folds = sorted(t.fold if n is None else f"{t.fold}#{n}"
                               for t, n in zip(form.tokens, nums, strict=True))
                if len(folds) >= 2:
                    found = " ".join(folds) + "|" + ",".join(sorted(form.legal))
            self.group_keys[key] = found
        return self.group_keys[key]

    def prepared(self, value: str, schema: str) -> tuple[Reading, ...]:
        """The prepared readings of a name and the search keys each is posted under."""
        key = (value, schema)
        found = self.readings.get(key)
        if found is None:
            found = tuple(_reading(prepare(form)) for form in normalize_name(value, schema))
            self.readings[key] = found
        return found


def _reading(prepared: Prepared) -> Reading:
    keys = search_keys(prepared) + skeleton_keys(prepared) + typo_keys(prepared)
    return prepared, frozenset(k for k, _ in keys)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i


def _dates_conflict(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    return not {d[:4] for d in a} & {d[:4] for d in b}


# Identifiers a party has exactly one of (or one per branch, for SWIFT): two entries that both
# give one and share none are two parties, whatever their names (Sberbank of Russia, SABRRUMM,
# and its Ukrainian subsidiary, SABRUA2K, are both "Sberbank").
UNIQUE_IDENTIFIERS = frozenset({"swift", "inn", "ogrn", "imo", "lei", "uscc"})


def _unique_identifiers(entity: Entity) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for ident in entity.identifiers:
        if ident.type in UNIQUE_IDENTIFIERS:
            value = "".join(ch for ch in ident.value.upper() if ch.isalnum())
            if ident.type == "swift":
                value = value[:8]  # the institution; the branch code is the rest
            found.setdefault(ident.type, set()).add(value)
    return found


def _identifiers_conflict(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    return any(not values & b[kind] for kind, values in a.items() if kind in b)


def _group_entities(entities: list[Entity], names: NameCache) -> list[list[int]]:
    """Entries of one party: a shared strong identifier, or the same name with no birth dates
    and no unique identifiers (SWIFT/BIC, INN, OGRN, IMO, LEI, USCC) that disagree."""
    uf = _Union(len(entities))
    dates: dict[int, set[str]] = {i: set(e.birth_dates) for i, e in enumerate(entities)}
    unique: dict[int, dict[str, set[str]]] = {i: _unique_identifiers(e)
                                               for i, e in enumerate(entities)}
    seen: dict[tuple[str, str], int] = {}

    def join(a: int, b: int) -> None:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or _dates_conflict(dates[ra], dates[rb]) or \
                _identifiers_conflict(unique[ra], unique[rb]):
            return
        uf.parent[rb] = ra
        dates[ra] |= dates.pop(rb)
        for kind, values in unique.pop(rb).items():
            unique[ra].setdefault(kind, set()).update(values)

    # Shared identifiers first, then names from the longest to the shortest: a specific name
    # ("Dochirnii Bank Sberbanku Rosii") ties an entry to its party before a shorter one. A
    # name that parties in conflict share ("JSC Sberbank of Russia": the Russian bank and its
    # Ukrainian subsidiary) joins nobody: which of them an entry without identifiers means
    # cannot be told from the name, and the order of the lists must not decide it.
    by_name: dict[tuple[str, str], list[int]] = {}
    for i, entity in enumerate(entities):
        family = _FAMILY.get(entity.schema, entity.schema)
        for ident in entity.identifiers:
            if ident.type in STRONG_IDENTIFIERS:
                for key in identifier_keys(ident.value):
                    join(seen.setdefault((family, "id:" + key), i), i)
        for name in entity.names:
            if name.kind not in (NameKind.PRIMARY, NameKind.ALIAS):
                continue
            group_key = names.group_key(name.value, entity.schema)
            if group_key is not None:
                sharing = by_name.setdefault((family, group_key), [])
                if not sharing or sharing[-1] != i:
                    sharing.append(i)
    for name_key in sorted(by_name, key=lambda k: (-len(k[1]), k)):
        roots = list(dict.fromkeys(uf.find(i) for i in by_name[name_key]))
        if len(roots) < 2 or any(
                _dates_conflict(dates[a], dates[b]) or _identifiers_conflict(unique[a], unique[b])
                for n, a in enumerate(roots) for b in roots[n + 1:]):
            continue
        for root in roots[1:]:
            join(roots[0], root)
    members: dict[int, list[int]] = {}
    for i in range(len(entities)):
        members.setdefault(uf.find(i), []).append(i)
    return list(members.values())


def build_index(entities: Iterable[Entity], names: NameCache | None = None) -> MatchIndex:
    """Build the index of all names of ``entities`` (any iterable, read once); ``names``: the
    per-name work of earlier builds, filled further by this one."""
    items = list(entities)
    names = NameCache() if names is None else names
    groups: list[Group] = []
    readings: list[Prepared] = []
    reading_group: list[int] = []
    reading_name: list[str] = []
    reading_weak: list[bool] = []
    group_readings: list[tuple[int, ...]] = []
    postings: dict[str, list[int]] = {}
    by_identifier: dict[str, set[int]] = {}
    for members in _group_entities(items, names):
        ents = [items[i] for i in members]
        schema = max((e.schema for e in ents), key=lambda s: _SPECIFIC.get(s, 0))
        gid = len(groups)
        idents: set[str] = set()
        for e in ents:
            for ident in e.identifiers:
                idents |= identifier_keys(ident.value)
        kinds, citations = measures.summary(ents)
        groups.append(Group(
            schema=schema,
            caption=ents[0].caption,
            entity_ids=tuple(e.id for e in ents),
            datasets=tuple(dict.fromkeys(e.dataset for e in ents)),
            sources=tuple(f"{e.dataset}:{e.source_id}" for e in ents),
            birth_dates=tuple(dict.fromkeys(d for e in ents for d in e.birth_dates)),
            countries=frozenset(c.code for e in ents for c in e.countries if c.code != "zz"),
            identifiers=frozenset(idents),
            measures=kinds,
            listings=citations,
        ))
        for key in idents:
            by_identifier.setdefault(key, set()).add(gid)
        mine: list[int] = []
        seen_folds: set[tuple[tuple[str, ...], tuple[int | None, ...], bool]] = set()
        # Names in list order (strong before weak), so that of two names with one reading the
        # same one is kept in every run: a set's order would change with the hash seed.
        ordered = sorted(dict.fromkeys((n.value, n.kind == NameKind.WEAK_ALIAS)
                                       for e in ents for n in e.names), key=lambda item: item[1])
        for value, weak in ordered:
            for prepared, keys in names.prepared(value, schema):
                # An Arabic-script name may read like its Latin alias; both are kept, since a
                # Latin query compares the one by its spelling and the other by its consonants.
                reading_key = (prepared.folds, prepared.nums, prepared.abjad)
                if reading_key in seen_folds:
                    continue
                seen_folds.add(reading_key)
                rid = len(readings)
                readings.append(prepared)
                reading_group.append(gid)
                reading_name.append(value)
                reading_weak.append(weak)
                mine.append(rid)
                for key in keys:
                    postings.setdefault(key, []).append(rid)
        group_readings.append(tuple(mine))
    # Number the readings from the longest to the shortest: candidate search keeps the highest
    # number among equal blocking scores, so of the readings a query meets on the same keys
    # the one with the fewest other words goes on to scoring ("United Company" before "United
    # Aviation Solutions" for a query UNITED COMPANY).
    order = sorted(range(len(readings)), key=lambda r: (-len(readings[r].folds), r))
    new_id = {old: new for new, old in enumerate(order)}
    readings = [readings[r] for r in order]
    reading_group = [reading_group[r] for r in order]
    reading_name = [reading_name[r] for r in order]
    reading_weak = [reading_weak[r] for r in order]
    group_readings = [tuple(new_id[r] for r in rs) for rs in group_readings]
    postings = {k: sorted(new_id[r] for r in v) for k, v in postings.items()}
    n = max(len(readings), MIN_CORPUS)
    return MatchIndex(
        groups=tuple(groups),
        readings=tuple(readings),
        reading_group=tuple(reading_group),
        reading_name=tuple(reading_name),
        reading_weak=tuple(reading_weak),
        postings={k: tuple(v) for k, v in postings.items()},
        frequent={k: frozenset(v) for k, v in postings.items() if len(v) > FREQUENT},
        idf={k: math.log(1 + n / len(v)) for k, v in postings.items()},
        by_identifier={k: tuple(sorted(v)) for k, v in by_identifier.items()},
        group_readings=tuple(group_readings),
    )
