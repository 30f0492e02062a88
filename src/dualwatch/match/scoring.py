"""One calibrated score from named features: a logistic combination with fitted weights.

score = 1 / (1 + exp(-(bias + sum(weight * value)))). The weights live in ``data/weights.json``
with how they were obtained; a logistic model fitted on labelled candidate pairs gives a score
that reads as the share of true matches among hits of that score. Each part is returned as a
:class:`~dualwatch.match.model.Feature` so that every hit explains itself.
"""

from __future__ import annotations

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


DEFAULT_THRESHOLD: float = weights()["threshold"]
WEAK_ALIAS_CAP: float = weights()["weak_alias_cap"]


def name_values(nf: NameFeatures, shortest_distinct: int, generic_only: bool
                ) -> list[tuple[str, float, str]]:
    """(feature, value, detail) for the name comparison."""
    pairs = ", ".join(f"{a}~{b}" if s < 1 else a for a, b, s in nf.pairs)
    return [
        ("cover_min", nf.cover_min, f"tokens matched: {pairs}"),
        ("cover_mean", nf.cover_mean, ""),
        ("whole", nf.whole, "whole-name similarity"),
        ("phonetic", nf.phonetic, "phonetic keys agree"),
        ("missing_query", float(min(nf.missing_query, 3)), "query words unmatched"),
        ("missing_listed", float(min(nf.missing_listed, 3)), "listed words unmatched"),
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
    ]


def logit(values: list[tuple[str, float, str]]) -> float:
    w = weights()
    return w["bias"] + sum(w[name] * value for name, value, _ in values)


def to_features(values: list[tuple[str, float, str]]) -> tuple[Feature, ...]:
    w = weights()
    return tuple(Feature(name, round(value, 4), w[name], detail)
                 for name, value, detail in values if value)


def sigmoid(z: float) -> float:
    if z < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
