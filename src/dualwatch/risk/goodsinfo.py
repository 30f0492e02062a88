"""What the goods are: HS codes checked and descriptions classified, once per distinct value.

A million shipment lines hold a few thousand distinct codes and descriptions. Each distinct HS
code is checked once (:func:`dualwatch.goods.check`, which also normalises national tariff
lines to HS-6) and each distinct (description, declared HS-6) pair is classified once
(:func:`dualwatch.goods.classify`); the answers become the lookup tables ``hs_info`` and
``desc_info`` that the red-flag SQL joins to every row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import duckdb

from dualwatch.errors import DualwatchError
from dualwatch.goods.classify import STRONG
from dualwatch.risk.duck import column_values, table_from_rows

# The lowest classifier score at which a description alone decides that goods are CHPL items:
# the classifier's own threshold for a strong reading.
DESCRIPTION_MIN_SCORE = STRONG

Progress = Callable[[int], None]


def check_codes(con: duckdb.DuckDBPyConnection, present: frozenset[str]) -> int:
    """Table ``hs_info(raw, hs6, tier, chapter, note)`` for every distinct HS code."""
    from dualwatch.goods import check

    raws = (column_values(con, "SELECT DISTINCT hs_code FROM shipments")
            if "hs_code" in present else [])

    def rows() -> Iterator[tuple[object, ...]]:
        for raw in raws:
            try:
                info = check(raw)
            except DualwatchError as exc:
                yield raw, None, None, None, str(exc)
                continue
            hs6 = info.hs6
            yield (raw, hs6, info.chpl_tier if hs6 else None, info.hs_code[:2],
                   info.note)

    return table_from_rows(con, "hs_info", [("raw", "VARCHAR"), ("hs6", "VARCHAR"),
                                            ("tier", "VARCHAR"), ("chapter", "VARCHAR"),
                                            ("note", "VARCHAR")], rows())


def classify_descriptions(con: duckdb.DuckDBPyConnection, present: frozenset[str],
                          progress: Progress | None = None) -> int:
    """Table ``desc_info`` for every distinct (description, declared HS-6) pair."""
    from dualwatch.goods import classify

    pairs: list[tuple[str, str | None]] = []
    if "description" in present:
        pairs = [(str(d), h) for d, h in con.execute(
            "SELECT DISTINCT sh.description, hi.hs6 FROM shipments sh "
            "LEFT JOIN hs_info hi ON hi.raw = sh.hs_code "
            "WHERE sh.description IS NOT NULL").fetchall()]

    def rows() -> Iterator[tuple[object, ...]]:
        for number, (text, declared) in enumerate(pairs, start=1):
            result = classify(text, declared_hs=declared, top=3)
            top = result.candidates[0] if result.candidates else None
            found = result.contradiction
            yield (text, declared, top.hs6 if top else None, top.tier if top else None,
                   round(top.score, 4) if top else None, found.severity if found else None,
                   found.reason if found else None)
            if progress is not None and number % 200 == 0:
                progress(200)
        if progress is not None:
            progress(len(pairs) % 200)

    return table_from_rows(con, "desc_info", [
        ("description", "VARCHAR"), ("declared_hs6", "VARCHAR"), ("top_hs6", "VARCHAR"),
        ("top_tier", "VARCHAR"), ("top_score", "DOUBLE"), ("severity", "VARCHAR"),
        ("contradiction_note", "VARCHAR")], rows())

