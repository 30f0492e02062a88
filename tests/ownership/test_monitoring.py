"""Monitoring: a list change that blocks an owner raises alerts for what it owns in a portfolio."""

from __future__ import annotations

import json
from pathlib import Path

from dualwatch import ownership
from dualwatch.match import Query
from dualwatch.monitor import counterparty_data
from dualwatch.sources import ftm_jsonl, ofac
from dualwatch.store.sql import SQLStore
from tests.ownership.conftest import SHARED, ZALA

SDN = SHARED / "data" / "lists" / "us_ofac_sdn" / "sdn.csv"
AS_OF = "2022-06-01"  # when Zakharov held 75% of OOO "SPS" and 100% of LLC "RTC"


def _list(tmp_path: Path, name: str, source_ids: tuple[str, ...]) -> Path:
    """A version of the SDN list holding only the given real entries."""
    entries = [e for e in ofac.read(SDN).entities if e.source_id in source_ids]
    path = tmp_path / name / "us_ofac_sdn.ftm.json"
    path.parent.mkdir()
    path.write_text("".join(json.dumps(e.to_ftm(), ensure_ascii=False) + "\n"
                            for e in entries), encoding="utf-8")
    return path


def test_listing_an_owner_raises_alerts_for_what_it_owns(store: SQLStore,
                                                         tmp_path: Path) -> None:
    book = [Query(id="c1", name="OOO SPS", schema="Company"),
            Query(id="c2", name="Romashka Trading LLC", schema="Company")]
    store.upsert_counterparties("clients", [(q.id, counterparty_data(q)) for q in book])
    list(ownership.load_path(store, ZALA))
    store.load(ftm_jsonl.read(_list(tmp_path, "v1", ("16911",)), "us_ofac_sdn"))
    assert ownership.monitor(store, as_of=AS_OF) == []

    store.load(ftm_jsonl.read(_list(tmp_path, "v2", ("16911", "45937")), "us_ofac_sdn"))
    raised = ownership.monitor(store, because="list changed", as_of=AS_OF)
    assert len(raised) == 1
    alert = store.alert(raised[0])
    assert alert.external_id == "c1" and alert.status == "open"
    assert alert.hit["basis"] == "owned" and alert.hit["blocked_share"] == "75"
    assert alert.raised_because == ("owned through its owners (list changed): 75% by ZAKHAROV, "
                                    "Aleksandr Vyacheslavovich (us_ofac_sdn:45937)")
    assert ownership.monitor(store, as_of=AS_OF) == []  # nothing new: no second alert


def test_a_changed_ownership_record_raises_the_alert_again(store: SQLStore,
                                                           tmp_path: Path) -> None:
    store.upsert_counterparties("clients", [("c1", counterparty_data(
        Query(id="c1", name="OOO SPS", schema="Company")))])
    store.load(ftm_jsonl.read(_list(tmp_path, "v1", ("45937",)), "us_ofac_sdn"))
    list(ownership.load_path(store, ZALA))
    first = ownership.monitor(store, as_of=AS_OF)
    store.decide(first[0], "false_positive", "analyst", "checked")
    changed = tmp_path / "zala_aero_cluster.ftm.json"
    changed.write_text(ZALA.read_text(encoding="utf-8").replace(
        '"sharesCount": ["7500"], "startDate": ["2020-01-10"], "endDate": ["2022-11-22"], '
        '"asset": ["NK-9Xa4Kg7Y7nfccE7VcZt6Q6"], "percentage": ["75"]',
        '"sharesCount": ["7500"], "startDate": ["2020-01-10"], "endDate": ["2022-11-22"], '
        '"asset": ["NK-9Xa4Kg7Y7nfccE7VcZt6Q6"], "percentage": ["90"]'), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != ZALA.read_text(encoding="utf-8")
    list(ownership.load_path(store, changed))
    again = ownership.monitor(store, because="ownership records loaded", as_of=AS_OF)
    assert again == first
    alert = store.alert(first[0])
    assert alert.status == "open" and alert.hit["blocked_share"] == "90"
    assert alert.raised_because.startswith("raised again: ownership changed; owned through")
