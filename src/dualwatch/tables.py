"""Users' tabular files in and out: CSV, TSV, XLSX, JSON lines and JSON.

Every command that takes a file of counterparties, goods or shipments reads it here, so they all
accept the same formats, match column names the same way (case-insensitive, with a user mapping
for other names) and fail the same way: one message naming the file, line and column. Output is
written to a temporary file and renamed, so a failed run never leaves half a file.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from dualwatch.errors import InputError

TEXT_FORMATS = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".jsonl": "jsonl",
                ".ndjson": "jsonl", ".json": "json", ".xlsx": "xlsx"}
MAX_INPUT_BYTES = 4 * 1024 * 1024 * 1024


class Row(dict[str, str]):
    """A row read from a spreadsheet; ``formulas`` names the cells that hold a formula whose
    value was never computed (the file was written by a program that does not calculate), which
    read as empty but are not."""

    formulas: dict[str, str]

    def __init__(self, values: dict[str, str], formulas: dict[str, str] | None = None) -> None:
        super().__init__(values)
        self.formulas = formulas or {}


def uncomputed(row: Mapping[str, str]) -> dict[str, str]:
    """The formulas without a computed value in ``row``, by column (none outside XLSX)."""
    return row.formulas if isinstance(row, Row) else {}


def detect_format(path: Path, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    fmt = TEXT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"unknown file type {path.suffix!r}; use .csv, .tsv, .xlsx, "
                               ".jsonl or .json")
    return fmt


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``--map "name=Company Name,country=Ctry"`` -> {"company name": "name", "ctry": "country"}."""
    mapping: dict[str, str] = {}
    if not spec:
        return mapping
    for part in spec.split(","):
        if "=" not in part:
            raise InputError("--map", f"expected FIELD=COLUMN, got {part!r}")
        field, column = (x.strip() for x in part.split("=", 1))
        mapping[column.casefold()] = field.casefold()
    return mapping


def _normalise_header(header: Sequence[Any], mapping: Mapping[str, str]) -> list[str]:
    names = []
    for cell in header:
        key = str(cell if cell is not None else "").strip().lstrip("\ufeff").casefold()
        names.append(mapping.get(key, key))
    return names


def _check_columns(path: Path, columns: Sequence[str], required: Iterable[str]) -> None:
    missing = [c for c in required if c not in columns]
    if missing:
        found = ", ".join(c for c in columns if c) or "none"
        raise InputError(path, f"missing required column {missing[0]!r} (columns found: {found}); "
                               "rename it or map it with --map "
                               f"{missing[0]}=YOUR_COLUMN", line=1, field=missing[0])


def read_rows(path: Path, required: Iterable[str] = (), mapping: Mapping[str, str] | None = None,
              fmt: str | None = None, errors: list[InputError] | None = None
              ) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with lower-cased column names and string values.

    ``errors``: where a row that cannot be read (a CSV line with another number of columns, a
    JSON line that is not an object) is put, the reading going on with the next row; without
    it, such a row stops the reading with the error."""
    mapping = mapping or {}
    required = tuple(required)
    if not path.exists():
        raise InputError(path, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "file is empty")
    if size > MAX_INPUT_BYTES:
        raise InputError(path, f"file is {size / 1e9:.1f} GB, over the "
                               f"{MAX_INPUT_BYTES / 1e9:.0f} GB limit; split it")
    kind = detect_format(path, fmt)
    if kind in ("csv", "tsv"):
        yield from _read_csv(path, required, mapping, "\t" if kind == "tsv" else None, errors)
    elif kind == "xlsx":
        yield from _read_xlsx(path, required, mapping)
    else:
        yield from _read_json(path, required, mapping, kind, errors)


def _row_error(error: InputError, errors: list[InputError] | None) -> None:
    if errors is None:
        raise error
    errors.append(error)


def _read_csv(path: Path, required: Sequence[str], mapping: Mapping[str, str],
              delimiter: str | None, errors: list[InputError] | None
              ) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(65536)
            fh.seek(0)
            if delimiter is None:
                try:
                    delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
                except csv.Error:
                    delimiter = ","
            reader = csv.reader(fh, delimiter=delimiter)
            try:
                header = _normalise_header(next(reader), mapping)
            except StopIteration:
                raise InputError(path, "file has no header row", line=1) from None
            _check_columns(path, header, required)
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    _row_error(InputError(path, f"expected {len(header)} columns as in the "
                                                f"header, found {len(row)}", line=line), errors)
                    continue
                yield line, {k: v.strip() for k, v in zip(header, row, strict=True) if k}
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start}): save it as UTF-8 CSV"
                         ) from exc
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}") from exc


def _read_xlsx(path: Path, required: Sequence[str],
               mapping: Mapping[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(path, f"not a readable XLSX workbook: {exc}") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = _normalise_header(next(rows), mapping)
    except StopIteration:
        raise InputError(path, "the first sheet is empty", line=1) from None
    _check_columns(path, header, required)
    formulas = _Formulas(path)
    for line, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {k: ("" if v is None else _cell_text(v)).strip()
               for k, v in zip(header, values, strict=False) if k}
        empty = [k for k in row if not row[k]]
        yield line, Row(row, formulas.at(line, header, empty) if empty else None)
    workbook.close()
    formulas.close()


class _Formulas:
    """The formulas of a sheet, read only when an empty cell is met (a formula with no computed
    value reads as empty), in step with the rows: one pass more over the file at most."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: Iterator[tuple[Any, ...]] | None = None
        self.line = 0
        self.workbook: Any = None

    def at(self, line: int, header: Sequence[str], columns: Sequence[str]) -> dict[str, str]:
        if self.rows is None:
            from openpyxl import load_workbook

            self.workbook = load_workbook(self.path, read_only=True, data_only=False)
            self.rows = self.workbook.worksheets[0].iter_rows(values_only=True)
        values: tuple[Any, ...] = ()
        while self.line < line:
            values = next(self.rows, ())
            self.line += 1
        found = {}
        for key, value in zip(header, values, strict=False):
            if key in columns and isinstance(value, str) and value.startswith("="):
                found[key] = value
        return found

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)


def _read_json(path: Path, required: Sequence[str], mapping: Mapping[str, str],
               kind: str, errors: list[InputError] | None
               ) -> Iterator[tuple[int, dict[str, str]]]:
    def convert(line: int, obj: Any) -> dict[str, str]:
        if not isinstance(obj, dict):
            raise InputError(path, "expected a JSON object per record", line=line)
        row = {mapping.get(str(k).casefold(), str(k).casefold()): cell_text(v)
               for k, v in obj.items()}
        for column in required:
            if column not in row:
                raise InputError(path, f"record has no {column!r} field", line=line,
                                 field=column)
        return row

    try:
        if kind == "json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, list):
                raise InputError(path, "expected a JSON array of objects")
            for index, obj in enumerate(data, start=1):
                yield index, convert(index, obj)
            return
        with path.open(encoding="utf-8") as fh:
            for line, text in enumerate(fh, start=1):
                if text.strip():
                    try:
                        yield line, convert(line, json.loads(text))
                    except json.JSONDecodeError as exc:
                        _row_error(InputError(path, f"invalid JSON: {exc.msg}", line=line),
                                   errors)
                    except InputError as exc:
                        _row_error(exc, errors)
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg}", line=exc.lineno) from exc


def cell_text(value: Any) -> str:
    """A cell of a JSON or Parquet record as text: lists joined by ';', null empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


@contextmanager
def _atomic(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_rows(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]],
               fmt: str | None = None) -> int:
    """Write rows to CSV, TSV, JSON lines, JSON or XLSX (by ``fmt`` or the file's suffix)."""
    kind = detect_format(path, fmt)
    count = 0
    if kind == "xlsx":
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("results")
        values = [[_xlsx_value(row.get(c)) for c in columns] for row in rows]
        _layout_sheet(sheet, columns, values)
        sheet.append(list(columns))
        for line in values:
            sheet.append(line)
        count = len(values)
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        with _atomic(path, "wb") as fh:
            workbook.save(fh)
        return count
    with _atomic(path) as fh:
        if kind in ("csv", "tsv"):
            writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore",
                                    delimiter="\t" if kind == "tsv" else ",")
            writer.writeheader()
            for row in rows:
                writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in columns})
                count += 1
        elif kind == "jsonl":
            for row in rows:
                fh.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
                count += 1
        else:
            items = [{c: row.get(c) for c in columns} for row in rows]
            json.dump(items, fh, ensure_ascii=False, indent=2)
            count = len(items)
    return count


XLSX_MAX_WIDTH = 60  # characters; longer cells (explanations) wrap to this when opened


def _layout_sheet(sheet: Any, columns: Sequence[str], values: list[list[Any]]) -> None:
    """A sheet a reviewer can work in at once: header frozen, columns as wide as their content
    (of the first 1,000 rows, up to ``XLSX_MAX_WIDTH``); the filter is set once rows are in."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    for n, column in enumerate(columns):
        longest = max([len(str(column))] + [len(str(v[n])) for v in values[:1000]
                                            if v[n] is not None])
        width = min(longest + 2, XLSX_MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(n + 1)].width = width


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False)
