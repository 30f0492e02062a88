"""Sanctions screening: the candidate index, the scorer and its explanations.

``build_index(entities)`` makes an immutable, picklable :class:`MatchIndex`;
``match_batch(queries, index)`` returns, for each :class:`Query`, the :class:`Hit` list above
the threshold, each with the features that fired and the name pair that matched;
``compare(name1, name2)`` scores two names alone. Scores are calibrated probabilities of a true
match; :data:`DEFAULT_THRESHOLD` is the recommended alert level.
"""

from dualwatch.match.index import MatchIndex, build_index
from dualwatch.match.matcher import compare, match_batch
from dualwatch.match.model import Comparison, Feature, Hit, Query
from dualwatch.match.scoring import DEFAULT_THRESHOLD

__all__ = [
    "DEFAULT_THRESHOLD",
    "Comparison",
    "Feature",
    "Hit",
    "MatchIndex",
    "Query",
    "build_index",
    "compare",
    "match_batch",
]
