"""Reference tables the list parsers read: label mappings, type tables, country forms.

Each table is a small CSV file that opens with ``#`` comment lines naming its source, then a
header row. :func:`load_table` reads one, so the parsers keep domain knowledge out of code.
"""

from __future__ import annotations

import csv
from importlib import resources


def load_table(name: str) -> list[dict[str, str]]:
    """The rows of ``name`` (a CSV file in this package) as dicts, comment lines skipped."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]
