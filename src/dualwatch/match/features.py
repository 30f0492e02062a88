"""Name features: how two prepared readings compare, token by token and as wholes.

Tokens are aligned one-to-one, best pairs first (Levenshtein similarity of folded spellings, or
of consonant skeletons when one side comes from Arabic or Hebrew). From the alignment come the
coverage of each name (weighted by token kind, so sector and place words count little), the
number of distinctive words left unmatched on each side, phonetic agreement, word order and
initials. The whole names are also compared without spaces, which catches "Hua Wei"/"Huawei"
and typos that move a word boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from dualwatch.match.prepared import Prepared

MIN_TOKEN_SIM = 0.6
_lev = Levenshtein.normalized_similarity


@dataclass(frozen=True, slots=True)
class NameFeatures:
    cover_min: float  # the lower of the two names' weighted token coverage
    cover_mean: float
    whole: float  # similarity of the names without spaces (in order or sorted)
    phonetic: float  # share of aligned distinctive tokens with equal phonetic keys
    missing_query: int  # distinctive tokens of the query left unmatched
    missing_listed: int
    in_order: bool
    matched_distinct: int  # distinctive tokens matched (similarity >= 0.8)
    matched_any: bool  # some distinctive token of both names aligned at all
    initials: int
    legal: float  # +1 same legal class, -1 different, 0 unknown
    pairs: tuple[tuple[str, str, float], ...]


def _token_sim(q: Prepared, c: Prepared, i: int, j: int, abjad: bool) -> float:
    a, b = q.folds[i], c.folds[j]
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    if abjad:
        sa, sb = q.skels[i], c.skels[j]
        if sa and sa == sb:
            return 0.95
        return _lev(sa, sb) if sa and sb else 0.0
    sim = _lev(a, b)
    if sim < 0.75 and q.phons[i] and q.phons[i] == c.phons[j]:
        sim = 0.75
    return sim


def _legal(a: frozenset[str], b: frozenset[str]) -> float:
    a, b = a - {"company"}, b - {"company"}
    if not a or not b:
        return 0.0
    return 1.0 if a & b else -1.0


def compare_prepared(q: Prepared, c: Prepared) -> NameFeatures:
    abjad = q.abjad or c.abjad
    nq, nc = len(q.folds), len(c.folds)
    cells = []
    for i in range(nq):
        for j in range(nc):
            sim = _token_sim(q, c, i, j, abjad)
            if sim >= MIN_TOKEN_SIM:
                cells.append((sim, i, j))
    cells.sort(reverse=True)
    used_q: dict[int, tuple[int, float]] = {}
    used_c: set[int] = set()
    for sim, i, j in cells:
        if i not in used_q and j not in used_c:
            used_q[i] = (j, sim)
            used_c.add(j)
    wq = sum(q.weights) or 1.0
    wc = sum(c.weights) or 1.0
    got_q = sum(q.weights[i] * s for i, (_, s) in used_q.items())
    got_c = sum(c.weights[j] * s for _, (j, s) in used_q.items())
    cov_q, cov_c = got_q / wq, got_c / wc
    phon_hits = initials = matched_distinct = 0
    for i, (j, sim) in used_q.items():
        if q.distinct[i] and sim >= 0.8:
            matched_distinct += 1
        if q.phons[i] and q.phons[i] == c.phons[j]:
            phon_hits += 1
        if len(q.folds[i]) == 1 or len(c.folds[j]) == 1:
            initials += 1
    missing_q = sum(1 for i in range(nq) if q.distinct[i] and i not in used_q)
    missing_c = sum(1 for j in range(nc) if c.distinct[j] and j not in used_c)
    order = [used_q[i][0] for i in sorted(used_q)]
    if abjad:
        whole = max(_lev(''.join(q.skels), ''.join(c.skels)),
                    _lev(''.join(sorted(q.skels)), ''.join(sorted(c.skels))))
    else:
        whole = max(_lev(q.joined, c.joined), _lev(q.sorted_joined, c.sorted_joined))
    pairs = tuple((q.folds[i], c.folds[j], round(s, 2)) for i, (j, s) in sorted(used_q.items()))
    return NameFeatures(
        cover_min=min(cov_q, cov_c),
        cover_mean=(cov_q + cov_c) / 2,
        whole=whole,
        phonetic=phon_hits / max(len(used_q), 1),
        missing_query=missing_q,
        missing_listed=missing_c,
        in_order=order == sorted(order),
        matched_distinct=matched_distinct,
        matched_any=any(q.distinct[i] and c.distinct[j] for i, (j, _) in used_q.items()),
        initials=initials,
        legal=_legal(q.legal, c.legal),
        pairs=pairs,
    )
