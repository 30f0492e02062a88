"""The score reads as a probability: the fitted reliability table and the calibration curve.

The table in ``weights.json`` is written by ``tools/matching/fit_weights.py`` from pairs
held out of the fit (one listed party in five, negatives_global.csv rows 0-25,000); rerun it
after changing a feature, and this test says whether the score is still calibrated.
"""

import json
import math
from importlib import resources

from dualwatch.match.scoring import probability, weights

MIN_PAIRS = 50
# A bin may be off by SLACK plus three standard errors of its observed share: the held-out pairs
# come in clusters (one party's queries against its relatives, as the sons of Sab'awi
# al-Tikriti), so a bin of a few hundred pairs holds far fewer independent cases.
SLACK = 0.05
# Over the bins where scores are uncertain (0.1 and up), pair-weighted, the mean gap.
MEAN_GAP = 0.02


def _stored() -> dict:  # type: ignore[type-arg]
    text = resources.files("dualwatch.match.data").joinpath("weights.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_reliability_table_on_held_out_pairs_is_close_to_the_diagonal() -> None:
    bins = _stored()["_reliability"]["bins"]
    assert sum(b["pairs"] for b in bins) > 10_000
    for b in bins:
        if b["pairs"] >= MIN_PAIRS:
            p = b["mean_score"]
            noise = 3 * math.sqrt(p * (1 - p) / b["pairs"])
            assert abs(p - b["observed"]) <= SLACK + noise, b
    scored = [b for b in bins if b["mean_score"] >= 0.1]
    gap = sum(b["pairs"] * abs(b["mean_score"] - b["observed"]) for b in scored)
    assert gap / sum(b["pairs"] for b in scored) <= MEAN_GAP


def test_calibration_curve_is_monotone_and_spans_zero_to_one() -> None:
    zs = [z / 4 for z in range(-80, 80)]
    ps = [probability(z) for z in zs]
    assert ps == sorted(ps)
    assert ps[0] < 0.01 and ps[-1] > 0.99


def test_every_feature_has_a_fitted_weight() -> None:
    assert {"cover_mean", "whole", "numbers_differ", "birth_date_differs"} <= set(weights())
