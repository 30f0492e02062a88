"""Relations in the store on both engines, and the ``dualwatch ownership`` commands."""

from __future__ import annotations

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
