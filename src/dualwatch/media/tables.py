"""The reference tables of news analysis, read once from ``media/data``.

Every table is a CSV file whose ``#`` comment lines name its sources; code only reads them, so
adding a title, a place or a topic phrase is a data change.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def read_table(filename: str) -> tuple[dict[str, str], ...]:
    """The rows of ``media/data/<filename>`` as dicts, comment lines skipped."""
    text = resources.files("dualwatch.media.data").joinpath(filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple({k: (v or "") for k, v in row.items()} for row in csv.DictReader(lines))


def column(filename: str, name: str, lang: str | None = None) -> tuple[str, ...]:
    """One column of a table, optionally for one language only."""
    return tuple(row[name] for row in read_table(filename)
                 if lang is None or row.get("lang") == lang)
