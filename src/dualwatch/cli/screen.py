"""``dualwatch screen`` and ``dualwatch compare``: counterparties against the lists."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from dualwatch import lists as lists_lib
from dualwatch import screening, tables
from dualwatch.cli.engine import engine_options
from dualwatch.cli.index_progress import load_index_shown
from dualwatch.engine import Engine, get_engine, parse_conf
from dualwatch.errors import InputError
from dualwatch.hit_output import HitWriter
from dualwatch.match import DEFAULT_THRESHOLD, MatchIndex, Query
from dualwatch.match import compare as compare_names
from dualwatch.model import MEASURES
from dualwatch.ownership import OWNERSHIP_COLUMNS, OwnershipScreen
from dualwatch.risk.ownership import rule_sets
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
@click.option("--errors", "errors_path", type=click.Path(path_type=Path),
              help="Where to write the rows that could not be screened "
                   "(default: OUTPUT's name with .errors.csv).")
@click.option("--strict", is_flag=True,
              help="Stop at the first row that cannot be screened instead of reporting it, "
                   "and at a list older than --max-age instead of warning.")
@click.option("--resume", is_flag=True,
              help="Continue a stopped run from what it wrote to OUTPUT.")
@click.option("--measures", "measures", metavar="MEASURE,...",
              help="Keep only hits whose listings impose one of these measures: "
                   + ", ".join(MEASURES) + ".")
@click.option("--max-age", metavar="AGE", envvar="DUALWATCH_MAX_AGE",
              help="Warn about lists older than AGE (7d, 36h, 2w; by the publisher's date); "
                   "with --strict, stop instead.")
@click.option("--rules", default="ofac", type=click.Choice(sorted(rule_sets())),
              show_default=True,
              help="Ownership rule for parties owned or controlled by listed ones.")
@click.option("--as-of", help="Ownership records current on this date (default: today).")
@engine_options
def screen(input_path: Path, output: Path, threshold: float | None, lists_: str | None,
           fmt: str | None, mapping: str | None, errors_path: Path | None, strict: bool,
           resume: bool, measures: str | None, max_age: str | None, rules: str,
           as_of: str | None, engine_name: str, spark_master: str,
           spark_conf: tuple[str, ...]) -> None:
    """Screen a file of counterparties against the loaded lists.

    INPUT is CSV, XLSX or JSON lines with a `name` column and optional `id`, `schema`
    (Person, Company, Organization, Vessel...), `country`, `birth_date`, `identifiers`
    (INN, OGRN, IMO, passport...; several separated by `;`) and `address`. Column names are
    case-insensitive.

    OUTPUT has one row per hit at or above the threshold, and one row with empty hit fields for
    a counterparty with none. Each hit names the listed entity, the name that matched, every list
    entry behind it (`list:entry_id`), an explanation of the score, the measures its listings
    impose (`export-control;asset-freeze`) and each listing cited with its programme and date;
    `--measures export-control` keeps only hits that restrict exports. CSV and JSON lines are
    written as the screening goes (XLSX and JSON at the end, from OUTPUT.partial.csv), so a
    stopped run keeps what it did and `--resume` continues it.

    Where ownership relations are loaded (`dualwatch ownership load`), a counterparty owned or
    controlled by listed parties is a hit too, though on no list: `basis` says listed, owned,
    controlled or related, `blocked_share` the blocked owners' share and `ownership` the path
    in words.

    A row that cannot be screened (no name, an impossible date, a formula without a value) is
    written to the errors file with its line, field and reason, the other rows are screened, and
    the command exits with status 1; `--strict` stops at the first one instead.

    With --engine spark the same screening runs on Apache Spark (`pip install -e '.[spark]'`);
    INPUT and OUTPUT may then also be Parquet files, folders of part files or cluster URIs.

    \b
    Example:
      dualwatch screen counterparties.csv -o hits.xlsx --lists us_ofac_sdn,eu_fsf
      dualwatch screen big.parquet -o hits.parquet --engine spark --spark-master local[8]
    """
    started = time.perf_counter()
    wanted = screening.measure_filter(measures)
    if max_age is not None:
        with open_store() as store:
            for warning in lists_lib.check_freshness(
                    store, max_age, lists_.split(",") if lists_ else None, strict):
                err_console.print(f"warning: {warning}", style="yellow", markup=False,
                                  highlight=False)
    if engine_name != "local" and wanted is not None:
        raise click.UsageError("--measures works with the local engine only")
    if engine_name != "local":
        _screen_on_engine(str(input_path), str(output), threshold, lists_, fmt, mapping,
                          get_engine(engine_name, spark_master, parse_conf(spark_conf)), started,
                          rules, as_of)
        return
    errors: list[InputError] = []
    queries = _read_queries(input_path, mapping, None if strict else errors)
    errors_path = errors_path or output.with_name(output.stem + ".errors.csv")
    errors_path.unlink(missing_ok=True)  # a file from an earlier run would mislead
    if errors:
        tables.write_rows(errors_path, ERROR_COLUMNS, [_error_row(e) for e in errors])
    if not queries and errors:
        first = errors[0]
        raise InputError(first.path, f"{first.reason}; no row could be screened (all "
                                     f"{len(errors):,} listed in {errors_path})",
                         line=first.line, field=first.field)
    if not queries:
        raise InputError(input_path, "no counterparties in the file (only a header?)")
    summary = screening.ScreenSummary(queries=len(queries))
    with open_store() as store:
        index = load_index_shown(store, lists_.split(",") if lists_ else None)
        owned = OwnershipScreen(store, rules, as_of)
        writer = HitWriter(output, (*screening.HIT_COLUMNS, *OWNERSHIP_COLUMNS), fmt)
        done = writer.resume() if resume else 0
        try:
            _screen_into(writer, queries, done, index, threshold, summary, owned, wanted)
        finally:
            writer.close()
    writer.finish()
    summary.seconds = time.perf_counter() - started
    used = threshold if threshold is not None else DEFAULT_THRESHOLD
    resumed = f" ({done:,} done by the stopped run)" if done else ""
    click.echo(f"{summary.queries:,} counterparties screened{resumed} in {summary.seconds:.1f} s: "
               f"{summary.with_hits:,} with hits ({summary.hits:,} hits at score >= {used}); "
               f"written to {output}", err=True)
    if errors:
        click.secho(f"{len(errors):,} rows not screened (first: {errors[0]}); each is listed "
                    f"in {errors_path}", fg="red", err=True)
        sys.exit(1)


ERROR_COLUMNS = ("file", "line", "field", "error")


def _error_row(error: InputError) -> dict[str, object]:
    return {"file": error.path, "line": error.line, "field": error.field, "error": error.reason}


def _read_queries(path: Path, mapping: str | None,
                  errors: list[InputError] | None) -> list[Query]:
    """The rows as queries; a bad row goes to ``errors`` (raised at once when it is None)."""
    queries = []
    rows = tables.read_rows(path, required=("name",), mapping=tables.parse_mapping(mapping),
                            errors=errors)
    for line, row in rows:
        try:
            queries.append(screening.query_from_row(line, row, path))
        except InputError as exc:
            if errors is None:
                raise
            errors.append(exc)
    if errors:
        errors.sort(key=lambda e: e.line or 0)
    return queries


def _screen_into(writer: HitWriter, queries: list[Query], done: int, index: MatchIndex,
                 threshold: float | None, summary: screening.ScreenSummary,
                 owned: OwnershipScreen, wanted: frozenset[str] | None = None) -> None:
    batch = screening.BATCH_SIZE
    with Progress(TextColumn("screening"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err_console,
                  disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("screen", total=len(queries), completed=done)
        for n, (query, hits) in enumerate(screening.screen_batches(queries[done:], index,
                                                                   threshold, batch,
                                                                   wanted), 1):
            progress.advance(task)
            if wanted is None:  # parties found through their owners carry no list measures
                hits = hits + owned.match([query], threshold)[0]
            if hits:
                summary.with_hits += 1
                summary.hits += len(hits)
                writer.write([{**screening.hit_row(h), **owned.columns(h)} for h in hits])
            else:
                writer.write([screening.empty_row(query)])
            if n % batch == 0:
                writer.flush()
        writer.flush()


def _screen_on_engine(source: str, output: str, threshold: float | None, lists_: str | None,
                      fmt: str | None, mapping: str | None, runner: Engine,
                      started: float, rules: str = "ofac", as_of: str | None = None) -> None:
    try:
        with open_store() as store:
            index = load_index_shown(store, lists_.split(",") if lists_ else None)
            owned = OwnershipScreen(store, rules, as_of)
            result = runner.screen_file(source, output, index, threshold,
                                        tables.parse_mapping(mapping), fmt, owned)
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
              help="CSV, XLSX or JSON lines with name1 and name2 columns (and optionally "
                   "schema) to score in bulk; other columns are kept.")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="With --pairs: where to write the rows plus score and match.")
@click.option("--map", "mapping", metavar="FIELD=COLUMN,...",
              help="With --pairs: columns named otherwise, e.g. --map name1=Ours,name2=Theirs.")
def compare(names: tuple[str, ...], schema: str | None, pairs: Path | None,
            output: Path | None, mapping: str | None) -> None:
    """Score two names against each other and explain the score.

    \b
    Examples:
      dualwatch compare "ООО Технопром" "Tekhnoprom LLC" --schema Company
      dualwatch compare --pairs examples/pairs.csv --output scored.csv
    """
    if pairs is not None:
        if output is None:
            raise click.UsageError("--pairs needs --output")
        _compare_pairs(pairs, output, tables.parse_mapping(mapping))
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


def _compare_pairs(pairs: Path, output: Path, mapping: dict[str, str]) -> None:
    rows = list(tables.read_rows(pairs, required=("name1", "name2"), mapping=mapping))
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
