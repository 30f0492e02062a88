"""Monitoring end to end, on SQLite and on PostgreSQL.

One list version is loaded, a portfolio imported, an alert cleared as a false positive; then a
newer version with a changed entry and an added one re-screens only what it can affect: exactly
the expected new alert, the cleared false positive stays cleared, and the audit chain is valid.
A third version changes the entry behind the cleared alert, which raises it again with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualwatch import lists
from dualwatch.match import Query, build_index
from dualwatch.monitor import Monitor, counterparty_data
from dualwatch.store.sql import SQLStore

pytestmark = pytest.mark.usefixtures("dualwatch_home")


def ftm_file(path: Path, entities: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for entity in entities:
        lines.append(json.dumps({**entity, "datasets": ["test_sanctions"]}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TEKHNOPROM = {"id": "ts-1", "schema": "Company",
              "properties": {"name": ["OOO Tekhnoprom"], "alias": ["ООО «Технопром»"],
                             "country": ["ru"]}}
SIDOROV = {"id": "ts-2", "schema": "Person",
           "properties": {"name": ["Ivan Petrovich Sidorov"], "birthDate": ["1970-03-02"]}}
GLOBEX = {"id": "ts-3", "schema": "Company",
          "properties": {"name": ["Globex Trading LLC"], "country": ["ae"]}}
NORTHWIND = {"id": "ts-4", "schema": "Company",
             "properties": {"name": ["Northwind Radioelectronics JSC"], "country": ["ru"]}}

PORTFOLIO = [
    Query("cp-1", "Tekhnoprom LLC", "Company", ("ru",)),
    Query("cp-2", "Globex Trading", "Company", ("ae",)),
    Query("cp-3", "Acme Maschinenbau GmbH", "Company", ("de",)),
    Query("cp-4", "AO Northwind Radioelectronics", "Company", ("ru",)),
    Query("cp-5", "Maria Gonzalez", "Person", ("es",), "1985-02-11"),
]


def load(store: SQLStore, path: Path) -> tuple[int | None, int]:
    before = {v.dataset: v.id for v in store.current_versions()}
    (result,) = lists.load_path(store, path)
    return before.get(result.version.dataset), result.version.id


def monitor_for(store: SQLStore) -> Monitor:
    return Monitor(store, build_index(store.current_entities()))


def test_list_update_raises_exactly_the_new_alerts(store: SQLStore, tmp_path: Path) -> None:
    load(store, ftm_file(tmp_path / "v1" / "test.ftm.json", [TEKHNOPROM, SIDOROV, GLOBEX]))
    monitor = monitor_for(store)
    first = monitor.import_counterparties("book", PORTFOLIO)
    alerted = {(store.alert(a).external_id, store.alert(a).entity_id) for a in first.new_alerts}
    assert alerted == {("cp-1", "test_sanctions-ts-1"), ("cp-2", "test_sanctions-ts-3")}

    globex_alert = store.find_alert("book", "cp-2", "test_sanctions-ts-3")
    assert globex_alert is not None
    store.decide(globex_alert.id, "false_positive", "alice",
                 "Globex Trading of Dubai is a different firm: other address and owners")

    # v2: Sidorov gains an alias (changed), Northwind is added; Tekhnoprom and Globex unchanged.
    sidorov_v2 = {**SIDOROV, "properties": {**SIDOROV["properties"],  # type: ignore[dict-item]
                                            "alias": ["Ivan Sidorov"]}}
    old_id, new_id = load(store, ftm_file(tmp_path / "v2" / "test.ftm.json",
                                          [TEKHNOPROM, sidorov_v2, GLOBEX, NORTHWIND]))
    monitor = monitor_for(store)
    report = monitor.after_list_change("test_sanctions", old_id, new_id)
    new = [store.alert(a) for a in report.new_alerts]
    assert [(a.external_id, a.entity_id) for a in new] == [("cp-4", "test_sanctions-ts-4")]
    assert report.screened == 1, "only the counterparty that could match the change is screened"

    # A full re-screen finds Globex again, and the cleared false positive stays cleared.
    again = monitor.screen("book")
    assert globex_alert.id in again.kept_cleared
    assert store.alert(globex_alert.id).status == "false_positive"
    assert not again.new_alerts

    # v3: the Globex entry changes: the cleared alert is raised again, saying what changed.
    globex_v3 = {**GLOBEX, "properties": {**GLOBEX["properties"],  # type: ignore[dict-item]
                                          "alias": ["Globex General Trading FZE"]}}
    old_id, new_id = load(store, ftm_file(tmp_path / "v3" / "test.ftm.json",
                                          [TEKHNOPROM, sidorov_v2, globex_v3, NORTHWIND]))
    report = monitor_for(store).after_list_change("test_sanctions", old_id, new_id)
    assert report.reopened == [globex_alert.id]
    reopened = store.alert(globex_alert.id)
    assert reopened.status == "open"
    assert "list entry test_sanctions-ts-3 changed (names)" in reopened.raised_because
    assert reopened.decisions[0]["reviewer"] == "alice"

    check = store.verify_audit()
    assert check.ok, check
    actions = [r.action for r in store.audit_records()]
    for expected in ("list_load", "portfolio_import", "screening", "decision",
                     "rescreen_after_list_change", "alert_reopened"):
        assert expected in actions


def test_removed_entry_flags_its_alerts(store: SQLStore, tmp_path: Path) -> None:
    load(store, ftm_file(tmp_path / "v1" / "test.ftm.json", [TEKHNOPROM, GLOBEX]))
    monitor = monitor_for(store)
    monitor.import_counterparties("book", PORTFOLIO[:2])
    alert = store.find_alert("book", "cp-1", "test_sanctions-ts-1")
    assert alert is not None
    store.decide(alert.id, "confirmed", "bob", "same INN as the listed company")
    old_id, new_id = load(store, ftm_file(tmp_path / "v2" / "test.ftm.json", [GLOBEX]))
    report = monitor_for(store).after_list_change("test_sanctions", old_id, new_id)
    assert report.removed_entry_alerts == [alert.id]
    flagged = store.alert(alert.id)
    assert flagged.status == "open"
    assert "removed: test_sanctions-ts-1" in flagged.raised_because


def test_listed_person_finds_counterparty_imported_without_schema(store: SQLStore,
                                                                   tmp_path: Path) -> None:
    load(store, ftm_file(tmp_path / "v1" / "test.ftm.json", [TEKHNOPROM]))
    monitor_for(store).import_counterparties(
        "book", [Query("cp-9", "Ivan Petrovich Sidorov", None, (), "1970-03-02")])
    old_id, new_id = load(store, ftm_file(tmp_path / "v2" / "test.ftm.json",
                                          [TEKHNOPROM, SIDOROV]))
    report = monitor_for(store).after_list_change("test_sanctions", old_id, new_id)
    assert [store.alert(a).entity_id for a in report.new_alerts] == ["test_sanctions-ts-2"]


def test_work_queued_by_an_interrupted_process_is_resumed_once(store: SQLStore,
                                                               tmp_path: Path) -> None:
    """What a crash leaves: rows and list versions committed with their screening still owed."""
    load(store, ftm_file(tmp_path / "v1" / "test.ftm.json", [TEKHNOPROM, GLOBEX]))
    store.upsert_counterparties("book", [(q.id, counterparty_data(q)) for q in PORTFOLIO])
    load(store, ftm_file(tmp_path / "v2" / "test.ftm.json", [TEKHNOPROM, GLOBEX, NORTHWIND]))
    pending = store.pending_work()
    assert (pending.counterparties, pending.list_changes) == (5, 2)
    report = monitor_for(store).resume()
    alerted = sorted((store.alert(a).external_id, store.alert(a).entity_id)
                     for a in report.new_alerts)
    assert alerted == [("cp-1", "test_sanctions-ts-1"), ("cp-2", "test_sanctions-ts-3"),
                       ("cp-4", "test_sanctions-ts-4")]
    assert store.pending_work().empty
    assert not monitor_for(store).resume().new_alerts
    assert len(store.alerts()) == 3


def test_unchanged_reimport_screens_nothing(store: SQLStore, tmp_path: Path) -> None:
    load(store, ftm_file(tmp_path / "v1" / "test.ftm.json", [TEKHNOPROM]))
    monitor = monitor_for(store)
    monitor.import_counterparties("book", PORTFOLIO)
    again = monitor.import_counterparties("book", PORTFOLIO)
    assert again.screened == 0 and not again.new_alerts


def test_tampered_audit_record_is_found(store: SQLStore, tmp_path: Path) -> None:
    load(store, ftm_file(tmp_path / "v1" / "test.ftm.json", [TEKHNOPROM]))
    monitor_for(store).import_counterparties("book", PORTFOLIO[:1])
    records = store.audit_records()
    assert len(records) >= 3 and store.verify_audit().ok
    target = records[1].seq
    store.db.execute("UPDATE audit_log SET payload=? WHERE seq=?", ('{"forged":true}', target))
    check = store.verify_audit()
    assert not check.ok and check.first_broken == target
    assert check.reason == "record content altered"
