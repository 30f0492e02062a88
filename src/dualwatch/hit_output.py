"""Screening results written as they are produced, so that a stopped run keeps what it did.

CSV, TSV and JSON lines grow batch by batch in the output file itself. XLSX and a JSON array
cannot grow, so their rows go to a CSV beside the output (``OUT.partial.csv``) that becomes the
output when the run ends. ``resume`` reads what a stopped run wrote, drops the rows of its last
counterparty (the one it may have stopped in the middle of) and says how many counterparties are
done, so that the run continues with the next one.

Every counterparty screened writes at least one row (a row without hit fields when it has no
hit), in input order, so the rows of one counterparty follow each other and the number of
counterparties done is the number of runs of rows with the same ``query_id`` and ``query_name``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from dualwatch import tables
from dualwatch.errors import InputError

STREAMED = ("csv", "tsv", "jsonl")


def _records(path: Path, kind: str, columns: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Complete records of a streamed file (a cut-off last line is left out)."""
    with path.open(encoding="utf-8", newline="") as fh:
        if kind == "jsonl":
            for text in fh:
                try:
                    record = json.loads(text)
                except json.JSONDecodeError:
                    return  # the line the run stopped in
                if isinstance(record, dict):
                    yield record
            return
        reader = csv.reader(fh, delimiter="\t" if kind == "tsv" else ",")
        header = next(reader, None)
        if header is None:
            return
        if list(header) != list(columns):
            raise InputError(path, "cannot resume: the file has other columns than screening "
                                   "output", line=1)
        for row in reader:
            if len(row) != len(columns):
                return
            yield dict(zip(columns, row, strict=True))


def _typed(record: dict[str, Any]) -> dict[str, Any]:
    """A record read back from CSV with its empty fields empty and its score a number."""
    typed: dict[str, Any] = {k: (v if v != "" else None) for k, v in record.items()}
    if typed.get("score") is not None:
        typed["score"] = float(typed["score"])
    return typed


class HitWriter:
    """Appends screening rows to the output, flushing after each batch."""

    def __init__(self, output: Path, columns: Sequence[str], fmt: str | None = None) -> None:
        self.output = output
        self.columns = list(columns)
        self.kind = tables.detect_format(output, fmt)
        self.path = output if self.kind in STREAMED else \
            output.with_name(output.name + ".partial.csv")
        self.stream_kind = self.kind if self.kind in STREAMED else "csv"
        self.done = 0
        self._fh: IO[str] | None = None
        self._opened = False
        self._writer: Any = None

    def resume(self) -> int:
        """Keep the counterparties a stopped run finished; return how many there are."""
        if not self.path.exists():
            return 0
        runs: list[list[dict[str, Any]]] = []
        last: tuple[str, str] | None = None
        for record in _records(self.path, self.stream_kind, self.columns):
            key = (str(record.get("query_id")), str(record.get("query_name")))
            if key != last:
                runs.append([])
                last = key
            runs[-1].append(record)
        kept = runs[:-1]  # the last counterparty may be incomplete: it is screened again
        self._open("w")
        for run in kept:
            for record in run:
                self._write(record)
        self.flush()
        self.done = len(kept)
        return self.done

    def _open(self, mode: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open(mode, encoding="utf-8", newline="")
        self._opened = True
        if self.stream_kind != "jsonl":
            self._writer = csv.DictWriter(self._fh, fieldnames=self.columns,
                                          extrasaction="ignore",
                                          delimiter="\t" if self.stream_kind == "tsv" else ",")
            self._writer.writeheader()

    def _write(self, row: Mapping[str, Any]) -> None:
        assert self._fh is not None
        if self._writer is not None:
            self._writer.writerow({c: "" if row.get(c) is None else row.get(c)
                                   for c in self.columns})
        else:
            self._fh.write(json.dumps({c: row.get(c) for c in self.columns},
                                      ensure_ascii=False) + "\n")

    def write(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """The rows of one counterparty."""
        if self._fh is None:
            self._open("w")
        for row in rows:
            self._write(row)
        self.done += 1

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def finish(self) -> None:
        """Close the stream; an XLSX or JSON output is written from it now."""
        if not self._opened:
            self._open("w")  # no counterparty at all: the header alone
        self.close()
        if self.path != self.output:
            rows = [_typed(r) for r in _records(self.path, "csv", self.columns)]
            tables.write_rows(self.output, self.columns, rows, self.kind)
            self.path.unlink()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


__all__ = ["HitWriter"]
