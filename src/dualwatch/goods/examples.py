"""Nearest real labelled descriptions: a vote of descriptions whose codes customs gave.

The tables know the nomenclature's words; traders write "bts smooth care 5 blade dispo" or
"men_chelsea_slip_on_boots". Real descriptions labelled by the customs service
(``data/examples.csv``, with its source line: the development part of HMRC's references) are
compared with the query by shared words and 4-character pieces of words, each weighed by its
rarity (cosine of IDF-weighted features, so truncated and misspelt words still meet). The
closest few vote for their HS-6 codes, each vote weighed by its similarity.

Features shared by more than ``COMMON_SHARE`` of the examples are left out of the search (they
still count in the lengths): they cost time and decide nothing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from dualwatch.goods.hs_index import stopwords
from dualwatch.goods.tables import read_table
from dualwatch.goods.text import normalize, stem

GRAM = 4
NEIGHBOURS = 5
MIN_SIMILARITY = 0.25
COMMON_SHARE = 0.05
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Example:
    """A real description with the HS-6 code customs gave it."""

    text: str
    hs6: str


@dataclass(frozen=True)
class Neighbour:
    example: Example
    similarity: float


def features(text: str) -> set[str]:
    """Stemmed words and the 4-character pieces of each padded word.

    Packing and unit words ("bottle", "ml", "pcs") and function words are left out: they say how
    goods travel, and a "100ml bottle" example must not answer "soy sauce 500ml bottle".
    """
    skip = stopwords("packing") | stopwords("hs")
    out: set[str] = set()
    for word in _WORD.findall(normalize(text)):
        if word in skip:
            continue
        word = stem(word)
        out.add("w:" + word)
        padded = f" {word} "
        out.update(padded[i:i + GRAM] for i in range(max(1, len(padded) - GRAM + 1)))
    return out


class ExampleIndex:
    """An inverted index of labelled descriptions for cosine search."""

    def __init__(self, examples: list[Example]) -> None:
        self.examples = examples
        found = [features(e.text) for e in examples]
        df: dict[str, int] = defaultdict(int)
        for feats in found:
            for f in feats:
                df[f] += 1
        count = len(examples)
        self.idf = {f: math.log((count + 1) / (n + 0.5)) for f, n in df.items()}
        common = max(2, int(COMMON_SHARE * count))
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.norms = []
        for number, feats in enumerate(found):
            self.norms.append(math.sqrt(sum(self.idf[f] ** 2 for f in feats)) or 1.0)
            for f in feats:
                if df[f] <= common:
                    self.postings[f].append(number)

    def nearest(self, text: str, k: int = NEIGHBOURS) -> list[Neighbour]:
        """The ``k`` closest examples with similarity at least ``MIN_SIMILARITY``."""
        feats = features(text)
        weights = {f: self.idf.get(f, math.log(len(self.examples) + 1)) for f in feats}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        dots: dict[int, float] = defaultdict(float)
        for f, w in weights.items():
            for number in self.postings.get(f, ()):
                dots[number] += w * w
        scored = sorted(((dot / (norm * self.norms[n]), n) for n, dot in dots.items()),
                        reverse=True)[:k]
        return [Neighbour(self.examples[n], round(s, 3)) for s, n in scored
                if s >= MIN_SIMILARITY]


@lru_cache(maxsize=1)
def example_index() -> ExampleIndex:
    """The index of the packaged labelled descriptions, built once per process."""
    return ExampleIndex([Example(row["text"], row["hs6"]) for row in read_table("examples.csv")])
