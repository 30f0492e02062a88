"""Levels from the guidance: what makes a shipment high or medium, whatever the weights say.

The score ranks shipments; the level is what an analyst acts on, so it follows the rules the
guidance states rather than a threshold fitted to any data set. Each flag has a role in
``data/red_flags.csv``:

- *decisive*: high on its own (a listed party matched with confidence);
- *decisive_chpl*: decisive when the goods are on the CHPL (CHPL goods bound for Russia or
  Belarus need a licence that is denied by policy);
- *indicator*: a red flag the guidance names as a sign of diversion. CHPL goods going to or
  through a transshipment country with one indicator are at least **medium**, with two at
  least **high**;
- *context*: the setting the indicators are read in (CHPL goods, a transshipment route).

The level is the higher of this guidance level and the score's level (``levels.csv``), so a
user's thresholds can raise a shipment but never hide one the guidance calls high; a flag
weighted 0 is switched off and sets no level. The column
``level_basis`` says in words which rule set the level.
"""

from __future__ import annotations

from collections.abc import Sequence

from dualwatch.risk.flags import Weights

# A listed party is decisive once the calibrated screening score says the match is more
# likely right than wrong; weaker matches still add their points to the score.
DECISIVE_MATCH_SCORE = 0.5


def listed_decisive_strength(match_threshold: float) -> float:
    """The listed-party strength that corresponds to :data:`DECISIVE_MATCH_SCORE`."""
    span = max(1 - match_threshold, 1e-6)
    return max(0.0, (DECISIVE_MATCH_SCORE - match_threshold) / span)


def _raised(code: str) -> str:
    return f"coalesce(f_{code}, 0) > 0"


def level_columns(codes: Sequence[str], weights: Weights, match_threshold: float) -> str:
    """SQL for the columns ``level`` and ``level_basis`` over a table with ``score`` and one
    ``f_<code>`` strength column per flag in ``codes``."""
    # A flag weighted 0 is switched off: it sets no level either.
    flags = [weights.flags[c] for c in codes if weights.weight(c) > 0]
    chpl = _raised("chpl_goods") if "chpl_goods" in codes else "false"
    hub = " OR ".join(_raised(c) for c in ("transshipment_route", "destination_russia")
                      if c in codes) or "false"
    decisive = []
    for flag in flags:
        if flag.role == "decisive":
            floor = listed_decisive_strength(match_threshold) if flag.code == "listed_party" \
                else 0.0
            decisive.append((flag.code, f"coalesce(f_{flag.code}, 0) > 0 AND "
                                        f"f_{flag.code} >= {floor!r}"))
        elif flag.role == "decisive_chpl":
            decisive.append((flag.code, f"({chpl}) AND {_raised(flag.code)}"))
    indicators = [f.code for f in flags if f.role == "indicator"]
    count = " + ".join(f"CAST({_raised(c)} AS INTEGER)" for c in indicators) or "0"
    names = "concat_ws(', ', " + ", ".join(
        f"CASE WHEN {_raised(c)} THEN '{c}' END" for c in indicators) + ")" \
        if indicators else "''"
    decisive_any = " OR ".join(f"({cond})" for _, cond in decisive) or "false"
    decisive_name = "concat_ws(', ', " + ", ".join(
        f"CASE WHEN {cond} THEN '{code}' END" for code, cond in decisive) + ")" \
        if decisive else "''"
    setting = f"({chpl}) AND ({hub})"
    high, medium = weights.levels["high"], weights.levels["medium"]
    with_indicators = ("'CHPL goods to or via a transshipment or sanctioned country with ' || "
                       f"({count}) || ' indicator(s): ' || {names}")
    return f"""CASE WHEN ({decisive_any}) OR ({setting} AND ({count}) >= 2) OR score >= {high}
                    THEN 'high'
                    WHEN ({setting} AND ({count}) >= 1) OR score >= {medium} THEN 'medium'
                    ELSE 'low' END AS level,
               CASE WHEN {decisive_any} THEN 'decisive flag: ' || {decisive_name}
                    WHEN {setting} AND ({count}) >= 2 THEN {with_indicators}
                    WHEN score >= {high} THEN 'score ' || printf('%.2f', score) || ' >= {high:g}'
                    WHEN {setting} AND ({count}) >= 1 THEN {with_indicators}
                    WHEN score >= {medium} THEN 'score ' || printf('%.2f', score)
                         || ' >= {medium:g}'
                    ELSE '' END AS level_basis"""
