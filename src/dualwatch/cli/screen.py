"""``dualwatch screen`` and ``dualwatch compare``: counterparties against the lists."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from dualwatch import screening, tables
from dualwatch.cli.engine import engine_options
from dualwatch.engine import Engine, get_engine, parse_conf
from dualwatch.errors import InputError
from dualwatch.match import DEFAULT_THRESHOLD, Query
from dualwatch.match import compare as compare_names
from dualwatch.store import open_store

console = Console()
err_console = Console(stderr=True)


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="Where to write the hits (.csv, .json, .jsonl or .xlsx).")
@click.option("--threshold", "-t", type=click.FloatRange(0, 1),
              help=f"Lowest score reported (default {DEFAULT_THRESHOLD}, the recommended one).")
@click.option("--lists", "lists_",
              help="Comma-separated list ids, e.g. us_ofac_sdn,un_sc_sanctions.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "xlsx"]),
              help="Output format (default: from the output file's suffix).")
@click.option("--map", "mapping", metavar="FIELD=COLUMN,...",
              help="Columns named otherwise, e.g. --map name=Counterparty,country=Ctry.")
@engine_options
def screen(input_path: Path, output: Path, threshold: float | None, lists_: str | None,
           fmt: str | None, mapping: str | None, engine: str, spark_master: str,
           spark_conf: tuple[str, ...]) -> None:
    """Screen a file of counterparties against the loaded lists.

    INPUT is CSV, XLSX or JSON lines with a `name` column and optional `id`, `schema`
    (Person, Company, Organization, Vessel...), `country`, `birth_date`, `identifiers`
    (INN, OGRN, IMO, passport...; several separated by `;`) and `address`. Column names are
    case-insensitive.

    OUTPUT has one row per hit at or above the threshold, and one row with empty hit fields for
    a counterparty with none. Each hit names the listed entity, the name that matched, every list
    entry behind it (`list:entry_id`) and an explanation of the score.

    With --engine spark the same screening runs on Apache Spark (`pip install -e '.[spark]'`);
    INPUT and OUTPUT may then also be Parquet files, folders of part files or cluster URIs.

    \b
    Example:
      dualwatch screen counterparties.csv -o hits.xlsx --lists us_ofac_sdn,eu_fsf
      dualwatch screen big.parquet -o hits.parquet --engine spark --spark-master local[8]
    """
    started = time.perf_counter()
    if engine != "local":
        _screen_on_engine(str(input_path), str(output), threshold, lists_, fmt, mapping,
                          get_engine(engine, spark_master, parse_conf(spark_conf)), started)
        return
    rows = tables.read_rows(input_path, required=("name",),
                            mapping=tables.parse_mapping(mapping))
    queries = [screening.query_from_row(line, row, input_path) for line, row in rows]
    if not queries:
        raise InputError(input_path, "no counterparties in the file (only a header?)")
    with open_store() as store:
        index = screening.load_index(store, lists_.split(",") if lists_ else None)
    summary = screening.ScreenSummary(queries=len(queries))
    out_rows: list[dict[str, object]] = []
    with Progress(TextColumn("screening"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err_console,
                  disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("screen", total=len(queries))
        for query, hits in screening.screen_batches(queries, index, threshold):
            progress.advance(task)
            if hits:
                summary.with_hits += 1
                summary.hits += len(hits)
                out_rows.extend(screening.hit_row(h) for h in hits)
            else:
                out_rows.append(screening.empty_row(query))
    tables.write_rows(output, screening.HIT_COLUMNS, out_rows, fmt)
    summary.seconds = time.perf_counter() - started
    used = threshold if threshold is not None else DEFAULT_THRESHOLD
    err_console.print(
        f"{summary.queries:,} counterparties screened in {summary.seconds:.1f} s: "
        f"{summary.with_hits:,} with hits ({summary.hits:,} hits at score >= {used}); "
        f"written to {output}")


def _screen_on_engine(source: str, output: str, threshold: float | None, lists_: str | None,
                      fmt: str | None, mapping: str | None, runner: Engine,
                      started: float) -> None:
    with open_store() as store:
        index = screening.load_index(store, lists_.split(",") if lists_ else None)
    try:
        result = runner.screen_file(source, output, index, threshold,
                                    tables.parse_mapping(mapping), fmt)
    finally:
        runner.close()
    used = threshold if threshold is not None else DEFAULT_THRESHOLD
    err_console.print(
        f"{result.queries:,} counterparties screened on {runner.name} in "
        f"{time.perf_counter() - started:.1f} s: {result.with_hits:,} with hits "
        f"({result.hits:,} hits at score >= {used}); written to {output}")


@click.command()
@click.argument("names", nargs=-1)
@click.option("--schema", help="Person, Company, Organization, LegalEntity, Vessel, Aircraft.")
@click.option("--pairs", type=click.Path(path_type=Path),
              help="CSV with schema,name1,name2 columns to score in bulk.")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="With --pairs: where to write the rows plus score and match.")
def compare(names: tuple[str, ...], schema: str | None, pairs: Path | None,
            output: Path | None) -> None:
    """Score two names against each other and explain the score.

    \b
    Examples:
      dualwatch compare "ООО Технопром" "Tekhnoprom LLC" --schema Company
      dualwatch compare --pairs pairs.csv --output scored.csv
    """
    if pairs is not None:
        if output is None:
            raise click.UsageError("--pairs needs --output")
        _compare_pairs(pairs, output)
        return
    if len(names) != 2:
        raise click.UsageError("give two names, or --pairs FILE --output FILE")
    result = compare_names(names[0], names[1], schema)
    verdict = "match" if result.score >= DEFAULT_THRESHOLD else "no match"
    console.print(f"[bold]{result.score:.3f}[/] ({verdict} at the default threshold "
                  f"{DEFAULT_THRESHOLD})")
    table = Table("feature", "value", "weight", "detail")
    for feature in result.features:
        table.add_row(feature.name, f"{feature.value:.3f}", f"{feature.weight:+.2f}",
                      feature.detail)
    console.print(table)
    console.print(result.explanation, markup=False)


def _compare_pairs(pairs: Path, output: Path) -> None:
    rows = list(tables.read_rows(pairs, required=("name1", "name2")))
    out: list[dict[str, object]] = []
    columns: list[str] = []
    for line, row in rows:
        if not columns:
            columns = [*row.keys(), "score", "match"]
        schema = screening.SCHEMA_ALIASES.get(row.get("schema", "").casefold().replace(" ", ""))
        if schema is None:
            raise InputError(pairs, f"unknown schema {row.get('schema')!r}", line=line,
                             field="schema")
        result = compare_names(row["name1"], row["name2"], schema or None)
        out.append({**row, "score": round(result.score, 4),
                    "match": str(result.score >= DEFAULT_THRESHOLD).lower()})
    tables.write_rows(output, columns or ["schema", "name1", "name2", "score", "match"], out)
    err_console.print(f"{len(out):,} pairs scored; written to {output}")


__all__ = ["Query", "compare", "screen"]
