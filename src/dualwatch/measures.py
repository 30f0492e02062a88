"""What a listing means: the measure (asset freeze, export control...) behind each list entry.

A hit is only useful if it says what the listing forbids: an entity in Annex IV of Regulation
(EU) 833/2014 may not receive dual-use goods, an asset freeze forbids any dealing. Lists that
publish a record per listing (the EU Official Journal and China's lists as FollowTheMoney
``Sanction`` records) give programme, provisions and date per entry; for the others the measure
follows from the list and the entry's programme or sub-list, by ``sources/data/measures.csv``.

:func:`listings` gives an entity's listings either way; :func:`describe` writes one as a person
cites it ("EU Annex IV of Reg. 833/2014 — export restrictions on dual-use goods and technology,
listed 2023-02-25").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from dualwatch.model import MEASURES, Entity, Sanction
from dualwatch.sources.data import load_table

# CELEX numbers of EU acts: 3 (legislation), year, R(egulation)/D(ecision), number.
_CELEX = re.compile(r"^EU-[A-Z-]+ 3(\d{4})([RD])0*(\d+) (Annex .+)$")
_ACT = {"R": "Reg.", "D": "Decision"}


@cache
def _rules() -> tuple[tuple[str, str, str, str], ...]:
    rules = []
    for row in load_table("measures.csv"):
        if row["measure"] not in MEASURES:
            raise ValueError(f"measures.csv: unknown measure {row['measure']!r}")
        rules.append((row["dataset"], row["pattern"].casefold(), row["measure"], row["label"]))
    return tuple(rules)


@cache
def _titles() -> dict[str, str]:
    return {row["dataset"]: row["title"] for row in load_table("list_titles.csv")}


def _rule(dataset: str, texts: Iterable[str]) -> tuple[str, str]:
    folded = [t.casefold() for t in texts if t]
    for rule_dataset, pattern, measure, label in _rules():
        if rule_dataset not in (dataset, "*"):
            continue
        if pattern == "*" or any(pattern in text for text in folded):
            return measure, label
    return "other", "listed"


def measure_of(dataset: str, texts: Iterable[str]) -> str:
    """The measure of a listing in ``dataset`` whose provisions/programme read ``texts``."""
    return _rule(dataset, texts)[0]


def listings(entity: Entity) -> list[Sanction]:
    """The entity's listings: its own Sanction records, else one per programme from the table.
    An entry of names added from a user's reference file (dataset "enrichment") is none."""
    if entity.dataset == "enrichment":
        return []
    if entity.sanctions:
        return list(entity.sanctions)
    programs = entity.programs or [entity.sublist or ""]
    found = []
    for program in programs:
        texts = [program, entity.sublist or ""]
        measure, _ = _rule(entity.dataset, texts)
        found.append(Sanction(program=program or (entity.sublist or ""), measure=measure,
                              start_date=entity.listed_on))
    return found


def program_label(program: str) -> str:
    """An EU programme as it is cited ("EU-RUS 32014R0833 Annex IV" -> "Annex IV of Reg.
    833/2014"); other programmes as the list writes them."""
    match = _CELEX.match(program)
    if match is None:
        return program
    year, kind, number, annex = match.groups()
    return f"{annex} of {_ACT[kind]} {number}/{year}"


def describe(dataset: str, sanction: Sanction) -> str:
    """One listing as a person cites it: list, programme, what it means, since when."""
    measure, label = _rule(dataset, [sanction.program])
    if measure != sanction.measure:  # the record's own provisions said otherwise
        label = _label_of_measure(dataset, sanction.measure) or MEASURES[sanction.measure]
    title = _titles().get(dataset, dataset)
    program = program_label(sanction.program)
    head = " ".join(p for p in (title, program) if p)
    text = f"{head} — {label}"
    if sanction.start_date:
        text += f", listed {sanction.start_date}"
    return text


def _label_of_measure(dataset: str, measure: str) -> str | None:
    """The table's word for ``measure`` in a list whose records name the measure themselves."""
    for rule_dataset, _, rule_measure, label in _rules():
        if rule_dataset == dataset and rule_measure == measure:
            return label
    return None


def summary(entities: Iterable[Entity]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(measures, citations) of the listings of ``entities``, each once, in order."""
    kinds: dict[str, None] = {}
    texts: dict[str, None] = {}
    for entity in entities:
        for sanction in listings(entity):
            kinds[sanction.measure] = None
            texts[describe(entity.dataset, sanction)] = None
    return tuple(kinds), tuple(texts)
