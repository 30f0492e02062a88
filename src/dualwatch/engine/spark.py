"""The Spark engine: the same screening and red flags, spread over a Spark cluster's cores.

Spark only moves data; every answer comes from our own functions. Screening: the match index is
built once on the driver and broadcast (each Python worker unpickles it once and keeps it for
all its tasks); each partition of counterparties is read into queries by
:func:`dualwatch.screening.query_from_row`, screened by
:func:`dualwatch.screening.screen_batches` with the same threshold, and written out by
:func:`dualwatch.screening.hit_row`. Shipments: see :mod:`dualwatch.engine.spark_shipments`.

Inputs: a usual local file (CSV, TSV, XLSX, JSON lines) is read on the driver by the same reader
as the local engine and its rows spread over the cluster; a Parquet file, a folder of part files
or a URI (``hdfs://``, ``s3a://``) is read by Spark itself. Outputs: ``.parquet``, a folder or a
URI are written by Spark as part files; a usual local file is gathered in order on the driver
and written by the local engine's writer, so that it is the same file byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dualwatch import screening, tables
from dualwatch.engine import AssessResult, ScreenResult
from dualwatch.errors import EngineError, InputError
from dualwatch.hit_output import HitWriter
from dualwatch.match import Hit, MatchIndex, Query, match_batch
from dualwatch.ownership import OWNERSHIP_COLUMNS, OwnershipScreen
from dualwatch.risk.flags import Weights
from dualwatch.risk.parties import ListContext

if TYPE_CHECKING:
    from pyspark import RDD, Broadcast
    from pyspark.sql import DataFrame, SparkSession

# Partitions per core for work spread from the driver: several, so a slow partition (long
# names, many candidates) does not leave the other cores idle at the end.
SLICES_PER_CORE = 4
# Settings for a local session unless the caller sets them: no web UI, a few shuffle partitions.
LOCAL_DEFAULTS = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                  "spark.sql.shuffle.partitions": "8", "spark.sql.session.timeZone": "UTC"}
# A parsed input row: (error, sequence number, query); error is None or (reason, line, field).
Parsed = tuple[tuple[str, int | None, str | None] | None, int, Query | None]


def spark_session(master: str, conf: Mapping[str, str]) -> SparkSession:
    """A Spark session for ``master`` with ``conf``; a clear error when Spark cannot start."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError("the Spark engine needs PySpark: pip install -e '.[spark]'") from exc
    if os.environ.get("PYSPARK_GATEWAY_PORT"):
        # Launched by spark-submit: its --master and --conf govern, as on any Spark job.
        builder = SparkSession.builder.appName("dualwatch")
        for key, value in conf.items():
            builder = builder.config(key, value)
        return builder.getOrCreate()
    if master.startswith("local"):
        if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
            raise EngineError("the Spark engine needs Java 17 or later (e.g. apt-get install "
                              "openjdk-17-jre-headless)")
        # Local workers run this interpreter, where dualwatch is installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        conf = {**LOCAL_DEFAULTS, **conf}
    builder = SparkSession.builder.master(master).appName("dualwatch")
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j and the JVM launcher raise many types
        raise EngineError(f"Spark did not start for master {master!r}: {exc}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def is_spark_path(where: str) -> bool:
    """Whether Spark itself reads or writes ``where`` (rather than the driver's file code)."""
    path = Path(where)
    return ("://" in where or where.endswith("/") or path.is_dir()
            or path.suffix.lower() in (".parquet", ".pq"))


def _cell(value: object) -> object:
    """An output cell as the schema holds it: scores as floats, everything else as text."""
    if value is None or isinstance(value, float | str):
        return value
    return str(value)


def _output_schema(columns: Sequence[str]) -> str:
    return ", ".join(["_seq LONG", "_n INT", "_own STRING",
                      *(f"`{c}` {'DOUBLE' if c == 'score' else 'STRING'}" for c in columns)])


def screen_partition(index: Broadcast[MatchIndex], owned: Broadcast[MatchIndex | None],
                     threshold: float | None, columns: Sequence[str]
                     ) -> Callable[[Iterable[tuple[int, Query]]], Iterator[tuple[object, ...]]]:
    """The task run on each partition: its queries screened by the local engine's functions,
    one row per hit (or one empty row for a query without any), keyed by input order. With an
    index of owned parties (``ownership.OwnershipScreen.index``) their hits follow, and each hit
    row carries ``_own``, the key its ownership columns are looked up by on the driver."""

    def run(items: Iterable[tuple[int, Query]]) -> Iterator[tuple[object, ...]]:
        batch = list(items)
        queries = [query for _, query in batch]
        screened = screening.screen_batches(queries, index.value, threshold)
        extra = (match_batch(queries, owned.value, threshold) if owned.value is not None
                 else [[] for _ in queries])
        for (seq, _), (query, hits), more in zip(batch, screened, extra, strict=True):
            hits = hits + more
            if not hits:
                row = screening.empty_row(query)
                yield (seq, 0, None, *(_cell(row.get(c)) for c in columns))
            for n, hit in enumerate(hits):
                row = screening.hit_row(hit)
                yield (seq, n, ownership_key(hit), *(_cell(row.get(c)) for c in columns))

    return run


def ownership_key(hit: Hit) -> str:
    """What ``OwnershipScreen.columns`` reads of a hit, as one text."""
    return json.dumps([hit.entity_id, list(hit.datasets), list(hit.entity_ids)])


def ownership_rows(owned: OwnershipScreen, keys: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """(key, basis, blocked_share, ownership) of each hit key, from the driver's store."""
    for key in keys:
        entity_id, datasets, entity_ids = json.loads(key)
        hit = Hit(query_id="", query_name="", score=0.0, entity_id=entity_id, entity_name="",
                  schema="", matched_name="", sources=(), features=(), explanation="",
                  datasets=tuple(datasets), entity_ids=tuple(entity_ids))
        values = owned.columns(hit)
        yield (key, *(str(values.get(c, "")) for c in OWNERSHIP_COLUMNS))


def match_partition(index: Broadcast[MatchIndex], threshold: float | None
                    ) -> Callable[[Iterable[tuple[int, Query]]], Iterator[tuple[int, list[Hit]]]]:
    def run(items: Iterable[tuple[int, Query]]) -> Iterator[tuple[int, list[Hit]]]:
        batch = list(items)
        screened = screening.screen_batches([q for _, q in batch], index.value, threshold)
        for (seq, _), (_, hits) in zip(batch, screened, strict=True):
            yield seq, hits

    return run


def parse_partition(source: str, mapping: Mapping[str, str]
                    ) -> Callable[[Iterable[tuple[dict[str, Any], int]]], Iterator[Parsed]]:
    """Rows Spark read (a Parquet file, a folder) into queries, as the local reader would: column
    names folded and mapped, cells as text; row n of the data is reported as line n + 1."""

    def run(rows: Iterable[tuple[dict[str, Any], int]]) -> Iterator[Parsed]:
        for record, number in rows:
            line = number + 2
            row = {mapping.get(k.casefold(), k.casefold()): tables.cell_text(v).strip()
                   for k, v in record.items()}
            try:
                yield None, number, screening.query_from_row(line, row, source)
            except InputError as exc:
                yield (exc.reason, exc.line, exc.field), number, None

    return run


def _checked(parsed: Parsed) -> tuple[int, Query]:
    _, number, query = parsed
    if query is None:
        raise InputError("input", f"row {number + 1} was not read")
    return number, query


class SparkEngine:
    """Bulk work on Spark; the session starts on first use and stops on :meth:`close`."""

    name = "spark"

    def __init__(self, master: str = "local[*]", conf: Mapping[str, str] | None = None) -> None:
        self.master = master
        self.conf = dict(conf or {})
        self._session: SparkSession | None = None
        self._owned = False

    @property
    def session(self) -> SparkSession:
        if self._session is None:
            try:
                from pyspark.sql import SparkSession
            except ImportError as exc:
                raise EngineError("the Spark engine needs PySpark: "
                                  "pip install -e '.[spark]'") from exc
            # A session the caller already runs is used as it is, and left running.
            self._owned = SparkSession.getActiveSession() is None
            self._session = spark_session(self.master, self.conf)
        return self._session

    def close(self) -> None:
        if self._session is not None and self._owned:
            self._session.stop()
        self._session = None

    def _slices(self, count: int) -> int:
        cores = int(self.session.sparkContext.defaultParallelism)
        return max(1, min(count, cores * SLICES_PER_CORE))

    def _spread(self, items: Sequence[tuple[int, Query]]) -> RDD[tuple[int, Query]]:
        return self.session.sparkContext.parallelize(items, self._slices(len(items)))

    def match(self, queries: Sequence[Query], index: MatchIndex,
              threshold: float | None = None) -> list[list[Hit]]:
        if not queries:
            return []
        shared = self.session.sparkContext.broadcast(index)
        try:
            found = dict(self._spread(list(enumerate(queries)))
                         .mapPartitions(match_partition(shared, threshold)).collect())
        finally:
            shared.unpersist()
        return [found[i] for i in range(len(queries))]

    def _queries(self, source: str, mapping: Mapping[str, str]) -> RDD[tuple[int, Query]]:
        """The counterparties of ``source`` as (input order, query), checked row by row."""
        if not is_spark_path(source):
            path = Path(source)
            rows = tables.read_rows(path, required=("name",), mapping=mapping)
            queries = [screening.query_from_row(line, row, path) for line, row in rows]
            if not queries:
                raise InputError(path, "no counterparties in the file (only a header?)")
            return self._spread(list(enumerate(queries)))
        frame = self._read(source)
        columns = [mapping.get(c.casefold(), c.casefold()) for c in frame.columns]
        if "name" not in columns:
            raise InputError(source, "missing required column 'name' (columns found: "
                                     f"{', '.join(frame.columns)})", line=1, field="name")
        parsed = (frame.rdd.map(lambda r: r.asDict()).zipWithIndex()
                  .mapPartitions(parse_partition(source, mapping)))
        for error, _, _ in parsed.filter(lambda p: p[0] is not None).take(1):
            if error is not None:
                reason, line, field = error
                raise InputError(source, reason, line=line, field=field)
        good = parsed.map(_checked)
        if good.isEmpty():
            raise InputError(source, "no counterparties in the file (only a header?)")
        # A file is read in as few partitions as it has blocks: spread it over every core.
        return good.repartition(self.session.sparkContext.defaultParallelism * SLICES_PER_CORE)

    def _read(self, source: str) -> DataFrame:
        reader = self.session.read
        try:
            if source.rstrip("/").lower().endswith((".csv", ".tsv")) or (
                    Path(source).is_dir() and any(Path(source).glob("*.csv"))):
                return reader.csv(source, header=True, quote='"', escape='"', multiLine=True,
                                  sep="\t" if source.lower().endswith(".tsv") else ",")
            if source.rstrip("/").lower().endswith((".jsonl", ".ndjson", ".json")):
                return reader.json(source)
            return reader.parquet(source)
        except Exception as exc:  # Spark's AnalysisException for a missing or unreadable path
            raise InputError(source, f"Spark cannot read it: {str(exc).splitlines()[0]}"
                             ) from exc

    def screen_file(self, source: str, output: str, index: MatchIndex,
                    threshold: float | None = None, mapping: Mapping[str, str] | None = None,
                    fmt: str | None = None, owned: OwnershipScreen | None = None
                    ) -> ScreenResult:
        from pyspark import StorageLevel
        from pyspark.sql import functions as F

        queries = self._queries(source, dict(mapping or {}))
        columns = list(screening.HIT_COLUMNS)
        context = self.session.sparkContext
        shared = context.broadcast(index)
        shared_owned = context.broadcast(owned.index if owned is not None else None)
        try:
            rows = queries.mapPartitions(screen_partition(shared, shared_owned, threshold,
                                                          columns))
            hits = self.session.createDataFrame(rows, _output_schema(columns))
            hits.persist(StorageLevel.MEMORY_AND_DISK)
            counts = hits.agg(F.countDistinct("_seq").alias("queries"),
                              F.count("entity_id").alias("hits"),
                              F.countDistinct(F.when(F.col("entity_id").isNotNull(),
                                                     F.col("_seq"))).alias("with_hits")
                              ).first()
            if owned is not None:
                keys = [r[0] for r in hits.select("_own").where("_own IS NOT NULL")
                        .distinct().collect()]
                found = self.session.createDataFrame(
                    list(ownership_rows(owned, sorted(keys))),
                    ", ".join(["_own STRING", *(f"`{c}` STRING" for c in OWNERSHIP_COLUMNS)]))
                hits = hits.join(F.broadcast(found), "_own", "left")
                columns += OWNERSHIP_COLUMNS
            ordered = hits.orderBy("_seq", "_n").select(*columns)
            self._write(ordered, columns, output, fmt)
            hits.unpersist()
        finally:
            shared.unpersist()
            shared_owned.unpersist()
        assert counts is not None
        return ScreenResult(int(counts["queries"]), int(counts["with_hits"]),
                            int(counts["hits"]), output)

    def _write(self, frame: DataFrame, columns: Sequence[str], output: str,
               fmt: str | None) -> None:
        """Spark writes part files for Parquet, folders and URIs; a usual local file is gathered
        in order and written by the local engine's writer."""
        if is_spark_path(output) and fmt in (None, "parquet", "csv"):
            parts = frame.write.mode("overwrite")
            if fmt == "csv" or (fmt is None and output.rstrip("/").lower().endswith(".csv")):
                parts.csv(output, header=True, quote='"', escape='"')
            else:
                parts.parquet(output)
            return
        writer = HitWriter(Path(output), columns, fmt)
        try:
            for row in frame.toLocalIterator():
                writer.write([row.asDict()])
        finally:
            writer.close()
        writer.finish()

    def assess_file(self, source: str, output: str, lists: ListContext,
                    mapping: Mapping[str, str] | None = None, weights: Weights | None = None,
                    report: str | None = None, top: int = 100) -> AssessResult:
        from dualwatch.engine import spark_shipments

        return spark_shipments.assess_file(self.session, source, output, lists,
                                           dict(mapping or {}), weights, self.match, report,
                                           top)
