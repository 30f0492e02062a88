"""The options that choose where bulk work runs, shared by `screen` and `shipments assess`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from dualwatch.engine import DEFAULT_MASTER, ENGINES

F = TypeVar("F", bound=Callable[..., object])


def engine_options(command: F) -> F:
    """Add --engine, --spark-master and --spark-conf to a command."""
    command = click.option(
        "--spark-conf", "spark_conf", multiple=True, metavar="KEY=VALUE",
        help="A Spark setting, e.g. --spark-conf spark.executor.memory=8g (repeatable).",
    )(command)
    command = click.option(
        "--spark-master", default=DEFAULT_MASTER, show_default=True,
        help="With --engine spark: the Spark master (local[N], spark://HOST:7077, yarn...).",
    )(command)
    return click.option(
        "--engine", "engine_name", type=click.Choice(ENGINES), default="local", show_default=True,
        help="Where the bulk work runs: in this process, or on Apache Spark.",
    )(command)
