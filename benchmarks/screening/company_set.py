"""Generate the company screening set from the bundled list entities (seeded, reproducible).

Positives are listed company names rewritten the way counterparties write them: another
spelling of the legal form, another romanization, a typo, two words swapped, generic words left
out (one or two of these per name). Hard negatives keep a listed company's legal form and its
sector and place words but replace what names it with an invented word that is on no list,
so only the distinctive part tells them apart. Russian, Chinese, Turkish and Central Asian
companies are drawn in fixed shares because that is where dual-use diversion screening looks.

Run from the repository root: ``python benchmarks/screening/company_set.py`` rewrites
``benchmarks/screening/company_set.csv``.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from variants import (
    CYRILLIC,
    TOKEN,
    TRANSFORMS,
    context_words,
    find_legal_form,
    invent_word,
)

from dualwatch.model import Entity, NameKind

SEED = 20260227
OUT = Path(__file__).resolve().parent / "company_set.csv"
COLUMNS = ("case_id", "label", "name", "schema", "country", "culture", "transforms",
           "source_entity_id", "source_name", "truth_ids")
# Cases per culture: (positives, hard negatives).
QUOTAS = {"ru": (140, 100), "cn": (120, 100), "tr": (40, 30), "ca": (40, 30), "other": (60, 40)}
CULTURE_OF_COUNTRY = {"ru": "ru", "by": "ru", "cn": "cn", "hk": "cn", "mo": "cn", "tr": "tr",
                      "kz": "ca", "kg": "ca", "uz": "ca", "tj": "ca", "tm": "ca", "am": "ca",
                      "az": "ca", "ge": "ca"}
CULTURE_OF_FAMILY = {"ru": "ru", "kz": "ca", "uz": "ca", "kg": "ca", "cn": "cn", "tr": "tr"}
SYLLABLES_OF_CULTURE = {"ru": "ru", "ca": "ru", "cn": "cn", "tr": "tr", "other": "any"}
ORGANISATIONS = ("Company", "Organization", "LegalEntity")


@dataclass(frozen=True)
class Case:
    case_id: str
    label: str  # "positive" | "negative"
    name: str
    schema: str
    country: str
    culture: str
    transforms: str
    source_entity_id: str
    source_name: str
    truth_ids: str  # ";"-joined entity ids that count as the right answer (positives only)

    def row(self) -> dict[str, str]:
        return {c: getattr(self, c) for c in COLUMNS}


def normal(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def culture(entity: Entity, name: str) -> str:
    for country in entity.countries:
        if country.code in CULTURE_OF_COUNTRY:
            return CULTURE_OF_COUNTRY[country.code]
    found = find_legal_form(name)
    if found and found[0].family.split("_")[0] in CULTURE_OF_FAMILY:
        return CULTURE_OF_FAMILY[found[0].family.split("_")[0]]
    return "ru" if CYRILLIC.search(name) else "other"


def usable_names(entity: Entity) -> list[str]:
    """Names with a legal form or in Cyrillic: recognisably a company's, worth rewriting."""
    return [n.value for n in entity.names if n.kind != NameKind.WEAK_ALIAS
            and len(n.value) >= 6 and (find_legal_form(n.value) or CYRILLIC.search(n.value))]


def name_owners(entities: Iterable[Entity]) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {}
    for entity in entities:
        for name in entity.names:
            owners.setdefault(normal(name.value), set()).add(entity.id)
    return owners


def make_positive(name: str, rng: random.Random) -> tuple[str, list[str]] | None:
    """Apply one or two applicable transforms; None if none applies."""
    wanted = 1 if rng.random() < 0.6 else 2
    kinds = list(TRANSFORMS)
    rng.shuffle(kinds)
    done: list[str] = []
    out = name
    for kind in kinds:
        new = TRANSFORMS[kind](out, rng)
        if new and normal(new) != normal(out):
            out, done = new, [*done, kind]
        if len(done) == wanted:
            break
    return (out, done) if done and normal(out) != normal(name) else None


def make_negative(name: str, culture_: str, vocabulary: list[str], cores: set[str],
                  rng: random.Random) -> str | None:
    """Keep legal form and context words, replace each distinctive word with an invented one."""
    found = find_legal_form(name)
    if found is None or CYRILLIC.search(name):
        return None
    lo, hi = found[1].start(), found[1].end()
    words = context_words()
    spans = [m for m in TOKEN.finditer(name) if not (lo <= m.start() < hi)]
    distinctive = [m for m in spans if m.group(0).strip(".'-").casefold() not in words]
    kept_context = [m for m in spans
                    if words.get(m.group(0).strip(".'-").casefold()) in ("generic", "place")]
    if not distinctive or len(distinctive) > 3 or not kept_context:
        return None
    out = name
    for m in sorted(distinctive, key=lambda m: -m.start()):
        word = _fresh_word(culture_, vocabulary, rng)
        if word is None:
            return None
        word = word.upper() if m.group(0).isupper() else word
        out = out[: m.start()] + word + out[m.end():]
    out = " ".join(out.split())
    return None if _contains_listed_name(core(out), cores) else out


def core(name: str) -> str:
    """The name without its legal form, normalised: what containment is checked on."""
    found = find_legal_form(name)
    if found is not None:
        name = name[: found[1].start()] + " " + name[found[1].end():]
    return normal(name)


def _contains_listed_name(key: str, cores: set[str]) -> bool:
    """Whether the name, or a run of two or more of its words, is a listed name (less form)."""
    tokens = key.split()
    return key in cores or any(" ".join(tokens[i:j]) in cores for i in range(len(tokens))
                               for j in range(i + 2, len(tokens) + 1))


def _fresh_word(culture_: str, vocabulary: list[str], rng: random.Random) -> str | None:
    for _ in range(20):
        word = invent_word(SYLLABLES_OF_CULTURE[culture_], rng)
        if process.extractOne(word.casefold(), vocabulary, scorer=fuzz.ratio,
                              score_cutoff=80) is None:
            return word
    return None


def generate(entities: list[Entity], seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    owners = name_owners(entities)
    cores = {core(n.value) for e in entities for n in e.names}
    vocabulary = sorted({t for key in owners for t in key.split() if len(t) >= 3})
    pools: dict[str, list[tuple[Entity, str]]] = {c: [] for c in QUOTAS}
    for entity in entities:
        if entity.schema not in ORGANISATIONS:
            continue
        for name in usable_names(entity):
            pools[culture(entity, name)].append((entity, name))
    cases: list[Case] = []
    for culture_, (n_pos, n_neg) in QUOTAS.items():
        pool = pools[culture_]
        rng.shuffle(pool)
        used: set[str] = set()
        positives = negatives = 0
        for entity, name in pool:
            if positives >= n_pos and negatives >= n_neg:
                break
            if entity.id in used:
                continue
            country = next((c.code for c in entity.countries), "")
            if positives < n_pos:
                made = make_positive(name, rng)
                if made and normal(made[0]) not in owners:
                    used.add(entity.id)
                    positives += 1
                    truth = sorted({entity.id} | owners.get(normal(name), set()))
                    cases.append(Case(f"pos-{culture_}-{positives:03d}", "positive", made[0],
                                      "Company", country, culture_, "+".join(made[1]),
                                      entity.id, name, ";".join(truth)))
                    continue
            if negatives < n_neg:
                negative = make_negative(name, culture_, vocabulary, cores, rng)
                if negative:
                    used.add(entity.id)
                    negatives += 1
                    cases.append(Case(f"neg-{culture_}-{negatives:03d}", "negative", negative,
                                      "Company", country, culture_, "hard_negative",
                                      entity.id, name, ""))
    return cases


def write(cases: list[Case], path: Path = OUT) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(case.row() for case in cases)


def read(path: Path = OUT) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [Case(**row) for row in csv.DictReader(fh)]


def main() -> int:
    from bundled import load_entities

    cases = generate(load_entities())
    write(cases)
    by = {(c.culture, c.label) for c in cases}
    for key in sorted(by):
        print(key, sum(1 for c in cases if (c.culture, c.label) == key))
    print(f"{len(cases)} cases written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
