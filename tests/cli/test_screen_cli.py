"""`dualwatch screen` and `compare`: input formats, column mapping, list filter, output formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from dualwatch import index_cache
from dualwatch.cli import main

pytestmark = pytest.mark.usefixtures("dualwatch_home")

COLUMNS = ["query_id", "query_name", "score", "entity_id", "entity_name", "schema",
           "matched_name", "sources", "explanation", "measures", "listings", "basis",
           "blocked_share", "ownership"]


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
    assert result.exit_code == 1, "the bad row is reported, the good one screened"
    assert "dates.csv, line 3, field 'birth_date': cannot read 'sometime' as a date" \
        in result.output
    assert _csv(tmp_path / "o.csv")[0]["query_name"] == "Ivan Petrov"
    (error,) = _csv(tmp_path / "o.errors.csv")
    assert (error["line"], error["field"]) == ("3", "birth_date")
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
    other = tmp_path / "other.csv"
    other.write_text("Ours,Theirs\nООО «Технопром»,Tekhnoprom LLC\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["compare", "--pairs", str(other), "-o", str(out)])
    assert refused.exit_code == 2 and "--map name1=YOUR_COLUMN" in refused.output
    mapped = CliRunner().invoke(main, ["compare", "--pairs", str(other), "-o", str(out),
                                       "--map", "name1=Ours,name2=Theirs"])
    assert mapped.exit_code == 0, "the option the error suggests exists"
    assert _csv(out)[0]["match"] == "true"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_bad_rows_are_reported_and_the_rest_screened(tmp_path: Path) -> None:
    load_lists(tmp_path / "lists")
    source = tmp_path / "in.csv"
    source.write_text("id,name,schema,birth_date\n1,Технопром ООО,company,\n2,,company,\n"
                      "3,Ivan Petrov,person,1979-13-45\n4,Sea Falcon,vessel,\n"
                      "5,Anna Petrova,person,1979-02-30\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    result = CliRunner().invoke(main, ["screen", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "3 rows not screened" in result.output and "hits.errors.csv" in result.output
    assert [r["query_id"] for r in _csv(out)] == ["1", "4"]
    errors = _csv(tmp_path / "hits.errors.csv")
    assert [(e["line"], e["field"]) for e in errors] == [
        ("3", "name"), ("4", "birth_date"), ("6", "birth_date")]
    assert errors[0]["file"] == str(source) and errors[0]["error"] == "empty name"
    assert "impossible date '1979-13-45': there is no month 13" in errors[1]["error"]
    assert "February 1979 has no day 30" in errors[2]["error"]
    strict = CliRunner().invoke(main, ["screen", str(source), "-o", str(tmp_path / "s.csv"),
                                       "--strict"])
    assert strict.exit_code == 2 and "line 3, field 'name': empty name" in strict.output
    assert not (tmp_path / "s.csv").exists()


def test_formula_without_a_value_is_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    load_lists(tmp_path / "lists")
    workbook = Workbook()  # openpyxl writes formulas without computing them, as such tools do
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["name", "country"])
    sheet.append(["Sea Falcon", "pa"])
    sheet.append(['=CONCATENATE("Tekhno","prom")', "ru"])
    source = tmp_path / "in.xlsx"
    workbook.save(source)
    out = tmp_path / "hits.csv"
    result = CliRunner().invoke(main, ["screen", str(source), "-o", str(out)])
    assert result.exit_code == 1
    (error,) = _csv(tmp_path / "hits.errors.csv")
    assert (error["line"], error["field"]) == ("3", "name")
    assert "formula '=CONCATENATE(\"Tekhno\",\"prom\")' with no computed value" in error["error"]
    assert [r["query_name"] for r in _csv(out)] == ["Sea Falcon"]


def test_impossible_birth_date_is_no_evidence(tmp_path: Path) -> None:
    from dualwatch.errors import InputError
    from dualwatch.screening import query_from_row

    with pytest.raises(InputError, match="there is no month 13"):
        query_from_row(2, {"name": "Ivan Petrov", "birth_date": "1979-13-45"})
    with pytest.raises(InputError, match="there is no month 13"):
        query_from_row(2, {"name": "Ivan Petrov", "birth_date": "45.13.1979"})
    assert query_from_row(2, {"name": "I P", "birth_date": "1979-8-9"}).birth_date == "1979-8-9"


def test_a_stopped_run_keeps_its_rows_and_resumes(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    load_lists(tmp_path / "lists")
    source = tmp_path / "in.csv"
    names = ["Технопром ООО", "Sea Falcon", "Acme Trading", "Ivan Petrov"]
    source.write_text("id,name\n" + "".join(f"{i},{names[i % 4]} {i % 97}\n"
                                            for i in range(20_000)), encoding="utf-8")
    out = tmp_path / "hits.csv"
    command = [sys.executable, "-c", "from dualwatch.cli import main; main()", "screen",
               str(source), "-o", str(out)]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, env=os.environ.copy())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if out.exists() and out.stat().st_size > 30_000:
            break
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be stopped"
    run.send_signal(signal.SIGKILL)
    run.wait()
    kept = _csv(out)
    assert 0 < len(kept) < 20_000, "a stopped run keeps the batches it finished"
    resumed = CliRunner().invoke(main, ["screen", str(source), "-o", str(out), "--resume"])
    assert resumed.exit_code == 0, resumed.output
    assert "done by the stopped run" in resumed.output
    whole = tmp_path / "whole.csv"
    assert CliRunner().invoke(main, ["screen", str(source), "-o", str(whole)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")


def test_xlsx_is_written_at_the_end_from_a_partial_file(tmp_path: Path) -> None:
    load_lists(tmp_path / "lists")
    source = tmp_path / "in.csv"
    source.write_text("id,name\n1,Технопром ООО\n2,Nobody Known\n", encoding="utf-8")
    out = tmp_path / "hits.xlsx"
    result = CliRunner().invoke(main, ["screen", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "hits.xlsx.partial.csv").exists()
    rows = list(load_workbook(out).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert isinstance(rows[1][2], float) and rows[2][2] is None


def test_the_index_build_is_announced_once(tmp_path: Path) -> None:
    load_lists(tmp_path / "lists")
    source = tmp_path / "in.csv"
    source.write_text("name\nSea Falcon\n", encoding="utf-8")
    out = str(tmp_path / "o.csv")
    index_cache.clear_memory()  # as in a new process: each CLI run is one
    first = CliRunner().invoke(main, ["screen", str(source), "-o", out])
    assert "building the index (first run after a list change): 2 list entities" in first.output
    index_cache.clear_memory()
    again = CliRunner().invoke(main, ["screen", str(source), "-o", out])
    assert "building" not in again.output, "the second run loads it"
    chosen = CliRunner().invoke(main, ["screen", str(source), "-o", out, "--lists", "list_b"])
    assert "building the index of list_b" in chosen.output
    index_cache.clear_memory()
    assert "building" not in CliRunner().invoke(main, ["screen", str(source), "-o", out]).output
