"""One calibrated score from named features: a logistic combination with fitted weights.

z = bias + sum(weight * value); the weights live in ``data/weights.json`` with how they were
fitted (a logistic regression on labelled candidate pairs). The logistic curve alone is not
calibrated everywhere, so z is mapped to a probability by the isotonic curve fitted on the same
pairs (``_calibration``: knots of z and the observed share of true pairs, interpolated): a score
s reads as "about s of the hits at this score are true". Each part is returned as a
:class:`~dualwatch.match.model.Feature` so that every hit explains itself.
"""

from __future__ import annotations

import bisect
import json
import math
from functools import cache
from importlib import resources

from dualwatch.match.features import NameFeatures
from dualwatch.match.model import Feature


@cache
def weights() -> dict[str, float]:
    text = resources.files("dualwatch.match.data").joinpath("weights.json").read_text("utf-8")
    return {k: float(v) for k, v in json.loads(text).items() if not k.startswith("_")}


@cache
def _knots() -> tuple[tuple[float, ...], tuple[float, ...]]:
    text = resources.files("dualwatch.match.data").joinpath("weights.json").read_text("utf-8")
    knots = json.loads(text).get("_calibration", [])
    return tuple(float(z) for z, _ in knots), tuple(float(p) for _, p in knots)


def probability(z: float) -> float:
    """The calibrated probability of a true match for the linear score ``z``."""
    zs, ps = _knots()
    if not zs:
        return sigmoid(z)
    k = bisect.bisect_left(zs, z)
    if k == 0:
        return min(ps[0], sigmoid(z))
    if k == len(zs):
        return ps[-1]
    lo, hi = zs[k - 1], zs[k]
    return ps[k - 1] + (ps[k] - ps[k - 1]) * (z - lo) / (hi - lo)


DEFAULT_THRESHOLD: float = weights()["threshold"]
WEAK_ALIAS_CAP: float = weights()["weak_alias_cap"]


def name_values(nf: NameFeatures, shortest_distinct: int, generic_only: bool
                ) -> list[tuple[str, float, str]]:
    """(feature, value, detail) for the name comparison. The words matched, the detail of
    ``cover_min``, are written in by :func:`to_features` for hits only: most comparisons are of
    candidates that never become one."""
    return [
        ("cover_min", nf.cover_min, "tokens matched"),
        ("cover_mean", nf.cover_mean, ""),
        ("whole", nf.whole, "whole-name similarity"),
        ("phonetic", nf.phonetic, "phonetic keys agree"),
        ("missing_query", float(min(nf.missing_query, 3)), "query words unmatched"),
        ("missing_listed", float(min(nf.missing_listed, 3)), "listed words unmatched"),
        ("word_replaced", 1.0 if nf.missing_query and nf.missing_listed else 0.0,
         "a distinctive word on each side unmatched"),
        ("in_order", 1.0 if nf.in_order else 0.0, "same word order"),
        ("legal_form", nf.legal, "legal forms agree" if nf.legal > 0 else
         "legal forms differ" if nf.legal < 0 else ""),
        ("single_token", 1.0 if shortest_distinct <= 1 else 0.0, "one distinctive word"),
        ("generic_only", 1.0 if generic_only else 0.0, "only common words match"),
        ("no_strong_word", 1.0 if nf.matched_distinct == 0 else 0.0,
         "no distinctive word matched closely"),
        ("exact_words", min(nf.exact_distinct / max(shortest_distinct, 1), 1.0),
         "distinctive words matched exactly"),
        ("numbers_differ", 1.0 if nf.numbers_differ else 0.0, "numbers in the names differ"),
        ("cover_max", nf.cover_max, "one name's words all in the other"),
        ("patronymic_differs", 1.0 if nf.patronymic_differs else 0.0, "patronymics differ"),
        ("sector_differs", 1.0 if nf.sector_differs else 0.0, "a sector word differs"),
        ("hangul_differs", 1.0 if nf.hangul_differs else 0.0, "Hangul syllables differ"),
    ]


# The order in which name_values lists the name features, then the two _name_part adds.
NAME_FEATURES = ("cover_min", "cover_mean", "whole", "phonetic", "missing_query",
                 "missing_listed", "word_replaced", "in_order", "legal_form", "single_token",
                 "generic_only", "no_strong_word", "exact_words", "numbers_differ",
                 "cover_max", "patronymic_differs", "sector_differs", "hangul_differs",
                 "information", "vowelless")


@cache
def _name_weights() -> tuple[float, ...]:
    w = weights()
    return (w["bias"], *(w[name] for name in NAME_FEATURES))


def name_logit(nf: NameFeatures, shortest_distinct: int, generic_only: bool,
               information: float, vowelless: bool) -> float:
    """``logit`` of the name features without building them (the value of every comparison
    of every candidate; the features themselves are built for each party's best name only).
    Terms are added in the order of :func:`name_values`, so the sum is the same float."""
    (z, w_cover_min, w_cover_mean, w_whole, w_phonetic, w_missing_query, w_missing_listed,
     w_replaced, w_order, w_legal, w_single, w_generic, w_no_strong, w_exact, w_numbers,
     w_cover_max, w_patronymic, w_sector, w_hangul, w_information, w_vowelless
     ) = _name_weights()
    z += w_cover_min * nf.cover_min
    z += w_cover_mean * nf.cover_mean
    z += w_whole * nf.whole
    z += w_phonetic * nf.phonetic
    z += w_missing_query * float(min(nf.missing_query, 3))
    z += w_missing_listed * float(min(nf.missing_listed, 3))
    if nf.missing_query and nf.missing_listed:
        z += w_replaced
    if nf.in_order:
        z += w_order
    z += w_legal * nf.legal
    if shortest_distinct <= 1:
        z += w_single
    if generic_only:
        z += w_generic
    if nf.matched_distinct == 0:
        z += w_no_strong
    z += w_exact * min(nf.exact_distinct / max(shortest_distinct, 1), 1.0)
    if nf.numbers_differ:
        z += w_numbers
    z += w_cover_max * nf.cover_max
    if nf.patronymic_differs:
        z += w_patronymic
    if nf.sector_differs:
        z += w_sector
    if nf.hangul_differs:
        z += w_hangul
    z += w_information * information
    if vowelless:
        z += w_vowelless
    return z


def logit(values: list[tuple[str, float, str]]) -> float:
    w = weights()
    z = w["bias"]
    for name, value, _ in values:
        if value:  # most features are 0 for most pairs
            z += w[name] * value
    return z


def terms(values: list[tuple[str, float, str]]) -> float:
    """The weighted sum of ``values`` alone, without the bias."""
    w = weights()
    return sum(w[name] * value for name, value, _ in values)


def to_features(values: list[tuple[str, float, str]], pairs: str = ""
                ) -> tuple[Feature, ...]:
    """The non-zero features with their weights; ``pairs``: the aligned words ("kim=kim,
    pyongchol~byongchol"), the detail of ``cover_min``."""
    w = weights()
    return tuple(Feature(name, round(value, 4), w[name],
                         f"{detail}: {pairs}" if name == "cover_min" and pairs else detail)
                 for name, value, detail in values if value)


# What each feature means, in the words an analyst reads in an explanation.
PLAIN_NAMES = {
    "cover_min": "share of the longer name matched",
    "cover_mean": "share of both names matched",
    "cover_max": "one name all in the other",
    "whole": "whole names alike",
    "phonetic": "words sound alike",
    "missing_query": "query words not in the listed name",
    "missing_listed": "listed words not in the query",
    "word_replaced": "a distinctive word differs",
    "in_order": "same word order",
    "legal_form": "legal form",
    "single_token": "one distinctive word only",
    "generic_only": "only common words match",
    "no_strong_word": "no distinctive word matched closely",
    "exact_words": "distinctive words spelt alike",
    "numbers_differ": "numbers differ",
    "patronymic_differs": "father's names differ",
    "sector_differs": "a sector word differs",
    "hangul_differs": "Hangul syllables differ",
    "information": "rarity of the matched words",
    "vowelless": "compared on consonants only",
    "identifier": "identifier equal",
    "birth_date": "birth date agrees",
    "birth_date_differs": "birth date differs",
    "country": "country agrees",
    "country_differs": "country differs",
}


def plain_name(feature: str) -> str:
    return PLAIN_NAMES.get(feature, feature.replace("_", " "))


def sigmoid(z: float) -> float:
    if z < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
