"""Says when a goods description is too vague to classify: it names no goods.

Customs services reject descriptions such as "parts", "spare parts", "goods", "samples" or
"household goods": any code given for them would be a guess, and a confident guess hides the
goods from review. The words come from HMRC's own list of descriptions it rejects as too vague
(``data/vague_terms.csv``, with its source line). Two rules, both from that list:

* ``head``: a short description (at most three content words) whose last word is a generic
  noun ("engine parts", "machine parts", "новые запчасти");
* ``whole``: the whole description is only a generic word ("clothing", "food", "样品").

A part number anywhere in the description makes it specific enough to try.
"""

from __future__ import annotations

from functools import lru_cache

from dualwatch.goods.hs_index import stopwords
from dualwatch.goods.part_numbers import find_part_numbers
from dualwatch.goods.tables import read_table
from dualwatch.goods.text import prepare

MAX_HEAD_WORDS = 3
_KEEP = frozenset({"part", "item", "items", "set", "pack", "box"})  # packing words that are heads


@lru_cache(maxsize=1)
def _terms() -> dict[str, str]:
    return {row["term"]: row["kind"] for row in read_table("vague_terms.csv")}


def too_vague(text: str) -> str | None:
    """The generic term that makes ``text`` too vague, or None when it names goods."""
    prepared = prepare(text)
    terms = _terms()
    whole = prepared.normalized.strip(" .,;:-!?\"'()")
    if terms.get(whole) is not None:
        return whole
    skip = (stopwords("packing") | stopwords("hs")) - _KEEP
    words = [w for w in prepared.words if not w.isdigit() and w not in skip]
    if not words or len(words) > MAX_HEAD_WORDS or find_part_numbers(prepared.original):
        return None
    phrase = " ".join(words)
    if terms.get(phrase) is not None:
        return phrase
    if terms.get(words[-1]) == "head":
        return phrase
    return None
