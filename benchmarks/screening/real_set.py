"""Real name pairs: the validation part of the pairs built from the lists themselves.

The pairs, their parties and their split come from ``tools/matching/real_pairs.py`` (the
same builder the weights are fitted with; only its development part is fitted on). Reported
here: precision, recall and F1 of ``compare`` at the default threshold and at its best, the
same for the anchors, the calibration table (score bin -> observed share of true pairs), and
the recall of candidate generation on its own (the listed name of a true pair among the
candidates the index proposes for the other name).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from metrics import Scored, best_threshold, quality

from dualwatch.match import DEFAULT_THRESHOLD, MatchIndex, compare
from dualwatch.match.candidates import candidates
from dualwatch.match.matcher import _readings

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import itertools

from tools.matching.real_pairs import BINS, Pair, load

SEED = 1729
AnchorFactory = Callable[[str], Callable[[str, str], float]]


def _anchor_schema(pair: Pair) -> str:
    return pair.party_schema if pair.party_schema in ("Person", "Company", "Organization",
                                                      "LegalEntity", "Vessel") else "LegalEntity"


def _calibration(scores: list[float], labels: list[int]) -> list[dict[str, Any]]:
    rows = []
    for lo, hi in itertools.pairwise(BINS):
        inbin = [y for s, y in zip(scores, labels, strict=True) if lo <= s < hi]
        if inbin:
            chosen = [s for s in scores if lo <= s < hi]
            rows.append({"bin": f"{lo:.2f}-{min(hi, 1.0):.2f}", "pairs": len(inbin),
                         "mean_score": round(sum(chosen) / len(chosen), 3),
                         "observed": round(sum(inbin) / len(inbin), 3)})
    return rows


def _block(scores: list[float], labels: list[int], default: float | None) -> dict[str, Any]:
    scored = [Scored(bool(y), s, s) for s, y in zip(scores, labels, strict=True)]
    out: dict[str, Any] = {"best": best_threshold(scored).as_dict()}
    if default is not None:
        out["default"] = quality(scored, default).as_dict()
    return out


def candidate_recall(pairs: list[Pair], index: MatchIndex) -> dict[str, Any]:
    """Share of true pairs whose listed name is among the candidate readings of the query."""
    found = 0
    positives = [p for p in pairs if p.label]
    for p in positives:
        names = {index.reading_name[rid] for _, rid in candidates(_readings(p.name1, p.schema),
                                                                  index)}
        found += p.name2 in names
    return {"pairs": len(positives), "found": found,
            "recall": round(found / max(len(positives), 1), 4)}


def figures(index: MatchIndex, anchors: dict[str, AnchorFactory], sample: int | None = None
            ) -> dict[str, Any]:
    pairs = [p for p in load() if p.split == "validation"]
    if sample is not None and sample < len(pairs):
        pairs = random.Random(SEED).sample(pairs, sample)
    labels = [p.label for p in pairs]
    ours = [compare(p.name1, p.name2, p.schema).score for p in pairs]
    out: dict[str, Any] = {
        "pairs": len(pairs), "true": sum(labels),
        "parties": len({p.party for p in pairs}),
        "people": sum(1 for p in pairs if p.party_schema == "Person"),
        "matchers": {"dualwatch": _block(ours, labels, DEFAULT_THRESHOLD)},
        "calibration": _calibration(ours, labels),
        "candidate_recall": candidate_recall(pairs, index),
    }
    for kind in ("Person", "other"):
        part = [(s, y) for s, y, p in zip(ours, labels, pairs, strict=True)
                if (p.party_schema == "Person") == (kind == "Person")]
        out["matchers"]["dualwatch"]["default_" + kind.lower()] = quality(
            [Scored(bool(y), s, s) for s, y in part], DEFAULT_THRESHOLD).as_dict()
    for label, factory in anchors.items():
        made: dict[str, Callable[[str, str], float]] = {}
        scores = []
        for p in pairs:
            schema = _anchor_schema(p)
            if schema not in made:
                made[schema] = factory(schema)
            scores.append(made[schema](p.name1, p.name2))
        default = 0.7 if label.startswith("logic") else None
        out["matchers"][label] = _block(scores, labels, default)
    return out
