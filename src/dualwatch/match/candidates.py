"""Candidate generation: which listed readings a query reading should be scored against.

Each search key of the query (folded tokens, phonetic keys, joined neighbours; consonant
skeletons for Arabic and Hebrew) adds its IDF times the token's weight to the readings it
posts. Very common keys (df above ``FREQUENT``) only add to readings already found, so a query
of common words costs little; if every key is common, the rarest one seeds the set. The best
``limit`` readings go on to scoring.
A distinctive word of a query that the index does not know at all is most likely misspelt
(AWLIJAN for the UN's WALIJAN); it is also looked up by its deletion neighbourhood (the word
with each letter left out), which meets the listed word's at one edit. Known words never take
this path, so the common case costs nothing more. Recall of this step is measured on its own by
the tools in `tools/matching`.
"""

from __future__ import annotations

import heapq
from itertools import repeat

from dualwatch.match.index import FREQUENT, MatchIndex
from dualwatch.match.prepared import Prepared, search_keys, skeleton_keys, typo_keys

LIMIT = 40


def _query_keys(p: Prepared, index: MatchIndex, typos: bool) -> list[tuple[str, float]]:
    keys = search_keys(p)
    if p.abjad:
        keys += skeleton_keys(p)
    if not typos:
        return keys
    unknown = {f for f in p.folds if "t:" + f not in index.postings}
    if unknown:
        keys += typo_keys(p, unknown)
    return keys


def candidates(readings: list[Prepared], index: MatchIndex, limit: int = LIMIT,
               typos: bool = True) -> list[tuple[float, int]]:
    """(blocking score, reading number) of the best candidates for any of ``readings``;
    ``typos``: also look up words the index does not know by their deletion neighbourhood."""
    weighted: dict[str, float] = {}
    for p in readings:
        for key, weight in _query_keys(p, index, typos):
            if key in index.postings and weight > weighted.get(key, 0.0):
                weighted[key] = weight
    if not weighted:
        return []
    ordered = sorted(weighted, key=lambda k: len(index.postings[k]))
    scores: dict[int, float] = {}
    for n, key in enumerate(ordered):
        posting = index.postings[key]
        gain = index.idf[key] * weighted[key]
        # The additions run in C (map, zip, dict.update): this is the blocking's inner loop.
        if len(posting) <= FREQUENT or n == 0:
            added = map(gain.__add__, map(scores.get, posting, repeat(0.0)))
            scores.update(zip(posting, added, strict=True))
        else:
            found = list(index.frequent[key].intersection(scores))  # found already
            added = map(gain.__add__, map(scores.__getitem__, found))
            scores.update(zip(found, added, strict=True))
    return heapq.nlargest(limit, zip(scores.values(), scores.keys(), strict=True))
