"""Real labelled name pairs from the lists themselves, split by party.

A party is one or more list entries that are evidently the same: entries sharing an identifier
(INN, OGRN, IMO, passport, national id... of at least six characters), or a person's entries
with the same name and the same birth date, or an organisation's with the same name of two words
or more, across OFAC, UN, EU, the trade list and the 1260H list. Its names as the lists write
them (primary names, a.k.a.s, names in the EU's languages and in the party's own script; weak
aliases and former names left out) give the positives: two different names of one party of
which one writes every distinctive word of the other, spelt alike or a little differently, or
in consonants only (:func:`variant`; a translation or another alias, such as a nom de guerre,
is no name variant). The hard negatives are real too: for a name of a party, the names of
*other* parties that the candidate index proposes, that share a word with it and that are no
variant of it (relatives, namesakes with another given name or patronymic, companies with one
distinctive word replaced). Pairs of which one name only leaves out words of the other are
dropped as negatives: unlinked listings of one party, or a subsidiary named like its parent,
cannot be told apart by the name alone.

Parties are split by a hash of their smallest entry id: one in five is validation, never used
in fitting. Pairs are scored as ``compare`` scores them: the name alone, no list statistics.
Run ``python -m tools.matching.real_pairs`` for the validation figures and the
calibration table (``--split dev`` for the development part).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz.fuzz import ratio

from dualwatch.match import DEFAULT_THRESHOLD, build_index
from dualwatch.match.candidates import candidates
from dualwatch.match.evidence import ORGANISATIONS, identifier_keys
from dualwatch.match.index import MatchIndex
from dualwatch.match.matcher import _name_part, _name_values, _readings
from dualwatch.match.scoring import probability
from dualwatch.model import Entity, NameKind
from dualwatch.names import NAME, PATRONYMIC, normalize_name
from tools.matching.load import all_entities

OUT = Path("/tmp/dualwatch-real-pairs.csv")
MIN_IDENTIFIER = 6
POSITIVES_PER_PARTY = 4
QUERIES_PER_PARTY = 2
NEGATIVES_PER_QUERY = 3
NAME_KINDS = (NameKind.PRIMARY, NameKind.ALIAS, NameKind.ORIGINAL_SCRIPT)
BINS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001]
_VOWELS = re.compile(r"[aeiouyw]")


@dataclass(frozen=True)
class Pair:
    name1: str  # as the query writes it
    name2: str  # as the list writes it
    schema: str | None  # as the query gives it: the party's schema or, half the time, None
    label: int
    party: str
    split: str  # "dev" or "validation"
    party_schema: str = ""


def validation_party(entity_ids: list[str]) -> bool:
    return zlib.crc32(min(entity_ids).encode()) % 5 == 0


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def name_key(value: str) -> str:
    """Words of a name, sorted (the same name however it is ordered or punctuated)."""
    forms = normalize_name(value)
    return " ".join(sorted(t.fold for t in forms[0].tokens)) if forms else ""


def parties(entities: list[Entity]) -> list[list[int]]:
    """Entity numbers grouped into parties (see the module docstring)."""
    uf = _Union(len(entities))
    seen: dict[tuple[str, ...], int] = {}
    for i, e in enumerate(entities):
        family = "org" if e.schema in ORGANISATIONS else e.schema
        for ident in e.identifiers:
            for key in identifier_keys(ident.value):
                if len(key) >= MIN_IDENTIFIER:
                    uf.join(seen.setdefault((family, "id", key), i), i)
        for name in e.names:
            if name.kind not in NAME_KINDS:
                continue
            key = name_key(name.value)
            if key.count(" ") < 1:
                continue
            if e.schema == "Person":
                for date in e.birth_dates:
                    uf.join(seen.setdefault((family, "name", key, date), i), i)
            elif family == "org":
                uf.join(seen.setdefault((family, "name", key), i), i)
    groups: dict[int, list[int]] = {}
    for i in range(len(entities)):
        groups.setdefault(uf.find(i), []).append(i)
    return list(groups.values())


@cache
def _words(value: str) -> tuple[str, ...]:
    """The words of a name that tell it apart (names, patronymics; no legal form, sector or
    place word), as the first reading of the normaliser writes them."""
    forms = normalize_name(value)
    if not forms:
        return ()
    return tuple(t.fold for t in forms[0].tokens
                 if t.kind in (NAME, PATRONYMIC) and len(t.fold) >= 2)


def _close(x: str, y: str) -> bool:
    if ratio(x, y) >= 75:
        return True
    sx, sy = _VOWELS.sub("", x), _VOWELS.sub("", y)
    return len(sx) >= 2 and len(sy) >= 2 and ratio(sx, sy) >= 80


def share_a_word(a: str, b: str) -> bool:
    """Whether two names share a word, spelt a little differently or written in consonants
    only (a name in Arabic script)."""
    return any(_close(x, y) for x in _words(a) for y in _words(b))


def variant(a: str, b: str) -> bool:
    """Whether every distinctive word of the name with fewer of them has a close counterpart
    in the other: the same name written otherwise, or with parts left out ("Nicolas Maduro" /
    "MADURO MOROS, Nicolas"). A name translated, or with a word replaced by another (another
    given name or patronymic, another distinctive company word), is not."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    short, other = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return all(any(_close(x, y) for y in other) for x in short)


def _names(entities: list[Entity], members: list[int]) -> list[str]:
    out: dict[str, None] = {}
    for i in members:
        for n in entities[i].names:
            if n.kind in NAME_KINDS and n.value.strip():
                out.setdefault(n.value.strip(), None)
    return list(out)


def build(entities: list[Entity], index: MatchIndex, seed: int = 3) -> Iterator[Pair]:
    """All pairs, positives and hard negatives, of every party."""
    rng = random.Random(seed)
    groups = parties(entities)
    party_of: dict[str, int] = {}
    for p, members in enumerate(groups):
        for i in members:
            party_of[entities[i].id] = p
    for p, members in enumerate(groups):
        ids = [entities[i].id for i in members]
        split = "validation" if validation_party(ids) else "dev"
        schema = entities[members[0]].schema
        names = _names(entities, members)
        keys = {n: name_key(n) for n in names}
        distinct = list({keys[n]: n for n in names if keys[n]}.values())
        candidates_pos = [(a, b) for k, a in enumerate(distinct) for b in distinct[k + 1:]
                          if variant(a, b)]
        rng.shuffle(candidates_pos)
        for a, b in candidates_pos[:POSITIVES_PER_PARTY]:
            if rng.random() < 0.5:
                a, b = b, a
            yield Pair(a, b, schema if rng.random() < 0.5 else None, 1, ids[0], split, schema)
        own = set(keys.values())
        queries = rng.sample(distinct, min(QUERIES_PER_PARTY, len(distinct)))
        for query in queries:
            found = candidates(_readings(query, None), index)
            kept = 0
            seen: set[str] = set()
            for _, rid in found:
                group = index.groups[index.reading_group[rid]]
                if any(party_of.get(e) == p for e in group.entity_ids):
                    continue
                other = index.reading_name[rid]
                key = name_key(other)
                if key in own or key in seen or not share_a_word(query, other) \
                        or variant(query, other):
                    continue
                seen.add(key)
                yield Pair(query, other, schema if rng.random() < 0.5 else None, 0, ids[0],
                           split, schema)
                kept += 1
                if kept >= NEGATIVES_PER_QUERY:
                    break


def write(pairs: list[Pair], path: Path = OUT) -> None:
    """Written whole to a temporary file, then renamed: a reader never sees half of it."""
    part = path.with_suffix(".part")
    with part.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name1", "name2", "schema", "label", "party", "split", "party_schema"])
        for x in pairs:
            w.writerow([x.name1, x.name2, x.schema or "", x.label, x.party, x.split,
                        x.party_schema])
    part.replace(path)


def read(path: Path = OUT) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [Pair(r["name1"], r["name2"], r["schema"] or None, int(r["label"]), r["party"],
                     r["split"], r.get("party_schema", "")) for r in csv.DictReader(fh)]


def load(rebuild: bool = False) -> list[Pair]:
    """The pairs, built once and kept in /tmp (they change only with the lists)."""
    if OUT.exists() and not rebuild:
        pairs = read()
        if pairs and pairs[0].party_schema:
            return pairs
    entities = all_entities()
    pairs = list(build(entities, build_index(entities)))
    write(pairs)
    return pairs


def pair_values(pair: Pair, idf: dict[str, float] | None = None
                ) -> tuple[float, dict[str, float]]:
    """The linear score and the feature values of a pair, as ``compare`` computes them (with
    ``idf``, the lists' word statistics, as screening computes them)."""
    best: tuple[float, dict[str, float]] | None = None
    organisation = pair.schema in ORGANISATIONS
    for a in _readings(pair.name1, pair.schema):
        for b in _readings(pair.name2, pair.schema):
            z, part = _name_part(a, b, idf, organisation=organisation)
            if best is None or z > best[0]:
                best = (z, {n: v for n, v, _ in _name_values(part)})
    return best if best is not None else (-40.0, {})


def report(pairs: list[Pair], threshold: float = DEFAULT_THRESHOLD) -> list[str]:
    """Precision, recall and F1 at the threshold, and the calibration table."""
    scored = [(probability(pair_values(x)[0]), x.label) for x in pairs]
    tp = sum(1 for s, y in scored if y and s >= threshold)
    fp = sum(1 for s, y in scored if not y and s >= threshold)
    pos = sum(y for _, y in scored)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / pos if pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lines = [f"{len(pairs)} pairs ({pos} true) from {len({x.party for x in pairs})} parties; "
             f"at {threshold}: precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}",
             "score bin | pairs | mean score | observed share true"]
    for lo, hi in itertools.pairwise(BINS):
        inbin = [(s, y) for s, y in scored if lo <= s < hi]
        if inbin:
            lines.append(f"{lo:.2f}-{min(hi, 1.0):.2f} | {len(inbin)} | "
                         f"{sum(s for s, _ in inbin) / len(inbin):.3f} | "
                         f"{sum(y for _, y in inbin) / len(inbin):.3f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="validation", choices=("validation", "dev"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--misses", type=int, default=0, help="print this many errors")
    args = parser.parse_args()
    pairs = [x for x in load(args.rebuild) if x.split == args.split]
    print("\n".join(report(pairs)))
    if args.misses:
        wrong = []
        for x in pairs:
            s = probability(pair_values(x)[0])
            if (s >= DEFAULT_THRESHOLD) != bool(x.label):
                wrong.append((x.label, round(s, 3), x.name1, x.name2, x.schema))
        random.Random(1).shuffle(wrong)
        for row in wrong[:args.misses]:
            print(*row, sep=" | ")


if __name__ == "__main__":
    main()
