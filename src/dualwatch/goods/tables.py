"""Reads the reference tables shipped in ``dualwatch/goods/data``.

Every table is a UTF-8 CSV whose first line is a ``# source: ...`` comment naming where the
data comes from; further ``#`` lines are comments too. Tables are read once per process.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from importlib import resources

from dualwatch.errors import SourceError

_PACKAGE = "dualwatch.goods.data"


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of the packaged table ``name`` as dicts, with comment lines skipped."""
    ref = resources.files(_PACKAGE).joinpath(name)
    try:
        text = ref.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SourceError(str(ref), "packaged reference table is missing") from exc
    return list(_rows(text, str(ref)))


def source_line(name: str) -> str:
    """The ``# source:`` line of a packaged table, without the leading ``#``."""
    first = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8").split("\n", 1)[0]
    return first.lstrip("# ").strip()


def _rows(text: str, where: str) -> Iterator[dict[str, str]]:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        raise SourceError(where, "table is empty")
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)))
    header = next(reader)
    for (number, _), row in zip(lines[1:], reader, strict=False):
        if len(row) != len(header):
            raise SourceError(where, f"expected {len(header)} fields, found {len(row)}",
                              line=number)
        yield dict(zip(header, (value.strip() for value in row), strict=True))
