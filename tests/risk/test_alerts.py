"""High shipments become alerts: from the CLI and the API, on both engines, once per shipment."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from dualwatch import lists
from dualwatch.cli import main
from dualwatch.risk.alerts import assess_shipments
from dualwatch.risk.parties import ListContext
from dualwatch.store.sql import SQLStore
from dualwatch.store.sqlite import SQLiteStore

WATCHLIST = Path("tests/fixtures/web/v1/watchlist.ftm.json")
COLUMNS = ("id", "exporter", "exporter_country", "importer", "importer_country",
           "destination_country", "hs_code", "description", "quantity", "value", "currency")
ROWS = [
    # A listed consignee in Russia buying microcontrollers: high.
    ("T1", "Aldmark Components GmbH", "Germany", "OOO Tekhnoprom", "Russia", "Russia",
     "854231", "Microcontrollers", "100", "900", "USD"),
    # Ordinary furniture to Finland: low, no alert.
    ("T2", "Aldmark Components GmbH", "Germany", "Brenvik Oy", "Finland", "Finland",
     "940360", "Wooden tables", "10", "900", "USD"),
]


def _file(folder: Path, rows: list[tuple[str, ...]] = ROWS) -> Path:
    path = folder / "trade.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def test_high_shipment_becomes_one_alert_with_its_evidence(store: SQLStore,
                                                           tmp_path: Path) -> None:
    list(lists.load_path(store, WATCHLIST))
    context = ListContext.from_store(store)
    result, raised = assess_shipments(store, _file(tmp_path), context, portfolio="trade",
                                      actor="tester")
    result.close()
    assert raised is not None and raised.high == 1 and len(raised.new_alerts) == 1
    (alert,) = store.alerts(portfolio="trade")
    assert alert.external_id == "shipment:T1" and alert.status == "open"
    assert alert.entity_id.endswith("wl-1")  # filed under the listed consignee's entry
    flags = {f["code"]: f for f in alert.hit["flags"]}
    assert {"listed_party", "chpl_goods", "destination_russia"} <= flags.keys()
    assert "Tekhnoprom" in flags["listed_party"]["detail"]
    assert alert.hit["shipment"]["level_basis"].startswith("decisive flag")
    # Assessing the same file again raises nothing new.
    again, second = assess_shipments(store, _file(tmp_path), context, portfolio="trade",
                                     actor="tester")
    again.close()
    assert second is not None and second.new_alerts == [] and len(second.unchanged) == 1
    assert len(store.alerts(portfolio="trade")) == 1
    assert any(r.action == "shipment_assessment" for r in store.audit_records())


def test_cli_assess_with_a_portfolio_raises_alerts(dualwatch_home: Path,
                                                   tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["lists", "load", str(WATCHLIST)]).exit_code == 0
    out = tmp_path / "ranked.csv"
    done = runner.invoke(main, ["shipments", "assess", str(_file(tmp_path)), "-o", str(out),
                                "--portfolio", "trade"])
    assert done.exit_code == 0, done.output
    assert "1 new alert(s)" in done.output
    with SQLiteStore(dualwatch_home / "dualwatch.sqlite") as store:
        assert [a.external_id for a in store.alerts(portfolio="trade")] == ["shipment:T1"]
    listed = runner.invoke(main, ["alerts", "list", "--portfolio", "trade"])
    assert "Tekhnoprom" in listed.output
