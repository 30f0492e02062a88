"""Bulk work behind one small interface: screening many counterparties, assessing many
shipments.

The engine is a parameter, as a database is: ``local`` runs in this process (a Python loop for
screening, embedded DuckDB for shipments), ``spark`` runs the same code on Apache Spark,
locally (``local[*]``) or on a cluster. Both answer the same three calls and give the same
results row for row; only where the work runs differs. An engine never re-implements a rule: it
calls the core functions the local path calls (``match_batch``, ``query_from_row``,
``hit_row``, the red-flag SQL) and only decides how the data is split and gathered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from dualwatch.errors import EngineError
from dualwatch.match import Hit, MatchIndex, Query
from dualwatch.risk.flags import Weights
from dualwatch.risk.parties import ListContext

if TYPE_CHECKING:
    from dualwatch.ownership import OwnershipScreen

ENGINES = ("local", "spark")
DEFAULT_MASTER = "local[*]"


@dataclass
class ScreenResult:
    """What a file screening did: counts for the summary line, and where the hits went."""

    queries: int
    with_hits: int
    hits: int
    output: str


@dataclass
class AssessResult:
    """What a shipment assessment did, as the summary line reports it."""

    rows: int
    parties: int
    levels: dict[str, int]
    flag_counts: dict[str, int]
    not_run: dict[str, str]
    output: str
    seconds: dict[str, float] = field(default_factory=dict)


class Engine(Protocol):
    """Where bulk work runs. Each call is one user action over many rows."""

    name: str

    def match(self, queries: Sequence[Query], index: MatchIndex,
              threshold: float | None = None) -> list[list[Hit]]:
        """Hits of each query, best first, in the order of ``queries``."""

    def screen_file(self, source: str, output: str, index: MatchIndex,
                    threshold: float | None = None, mapping: Mapping[str, str] | None = None,
                    fmt: str | None = None, owned: OwnershipScreen | None = None
                    ) -> ScreenResult:
        """Screen the counterparties of ``source`` and write hits to ``output``; with
        ``owned``, also the parties owned or controlled by listed ones, and the ownership
        columns."""

    def assess_file(self, source: str, output: str, lists: ListContext,
                    mapping: Mapping[str, str] | None = None, weights: Weights | None = None,
                    report: str | None = None, top: int = 100) -> AssessResult:
        """Score every shipment of ``source`` and write them, ranked, to ``output`` (and the
        HTML report of the ``top`` shipments to ``report``)."""

    def close(self) -> None:
        """Release what the engine holds (a Spark session it started)."""


def get_engine(name: str = "local", master: str = DEFAULT_MASTER,
               conf: Mapping[str, str] | None = None) -> Engine:
    """The engine called ``name``; ``master`` and ``conf`` configure Spark."""
    if name == "local":
        from dualwatch.engine.local import LocalEngine

        return LocalEngine()
    if name == "spark":
        from dualwatch.engine.spark import SparkEngine

        return SparkEngine(master, dict(conf or {}))
    raise EngineError(f"unknown engine {name!r}; use {' or '.join(ENGINES)}")


def parse_conf(pairs: Sequence[str]) -> dict[str, str]:
    """``--spark-conf spark.executor.memory=8g`` options as a dict, in the order given."""
    conf: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise EngineError(f"--spark-conf expects KEY=VALUE, got {pair!r}")
        conf[key.strip()] = value.strip()
    return conf


__all__ = ["DEFAULT_MASTER", "ENGINES", "AssessResult", "Engine", "ScreenResult",
           "get_engine", "parse_conf"]
