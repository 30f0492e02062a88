"""Shipment assessment on Spark: the local engine's SQL, run partition by partition.

The local engine (``dualwatch.risk.engine``) reads a file into DuckDB, builds lookup tables for
every distinct value (country, HS code, description, party, contact), turns each row into the
enriched row ``s``, builds per-file statistics and scores each row by the red-flag SQL. On
Spark each of those steps runs the same functions; Spark only splits and gathers:

1. rows: Spark reads the file (a usual local file is read by the local intake first) and each
   partition gets its canonical text columns from the intake's own SELECT;
2. lookups: Spark finds the distinct values; the driver builds the lookup tables from them with
   the local functions, the parties being screened on the cluster with the broadcast index;
3. enriched rows: each partition runs ``prepare.build_rows`` in an embedded DuckDB with the
   broadcast lookup tables;
4. statistics: for each table, the rows are partitioned by the column it groups by, so that each
   partition holds every row of its groups, and ``prepare.build_statistics`` runs there;
5. scores: each partition runs ``score_rows`` (the red-flag SQL) with the lookups and statistics;
6. rank: Spark sorts by the local engine's ``RANK_ORDER`` and numbers the rows.

The result is the local engine's ``assessed`` table, row for row.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from dualwatch.engine import AssessResult
from dualwatch.errors import InputError
from dualwatch.risk import engine as local
from dualwatch.risk import intake, places, prepare
from dualwatch.risk.fields import ROLES, resolve_columns
from dualwatch.risk.flags import Weights, default_weights
from dualwatch.risk.parties import ListContext, Matcher
from dualwatch.risk.rules import CONTACT_KINDS, availability

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark import Broadcast
    from pyspark.sql import DataFrame, SparkSession

Tables = dict[str, "pa.Table"]
Build = Callable[[duckdb.DuckDBPyConnection], str]
SLICES_PER_CORE = 4
LOOKUPS = ("country_codes", "transit_codes", "hs_info", "desc_info", "party_info",
           "contact_hits")


def _partition_connection(shared: Tables) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    # One thread and insertion order kept: the same sums in the same order on every run.
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = true")
    for name, table in shared.items():
        con.register(name, table)
    return con


def in_duckdb(shared: Broadcast[Tables], table: str, build: Build
              ) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A task for ``mapInArrow``: the partition's rows become table ``table`` (in file order)
    beside the broadcast tables, ``build`` runs the local engine's SQL on them and returns the
    query whose rows are the partition's result."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        received = list(batches)
        if not received or not any(b.num_rows for b in received):
            return
        con = _partition_connection(shared.value)
        try:
            con.register("_partition", pa.Table.from_batches(received))
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM _partition ORDER BY _row")
            con.unregister("_partition")
            reader = con.sql(build(con)).to_arrow_reader(65536)
            if reader is not None:
                yield from reader
        finally:
            con.close()

    return run


def _schema_of(shared: Tables, table: str, empty: pa.Table, build: Build) -> Any:
    """The Spark schema of what ``build`` returns, found by running it on no rows."""
    from pyspark.sql.pandas.types import from_arrow_schema

    con = _partition_connection(shared)
    try:
        con.register("_partition", empty)
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM _partition")
        result = con.sql(build(con)).to_arrow_table()
        if result is None:
            raise InputError(table, "the query returned no table")
        return from_arrow_schema(result.schema)
    finally:
        con.close()


def _run(session: SparkSession, frame: DataFrame, shared: Tables, table: str,
         build: Build) -> DataFrame:
    """``build`` run on every partition of ``frame`` (as table ``table``)."""
    empty = frame.limit(0).toArrow()
    schema = _schema_of(shared, table, empty, build)
    broadcast = session.sparkContext.broadcast(shared)
    return frame.mapInArrow(in_duckdb(broadcast, table, build), schema)


def numbered(frame: DataFrame, name: str) -> DataFrame:
    """``frame`` with ``name`` = 1, 2, 3... in its current order (partition by partition), as
    ``row_number() OVER ()`` numbers a file's rows; no shuffle, one small count."""
    from pyspark.sql import functions as F

    tagged = frame.withColumn("_pid", F.spark_partition_id()) \
        .withColumn("_mid", F.monotonically_increasing_id())
    counts = sorted(tagged.groupBy("_pid").count().collect())
    offsets, total = {}, 0
    for pid, count in counts:
        offsets[int(pid)] = total
        total += int(count)
    offset = F.lit(0)
    for pid, start in offsets.items():
        offset = F.when(F.col("_pid") == pid, F.lit(start)).otherwise(offset)
    position = F.col("_mid") - F.shiftleft(F.col("_pid").cast("long"), 33)
    return tagged.withColumn(name, (offset + position + 1).cast("long")).drop("_pid", "_mid")


def _read(session: SparkSession, source: str, mapping: Mapping[str, str],
          folder: Path) -> tuple[DataFrame, intake.Intake]:
    """The table ``shipments`` as a Spark DataFrame, and what the intake found."""
    from dualwatch.engine.spark import is_spark_path

    if not is_spark_path(source):
        # A usual local file: the local intake reads it, Spark takes its table from there.
        con = local.connect()
        try:
            loaded = intake.load(con, Path(source), dict(mapping))
            staged = folder / "shipments.parquet"
            con.execute(f"COPY shipments TO '{staged}' (FORMAT parquet)")
        finally:
            con.close()
        return session.read.parquet(str(staged)), loaded
    raw = _read_raw(session, source)
    if not raw.columns:
        raise InputError(source, "no columns in the file")
    columns = resolve_columns(raw.columns, mapping, source)
    numbered_raw = numbered(raw, "_row")
    empty = raw.limit(0).toArrow()
    con = duckdb.connect()
    try:
        con.register("raw", empty)
        types = {str(r[0]): str(r[1]) for r in con.execute("DESCRIBE raw").fetchall()}
    finally:
        con.close()

    def build(c: duckdb.DuckDBPyConnection) -> str:
        intake.build_shipments(c, columns, types, "raw", "_row")
        return "SELECT * FROM shipments"

    frame = _run(session, numbered_raw, {}, "raw", build)
    rows = frame.count()
    if rows == 0:
        raise InputError(source, "no shipments in the file (only a header?)")
    return frame, intake.Intake(Path(source), rows, frozenset(columns), columns,
                                tuple(raw.columns))


def _read_raw(session: SparkSession, source: str) -> DataFrame:
    lowered = source.rstrip("/").lower()
    try:
        if lowered.endswith((".csv", ".tsv")) or (
                Path(source).is_dir() and any(Path(source).glob("*.csv"))):
            return session.read.csv(source, header=True, quote='"', escape='"',
                                    sep="\t" if lowered.endswith(".tsv") else ",")
        if lowered.endswith((".jsonl", ".ndjson", ".json")):
            return session.read.json(source)
        return session.read.parquet(source)
    except Exception as exc:  # Spark's AnalysisException for a missing or unreadable path
        raise InputError(source, f"Spark cannot read it: {str(exc).splitlines()[0]}") from exc


def _distinct_values(session: SparkSession, frame: DataFrame,
                     present: frozenset[str]) -> pa.Table:
    """The distinct values the lookups need, as rows of a table shaped like ``shipments``:
    each party with its country, each description with its HS code, each country, transit
    route and contact. Each partition finds its own in one pass; the driver's DuckDB merges
    them, and the local lookup functions read them as they read the whole file."""
    groups: list[tuple[str, ...]] = [(r, f"{r}_country") for r in ROLES]
    groups.append(("description", "hs_code"))
    groups += [(c,) for c in places.COUNTRY_FIELDS]
    groups.append(("transit_countries",))
    groups += [(f"{r}_{k}",) for r in ROLES for k in CONTACT_KINDS]
    names = [c for c in frame.columns if c != "_row"]
    selects = []
    for group in groups:
        wanted = [c for c in group if c in present]
        if wanted:
            selects.append("SELECT DISTINCT " + ", ".join(
                c if c in wanted else f"NULL::VARCHAR AS {c}" for c in names)
                + " FROM shipments")
    query = " UNION ".join(selects) or f"SELECT {', '.join(names)} FROM shipments LIMIT 0"
    return _run(session, frame, {}, "shipments", lambda _: query).toArrow()


def assess(session: SparkSession, source: str, lists: ListContext,
           mapping: Mapping[str, str], weights: Weights | None, match: Matcher,
           keep_rows: bool = False) -> tuple[local.Assessment, DataFrame]:
    """Score every shipment of ``source`` on Spark.

    Returns the local engine's :class:`Assessment` (its DuckDB holds the lookups and, unless
    the caller only wants the Spark result, ``assessed``; with ``keep_rows`` also ``s``, for the
    report) and the ranked rows as a Spark DataFrame.
    """
    from pyspark import StorageLevel

    weights = weights or default_weights()
    lap = local.Laps()
    seconds = lap.seconds
    con = local.connect()
    with tempfile.TemporaryDirectory(prefix="dualwatch-spark-") as tmp:
        try:
            shipments, loaded = _read(session, source, mapping, Path(tmp))
            # A file is read in as few partitions as it has blocks: spread it over every core
            # (each row is scored on its own; the statistics gather their groups themselves).
            shipments = shipments.repartition(
                session.sparkContext.defaultParallelism * SLICES_PER_CORE)
            shipments.persist(StorageLevel.MEMORY_AND_DISK)
            present = loaded.present
            local.require_some_check(loaded, weights)
            con.register("_distinct", _distinct_values(session, shipments, present))
            con.execute("CREATE TABLE shipments AS SELECT DISTINCT * FROM _distinct")
            con.unregister("_distinct")
            lap("read")
            descriptions, screened = local.look_up(con, present, lists, local.Silent(), lap,
                                                   match)
            shared: Tables = {name: con.sql(f"SELECT * FROM {name}").to_arrow_table()
                              for name in LOOKUPS}
            rows = _enriched(session, shipments, shared, present)
            rows.persist(StorageLevel.MEMORY_AND_DISK)
            shared.update(_statistics(session, rows, present))
            not_run = {code: missing for code, flag in weights.flags.items()
                       if (missing := availability(flag, present)) is not None}

            def score(c: duckdb.DuckDBPyConnection) -> str:
                local.score_rows(c, present, weights, lists.match_threshold)
                return "SELECT * FROM unranked"

            unranked = _run(session, rows, shared, "s", score)
            ranked = _ranked(unranked).persist(StorageLevel.MEMORY_AND_DISK)
            lap("flags")
            con.register("_ranked", ranked.orderBy("rank").toArrow())
            con.execute("CREATE TABLE assessed AS SELECT * FROM _ranked")
            con.unregister("_ranked")
            if keep_rows:
                con.register("_rows", rows.orderBy("_row").toArrow())
                con.execute("CREATE TABLE s AS SELECT * FROM _rows")
                con.unregister("_rows")
            shipments.unpersist()
            rows.unpersist()
            lap("gather")
        except BaseException:
            con.close()
            raise
    levels, flag_counts = local.summarise(con, weights)
    result = local.Assessment(loaded.path, loaded.rows, loaded.columns, weights, not_run,
                              screened, descriptions, levels, flag_counts, seconds, con)
    return result, ranked


def _enriched(session: SparkSession, shipments: DataFrame, shared: Tables,
              present: frozenset[str]) -> DataFrame:
    """The table ``s``: each partition's rows enriched by ``prepare.build_rows``."""

    def build(con: duckdb.DuckDBPyConnection) -> str:
        prepare.build_rows(con, present)
        return "SELECT * FROM s"

    return _run(session, shipments, shared, "shipments", build)


def _statistics(session: SparkSession, rows: DataFrame,
                present: frozenset[str]) -> Tables:
    """Each statistics table, built where every row of a group meets its kin."""
    volume = local.volume_sql(present)
    needed = [c for c in prepare.STATISTICS_COLUMNS if c in rows.columns]
    shuffle = session.sparkContext.defaultParallelism
    built: Tables = {}
    for name, key in prepare.STATISTICS.items():

        def build(con: duckdb.DuckDBPyConnection, name: str = name) -> str:
            prepare.build_statistics(con, volume, (name,))
            return f"SELECT * FROM {name}"

        part = rows.select(*needed).repartition(shuffle, key)
        built[name] = _run(session, part, {}, "s", build).toArrow()
    return built


def _ranked(unranked: DataFrame) -> DataFrame:
    """``RANK_SQL`` on Spark: sorted by ``RANK_ORDER``, numbered 1, 2, 3..."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    order = [F.col(c).asc() if way == "ASC" else F.col(c).desc() for c, way in local.RANK_ORDER]
    ordered = unranked.orderBy(*order).persist(StorageLevel.MEMORY_AND_DISK)
    ranked = numbered(ordered, "rank")
    columns = [c for c in unranked.columns if c not in ("_order", "_score")]
    return ranked.select("rank", *columns)


def assess_file(session: SparkSession, source: str, output: str, lists: ListContext,
                mapping: Mapping[str, str], weights: Weights | None, match: Matcher,
                report: str | None = None, top: int = 100) -> AssessResult:
    """Assess ``source`` on Spark and write the ranked shipments (and the HTML report)."""
    from dualwatch.engine.spark import is_spark_path
    from dualwatch.risk.report import write_report

    result, ranked = assess(session, source, lists, mapping, weights, match,
                            keep_rows=report is not None)
    try:
        if is_spark_path(output) and not output.lower().endswith(".xlsx"):
            out = ranked.orderBy("rank").select(*local.OUTPUT_COLUMNS).write.mode("overwrite")
            if output.rstrip("/").lower().endswith(".csv"):
                out.csv(output, header=True, quote='"', escape='"')
            else:
                out.parquet(output)
        else:
            local.write_output(result, Path(output))
        if report is not None:
            write_report(result, Path(report), top=top)
    finally:
        ranked.unpersist()
        result.close()
    return AssessResult(result.rows, result.parties, result.levels, result.flag_counts,
                        result.not_run, output, result.seconds)


__all__ = ["assess", "assess_file", "numbered"]
