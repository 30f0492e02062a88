"""Relations in the store on both engines, and the ``dualwatch ownership`` commands."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch import ownership
from dualwatch.cli import main
from dualwatch.errors import SourceError
from dualwatch.sources import ofac
from dualwatch.store.relations import Relations
from dualwatch.store.sql import SQLStore
from tests.ownership.conftest import SHARED, ZALA

SDN = SHARED / "data" / "lists" / "us_ofac_sdn" / "sdn.csv"


def test_cluster_loads_as_a_version_and_the_rules_run_in_the_store(store: SQLStore) -> None:
    store.load(ofac.read(SDN))
    first = list(ownership.load_path(store, ZALA))
    assert [r.version.link_count for r in first] == [21]
    again = list(ownership.load_path(store, ZALA))
    assert again[0].unchanged and again[0].version.id == first[0].version.id
    owned = {v.key: v for v in ownership.blocked(store, "ofac", "2022-06-01")
             if v.basis == "owned"}
    assert set(owned) == {"inn:9715374145", "inn:9704135145"}
    assert owned["inn:9715374145"].ownership == (
        "75% by ZAKHAROV, Aleksandr Vyacheslavovich (us_ofac_sdn:45937)")


def test_a_malformed_file_changes_nothing(store: SQLStore, tmp_path: Path) -> None:
    list(ownership.load_path(store, ZALA))
    lines = ZALA.read_text(encoding="utf-8").splitlines()
    data = json.loads(lines[40])
    data["properties"]["startDate"] = ["soon"]
    data["schema"] = "Ownership"
    data["properties"].setdefault("owner", ["x"])
    data["properties"].setdefault("asset", ["y"])
    lines[40] = json.dumps(data)
    broken = tmp_path / "zala_aero_cluster.ftm.json"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = Relations(store.db).versions()
    with pytest.raises(SourceError) as error:
        list(ownership.load_path(store, broken))
    assert error.value.line == 41 and error.value.field == "startDate"
    assert Relations(store.db).versions() == before
    count = store.db.one("SELECT COUNT(*) FROM relation_links")
    assert count is not None and count[0] == 21


def test_cli_load_and_show_the_ownership_path(dualwatch_home: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["lists", "load", str(SDN)]).exit_code == 0
    loaded = runner.invoke(main, ["ownership", "load", str(ZALA.parent)])
    assert loaded.exit_code == 0, loaded.output
    shown = runner.invoke(main, ["ownership", "show", "us_ofac_sdn-45937", "--as-of",
                                 "2022-06-01"])
    assert shown.exit_code == 0, shown.output
    assert "verdict: listed" in shown.output
    assert "↓ 75%: ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ \"СПС\" [inn:9715374145] — owned" in (
        shown.output)
    spc = runner.invoke(main, ["ownership", "show", "9715374145", "--as-of", "2022-06-01"])
    assert "verdict: owned; blocked share 75%" in spc.output
    assert "ownership: 75% by ZAKHAROV, Aleksandr Vyacheslavovich (us_ofac_sdn:45937)" in (
        spc.output)


def test_cli_error_is_one_line_and_exits_non_zero(dualwatch_home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ftm.json"
    bad.write_text('{"id": "x", "schema": "Ownership", "properties": {"owner": ["a"], '
                   '"asset": ["b"], "percentage": ["150"]}}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["ownership", "load", str(bad)])
    assert result.exit_code == 2
    assert "line 1, field 'percentage': '150' is not a percentage" in result.output


def test_screen_reports_an_owned_company_that_is_on_no_list(dualwatch_home: Path,
                                                            tmp_path: Path) -> None:
    # The list: Zakharov's and Kalashnikov Concern's real SDN entries only, to keep it quick.
    sdn = [e for e in ofac.read(SDN).entities if e.source_id in ("45937", "16911")]
    listed = tmp_path / "us_ofac_sdn.ftm.json"
    listed.write_text("".join(json.dumps(e.to_ftm(), ensure_ascii=False) + "\n" for e in sdn),
                      encoding="utf-8")
    counterparties = tmp_path / "counterparties.csv"
    counterparties.write_text('id,name\n1,OOO SPS\n2,Aleksandr Zakharov\n3,Romashka LLC\n',
                              encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["lists", "load", str(listed)]).exit_code == 0
    assert runner.invoke(main, ["ownership", "load", str(ZALA)]).exit_code == 0
    out = tmp_path / "hits.csv"
    result = runner.invoke(main, ["screen", str(counterparties), "-o", str(out), "--as-of",
                                  "2022-06-01"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        rows = {r["query_id"]: r for r in csv.DictReader(fh)}
    assert rows["1"]["basis"] == "owned" and rows["1"]["blocked_share"] == "75"
    assert rows["1"]["entity_id"] == "ownership-inn:9715374145"
    assert rows["1"]["ownership"] == (
        "75% by ZAKHAROV, Aleksandr Vyacheslavovich (us_ofac_sdn:45937)")
    assert rows["2"]["basis"] == "listed"
    assert rows["3"]["entity_id"] == ""
