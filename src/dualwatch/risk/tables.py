"""Reads the reference tables shipped in ``dualwatch/risk/data``.

Red flags, country groups, forwarder words, field names and tier strengths are data, not code:
each is a UTF-8 CSV whose first line is a ``# source: ...`` comment saying where it comes from.
Tables are read once per process.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from dualwatch.errors import SourceError

_PACKAGE = "dualwatch.risk.data"


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of the packaged table ``name``, comment lines skipped, values stripped."""
    ref = resources.files(_PACKAGE).joinpath(name)
    try:
        text = ref.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SourceError(str(ref), "packaged reference table is missing") from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise SourceError(str(ref), "row has the wrong number of fields", line=number)
        rows.append({k: v.strip() for k, v in row.items()})
    return tuple(rows)


def source_line(name: str) -> str:
    """The ``# source:`` line of a packaged table, without the leading ``#``."""
    text = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return text.split("\n", 1)[0].lstrip("# ").strip()
