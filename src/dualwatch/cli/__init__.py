"""The ``dualwatch`` command: a thin layer over the library, one module per command group."""

from __future__ import annotations

import logging
import sys

import click

from dualwatch import __version__
from dualwatch.errors import DualwatchError


class _Group(click.Group):
    """Turns the project's errors into one clear line and exit status 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DualwatchError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dualwatch")
@click.option("--verbose", "-v", is_flag=True,
              help="Also print warnings about skipped rows and other details as they occur.")
def main(verbose: bool) -> None:
    """dualwatch: screen counterparties, goods and shipments for dual-use trade with Russia.

    \b
    Typical first steps:
      dualwatch lists load ../shared/data/lists     # load the bundled sanctions lists
      dualwatch lists status                        # what is loaded, which versions
      dualwatch screen counterparties.csv -o hits.csv
      dualwatch goods check 8542.31
    The store lives in $DUALWATCH_HOME (default: your user data folder).
    """
    logging.basicConfig(level=logging.WARNING if verbose else logging.ERROR,
                        format="%(levelname)s: %(message)s")


def _register() -> None:
    from importlib import import_module

    for module_name, attr in (
        ("dualwatch.cli.lists", "lists"),
        ("dualwatch.cli.screen", "screen"),
        ("dualwatch.cli.screen", "compare"),
        ("dualwatch.cli.monitor", "portfolio"),
        ("dualwatch.cli.monitor", "alerts"),
        ("dualwatch.cli.monitor", "audit"),
        ("dualwatch.cli.monitor", "monitor"),
        ("dualwatch.cli.goods", "goods"),
        ("dualwatch.cli.serve", "serve"),
        ("dualwatch.cli.serve", "keys"),
        ("dualwatch.cli.shipments", "shipments"),
        ("dualwatch.cli.news", "news"),
        ("dualwatch.cli.ownership", "ownership"),
        ("dualwatch.cli.payments", "payments"),
    ):
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        main.add_command(getattr(module, attr))


_register()
