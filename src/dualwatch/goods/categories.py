"""Finds the CHPL categories that a piece of prose talks about.

News and reports name goods by category, not by code: "machine tools", "microelectronics",
"optics", "станки с ЧПУ", "集成电路". ``data/categories.csv`` maps such phrases (English,
Russian stems, Chinese) to the CHPL tier that covers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dualwatch.goods.lexicon import Lexicon, build_lexicon
from dualwatch.goods.nomenclature import nomenclature
from dualwatch.goods.tables import read_table
from dualwatch.goods.text import prepare


@dataclass(frozen=True)
class CategoryHit:
    """A CHPL tier named in a text, with the phrase that named it."""

    tier: str
    name: str
    phrase: str


@cache
def _categories() -> Lexicon:
    return build_lexicon((row["phrase"], row["lang"], row["tier"], 1.0)
                         for row in read_table("categories.csv"))


def categories_for_text(text: str) -> tuple[CategoryHit, ...]:
    """The CHPL tiers named in ``text``, one hit per tier, in order of appearance."""
    prepared = prepare(text)
    hits = _categories().match(prepared.words,
                               prepared.normalized if prepared.unsegmented else None)
    tiers = nomenclature().tiers
    found: dict[str, CategoryHit] = {}
    for hit in sorted(hits, key=lambda h: (h.space, h.start)):
        tier = hit.term.target
        if tier not in found:
            found[tier] = CategoryHit(tier, tiers[tier].name, hit.term.text)
    return tuple(found.values())
