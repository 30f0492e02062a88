"""Moving Python results into DuckDB, and SQL quoting.

The engine computes a few things in Python, once per distinct value (a party's screening, a
description's classification, a country name's code), and joins them back to every row in
DuckDB. Those lookup tables go in through a temporary CSV file, which DuckDB reads in one pass:
far faster than row-by-row inserts for tens of thousands of rows.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence

import duckdb


def literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def table_from_rows(con: duckdb.DuckDBPyConnection, name: str,
                    columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[object]]) -> int:
    """Create (or replace) table ``name`` with typed ``columns`` holding ``rows``."""
    fd, tmp = tempfile.mkstemp(prefix="dualwatch-", suffix=".csv")
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([c for c, _ in columns])
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
                count += 1
        spec = "{" + ", ".join(f"{literal(c)}: {literal(t)}" for c, t in columns) + "}"
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_csv("
                    f"{literal(tmp)}, header=true, columns={spec}, quote='\"', escape='\"', "
                    "nullstr='', auto_detect=false)")
    finally:
        os.unlink(tmp)
    return count


def column_values(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The first column of a query as a list of strings (NULLs dropped)."""
    return [str(row[0]) for row in con.execute(sql).fetchall() if row[0] is not None]
