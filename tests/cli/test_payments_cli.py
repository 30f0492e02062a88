"""`dualwatch payments screen`: files in, a decision per message out, alerts in their queue."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch.cli import main
from dualwatch.model import Entity
from dualwatch.store import open_store

pytestmark = pytest.mark.usefixtures("dualwatch_home")
FIXTURES = Path("tests/fixtures/payments")
SDN = Path("../shared/data/lists/us_ofac_sdn")
# Real SDN entries the fixtures name: Sberbank, Alfa-Bank, Belinvestbank, OOO Transoil, ARTAVIL.
ENTRIES = ("17018", "34682", "34752", "16807", "15036")


def _load_entries(folder: Path) -> None:
    from dualwatch.sources.registry import discover

    if not SDN.exists():
        pytest.skip(f"bundled lists not found at {SDN}")
    wanted: list[Entity] = [e for fmt, path in discover(SDN) for e in fmt.read(path).entities
                            if e.source_id in ENTRIES]
    path = folder / "us_ofac_sdn" / "sdn_part.ftm.json"
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps({**e.to_ftm(), "id": e.source_id,
                                        "datasets": ["us_ofac_sdn"]},
                                       ensure_ascii=False) + "\n" for e in wanted), "utf-8")
    result = CliRunner().invoke(main, ["lists", "load", str(folder)])
    assert result.exit_code == 0, result.output


def test_screen_files_writes_decisions_and_raises_alerts(tmp_path: Path) -> None:
    _load_entries(tmp_path / "lists")
    out = tmp_path / "decisions.csv"
    files = [str(FIXTURES / n) for n in ("pacs008.xml", "mt103.txt", "malformed_mt.txt")]
    result = CliRunner().invoke(main, ["payments", "screen", *files, "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    decided = {r["ref"]: r["decision"] for r in rows}
    assert decided["DEUT20240315-0001/E2E-INV-2024-118"] == "hold"
    assert decided["DEUT20240315-0001/E2E-INV-2024-119"] == "release"
    assert decided["MT103-0002"] == "hold"
    assert decided["BADAMOUNT-2"] == "error"
    assert any(r["reason"] == "account with institution BIC ALFARUMM = us_ofac_sdn:34682"
               for r in rows)
    with open_store() as store:
        alerts = store.alerts(portfolio="payments")
    held = {a.external_id for a in alerts if a.score == 1.0}
    assert {"DEUT20240315-0001/E2E-INV-2024-118", "MT103-0002"} <= held
    assert "DEUT20240315-0001/E2E-INV-2024-119" not in {a.external_id for a in alerts}


def test_json_output_and_no_alerts(tmp_path: Path) -> None:
    _load_entries(tmp_path / "lists")
    out = tmp_path / "decisions.json"
    result = CliRunner().invoke(main, ["payments", "screen", str(FIXTURES / "mt710.txt"),
                                       "-o", str(out), "--no-alerts"])
    assert result.exit_code == 0, result.output
    (decision,) = json.loads(out.read_text(encoding="utf-8"))
    assert decision["decision"] == "hold"
    assert decision["hits"][0]["reason"] == (
        "issuing bank BIC SABRRUMM = us_ofac_sdn:17018")
    with open_store() as store:
        assert store.alerts(portfolio="payments") == []


def test_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["payments", "screen", str(tmp_path / "none.xml"),
                                       "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert "none.xml: no such file" in result.output
    assert not (tmp_path / "out.csv").exists()
