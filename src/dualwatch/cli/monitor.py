"""``dualwatch portfolio``, ``alerts`` and ``audit``: the monitoring book from the terminal."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from dualwatch import tables
from dualwatch.cli.index_progress import load_index_shown
from dualwatch.errors import NotFoundError
from dualwatch.monitor import Monitor, MonitorReport, read_portfolio_file
from dualwatch.store import audit as audit_anchors
from dualwatch.store import open_store
from dualwatch.store.audit import read_anchors
from dualwatch.store.monitoring import STATUSES, now
from dualwatch.store.sql import SQLStore

console = Console()


def _monitor(store: SQLStore, actor: str = "cli") -> Monitor:
    """A monitor whose list index is built only if there is screening to do."""
    return Monitor(store, lambda: load_index_shown(store), actor=actor)


def _print_report(report: MonitorReport) -> None:
    s = report.summary()
    console.print(f"screened {s['screened']:,} counterparties: {s['new_alerts']} new alert(s), "
                  f"{s['reopened']} raised again, {s['kept_cleared']} cleared and kept cleared, "
                  f"{s['removed_entry_alerts']} on removed entries ({s['seconds']:.1f} s)")


def resume_work(store: SQLStore, actor: str) -> MonitorReport | None:
    """Do the screening still owed (after a crash, or by a load just made); None if none was."""
    if store.pending_work().empty:
        return None
    started = time.perf_counter()
    report = _monitor(store, actor=actor).resume()
    report.seconds = time.perf_counter() - started
    return report


def rescreen_after_loads(store: SQLStore) -> None:
    """After ``lists load``: re-screen the portfolios for each list whose version changed."""
    changed = store.list_changes()
    report = resume_work(store, "lists load")
    if report is None or not store.portfolios():
        return
    for change in changed:
        console.print(f"re-screening portfolios for {change.dataset} (version #"
                      f"{change.version_id}):")
    _print_report(report)


@click.group()
def portfolio() -> None:
    """Books of counterparties, kept and re-screened whenever a list changes.

    \b
    Examples:
      dualwatch portfolio import clients customers.xlsx
      dualwatch portfolio list
    """


@portfolio.command("import")
@click.argument("name")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--map", "mapping", metavar="FIELD=COLUMN,...", help="Columns named otherwise.")
def import_(name: str, path: Path, mapping: str | None) -> None:
    """Add or update the counterparties in PATH (laid out like `screen` input, `id` required).

    Only new or changed counterparties are screened; alerts go to the review queue.
    """
    queries = read_portfolio_file(path, tables.parse_mapping(mapping))
    with open_store() as store:
        report = _monitor(store, actor=os.environ.get("USER", "cli")).import_counterparties(
            name, queries)
    console.print(f"{len(queries):,} counterparties read from {path}")
    _print_report(report)


@portfolio.command("screen")
@click.argument("name")
def screen_(name: str) -> None:
    """Re-screen every counterparty of portfolio NAME against the current lists.

    New hits become alerts; cleared false positives stay cleared unless the counterparty or a
    list entry behind the hit changed. Interrupted, it resumes with the next command.
    """
    with open_store() as store:
        if name not in {p for p, _ in store.portfolios()}:
            raise NotFoundError(f"no portfolio {name!r}; import one with: "
                                "dualwatch portfolio import NAME FILE")
        report = _monitor(store, actor=os.environ.get("USER", "cli")).screen(
            name, reason="screening requested")
    _print_report(report)


@portfolio.command("list")
def list_() -> None:
    """Show the portfolios and how many counterparties each holds."""
    with open_store() as store:
        rows = store.portfolios()
    table = Table("portfolio", "counterparties", title="Portfolios")
    for name, count in rows:
        table.add_row(name, f"{count:,}")
    console.print(table)


@click.group()
def monitor() -> None:
    """Screening work owed to the portfolios (queued counterparties, new list versions)."""


@monitor.command("resume")
def resume() -> None:
    """Do every screening still owed, e.g. after a crash; each alert is raised once.

    Portfolio imports, list loads and the API server do this by themselves on their next run.
    """
    with open_store() as store:
        pending = store.pending_work()
        report = resume_work(store, os.environ.get("USER", "cli"))
    if report is None:
        console.print("nothing to resume: no screening is owed")
        return
    console.print(f"resumed {pending.list_changes} list version(s) and "
                  f"{pending.counterparties:,} queued counterparties")
    _print_report(report)


@monitor.command("status")
def monitor_status() -> None:
    """How much screening work is owed."""
    with open_store() as store:
        pending = store.pending_work()
    console.print(f"{pending.list_changes} list version(s) and {pending.counterparties:,} "
                  "counterparties waiting to be screened")


@click.group()
def alerts() -> None:
    """The review queue: alerts from portfolio screening, and decisions on them."""


@alerts.command("list")
@click.option("--portfolio", help="Only this portfolio.")
@click.option("--status", type=click.Choice(STATUSES), help="Only alerts in this state.")
@click.option("--min-score", type=float, default=0.0, help="Only alerts scoring at least this.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def alerts_list(portfolio: str | None, status: str | None, min_score: float,
                as_json: bool) -> None:
    """List alerts, highest score first."""
    with open_store() as store:
        found = store.alerts(portfolio, status, min_score)
    if as_json:
        click.echo(json.dumps([a.__dict__ for a in found], indent=2, ensure_ascii=False))
        return
    table = Table("#", "status", "score", "counterparty", "listed entity", "lists", "why raised",
                  title="Alerts")
    for a in found:
        table.add_row(str(a.id), a.status, f"{a.score:.2f}",
                      f"{a.hit.get('query_name')} ({a.portfolio}:{a.external_id})",
                      str(a.hit.get("entity_name")), str(a.hit.get("sources")),
                      a.raised_because)
    console.print(table)


@alerts.command("decide")
@click.argument("alert_id", type=int)
@click.argument("status", type=click.Choice(STATUSES))
@click.option("--reason", required=True, help="Why: recorded with the decision and audited.")
@click.option("--reviewer", envvar="DUALWATCH_REVIEWER", show_envvar=True,
              help="Who decides, recorded with the decision (or set DUALWATCH_REVIEWER once).")
@click.option("--expect", type=click.Choice(STATUSES),
              help="Refuse unless the alert still has this status (the one you reviewed).")
def decide(alert_id: int, status: str, reason: str, reviewer: str | None,
           expect: str | None) -> None:
    """Record a decision: under_review, confirmed, false_positive or escalated.

    Of two decisions made at once on one alert, one applies and the other fails with a clear
    error; nothing is recorded for it.

    \b
    Example:
      dualwatch alerts decide 1 false_positive --reason "different date of birth" --reviewer alice
    """
    if not reviewer or not reviewer.strip():
        raise click.UsageError("say who decides: --reviewer NAME, or set DUALWATCH_REVIEWER "
                               "(a decision is recorded under its reviewer's name)")
    with open_store() as store:
        alert = store.decide(alert_id, status, reviewer, reason, expect)
    console.print(f"alert #{alert.id} is now {alert.status}")


@click.group()
def audit() -> None:
    """The append-only, hash-chained log of list loads, screenings and decisions."""


ANCHOR_HELP = ("The anchor file, kept outside the database (default: $DUALWATCH_AUDIT_ANCHOR). "
               "Signed with HMAC when DUALWATCH_AUDIT_KEY is set.")


@audit.command()
@click.option("--anchor", "anchor_file", type=click.Path(path_type=Path),
              envvar="DUALWATCH_AUDIT_ANCHOR", help=ANCHOR_HELP)
def verify(anchor_file: Path | None) -> None:
    """Check the audit log: its hash chain, the alerts' statuses and decisions against it, and
    with --anchor the records anchored outside the database. Reports the first divergence."""
    anchors = read_anchors(anchor_file) if anchor_file is not None else None
    with open_store() as store:
        check = store.verify_audit(anchors)
    if check.ok:
        held = f"; {len(anchors)} anchor(s) hold" if anchors else ""
        console.print(f"audit chain valid: {check.records:,} records; cases agree with it{held}")
        return
    where = f" at record #{check.first_broken}" if check.first_broken is not None else ""
    console.print(f"[red]audit log diverges{where}: {check.reason}[/] "
                  f"({check.records:,} chained records)")
    raise SystemExit(1)


@audit.command()
@click.option("--anchor", "anchor_file", type=click.Path(path_type=Path),
              envvar="DUALWATCH_AUDIT_ANCHOR", required=True, help=ANCHOR_HELP)
def anchor(anchor_file: Path) -> None:
    """Append the log's head (sequence number and hash) to the anchor file.

    Keep the file where whoever can write to the database cannot (another machine, write-once
    storage); `audit verify --anchor` then finds deleted or rewritten records up to it.
    """
    with open_store() as store:
        head = audit_anchors.head(store.db, now())
    audit_anchors.append_anchor(anchor_file, head)
    console.print(f"anchored record #{head.seq} ({head.hash[:16]}…)"
                  f"{' signed' if head.hmac else ''} in {anchor_file}")


@audit.command("show")
@click.option("--subject", help="e.g. alert:12, list:us_ofac_sdn, portfolio:clients")
@click.option("--limit", type=int, default=50, help="How many records (the newest).")
def show(subject: str | None, limit: int) -> None:
    """Print the newest audit records, newest first."""
    with open_store() as store:
        records = store.audit_records(subject, limit, newest_first=True)
    table = Table("#", "at", "actor", "action", "subject", "details")
    for r in records:
        table.add_row(str(r.seq), r.at[:19], r.actor, r.action, r.subject,
                      json.dumps(r.payload, ensure_ascii=False)[:120])
    console.print(table)
