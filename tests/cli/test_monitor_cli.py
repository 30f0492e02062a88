"""The monitoring book from the terminal: import, alerts, decisions, re-screen on load, audit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch.cli import main

pytestmark = pytest.mark.usefixtures("dualwatch_home")

ENTRIES = [
    {"id": "t-1", "schema": "Company", "properties": {"name": ["OOO Tekhnoprom"],
                                                      "country": ["ru"]}},
    {"id": "t-2", "schema": "Company", "properties": {"name": ["Globex Trading LLC"]}},
]


def write_list(path: Path, entries: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({**e, "datasets": ["test_list"]}) + "\n"
                            for e in entries), encoding="utf-8")
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "200", "USER": "carol"})
    assert result.exit_code == 0, result.output
    return result.output


def test_book_is_rescreened_when_a_list_loads(tmp_path: Path) -> None:
    run("lists", "load", str(write_list(tmp_path / "v1" / "l.ftm.json", ENTRIES)))
    book = tmp_path / "book.csv"
    book.write_text("id,name,country\nA1,Tekhnoprom LLC,RU\nA2,Northwind Optics AO,RU\n"
                    "A3,Siemens AG,DE\n", encoding="utf-8")
    assert "1 new alert(s)" in run("portfolio", "import", "clients", str(book))
    alerts = json.loads(run("alerts", "list", "--json"))
    assert [(a["external_id"], a["entity_id"]) for a in alerts] == [("A1", "test_list-t-1")]
    unsigned = CliRunner().invoke(main, ["alerts", "decide", str(alerts[0]["id"]), "confirmed",
                                         "--reason", "same address"], env={"USER": "carol"})
    assert unsigned.exit_code == 2 and "--reviewer NAME" in unsigned.output, \
        "a decision is never recorded under a made-up name"
    run("alerts", "decide", str(alerts[0]["id"]), "confirmed", "--reason", "same address",
        "--reviewer", "carol")

    newer = [*ENTRIES, {"id": "t-3", "schema": "Company",
                        "properties": {"name": ["Northwind Optics JSC"], "country": ["ru"]}}]
    output = run("lists", "load", str(write_list(tmp_path / "v2" / "l.ftm.json", newer)))
    assert "re-screening portfolios for test_list" in output
    assert "1 new alert(s)" in output
    opened = json.loads(run("alerts", "list", "--status", "open", "--json"))
    assert [a["external_id"] for a in opened] == ["A2"]
    assert "audit chain valid" in run("audit", "verify")
    history = run("audit", "show", "--subject", f"alert:{alerts[0]['id']}")
    assert "carol" in history and "decision" in history
    newest = run("audit", "show", "--limit", "2")
    seqs = [int(n) for n in re.findall(r"^│ (\d+) ", newest, re.M)]
    assert len(seqs) == 2 and seqs[0] > seqs[1], "newest first"
    total = int(re.findall(r"valid: (\d+) records", run("audit", "verify"))[0])
    assert seqs[0] == total, "the newest record comes first"


def test_reviewer_from_the_environment(tmp_path: Path) -> None:
    run("lists", "load", str(write_list(tmp_path / "v1" / "l.ftm.json", ENTRIES)))
    book = tmp_path / "book.csv"
    book.write_text("id,name\nA1,Tekhnoprom LLC\n", encoding="utf-8")
    run("portfolio", "import", "clients", str(book))
    (alert,) = json.loads(run("alerts", "list", "--json"))
    result = CliRunner().invoke(main, ["alerts", "decide", str(alert["id"]), "false_positive",
                                       "--reason", "other INN"],
                                env={"DUALWATCH_REVIEWER": "dana"})
    assert result.exit_code == 0, result.output
    assert "dana" in run("audit", "show", "--subject", f"alert:{alert['id']}")


def test_portfolio_file_needs_ids(tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text("name\nTekhnoprom LLC\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["portfolio", "import", "clients", str(book)])
    assert result.exit_code == 2
    assert "book.csv, line 2, field 'id': every counterparty needs a stable id" in result.output


def test_portfolio_screen_and_monitor_resume(tmp_path: Path) -> None:
    run("lists", "load", str(write_list(tmp_path / "v1" / "l.ftm.json", ENTRIES)))
    book = tmp_path / "book.csv"
    book.write_text("id,name\nA1,Tekhnoprom LLC\nA2,Globex Trading\n", encoding="utf-8")
    assert "2 new alert(s)" in run("portfolio", "import", "clients", str(book))
    assert "screened 2 counterparties: 0 new alert(s)" in run("portfolio", "screen", "clients")
    assert "nothing to resume" in run("monitor", "resume")
    missing = CliRunner().invoke(main, ["portfolio", "screen", "nobody"])
    assert missing.exit_code != 0 and "no portfolio 'nobody'" in missing.output


def test_audit_anchor_finds_records_deleted_from_the_end(tmp_path: Path,
                                                         dualwatch_home: Path) -> None:
    run("lists", "load", str(write_list(tmp_path / "v1" / "l.ftm.json", ENTRIES)))
    anchors = tmp_path / "elsewhere" / "anchors.jsonl"
    assert "anchored record #" in run("audit", "anchor", "--anchor", str(anchors))
    assert "1 anchor(s) hold" in run("audit", "verify", "--anchor", str(anchors))
    from dualwatch.store import open_store

    with open_store() as store:
        store.db.execute("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    result = CliRunner().invoke(main, ["audit", "verify", "--anchor", str(anchors)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "is missing" in result.output and "records were deleted" in result.output
