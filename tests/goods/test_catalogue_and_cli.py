"""Control-list correlation and the ``dualwatch goods`` commands."""

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch.cli import main
from dualwatch.errors import InputError
from dualwatch.goods import ControlCatalogue

FIXTURES = Path("tests/fixtures/goods")


def test_correlation_covers_longer_codes_and_flags_more_precise_rows() -> None:
    catalogue = ControlCatalogue.load(FIXTURES / "correlation_eu_annex_i.csv")
    assert len(catalogue) == 3
    assert [h.entry.control_code for h in catalogue.lookup("85423190")] == ["3A001.a.2"]
    hits = catalogue.lookup("854232")
    assert [(h.entry.control_code, h.match) for h in hits] == [("3A001.a.2.c", "within")]


def test_bad_correlation_row_names_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("hs_code,control_code\n8542.31,3A001\n85x,3A002\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3, field 'hs_code'"):
        ControlCatalogue.load(path)


def test_cli_check_json() -> None:
    result = CliRunner().invoke(main, ["goods", "check", "8542.31", "880330", "--json",
                                       "--controls", str(FIXTURES / "correlation_eu_annex_i.csv")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["chpl_tier"] == "1" and data[0]["controls"] == ["eu_annex_i:3A001.a.2"]
    assert data[1]["hs6"] == "880730"


def test_cli_check_invalid_code_exits_2() -> None:
    result = CliRunner().invoke(main, ["goods", "check", "8542.99"])
    assert result.exit_code == 2
    assert "not an HS 2022 subheading" in result.output


def test_cli_classify_batch_csv(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["goods", "classify", "--input",
                                       str(FIXTURES / "declarations.csv"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["hs6"] for r in rows] == ["854231", "848210", "845811", "821191"]
    assert [r["chpl_tier"] for r in rows] == ["1", "3.B", "4.B", ""]
    assert rows[0]["contradiction"] == "high"
    assert rows[1]["contradiction"] == ""


def test_cli_classify_text_table() -> None:
    result = CliRunner().invoke(main, ["goods", "classify", "Подшипник шариковый 6205-2RS"])
    assert result.exit_code == 0, result.output
    assert "848210" in result.output
