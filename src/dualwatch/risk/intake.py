"""Reads a shipment file into DuckDB as one table with the canonical field names.

DuckDB reads CSV, Parquet and JSON lines natively and in parallel, so a file of a million rows
is loaded without a Python loop; XLSX (small by nature) goes through ``dualwatch.tables``. The
result is a table ``shipments`` with ``_row`` (1-based data row), ``id`` and every field of
:func:`dualwatch.risk.fields.all_fields` as trimmed text, NULL where empty or absent, plus the
list of fields the file really had.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dualwatch import tables
from dualwatch.errors import InputError
from dualwatch.risk.fields import all_fields, resolve_columns

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".xlsx": "xlsx"}


@dataclass(frozen=True)
class Intake:
    path: Path
    rows: int
    present: frozenset[str]  # fields the file has a column for
    columns: dict[str, str]  # field -> the file's column
    found: tuple[str, ...] = ()  # every column of the file, as written


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reader(path: Path, kind: str) -> str:
    where = _literal(str(path))
    if kind == "csv":
        return f"read_csv({where}, all_varchar=true, header=true, sample_size=20480)"
    if kind == "parquet":
        return f"read_parquet({where})"
    if kind == "jsonl":
        return f"read_json({where}, format='newline_delimited', sample_size=20480)"
    return f"read_json({where}, format='array', sample_size=20480)"


def _xlsx_to_csv(path: Path, folder: Path) -> Path:
    rows = list(tables.read_rows(path))
    if not rows:
        raise InputError(path, "no shipments in the workbook (only a header?)")
    columns = list(dict.fromkeys(k for _, row in rows for k in row))
    out = folder / "input.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(row for _, row in rows)
    return out


def load(con: duckdb.DuckDBPyConnection, path: Path,
         mapping: dict[str, str] | None = None) -> Intake:
    """Create the table ``shipments`` from ``path``; raises InputError with the file named."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.stat().st_size == 0:
        raise InputError(path, "file is empty")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(path, f"unknown file type {path.suffix!r}; use .csv, .tsv, .xlsx, "
                               ".parquet, .jsonl or .json")
    with tempfile.TemporaryDirectory(prefix="dualwatch-") as tmp:
        source = path
        if kind == "xlsx":
            source, kind = _xlsx_to_csv(path, Path(tmp)), "csv"
        try:
            con.execute(f"CREATE OR REPLACE TEMP VIEW raw_input AS SELECT * FROM "
                        f"{_reader(source, kind)}")
            described = con.execute("DESCRIBE raw_input").fetchall()
        except duckdb.Error as exc:
            raise InputError(path, f"cannot read the file as {kind}: "
                                   f"{str(exc).splitlines()[0]}") from exc
        types = {str(row[0]): str(row[1]) for row in described}
        columns = resolve_columns(types, mapping, path)
        try:
            build_shipments(con, columns, types)
            count = con.execute("SELECT count(*) FROM shipments").fetchone()
        except duckdb.Error as exc:
            raise InputError(path, f"cannot read the file: {str(exc).splitlines()[0]}") from exc
    rows = int(count[0]) if count else 0
    if rows == 0:
        raise InputError(path, "no shipments in the file (only a header?)")
    return Intake(path, rows, frozenset(columns), columns, tuple(types))


def build_shipments(con: duckdb.DuckDBPyConnection, columns: dict[str, str],
                    types: dict[str, str], source: str = "raw_input",
                    row: str = "row_number() OVER ()") -> None:
    """Table ``shipments`` from the table or view ``source`` with the file's columns; ``row``
    numbers the rows (a cluster passes the numbers it gave them)."""
    select = [f"{row} AS _row", *canonical_select(columns, types)]
    con.execute(f"CREATE OR REPLACE TABLE shipments AS SELECT {', '.join(select)} "
                f"FROM {source}")
    if "id" not in columns:
        con.execute("ALTER TABLE shipments ADD COLUMN id VARCHAR")
        con.execute("UPDATE shipments SET id = CAST(_row AS VARCHAR)")


def canonical_select(columns: dict[str, str], types: dict[str, str]) -> list[str]:
    """The SELECT list that turns the file's columns into the fields of ``shipments`` (trimmed
    text, NULL where empty or absent); ``id`` only when the file has one."""
    select = []
    for field in ("id", *all_fields()):
        if field == "id" and field not in columns:
            continue
        column = columns.get(field)
        select.append(f"{_text(column, types.get(column, ''))} AS {field}"
                      if column else f"NULL::VARCHAR AS {field}")
    return select


def _text(column: str, sql_type: str) -> str:
    ref = _quote(column)
    value = f"array_to_string({ref}, ';')" if sql_type.endswith("[]") else f"CAST({ref} AS VARCHAR)"
    return f"nullif(trim({value}), '')"
