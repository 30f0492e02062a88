"""``dualwatch ownership``: load registers and relation files, show who owns and controls whom."""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from dualwatch import ownership as ownership_lib
from dualwatch.ownership import Holding, OwnershipView, share_words
from dualwatch.risk.ownership import rule_sets
from dualwatch.sources.relation_formats import FORMATS
from dualwatch.store import open_store
from dualwatch.store.sql import SQLStore

console = Console()
_RULES = click.Choice(sorted(rule_sets()))


@click.group()
def ownership() -> None:
    """Ownership and control: which unlisted companies listed owners make blocked.

    \b
    Examples:
      dualwatch ownership load ../shared/data/ownership
      dualwatch ownership show inn:1841015504 --rules ofac
      dualwatch ownership blocked --rules eu --as-of 2022-06-01 -o blocked.csv
    """


@ownership.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)),
              help="Read every file as this format instead of detecting it.")
@click.option("--source", help="Name to store the relations under (default: the file name).")
def load(path: Path, format_name: str | None, source: str | None) -> None:
    """Load a relation file (FtM, EGRUL XML, GLEIF RR-CDF, UK PSC), or every one under a folder.

    Each file is one version of its source, loaded in one transaction: a malformed file changes
    nothing, and loading the same file again only makes it current.
    """
    started = time.perf_counter()
    table = Table("source", "format", "parties", "relations", "note", title="Loaded")
    count = 0
    with open_store() as store:
        for result in ownership_lib.load_path(store, path, format_name, source):
            v = result.version
            table.add_row(v.source, v.format, f"{v.party_count:,}", f"{v.link_count:,}",
                          "already loaded, unchanged" if result.unchanged else "")
            count += 1
        console.print(table)
        console.print(f"{count} file(s) in {time.perf_counter() - started:.1f} s")
        alerts_after_change(store, "ownership records loaded")


def alerts_after_change(store: SQLStore, because: str) -> None:
    """Portfolio alerts for counterparties a relation or list change now blocks or flags."""
    if not store.portfolios():
        return
    raised = ownership_lib.monitor(store, because=because)
    if raised:
        console.print(f"ownership: {len(raised)} portfolio alert(s) opened or raised again "
                      f"(#{', #'.join(map(str, raised))})")


@ownership.command()
@click.argument("ident")
@click.option("--rules", default="ofac", type=_RULES, show_default=True,
              help="Which jurisdiction's ownership rule to apply.")
@click.option("--as-of", help="Judge the records current on this date (default: today).")
def show(ident: str, rules: str, as_of: str | None) -> None:
    """Show a party's owners (up) and holdings (down) with shares, and the rules' verdict.

    IDENT is a party key (inn:1841015504), a list entity id (us_ofac_sdn-45937) or an INN,
    OGRN or LEI.
    """
    with open_store() as store:
        view = ownership_lib.show(store, ident, rules, as_of)
    click.echo(render(view))


def render(view: OwnershipView) -> str:
    """The ownership path as text: owners above, the party, holdings below."""
    lines = [f"{view.name} [{view.key}]", f"rules: {view.rules.title}; records as of "
             f"{view.as_of}"]
    verdict = view.verdict
    if verdict is None:
        lines.append("verdict: no blocked party owns, controls or relates to it")
    else:
        flag = " (significant listed ownership)" if verdict.significant else ""
        lines.append(f"verdict: {verdict.basis}{flag}; blocked share {verdict.blocked_share:g}%")
        if verdict.ownership:
            lines.append(f"ownership: {verdict.ownership}")
    lines.append("owners:")
    lines.extend(_row(h, "  ↑ ") for h in view.owners)
    if not view.owners:
        lines.append("  (none recorded)")
    lines.append("holdings:")
    lines.extend(_row(h, "  ↓ ") for h in view.holdings)
    if not view.holdings:
        lines.append("  (none recorded)")
    return "\n".join(lines)


def _row(holding: Holding, arrow: str) -> str:
    link = holding.link
    what = share_words(link)
    since = f", since {link.start}" if link.start else ""
    until = f", until {link.end}" if link.end else ""
    status = f" — {holding.verdict.basis}" if holding.verdict is not None else ""
    return (f"{arrow}{what}: {holding.other_name} [{holding.other}]{status} "
            f"({link.kind}{since}{until}; record {link.record_id})")


@ownership.command()
@click.option("--rules", default="ofac", type=_RULES, show_default=True)
@click.option("--as-of", help="Judge the records current on this date (default: today).")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write CSV here instead of printing a table.")
def blocked(rules: str, as_of: str | None, output: Path | None) -> None:
    """List the unlisted parties the rules block (owned, controlled) or flag (related)."""
    with open_store() as store:
        verdicts = ownership_lib.blocked(store, rules, as_of)
    columns = ("key", "name", "basis", "blocked_share", "significant", "ownership")
    if output is not None:
        with output.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for v in verdicts:
                writer.writerow((v.key, v.name, v.basis, f"{v.blocked_share:g}",
                                 "yes" if v.significant else "", v.ownership))
        console.print(f"{len(verdicts)} parties written to {output}", highlight=False)
        return
    table = Table(*columns, title=f"Blocked or flagged ({rules})")
    for v in verdicts:
        table.add_row(v.key, v.name, v.basis, f"{v.blocked_share:g}",
                      "yes" if v.significant else "", v.ownership)
    Console(file=sys.stdout, width=200).print(table)
