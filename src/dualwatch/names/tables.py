"""Loading of the reference tables in ``names/data``.

Every table is a CSV file with ``#`` comment lines that name its sources. They are read once per
process (the functions are cached and return immutable values), so callers can use them freely.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def read_table(filename: str) -> tuple[dict[str, str], ...]:
    """The rows of ``names/data/<filename>`` as dicts, comment lines skipped."""
    text = resources.files("dualwatch.names.data").joinpath(filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple({k: (v or "") for k, v in row.items()} for row in csv.DictReader(lines))


@cache
def cyrillic_schemes() -> dict[str, dict[str, str]]:
    """Scheme name ("gost", "bgn", "icao") -> Cyrillic letter -> Latin."""
    rows = read_table("cyrillic.csv")
    return {scheme: {r["cyrillic"]: r[scheme] for r in rows} for scheme in ("gost", "bgn", "icao")}


@cache
def latin_folds() -> tuple[tuple[str, str, bool], ...]:
    """(pattern, replacement, only_at_end) in the order they apply."""
    return tuple((r["pattern"], r["replacement"], r["where"] == "end")
                 for r in read_table("latin_folds.csv"))


@cache
def korean_rules() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["rule"], r["from"], r["to"]) for r in read_table("korean.csv"))


@cache
def chinese_admin_suffixes() -> tuple[str, ...]:
    return tuple(sorted((r["suffix"] for r in read_table("chinese_admin.csv")), key=len,
                        reverse=True))
