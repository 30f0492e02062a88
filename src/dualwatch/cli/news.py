"""``dualwatch news``: adverse media analysis of news articles."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import click
from rich.console import Console

from dualwatch.cli.index_progress import load_index_shown
from dualwatch.match import DEFAULT_THRESHOLD, MatchIndex
from dualwatch.media import ListGazetteer, analyze, portfolio_index, read_articles, render_report
from dualwatch.media.gazetteer import load_gazetteer
from dualwatch.store import open_store

err_console = Console(stderr=True)


@click.group()
def news() -> None:
    """Adverse media: analyse news articles about counterparties and goods."""


def _write(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a failed run leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@news.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="Where to write the analysis (JSON).")
@click.option("--report", type=click.Path(path_type=Path),
              help="Also write a self-contained HTML report here.")
@click.option("--portfolio", metavar="NAME|FILE",
              help="Also screen names against these counterparties: a portfolio of the store "
                   "or a CSV/XLSX file with a name column.")
@click.option("--lists", "lists_", help="Comma-separated list ids to screen against "
                                        "(default: all loaded lists).")
@click.option("--threshold", "-t", type=click.FloatRange(0, 1),
              help=f"Lowest screening score reported (default {DEFAULT_THRESHOLD}).")
@click.option("--no-screen", is_flag=True,
              help="Do not screen names against the lists (no store needed).")
def analyze_cmd(paths: tuple[Path, ...], output: Path, report: Path | None,
                portfolio: str | None, lists_: str | None, threshold: float | None,
                no_screen: bool) -> None:
    """Analyse news articles: names, dates, goods, risk topics, quotes, events.

    PATHS are text, HTML or Markdown files, JSON lines files with `title, body, url, outlet,
    published` per line, or folders of them. Web furniture (menus, icon labels, "Leave a
    Comment", copyright lines) is removed. Every person, company and organisation named is
    screened against the loaded lists (and --portfolio); articles about the same event are
    grouped and their reports compared.

    \b
    Example:
      dualwatch news analyze ../shared/news -o news.json --report news.html
    """
    started = time.perf_counter()
    articles = read_articles(list(paths))
    index: MatchIndex | None = None
    pindex: MatchIndex | None = None
    gazetteer: ListGazetteer | None = None
    lists = lists_.split(",") if lists_ else None
    checked: list[str] = []
    if not no_screen or portfolio:
        with open_store() as store:
            if not no_screen:
                index = load_index_shown(store, lists)
                gazetteer = load_gazetteer(store, lists)
                checked = [v.dataset for v in store.current_versions()
                           if lists is None or v.dataset in lists]
            if portfolio:
                pindex, _ = portfolio_index(portfolio, store)
    result = analyze(articles, index=index, gazetteer=gazetteer, portfolio=pindex,
                     portfolio_name=portfolio, threshold=threshold, lists=checked)
    _write(output, json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    if report is not None:
        _write(report, render_report(result))
    hits = sum(len(a.hits) for a in result.articles)
    err_console.print(f"{len(articles)} articles, {len(result.events)} events, {hits} list hits "
                      f"in {time.perf_counter() - started:.1f}s → {output}"
                      + (f", {report}" if report else ""))


analyze_cmd.name = "analyze"
