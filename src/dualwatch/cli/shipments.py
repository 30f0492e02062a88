"""``dualwatch shipments``: rank shipments by diversion red flags, and generate test files."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from dualwatch.cli.engine import engine_options
from dualwatch.engine import Engine, get_engine, parse_conf
from dualwatch.model import Entity
from dualwatch.risk.flags import Weights

err_console = Console(stderr=True)


class _Bar:
    """Shows the engine's stages as progress bars on stderr (nothing when not a terminal)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def stage(self, name: str, total: int | None = None) -> None:
        if self.task is not None:
            task = self.progress.tasks[self.task]
            self.progress.update(self.task, completed=task.total or 1, total=task.total or 1)
        self.task = self.progress.add_task(name, total=total)

    def advance(self, steps: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, steps)

    def finish(self) -> None:
        self.stage("done", 1)
        if self.task is not None:
            self.progress.advance(self.task, 1)


@click.group()
def shipments() -> None:
    """Shipments and trade transactions: diversion red flags, scores and reports."""


@shipments.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="Ranked shipments: .csv, .tsv, .parquet, .jsonl, .json or .xlsx.")
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Also write a self-contained HTML report here.")
@click.option("--map", "mapping", metavar="FIELD=COLUMN,...|FILE.yml",
              help="Your column names, e.g. --map importer=Buyer,date='Ship Date', or a YAML "
                   "file of `field: column` lines.")
@click.option("--weights", "weights_path", type=click.Path(path_type=Path),
              help="YAML (weights:, levels:, tiers:) or CSV (code,weight) changing the "
                   "default weights; see `dualwatch shipments flags`.")
@click.option("--lists", "lists_", help="Screen against these lists only (comma-separated).")
@click.option("--threshold", "-t", type=click.FloatRange(0, 1),
              help="Lowest screening score that counts as a list match.")
@click.option("--top", default=100, show_default=True, help="Shipments listed in the report.")
@click.option("--portfolio", "-p",
              help="Raise every high shipment as an alert of this portfolio, to be decided "
                   "in `dualwatch alerts` and on the case page (idempotent per shipment id).")
@engine_options
def assess(input_path: Path, output: Path, report_path: Path | None, mapping: str | None,
           weights_path: Path | None, lists_: str | None, threshold: float | None,
           top: int, portfolio: str | None, engine_name: str, spark_master: str,
           spark_conf: tuple[str, ...]) -> None:
    """Score every shipment in INPUT for diversion red flags and rank them.

    INPUT is CSV, TSV, XLSX, Parquet or JSON lines, one row per shipment or transaction
    line. Columns are recognised by name (see `dualwatch shipments fields`): date, exporter,
    consignee/importer, end_user, notify_party, forwarder, payer and their *_country,
    origin/departure/transit/destination countries, hs_code, description, quantity, unit,
    value, currency, and per party *_incorporated, *_address, *_phone, *_email, *_website.
    Missing columns switch off the checks that need them; the summary says which.

    OUTPUT has one row per shipment, highest risk first: rank, id, score (0-1), level
    (high, medium, low), flags (code and points) and evidence.

    With --engine spark the same rules run on Apache Spark (`pip install -e '.[spark]'`);
    INPUT and OUTPUT may then also be folders of part files or cluster URIs.

    \b
    Example:
      dualwatch shipments assess trade.parquet -o ranked.csv --report report.html
      dualwatch shipments assess trade.parquet -o ranked.parquet --engine spark
    """
    from dualwatch.risk import engine, report
    from dualwatch.risk.alerts import assess_shipments
    from dualwatch.risk.fields import parse_mapping
    from dualwatch.risk.flags import load_weights
    from dualwatch.risk.parties import ListContext
    from dualwatch.store import open_store

    started = time.perf_counter()
    weights = load_weights(weights_path)
    fields = parse_mapping(mapping)
    if engine_name != "local":
        if portfolio is not None:
            raise click.UsageError("--portfolio works with the local engine only")
        _assess_on_engine(str(input_path), str(output), report_path, fields, weights, lists_,
                          threshold, top, get_engine(engine_name, spark_master,
                                                     parse_conf(spark_conf)))
        return
    with _progress() as progress:
        bar = _Bar(progress)
        bar.stage("loading the lists")
        with open_store() as store:
            lists = ListContext.from_store(store, lists_.split(",") if lists_ else None,
                                           threshold)
            result, raised = assess_shipments(
                store, input_path, lists, mapping=fields, weights=weights, portfolio=portfolio,
                actor=os.environ.get("USER") or "cli", progress=bar)
        try:
            bar.stage("writing the output")
            engine.write_output(result, output)
            if report_path is not None:
                bar.stage("writing the report")
                report.write_report(result, report_path, top=top)
            bar.finish()
        finally:
            result.close()
    _print_summary(result, time.perf_counter() - started, "", str(output), report_path)
    if raised is not None:
        err_console.print(f"portfolio {raised.portfolio}: {len(raised.new_alerts):,} new "
                          f"alert(s), {len(raised.updated):,} updated, {len(raised.unchanged):,}"
                          " unchanged; decide them with `dualwatch alerts list`")


def _assess_on_engine(source: str, output: str, report_path: Path | None,
                      fields: dict[str, str], weights: Weights, lists_: str | None,
                      threshold: float | None, top: int, runner: Engine) -> None:
    from dualwatch.risk.parties import ListContext
    from dualwatch.store import open_store

    started = time.perf_counter()
    with open_store() as store:
        lists = ListContext.from_store(store, lists_.split(",") if lists_ else None, threshold)
    try:
        result = runner.assess_file(source, output, lists, fields, weights,
                                    str(report_path) if report_path else None, top)
    finally:
        runner.close()
    _print_summary(result, time.perf_counter() - started, f" on {runner.name}", output,
                   report_path)


class _Assessed(Protocol):
    rows: int
    levels: dict[str, int]
    parties: int
    not_run: dict[str, str]


def _print_summary(result: _Assessed, seconds: float, where: str, output: str,
                   report_path: Path | None) -> None:
    """One summary of an assessment, on whichever engine it ran."""
    levels = result.levels
    err_console.print(
        f"{result.rows:,} shipments assessed{where} in {seconds:.1f} s "
        f"({result.rows / max(seconds, 1e-9):,.0f} rows/s): {levels['high']:,} high, "
        f"{levels['medium']:,} medium, {levels['low']:,} low; "
        f"{result.parties:,} distinct parties screened; output: {output}"
        + (f"; report: {report_path}" if report_path else ""))
    for code, missing in result.not_run.items():
        err_console.print(f"  not run: {code} (needs {missing})", style="yellow")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description:<26}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console,
                    disable=not sys.stderr.isatty())


@shipments.command()
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--rows", "-n", default=10_000, show_default=True, help="Shipments to write.")
@click.option("--seed", default=0, show_default=True, help="Same seed, same file.")
@click.option("--planted", default=0.02, show_default=True, type=click.FloatRange(0, 0.5),
              help="Share of shipments that follow an evasion scheme.")
@click.option("--labels", type=click.Path(path_type=Path),
              help="Where to write shipment_id,scheme for the planted shipments "
                   "(default: OUTPUT's name with .labels.csv).")
@click.option("--lists", "lists_path", type=click.Path(path_type=Path),
              help="Take listed names from these list files (default: the loaded lists).")
def synth(output: Path, rows: int, seed: int, planted: float, labels: Path | None,
          lists_path: Path | None) -> None:
    """Write a realistic synthetic shipment file with planted evasion schemes.

    The schemes (listed parties, front companies, forwarders as consignees, shared contacts,
    mislabelled goods, business-line shifts, overpayment, and combinations) are described in
    docs/shipments.md. Listed parties are real entries of the lists, with name variations.

    \b
    Example:
      dualwatch shipments synth trade.csv --rows 100000
      dualwatch shipments assess trade.csv -o ranked.csv
    """
    from dualwatch.risk.synth import generate

    started = time.perf_counter()
    result = generate(output, rows, _entities(lists_path), seed, planted, labels)
    schemes = ", ".join(f"{k} {v:,}" for k, v in sorted(result.schemes.items()))
    err_console.print(
        f"{result.rows:,} shipments written to {output} in {time.perf_counter() - started:.1f}"
        f" s; {result.planted:,} planted ({schemes}) using {result.listed_used} listed "
        f"entities; labels: {result.labels}")


def _entities(lists_path: Path | None) -> Iterator[Entity]:
    if lists_path is not None:
        from dualwatch.sources.registry import discover

        for fmt, path in discover(lists_path):
            yield from fmt.read(path).entities
        return
    from dualwatch.store import open_store

    with open_store() as store:
        yield from store.current_entities()


@shipments.command()
def flags() -> None:
    """The red flags, their default weights and the guidance each comes from."""
    from dualwatch.risk.flags import default_weights

    weights = default_weights()
    table = Table("code (role)", "weight", "needs", "description", "guidance", show_lines=True)
    for flag in weights.flags.values():
        table.add_row(f"{flag.code}\n({flag.role})", f"{flag.weight:.2f}", flag.needs,
                      flag.description, flag.guidance)
    Console().print(table)
    levels = ", ".join(f"{k} >= {v}" for k, v in weights.levels.items() if k != "low")
    Console().print("level: high with a decisive flag (decisive_chpl: with CHPL goods) or with "
                    "two indicators on CHPL goods to or via a transshipment or sanctioned "
                    "country, medium with one; otherwise by score "
                    f"({levels}; score = min(1, sum of weight x strength))")


@shipments.command()
def fields() -> None:
    """The shipment fields and the column names recognised for each."""
    from dualwatch.risk.tables import read_table

    table = Table("field", "also recognised as", "meaning")
    for row in read_table("fields.csv"):
        table.add_row(row["field"], row["aliases"].replace(";", ", "), row["description"])
    for row in read_table("party_attributes.csv"):
        table.add_row(f"ROLE_{row['attribute']}", row["aliases"].replace(";", ", "),
                      f"{row['description']} (ROLE: exporter, importer, end_user, "
                      "notify_party, forwarder, payer)")
    Console().print(table)
