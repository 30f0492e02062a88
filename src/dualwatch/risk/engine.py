"""Assess a shipment file: load it, screen its parties, classify its goods, raise red flags,
score and rank every shipment.

The bulk work runs in an embedded DuckDB database: the file is read by DuckDB, every rule is a
SQL expression over all rows at once, and Python only touches distinct values (parties, codes,
descriptions, contacts, country names). The connection stays open in the returned
:class:`Assessment` so the output file and the HTML report are written from the same tables.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from dualwatch import tables
from dualwatch.errors import InputError
from dualwatch.risk import goodsinfo, intake, parties, places, prepare
from dualwatch.risk.duck import literal
from dualwatch.risk.flags import Weights, default_weights
from dualwatch.risk.levels import level_columns
from dualwatch.risk.parties import ListContext
from dualwatch.risk.rules import RULES, Context, Rule, availability

OUTPUT_COLUMNS = ("rank", "id", "score", "level", "level_basis", "flags", "evidence", "date",
                  "exporter", "importer", "end_user", "destination_country", "hs_code",
                  "description", "value", "currency")
OUTPUT_FORMATS = {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".jsonl": "jsonl",
                  ".ndjson": "jsonl", ".json": "json", ".xlsx": "xlsx"}
XLSX_MAX_ROWS = 1_000_000

class Progress(Protocol):
    """Receives progress: the CLI shows it as bars; the library is silent by default."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage starts; ``total`` steps when it can be counted."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the current stage are done."""


class Silent:
    """Progress that goes nowhere."""

    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


@dataclass
class Assessment:
    path: Path
    rows: int
    columns: dict[str, str]
    weights: Weights
    not_run: dict[str, str]  # flag code -> the fields it lacked
    parties: int
    descriptions: int
    levels: dict[str, int]
    flag_counts: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    con: duckdb.DuckDBPyConnection | None = None

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

def connect(memory_limit: str = "4GB") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    spill = Path(tempfile.gettempdir()) / "dualwatch-duckdb"
    con.execute(f"SET memory_limit = {literal(memory_limit)}")
    con.execute(f"SET temp_directory = {literal(str(spill))}")
    con.execute("SET preserve_insertion_order = true")
    return con

class Laps:
    """Seconds per named step of an assessment, each counted from the end of the one before;
    call it with the step's name when the step ends."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._clock = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(now - self._clock, 3)
        self._clock = now


def assess(path: Path, lists: ListContext, mapping: dict[str, str] | None = None,
           weights: Weights | None = None, progress: Progress | None = None) -> Assessment:
    """Score every shipment in ``path``; see :func:`write_output` and ``report.write_report``."""
    weights = weights or default_weights()
    progress = progress or Silent()
    con = connect()
    lap = Laps()
    seconds = lap.seconds
    try:
        progress.stage("reading the file")
        loaded = intake.load(con, path, mapping)
        present = loaded.present
        require_some_check(loaded, weights)
        lap("read")
        descriptions, screened = look_up(con, present, lists, progress, lap)
        progress.stage("raising red flags")
        not_run = _run_rules(con, present, weights, lists.match_threshold)
        lap("flags")
    except BaseException:
        con.close()
        raise
    levels, flag_counts = summarise(con, weights)
    return Assessment(path, loaded.rows, loaded.columns, weights, not_run, screened,
                      descriptions, levels, flag_counts, seconds, con)


def look_up(con: duckdb.DuckDBPyConnection, present: frozenset[str], lists: ListContext,
            progress: Progress, lap: Callable[[str], None],
            match: parties.Matcher | None = None) -> tuple[int, int]:
    """The lookup tables of every distinct value in ``shipments``: country codes, HS codes,
    description classes, screened parties and listed contacts. Returns the numbers of
    distinct descriptions and parties. ``match`` screens the parties (default: this process).
    """
    places.code_countries(con, present)
    progress.stage("checking HS codes")
    goodsinfo.check_codes(con, present)
    count = con.execute("SELECT count(DISTINCT description) FROM shipments").fetchone()
    progress.stage("classifying descriptions", int(count[0]) if count else None)
    descriptions = goodsinfo.classify_descriptions(con, present, progress.advance)
    lap("goods")
    names = parties.distinct_parties(con, present)
    progress.stage("screening parties", len(names))
    screened = parties.screen_parties(con, present, lists, progress.advance, match)
    parties.match_contacts(con, present, lists)
    lap("parties")
    return descriptions, screened


def summarise(con: duckdb.DuckDBPyConnection,
              weights: Weights) -> tuple[dict[str, int], dict[str, int]]:
    """Shipments per level and per red flag raised, from the table ``assessed``."""
    levels = dict(con.execute("SELECT level, count(*) FROM assessed GROUP BY 1").fetchall())
    flag_counts = {code: int(n or 0) for code, n in zip(
        weights.flags, con.execute("SELECT " + ", ".join(
            f"count(*) FILTER (WHERE f_{code} > 0)" for code in weights.flags)
            + " FROM assessed").fetchone() or (), strict=False)}
    return {lv: int(levels.get(lv, 0)) for lv in ("high", "medium", "low")}, flag_counts

def require_some_check(loaded: intake.Intake, weights: Weights) -> None:
    """A file where no red flag can run is an error, never a file of "low" shipments."""
    if any(availability(flag, loaded.present) is None for flag in weights.flags.values()):
        return
    found = loaded.found
    shown = ", ".join(found[:12]) + (f" (+{len(found) - 12} more)" if len(found) > 12 else "")
    raise InputError(loaded.path, f"no red flag can be checked: none of the columns ({shown}) "
                                  "is a shipment field; map yours with --map "
                                  "importer=Buyer,hs_code=Tariff (see `dualwatch shipments "
                                  "fields` for the names recognised)")


def _run_rules(con: duckdb.DuckDBPyConnection, present: frozenset[str],
               weights: Weights, match_threshold: float) -> dict[str, str]:
    prepare.build_rows(con, present)
    prepare.build_statistics(con, volume_sql(present))
    not_run = score_rows(con, present, weights, match_threshold)
    con.execute(f"CREATE OR REPLACE TABLE assessed AS {RANK_SQL}")
    con.execute("DROP TABLE unranked")
    return not_run


def volume_sql(present: frozenset[str]) -> str:
    """A row's size for the spike rule: its value when the file has values, else 1."""
    return "coalesce(val, 0)" if "value" in present else "1"


# The rank over all shipments: high level first, then the highest score, ties in file order.
RANK_ORDER = (("_order", "ASC"), ("_score", "DESC"), ("_row", "ASC"))
RANK_SQL = ("SELECT row_number() OVER (ORDER BY "
            + ", ".join(f"{column} {way}" for column, way in RANK_ORDER)
            + ") AS rank, * EXCLUDE (_order, _score) FROM unranked")


def score_rows(con: duckdb.DuckDBPyConnection, present: frozenset[str],
               weights: Weights, match_threshold: float) -> dict[str, str]:
    """Table ``unranked``: every row of ``s`` with its red flags, score and level (and
    ``_order``, ``_score`` to rank by, see ``RANK_ORDER``). Each row is scored from itself and
    the lookup and statistics tables alone, so any subset of the rows can be scored apart."""
    ctx = Context(present, weights, "value" if "value" in present else "shipments",
                  match_threshold)
    not_run: dict[str, str] = {}
    rules: list[Rule] = []
    for code, flag in weights.flags.items():
        missing = availability(flag, present)
        if missing is not None:
            not_run[code] = missing
            rules.append(Rule(code, "0", "NULL::VARCHAR"))
        else:
            rules.append(RULES[code](ctx))
    # Each rule runs alone (a query with every join at once plans badly in DuckDB) and keeps
    # only the rows it raises; the long table is then pivoted to one row per shipment.
    con.execute("CREATE OR REPLACE TABLE raised (_row BIGINT, code VARCHAR, f DOUBLE, "
                "e VARCHAR)")
    for rule in rules:
        if rule.strength == "0":
            continue
        con.execute(f"""INSERT INTO raised SELECT _row, '{rule.code}', f, e FROM (
            SELECT s._row, CAST({rule.strength} AS DOUBLE) AS f, {rule.evidence} AS e
            FROM s {' '.join(rule.joins)}) WHERE f > 0""")
    pivot = ", ".join(f"coalesce(max(f) FILTER (WHERE code = '{r.code}'), 0) AS f_{r.code}, "
                      f"max(e) FILTER (WHERE code = '{r.code}') AS e_{r.code}" for r in rules)
    con.execute(f"CREATE OR REPLACE TABLE flagged AS SELECT _row, {pivot} FROM raised "
                "GROUP BY _row")
    total = " + ".join(f"{weights.weight(r.code)} * coalesce(f_{r.code}, 0)" for r in rules)
    flags = ", ".join(f"CASE WHEN f_{r.code} > 0 THEN '{r.code}(' || "
                      f"printf('%.2f', {weights.weight(r.code)} * f_{r.code}) || ')' END"
                      for r in rules)
    evidence = ", ".join(f"CASE WHEN f_{r.code} > 0 THEN '{r.code}: ' || "
                         f"coalesce(e_{r.code}, '') END" for r in rules)
    strengths = ", ".join(f"coalesce(f.f_{r.code}, 0) AS f_{r.code}, f.e_{r.code}"
                          for r in rules)
    levels = level_columns([r.code for r in rules], weights, match_threshold)
    con.execute(f"""CREATE OR REPLACE TABLE unranked AS
        WITH x AS (SELECT s._row, {strengths} FROM s LEFT JOIN flagged f USING (_row)),
        y AS (SELECT x.*, least(1.0, {total}) AS score, concat_ws('; ', {flags}) AS flags,
                     concat_ws(' | ', {evidence}) AS evidence FROM x),
        z AS (SELECT y.*, {levels} FROM y)
        SELECT s.id, round(z.score, 4) AS score, z.level, z.level_basis,
               z.flags, z.evidence, s.date, s.exporter, s.importer, s.end_user,
               s.destination_country, s.hs_code, s.description, s.value, s.currency,
               z.* EXCLUDE (score, flags, evidence, level, level_basis),
               CASE z.level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END AS _order,
               z.score AS _score
        FROM z JOIN s USING (_row)""")
    con.execute("DROP TABLE flagged")
    con.execute("DROP TABLE raised")
    return not_run

def write_output(assessment: Assessment, output: Path, fmt: str | None = None) -> int:
    """Write the ranked shipments (``OUTPUT_COLUMNS``), highest risk first."""
    con = assessment.con
    if con is None:
        raise InputError(output, "the assessment is closed")
    kind = fmt or OUTPUT_FORMATS.get(output.suffix.lower())
    if kind is None:
        raise InputError(output, f"unknown output type {output.suffix!r}; use .csv, .tsv, "
                                 ".parquet, .jsonl, .json or .xlsx")
    select = f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM assessed ORDER BY rank"
    if kind == "xlsx":
        if assessment.rows > XLSX_MAX_ROWS:
            raise InputError(output, f"{assessment.rows:,} rows do not fit in a worksheet; "
                                     "write .csv or .parquet")
        cursor = con.execute(select)
        rows = (dict(zip(OUTPUT_COLUMNS, row, strict=True)) for row in cursor.fetchall())
        return tables.write_rows(output, OUTPUT_COLUMNS, rows, "xlsx")
    options = {"csv": "FORMAT csv, HEADER true", "tsv": "FORMAT csv, HEADER true, DELIMITER '\t'",
               "parquet": "FORMAT parquet", "jsonl": "FORMAT json",
               "json": "FORMAT json, ARRAY true"}[kind]
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    try:
        con.execute(f"COPY ({select}) TO {literal(str(tmp))} ({options})")
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)
    return assessment.rows
