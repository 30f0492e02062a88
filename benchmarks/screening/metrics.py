"""Quality numbers from scored cases: recall, alerts per 1,000 negatives, precision, F1.

Each case is reduced to two scores: ``found`` (best score of a hit on a right entity; positives)
and ``alert`` (best score of any hit). A positive counts as found at threshold t when
``found >= t``; a negative alerts when ``alert >= t``. Precision counts negatives' alerts as the
false positives, so F1 is over the set's positives and its negatives together.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Scored:
    positive: bool
    found: float  # best score on a right entity (0 when none); meaningless for negatives
    alert: float  # best score of any candidate


@dataclass(frozen=True)
class Quality:
    threshold: float
    positives: int
    negatives: int
    recall: float
    alerts_per_1000: float
    precision: float
    f1: float

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def quality(cases: list[Scored], threshold: float) -> Quality:
    pos = [c for c in cases if c.positive]
    neg = [c for c in cases if not c.positive]
    tp = sum(1 for c in pos if c.found >= threshold)
    fp = sum(1 for c in neg if c.alert >= threshold)
    recall = tp / len(pos) if pos else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_1000 = 1000 * fp / len(neg) if neg else 0.0
    return Quality(threshold, len(pos), len(neg), recall, per_1000, precision, f1)


def best_threshold(cases: list[Scored]) -> Quality:
    """The threshold with the best F1 (ties: the higher threshold), searched over all scores."""
    candidates = {round(c.found, 4) for c in cases if c.positive}
    candidates |= {round(c.alert + 1e-4, 4) for c in cases if not c.positive}
    best: Quality | None = None
    for t in sorted(candidates):
        if t <= 0:
            continue
        q = quality(cases, t)
        if best is None or q.f1 >= best.f1:
            best = q
    return best if best is not None else quality(cases, 1.0)
