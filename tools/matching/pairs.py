"""Labelled (query, listed party) pairs for fitting and checking the match score.

Positives: a name of a listed party, corrupted the way screening inputs are (typos, reordered or
dropped words, other transliterations, words joined or split, initials, legal forms rewritten),
screened with the real matcher; the row of its own party is a positive, the other candidates of
the same query are hard negatives (unless they share a name with it: unmerged duplicates).
Cross-script positives: the names a party is listed with in its own script (Arabic, Cyrillic),
screened against an index built without those names, so that only its Latin names can match
(the query as written abroad, the listing in Latin letters).
Negatives: people of ``negatives_global.csv`` (rows 25,000-50,000 for training, 0-25,000 for
evaluation) and companies made by swapping the distinctive word of a listed company name.
Parties are split by a hash of their first entity id: one in five is held out for evaluation.
The UN benchmark positives are never used here.
"""

from __future__ import annotations

import csv
import dataclasses
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dualwatch.countries import to_code
from dualwatch.match import MatchIndex, Query, build_index
from dualwatch.match.matcher import Scored, score_groups
from dualwatch.match.scoring import logit
from dualwatch.model import Entity, NameKind
from dualwatch.names import normalize_name
from tools.matching.load import all_entities

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench"
TRANSLIT = [("ou", "u"), ("u", "ou"), ("y", "i"), ("i", "y"), ("kh", "h"), ("h", "kh"),
            ("ee", "i"), ("j", "dj"), ("sh", "sch"), ("ov", "off"), ("ei", "ey"), ("a", "e"),
            ("mohammed", "muhammad"), ("muhammad", "mohamed"), ("abdul", "abd al "),
            ("al-", "el "), ("c", "k"), ("k", "c"), ("ch", "tch"), ("x", "ks"), ("v", "w"),
            ("ie", "ye"), ("ya", "ia"), ("iy", "y"), ("z", "s"), ("q", "k"), ("e", "")]
LEGAL = ["LLC", "OOO", "Ltd", "Limited", "JSC", "AO", "Co., Ltd.", "GmbH", "Inc", "PJSC",
         "Company Limited", "LTD.", "TOO", "FZE", "S.A.", ""]
LETTERS = "abcdefghijklmnopqrstuvwxyz"
HARD_NEGATIVES = 10
EVAL_REPEATS = 4  # corrupted queries per held-out party: a steadier reliability table
OTHER_COUNTRIES = ["ae", "tr", "cn", "hk", "kz", "am", "ge", "de", "in", "my", "sg", "rs"]


@dataclass(frozen=True)
class Row:
    values: dict[str, float]
    label: int
    weak: bool  # the party's best reading is a weak alias
    kind: str  # "person", "org", "neg_person", "neg_org"
    query: str
    matched: str


def held_out(entity_id: str) -> bool:
    return zlib.crc32(entity_id.encode()) % 5 == 0


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("dirt")
    if op == "d":
        return word[:i] + word[i + 1:]
    if op == "i":
        return word[:i] + rng.choice(LETTERS) + word[i:]
    if op == "r":
        return word[:i] + rng.choice(LETTERS) + word[i + 1:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def _common_word(word: str) -> bool:
    """A sector, place or legal-form word, which counterparties often leave out."""
    forms = normalize_name(word, "Company")
    return not forms or bool(forms[0].legal) or all(t.kind != "name" for t in forms[0].tokens)


def corrupt(name: str, rng: random.Random, org: bool) -> str:
    words = name.split()
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        op = rng.choice(("typo", "typo", "translit", "translit", "reorder", "drop", "join",
                         "split", "initial", "legal", "comma", "generic"))
        if op == "typo":
            k = rng.randrange(len(words))
            words[k] = _typo(words[k], rng)
        elif op == "translit":
            k = rng.randrange(len(words))
            src, dst = rng.choice(TRANSLIT)
            low = words[k].lower()
            if src in low:
                words[k] = low.replace(src, dst, 1)
        elif op == "reorder" and len(words) > 1 and not org:
            words = words[-1:] + words[:-1] if rng.random() < 0.7 else rng.sample(words, len(words))
        elif op == "drop" and len(words) >= 3:
            del words[rng.randrange(1, len(words))]
        elif op == "join" and len(words) >= 3:
            k = rng.randrange(len(words) - 1)
            words[k:k + 2] = [words[k] + words[k + 1]]
        elif op == "split":
            k = rng.randrange(len(words))
            if len(words[k]) >= 8:
                cut = rng.randrange(3, len(words[k]) - 3)
                words[k:k + 1] = [words[k][:cut], words[k][cut:]]
        elif op == "initial" and len(words) >= 3 and not org:
            words[0] = words[0][0]
        elif op == "legal" and org:
            words.append(rng.choice(LEGAL))
        elif op == "generic" and org:
            common = [k for k, w in enumerate(words) if _common_word(w)]
            if common and len(words) > 2:
                del words[rng.choice(common)]
        elif op == "comma" and len(words) >= 2 and not org:
            words = [words[-1] + ",", *words[:-1]]
    return " ".join(w for w in words if w) or name


def _name_keys(index: MatchIndex, gid: int) -> set[str]:
    return {" ".join(sorted(index.readings[r].folds)) for r in index.group_readings[gid]}


def _rows(scored: list[Scored], index: MatchIndex, truth: int | None, kind: str,
          query: str) -> Iterator[Row]:
    same = _name_keys(index, truth) if truth is not None else set()
    # The matcher shows the best HARD_NEGATIVES parties of a query; rows beyond those never
    # alert, and a query that meets a whole fleet (FU YUAN YU 1..99) would outweigh the others.
    scored = sorted(scored, key=lambda s: -logit(s.values))
    others = [s for s in scored if s.group != truth][:HARD_NEGATIVES]
    scored = [s for s in scored if s.group == truth] + others
    for s in scored:
        label = int(s.group == truth)
        if not label and truth is not None and _name_keys(index, s.group) & same:
            continue
        yield Row({n: v for n, v, _ in s.values}, label, index.reading_weak[s.reading],
                  kind if label or truth is None else "hard_" + kind, query,
                  index.reading_name[s.reading])


def listed_queries(index: MatchIndex, evaluation: bool, seed: int = 7
                   ) -> Iterator[tuple[Query, int, str]]:
    """Corrupted queries of each party of the split (the truth is its group number)."""
    rng = random.Random(seed)
    by_id = {e.id: e for e in all_entities()}
    repeats = EVAL_REPEATS if evaluation else 1
    for gid, group in [(g, grp) for g, grp in enumerate(index.groups) for _ in range(repeats)]:
        if held_out(group.entity_ids[0]) != evaluation:
            continue
        entity = by_id[group.entity_ids[0]]
        names = [n.value for n in entity.names if n.kind in (NameKind.PRIMARY, NameKind.ALIAS)]
        scripts = [n.value for n in entity.names if n.kind == NameKind.ORIGINAL_SCRIPT]
        if not names:
            continue
        org = group.schema != "Person"
        if scripts and rng.random() < 0.5:
            name = rng.choice(scripts)  # as written in its own script, uncorrupted
        else:
            name = corrupt(rng.choice(names), rng, org)
        dob = None
        if group.birth_dates and rng.random() < 0.6:
            dob = rng.choice(group.birth_dates)
            if rng.random() < 0.3:
                dob = dob[:4]
            if rng.random() < 0.03:
                dob = str(int(dob[:4]) + rng.choice((-12, 7, 20))) + dob[4:]
        countries = tuple(sorted(group.countries))[:1] if rng.random() < 0.3 else ()
        if group.countries and rng.random() < 0.1:  # a branch or an address abroad
            countries = (rng.choice(OTHER_COUNTRIES),)
        schema = group.schema if rng.random() < 0.6 else None
        yield (Query(f"l{gid}", name, schema, countries=countries, birth_date=dob), gid,
               "person" if group.schema == "Person" else "org")


def latin_only_index(entities: list[Entity]) -> MatchIndex:
    """The index of ``entities`` without their names in their own script."""
    return build_index(dataclasses.replace(e, names=[n for n in e.names
                                                     if n.kind != NameKind.ORIGINAL_SCRIPT])
                       for e in entities)


def script_queries(index: MatchIndex, entities: list[Entity], evaluation: bool, seed: int = 5
                   ) -> Iterator[tuple[Query, int, str]]:
    """Each name in its own script of a party of the split, against its Latin-only listing."""
    rng = random.Random(seed)
    by_id = {e.id: e for e in entities}
    for gid, group in enumerate(index.groups):
        if held_out(group.entity_ids[0]) != evaluation:
            continue
        names = {n.value for i in group.entity_ids for n in by_id[i].names
                 if n.kind == NameKind.ORIGINAL_SCRIPT}
        for name in sorted(names):
            dob = rng.choice(group.birth_dates) if group.birth_dates and rng.random() < 0.4 \
                else None
            schema = group.schema if rng.random() < 0.6 else None
            yield (Query(f"s{gid}", name, schema, birth_date=dob), gid,
                   "person" if group.schema == "Person" else "org")


def swapped_companies(index: MatchIndex, evaluation: bool, n: int, seed: int = 11
                      ) -> Iterator[Query]:
    """Company names whose distinctive word is replaced by another listed company's."""
    rng = random.Random(seed)
    orgs = [g for g in index.groups if g.schema in ("Company", "Organization")
            and held_out(g.entity_ids[0]) == evaluation]
    words = [w for g in orgs for f in normalize_name(g.caption, g.schema)[:1]
             for w in (t.text for t in f.tokens if t.kind == "name") if len(w) > 3]
    known = {" ".join(sorted(index.readings[r].folds)) for r in range(len(index.readings))}
    for k in range(n):
        group = rng.choice(orgs)
        parts = group.caption.split()
        slots = [i for i, p in enumerate(parts) if len(p) > 3]
        if not slots:
            continue
        parts[rng.choice(slots)] = rng.choice(words).upper()
        name = " ".join(parts)
        forms = normalize_name(name, group.schema)
        if forms and " ".join(sorted(t.fold for t in forms[0].tokens)) in known:
            continue
        yield Query(f"c{k}", name, rng.choice((group.schema, None)))


def _single_word(group_caption: str, schema: str) -> str | None:
    """The one distinctive word of a company name, or None when it has none or several."""
    forms = normalize_name(group_caption, schema)
    if not forms:
        return None
    names = [t.text for t in forms[0].tokens if t.kind == "name"]
    return names[0] if len(names) == 1 else None


def single_word_companies(index: MatchIndex, evaluation: bool, seed: int = 13
                          ) -> Iterator[tuple[Query, int | None, str]]:
    """Companies named by one distinctive word: that word with one edit (a positive), and the
    word replaced by another such company's word of about the same length (a negative).

    Such names carry little evidence besides that word, and a one-edit typo of it is the most
    common miss of screening; random corruptions of longer names rarely show it."""
    rng = random.Random(seed)
    singles: list[tuple[int, str]] = []
    for gid, group in enumerate(index.groups):
        if group.schema not in ("Company", "Organization"):
            continue
        if held_out(group.entity_ids[0]) != evaluation:
            continue
        word = _single_word(group.caption, group.schema)
        if word is not None and len(word) >= 4:
            singles.append((gid, word))
    known = {" ".join(sorted(index.readings[r].folds)) for r in range(len(index.readings))}
    by_length: dict[int, list[str]] = {}
    for _, word in singles:
        by_length.setdefault(len(word), []).append(word)
    for gid, word in singles:
        group = index.groups[gid]
        parts = group.caption.split()
        slots = [i for i, p in enumerate(parts) if p.lower() == word]
        if not slots:
            continue
        k = slots[0]
        typo = _typo(parts[k], rng)
        if typo.lower() != parts[k].lower():
            name = " ".join([*parts[:k], typo, *parts[k + 1:]])
            yield Query(f"w{gid}", name, rng.choice((group.schema, None))), gid, "org"
        others = [w for w in by_length.get(len(word), []) if w != word]
        if not others:
            continue
        name = " ".join([*parts[:k], rng.choice(others).upper(), *parts[k + 1:]])
        forms = normalize_name(name, group.schema)
        if forms and " ".join(sorted(t.fold for t in forms[0].tokens)) in known:
            continue
        yield Query(f"v{gid}", name, rng.choice((group.schema, None))), None, "neg_org"


def negative_people(evaluation: bool) -> Iterator[Query]:
    with (BENCH / "negatives_global.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    part = rows[:25_000] if evaluation else rows[25_000:]
    for i, row in enumerate(part):
        nat = row["nationality"].strip()
        code = (nat.lower() if len(nat) == 2 else to_code(nat)) or ""
        yield Query(f"n{i}", row["full_name"], "Person", countries=(code,) if code else (),
                    birth_date=row["date_of_birth"].strip() or None)


def labelled_rows(index: MatchIndex, evaluation: bool, negatives: int | None = None
                  ) -> Iterator[Row]:
    """All labelled rows of one split."""
    for query, gid, kind in listed_queries(index, evaluation):
        yield from _rows(score_groups(query, index), index, gid, kind, query.name)
    entities = all_entities()
    latin = latin_only_index(entities)
    for query, gid, kind in script_queries(latin, entities, evaluation):
        yield from _rows(score_groups(query, latin), latin, gid, kind, query.name)
    for query, truth, kind in single_word_companies(index, evaluation):
        yield from _rows(score_groups(query, index), index, truth, kind, query.name)
    for query in swapped_companies(index, evaluation, 3000):
        yield from _rows(score_groups(query, index), index, None, "neg_org", query.name)
    for n, query in enumerate(negative_people(evaluation)):
        if negatives is not None and n >= negatives:
            break
        yield from _rows(score_groups(query, index), index, None, "neg_person", query.name)
