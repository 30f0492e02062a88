"""Users' files: every format reads the same, and bad files fail with file, line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from dualwatch.errors import InputError
from dualwatch.tables import parse_mapping, read_rows, write_rows


def test_csv_columns_are_case_insensitive_and_mapped(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("ID,Counterparty,Country\n1,ООО Ромашка,RU\n", encoding="utf-8")
    rows = list(read_rows(path, ("name",), parse_mapping("name=Counterparty")))
    assert rows == [(2, {"id": "1", "name": "ООО Ромашка", "country": "RU"})]


def test_semicolon_csv_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("name;country\nAcme GmbH;DE\n", encoding="utf-8")
    assert list(read_rows(path, ("name",))) == [(2, {"name": "Acme GmbH", "country": "DE"})]


def test_missing_column_names_file_and_column(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("company,country\nAcme,DE\n")
    with pytest.raises(InputError, match=r"in\.csv, line 1, field 'name': missing required"):
        list(read_rows(path, ("name",)))


def test_wrong_column_count_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("name,country\nAcme,DE\nBeta,FR,extra\n")
    with pytest.raises(InputError, match="line 3: expected 2 columns"):
        list(read_rows(path, ("name",)))


def test_empty_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        list(read_rows(empty, ("name",)))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\nSoci\xe9t\xe9 G\xe9n\xe9rale\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_rows(latin, ("name",)))


def test_jsonl_and_xlsx_read_like_csv(tmp_path: Path) -> None:
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"Name": "深圳市华为技术有限公司", "identifiers": ["X1", "X2"]},
                                ensure_ascii=False) + "\n{broken\n")
    rows = read_rows(jsonl, ("name",))
    assert next(rows) == (1, {"name": "深圳市华为技术有限公司", "identifiers": "X1;X2"})
    with pytest.raises(InputError, match="line 2: invalid JSON"):
        next(rows)
    xlsx = tmp_path / "in.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Birth_Date"])
    sheet.append(["Ivan Petrov", 1970])
    book.save(xlsx)
    assert list(read_rows(xlsx, ("name",))) == [(2, {"name": "Ivan Petrov", "birth_date": "1970"})]


def test_write_all_formats_atomically(tmp_path: Path) -> None:
    rows = [{"a": 1, "b": "x"}, {"a": 2, "b": None}]
    for suffix in ("csv", "jsonl", "json", "xlsx"):
        path = tmp_path / f"out.{suffix}"
        assert write_rows(path, ["a", "b"], rows) == 2
    assert (tmp_path / "out.csv").read_text().splitlines() == ["a,b", "1,x", "2,"]
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet is not None and sheet["A3"].value == 2
    assert not list(tmp_path.glob(".*tmp"))

    def failing() -> list[dict[str, object]]:
        raise RuntimeError("boom")

    target = tmp_path / "keep.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        write_rows(target, ["a"], (r for r in failing()))
    assert target.read_text() == "old"


def test_xlsx_output_is_ready_to_review(tmp_path: Path) -> None:
    rows = [{"query_name": "Ivan Petrov", "explanation": "x" * 300},
            {"query_name": "Li", "score": 1}]
    path = tmp_path / "hits.xlsx"
    write_rows(path, ["query_name", "score", "explanation"], rows)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2", "the header stays in view"
    assert sheet.auto_filter.ref == "A1:C3", "every column can be filtered"
    widths = [sheet.column_dimensions[c].width for c in "ABC"]
    assert widths[0] == len("Ivan Petrov") + 2 and widths[1] == len("score") + 2
    assert widths[2] == 60, "long explanations are capped"
