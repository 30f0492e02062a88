"""The local engine: bulk work in this process, as dualwatch has always run it.

Screening is the matcher's loop over batches of queries; a shipment file is assessed in an
embedded DuckDB database (``dualwatch.risk.engine``). This is the reference the Spark engine is
tested against, row for row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from dualwatch import screening, tables
from dualwatch.engine import AssessResult, ScreenResult
from dualwatch.errors import InputError
from dualwatch.hit_output import HitWriter
from dualwatch.match import Hit, MatchIndex, Query
from dualwatch.ownership import OWNERSHIP_COLUMNS, OwnershipScreen
from dualwatch.risk.flags import Weights
from dualwatch.risk.parties import ListContext


class LocalEngine:
    name = "local"

    def match(self, queries: Sequence[Query], index: MatchIndex,
              threshold: float | None = None) -> list[list[Hit]]:
        return [hits for _, hits in screening.screen_batches(queries, index, threshold)]

    def screen_file(self, source: str, output: str, index: MatchIndex,
                    threshold: float | None = None, mapping: Mapping[str, str] | None = None,
                    fmt: str | None = None, owned: OwnershipScreen | None = None
                    ) -> ScreenResult:
        path = Path(source)
        rows = tables.read_rows(path, required=("name",), mapping=mapping)
        queries = [screening.query_from_row(line, row, path) for line, row in rows]
        if not queries:
            raise InputError(path, "no counterparties in the file (only a header?)")
        columns = screening.HIT_COLUMNS + (OWNERSHIP_COLUMNS if owned is not None else ())
        writer = HitWriter(Path(output), columns, fmt)
        with_hits = hits_total = 0
        try:
            for query, hits in screening.screen_batches(queries, index, threshold):
                if owned is not None:
                    hits = hits + owned.match([query], threshold)[0]
                if hits:
                    with_hits += 1
                    hits_total += len(hits)
                    writer.write([{**screening.hit_row(h),
                                   **(owned.columns(h) if owned is not None else {})}
                                  for h in hits])
                else:
                    writer.write([screening.empty_row(query)])
        finally:
            writer.close()
        writer.finish()
        return ScreenResult(len(queries), with_hits, hits_total, output)

    def assess_file(self, source: str, output: str, lists: ListContext,
                    mapping: Mapping[str, str] | None = None, weights: Weights | None = None,
                    report: str | None = None, top: int = 100) -> AssessResult:
        from dualwatch.risk import engine
        from dualwatch.risk.report import write_report

        result = engine.assess(Path(source), lists, dict(mapping or {}), weights)
        try:
            engine.write_output(result, Path(output))
            if report is not None:
                write_report(result, Path(report), top=top)
        finally:
            result.close()
        return AssessResult(result.rows, result.parties, result.levels, result.flag_counts,
                            result.not_run, output, result.seconds)

    def close(self) -> None:
        pass
