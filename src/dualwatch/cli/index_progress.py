"""The match index for a command, with the build shown while it happens.

The first screening after a list change normalises every listed name, which takes a while; a
command that only sat at "0/11" would look hung. Every command that screens loads its index here:
a progress bar on a terminal, one line otherwise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from dualwatch import screening
from dualwatch.match import MatchIndex
from dualwatch.store import Store

err_console = Console(stderr=True)


def load_index_shown(store: Store, lists: Iterable[str] | None = None) -> MatchIndex:
    """:func:`dualwatch.screening.load_index`, saying when it builds and how far it is."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("entities"), console=err_console,
                  disable=not sys.stderr.isatty()) as progress:
        task: list[TaskID] = []

        def report(done: int, total: int, what: str) -> None:
            if not task:
                if not sys.stderr.isatty():
                    click.echo(f"{what}: {total:,} list entities...", err=True)
                task.append(progress.add_task(what, total=total))
            progress.update(task[0], completed=done)

        return screening.load_index(store, lists, progress=report)


__all__ = ["load_index_shown"]
