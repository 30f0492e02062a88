"""`dualwatch lists ...` on the bundled snapshots, through the real command line."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch import lists as lists_lib
from dualwatch.cli import main
from dualwatch.sources.base import Download
from dualwatch.store.sqlite import SQLiteStore
from tests.conftest import LISTS


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store with every bundled list loaded once for the module's tests."""
    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("DUALWATCH_HOME")
    os.environ["DUALWATCH_HOME"] = str(home)
    result = CliRunner().invoke(main, ["lists", "load", str(LISTS)])
    assert result.exit_code == 0, result.output
    yield home
    if old is None:
        os.environ.pop("DUALWATCH_HOME", None)
    else:
        os.environ["DUALWATCH_HOME"] = old


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    return result.output


def test_status_counts_match_the_bundled_files(loaded_home: Path) -> None:
    status = {v["dataset"]: v for v in json.loads(run("lists", "status", "--json"))}
    assert status["us_ofac_sdn"]["entity_count"] == 14965
    assert status["us_ofac_cons"]["entity_count"] == 442
    un = status["un_sc_sanctions"]
    assert un["stats"]["schemata"]["Person"] == 730
    assert un["entity_count"] - un["stats"]["schemata"]["Person"] == 273
    assert un["version"] == "2026-02-27" and un["version_source"] == "publisher"
    sublists = status["us_trade_csl"]["stats"]["sublists"]
    assert sublists["Entity List (EL) - Bureau of Industry and Security"] == 3409
    assert sublists["Military End User (MEU) List - Bureau of Industry and Security"] == 70
    assert status["eu_fsf"]["entity_count"] == 5307
    assert "Entity List (EL): 3,409" in run("lists", "status")


def test_loading_again_changes_nothing(loaded_home: Path) -> None:
    output = run("lists", "load", str(LISTS / "un_sc"))
    assert "already loaded, unchanged" in output
    assert len(json.loads(run("lists", "status", "--json", "--all"))) == 6


def test_show_reads_like_a_record(loaded_home: Path) -> None:
    output = run("lists", "show", "us_ofac_cons-17016")
    assert "INN 7744001497" in output and "OGRN 1027700167110" in output
    assert "RUSSIA-EO14024" in output
    ftm = json.loads(run("lists", "show", "us_ofac_cons-17016", "--format", "ftm"))
    assert ftm["schema"] in ("Company", "Organization", "LegalEntity")
    assert "7744001497" in ftm["properties"]["innCode"]


def test_show_unknown_id_suggests_names(loaded_home: Path) -> None:
    result = CliRunner().invoke(main, ["lists", "show", "SBERBANK"])
    assert result.exit_code == 2
    assert "no current entity with id 'SBERBANK'" in result.output
    assert "SBERBANK" in result.output.split("named like it:")[1]


def test_diff_between_two_versions(loaded_home: Path, tmp_path: Path) -> None:
    source = (LISTS / "un_sc" / "consolidated.xml").read_text(encoding="utf-8")
    start = source.index("<INDIVIDUAL>")
    end = source.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    first = source[start:end]
    ref = first.split("<REFERENCE_NUMBER>")[1].split("<")[0]
    edited = source[:start] + source[end:]
    edited = edited.replace("<FIRST_NAME>FRANK KAKOLELE</FIRST_NAME>",
                            "<FIRST_NAME>FRANCK KAKOLELE</FIRST_NAME>")
    newer = tmp_path / "consolidated.xml"
    newer.write_text(edited.replace('dateGenerated="2026-02-27', 'dateGenerated="2026-03-05'),
                     encoding="utf-8")
    run("lists", "load", str(newer))
    diff = json.loads(run("lists", "diff", "un_sc_sanctions", "--json"))
    assert diff["old"] == "2026-02-27" and diff["new"] == "2026-03-05"
    assert [c["entity_id"] for c in diff["removed"]] == [f"un_sc_sanctions-{ref}"]
    assert diff["added"] == []
    assert [c["fields"] for c in diff["changed"]] == [["names"]]
    # The old version is still there: what did the list say on 1 March?
    old = json.loads(run("lists", "status", "--json", "--all"))
    assert sorted(v["version"] for v in old if v["dataset"] == "un_sc_sanctions") == \
        ["2026-02-27", "2026-03-05"]
    # Put the bundled version back as current for the other tests: it is older than the
    # current one, so it must be asked for.
    run("lists", "load", str(LISTS / "un_sc"), "--allow-older")


def test_screen_example_file(loaded_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    run("screen", "examples/counterparties.csv", "--output", str(out))
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == ("query_id,query_name,score,entity_id,entity_name,schema,matched_name,"
                       "sources,explanation,measures,listings,basis,blocked_share,ownership")
    sberbank = [r for r in rows if r.startswith("C001,")]
    assert sberbank and "us_ofac_sdn:17018" in sberbank[0]
    assert "asset-freeze" in sberbank[0] and "OFAC SDN RUSSIA-EO14024 — blocking" in sberbank[0]
    assert any(r.startswith("C006,Siemens AG,,") for r in rows), "a clean name gets an empty row"


@pytest.mark.usefixtures("dualwatch_home")
def test_screen_without_lists_says_how_to_load() -> None:
    result = CliRunner().invoke(main, ["screen", "examples/counterparties.csv", "-o", "x.csv"])
    assert result.exit_code == 2
    assert "dualwatch lists load ../shared/data/lists" in result.output


@pytest.mark.usefixtures("dualwatch_home")
def test_broken_list_file_loads_nothing(tmp_path: Path) -> None:
    good = (LISTS / "un_sc" / "consolidated.xml").read_bytes()
    broken = tmp_path / "consolidated.xml"
    broken.write_bytes(good[: len(good) // 2])
    result = CliRunner().invoke(main, ["lists", "load", str(broken)])
    assert result.exit_code == 2
    assert "consolidated.xml" in result.output and "line" in result.output
    assert json.loads(run("lists", "status", "--json")) == []


@pytest.mark.usefixtures("dualwatch_home")
def test_huge_and_unknown_files_are_refused(tmp_path: Path) -> None:
    huge = tmp_path / "sdn.csv"
    with huge.open("wb") as fh:
        fh.truncate(1024 * 1024 * 1024)  # a sparse 1 GB file: refused before reading
    result = CliRunner().invoke(main, ["lists", "load", str(huge)])
    assert result.exit_code == 2 and "over the" in result.output
    other = tmp_path / "notes.txt"
    other.write_text("hello\n")
    result = CliRunner().invoke(main, ["lists", "load", str(other)])
    assert result.exit_code == 2 and "not a list file in any known format" in result.output


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_update_fetches_over_http_and_loads(tmp_path: Path) -> None:
    served = tmp_path / "publisher"
    served.mkdir()
    (served / "consolidated.xml").write_bytes((LISTS / "un_sc" / "consolidated.xml").read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/consolidated.xml"
        missing = f"http://127.0.0.1:{server.server_address[1]}/gone.csv"
        with SQLiteStore(tmp_path / "s.sqlite") as store:
            outcome = lists_lib.update(store, tmp_path / "downloads", downloads=[
                Download("un_sc_sanctions", url, "consolidated.xml"),
                Download("us_ofac_sdn", missing, "sdn.csv")])
            assert [r.version.entity_count for r in outcome.loaded] == [1003]
            assert [d.dataset for d, _ in outcome.failed] == ["us_ofac_sdn"]
    finally:
        server.shutdown()


def test_update_offline_keeps_the_store(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        list(lists_lib.load_path(store, LISTS / "un_sc"))
        with pytest.raises(lists_lib.OfflineError, match="no publisher could be reached"):
            lists_lib.update(store, tmp_path / "downloads", downloads=[
                Download("un_sc_sanctions", "http://127.0.0.1:9/consolidated.xml", "c.xml")])
        assert [v.entity_count for v in store.current_versions()] == [1003]
    assert sqlite3.connect(tmp_path / "s.sqlite").execute(
        "SELECT COUNT(*) FROM list_versions").fetchone() == (1,)
