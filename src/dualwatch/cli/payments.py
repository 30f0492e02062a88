"""``dualwatch payments screen``: payment and trade-finance messages, a decision each."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import click
from rich.console import Console

from dualwatch import tables
from dualwatch.errors import InputError
from dualwatch.match import DEFAULT_THRESHOLD
from dualwatch.risk import payments as core
from dualwatch.risk.payment_alerts import QUEUE
from dualwatch.risk.payment_lists import load_payment_lists
from dualwatch.sources.messages import Read, read_file
from dualwatch.store import open_store

err_console = Console(stderr=True)


@click.group("payments")
def payments_group() -> None:
    """Screen payment and trade-finance messages (ISO 20022, SWIFT MT, letters of credit)."""


@payments_group.command("screen")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="Where to write the decisions (.csv, .json, .jsonl or .xlsx).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "xlsx"]),
              help="Output format (default: from the output file's suffix).")
@click.option("--threshold", "-t", type=click.FloatRange(0, 1),
              help=f"Lowest name score that raises a review (default {DEFAULT_THRESHOLD}).")
@click.option("--lists", "lists_",
              help="Comma-separated list ids, e.g. us_ofac_sdn,eu_journal_sanctions.")
@click.option("--no-alerts", is_flag=True,
              help=f"Do not raise review and hold as alerts in the '{QUEUE}' queue.")
def screen(files: tuple[Path, ...], output: Path, fmt: str | None, threshold: float | None,
           lists_: str | None, no_alerts: bool) -> None:
    """Decide release, review or hold for every message in FILES.

    FILES are ISO 20022 XML (pacs.008, pacs.009, pain.001; a business application header
    envelope is accepted) or SWIFT MT text (MT103, MT202, MT202COV, MT700, MT710; several
    messages to a file). Each transaction or MT message gets a decision with every hit and the
    field it came from; a malformed message is a row with decision `error` naming the element
    or tag, and the others are screened. Review and hold are raised as alerts in the
    `payments` queue of the web case pages, unless --no-alerts.

    \b
    Example:
      dualwatch payments screen incoming/*.xml mt103.txt --output decisions.csv
    """
    started = time.perf_counter()
    for path in files:
        if not path.is_file():
            raise InputError(path, "no such file")
    reads: list[Read] = [m for path in files for m in read_file(path)]
    with open_store() as store:
        lists = load_payment_lists(store, lists_.split(",") if lists_ else None, threshold)
        decisions = core.screen(reads, lists, None if no_alerts else store)
    kind = tables.detect_format(output, fmt)
    if kind in ("json", "jsonl"):
        tables.write_rows(output, core.JSON_COLUMNS, [d.as_dict() for d in decisions], fmt)
    else:
        tables.write_rows(output, core.DECISION_COLUMNS, core.decision_rows(decisions),
                          fmt)
    counts = Counter(d.decision for d in decisions)
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{counts[k]:,} {k}" for k in ("release", "review", "hold", "error")
                        if counts[k])
    err_console.print(f"{len(decisions):,} messages screened in {seconds:.1f} s: {summary}; "
                      f"written to {output}")


payments = payments_group
__all__ = ["payments"]
