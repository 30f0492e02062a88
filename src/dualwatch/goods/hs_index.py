"""Ranks HS 2022 subheadings by the words of their own official descriptions.

The nomenclature is the widest vocabulary there is for goods: every one of the 5,613
subheadings has a description, and its heading's description adds context. This is a BM25
index over those texts (English, light plural stemming, function words dropped), so that
goods no curated term knows ("copper cathodes", "palm oil refined") still land on the right
subheading. Scores are precomputed per word and subheading; a query is a few dict lookups.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from dualwatch.goods.nomenclature import nomenclature
from dualwatch.goods.tables import read_table
from dualwatch.goods.text import stem

_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")
_K1 = 1.2
_B = 0.6
_HEADING_WEIGHT = 0.5
_NEGATIONS = frozenset({"not", "non"})
_NEGATED = "not_"


@dataclass(frozen=True)
class HSIndex:
    postings: dict[str, dict[str, float]]


@cache
def stopwords(kind: str) -> frozenset[str]:
    """Words of ``data/stopwords.csv`` of one kind (``hs`` or ``packing``)."""
    return frozenset(row["word"] for row in read_table("stopwords.csv") if row["kind"] == kind)


def words_of(text: str) -> list[str]:
    """Content words of an English text, stemmed, as the index stores them.

    The first content word after "not" or "non" is kept as its negation (``not_coil``), so
    that "not in coils" does not answer "coil" and "non-alloy" does not answer "alloy".
    """
    stop = stopwords("hs")
    out = []
    negate = False
    for word in _WORD.findall(text.lower()):
        for piece in word.split("-"):
            piece = piece.strip("'")
            if piece.endswith("'s"):
                piece = piece[:-2]
            if piece in _NEGATIONS:
                negate = True
            elif len(piece) > 1 and piece not in stop:
                out.append(_NEGATED + stem(piece) if negate else stem(piece))
                negate = False
    return out


@cache
def hs_index() -> HSIndex:
    """The BM25 index of all HS 2022 subheadings, built on first use."""
    nom = nomenclature()
    docs: dict[str, dict[str, float]] = {}
    for code, entry in nom.entries.items():
        if entry.level != 6:
            continue
        tf: dict[str, float] = defaultdict(float)
        for word in words_of(entry.description):
            tf[word] += 1.0
        heading = nom.entries.get(code[:4])
        if heading is not None:
            for word in set(words_of(heading.description)):
                tf[word] += _HEADING_WEIGHT
        docs[code] = tf
    avg = sum(sum(tf.values()) for tf in docs.values()) / len(docs)
    df: Counter[str] = Counter()
    for tf in docs.values():
        df.update(tf.keys())
    n = len(docs)
    postings: dict[str, dict[str, float]] = defaultdict(dict)
    for code, tf in docs.items():
        length = sum(tf.values())
        for word, freq in tf.items():
            idf = math.log(1 + (n - df[word] + 0.5) / (df[word] + 0.5))
            postings[word][code] = idf * freq * (_K1 + 1) / (
                freq + _K1 * (1 - _B + _B * length / avg))
    return HSIndex(dict(postings))


def rank(words: list[str]) -> dict[str, tuple[float, list[str]]]:
    """BM25 score and matched words per subheading for already-stemmed query words.

    The sum is scaled by the share of query words the subheading contains, so that
    "frozen shrimps" prefers the frozen shrimps over shrimps prepared in other ways.
    """
    postings = hs_index().postings
    query = [w for w in dict.fromkeys(words) if w in postings]
    scores: dict[str, tuple[float, list[str]]] = {}
    for word in query:
        for code, value in postings[word].items():
            total, matched = scores.get(code, (0.0, []))
            scores[code] = (total + value, [*matched, word])
    n = len(query)
    return {code: (total * len(matched) / n, matched)
            for code, (total, matched) in scores.items()}
