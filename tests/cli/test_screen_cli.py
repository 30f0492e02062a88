"""`dualwatch screen` and `compare`: input formats, column mapping, list filter, output formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from dualwatch.cli import main

pytestmark = pytest.mark.usefixtures("dualwatch_home")

COLUMNS = ["query_id", "query_name", "score", "entity_id", "entity_name", "schema",
           "matched_name", "sources", "explanation"]


def load_lists(tmp_path: Path) -> None:
    for dataset, entity in (
        ("list_a", {"id": "a-1", "schema": "Company",
                    "properties": {"name": ["OOO Tekhnoprom"], "alias": ["ООО «Технопром»"]}}),
        ("list_b", {"id": "b-7", "schema": "Vessel",
                    "properties": {"name": ["Sea Falcon"], "imoNumber": ["9187655"]}}),
    ):
        path = tmp_path / dataset / f"{dataset}.ftm.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps({**entity, "datasets": [dataset]}, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["lists", "load", str(tmp_path)])
    assert result.exit_code == 0, result.output


def test_mapped_columns_list_filter_and_xlsx(tmp_path: Path) -> None:
    load_lists(tmp_path / "lists")
    source = tmp_path / "in.csv"
    source.write_text("Ref,Counterparty,Type\n1,Технопром ООО,company\n2,Sea Falcon,vessel\n",
                      encoding="utf-8")
    out = tmp_path / "hits.xlsx"
    result = CliRunner().invoke(main, [
        "screen", str(source), "-o", str(out), "--lists", "list_a",
        "--map", "id=Ref,name=Counterparty,schema=Type"])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert list(rows[0]) == COLUMNS
    by_query = {r[0]: r for r in rows[1:]}
    assert by_query["1"][3] == "list_a-a-1" and by_query["1"][7] == "list_a:a-1"
    assert by_query["2"][3] is None, "list_b was not asked for"


def test_json_output_and_threshold(tmp_path: Path) -> None:
    load_lists(tmp_path / "lists")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "v", "name": "Sea Falkon", "schema": "Vessel",
                                  "identifiers": "IMO 9187655"}) + "\n", encoding="utf-8")
    out = tmp_path / "hits.json"
    result = CliRunner().invoke(main, ["screen", str(source), "-o", str(out), "-t", "0.5"])
    assert result.exit_code == 0, result.output
    (hit,) = json.loads(out.read_text(encoding="utf-8"))
    assert hit["entity_id"] == "list_b-b-7" and hit["score"] >= 0.5
    assert "identifier" in hit["explanation"]


def test_unknown_list_and_bad_input_are_explained(tmp_path: Path) -> None:
    load_lists(tmp_path / "lists")
    source = tmp_path / "in.csv"
    source.write_text("name\nAcme\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["screen", str(source), "-o", str(tmp_path / "o.csv"),
                                       "--lists", "nope"])
    assert result.exit_code == 2 and "list 'nope' is not loaded" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,schema\nAcme,Planet\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["screen", str(bad), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "bad.csv, line 2, field 'schema': unknown schema 'Planet'" in result.output
    assert not (tmp_path / "o.csv").exists(), "nothing is written when the input is bad"
    dates = tmp_path / "dates.csv"
    dates.write_text("name,birth_date\nIvan Petrov,1970-3-2\nOleg Sidorov,sometime\n",
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["screen", str(dates), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "dates.csv, line 3, field 'birth_date': cannot read 'sometime' as a date" \
        in result.output
    assert not (tmp_path / "o.csv").exists()
    dates.write_text("name,birth_date\nIvan Petrov,1970-3-2\nAnna Ivanova,2 Mar 1970\n",
                     encoding="utf-8")  # every way of writing a date the matcher reads
    result = CliRunner().invoke(main, ["screen", str(dates), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output


def test_compare_pairs_file(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("schema,name1,name2,note\nCompany,ООО «Технопром»,Tekhnoprom LLC,same\n"
                     "Company,Tekhnoprom LLC,Globex Trading LLC,different\n", encoding="utf-8")
    out = tmp_path / "scored.csv"
    result = CliRunner().invoke(main, ["compare", "--pairs", str(pairs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["note"] for r in rows] == ["same", "different"]
    assert [r["match"] for r in rows] == ["true", "false"]
    assert float(rows[0]["score"]) > float(rows[1]["score"])
