"""The case and entity pages draw the ownership path: owners up, holdings down, with shares."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from dualwatch import ownership
from dualwatch.match import Query
from dualwatch.monitor import counterparty_data
from dualwatch.sources import ftm_jsonl, ofac
from dualwatch.store.sqlite import SQLiteStore
from tests.ownership.conftest import SHARED, ZALA
from tests.web.conftest import WebSite, make_app

SDN = SHARED / "data" / "lists" / "us_ofac_sdn" / "sdn.csv"


def test_case_and_entity_pages_show_owners_and_holdings(tmp_path: Path) -> None:
    listed = tmp_path / "us_ofac_sdn.ftm.json"
    entries = [e for e in ofac.read(SDN).entities if e.source_id in ("45937", "16911")]
    listed.write_text("".join(json.dumps(e.to_ftm(), ensure_ascii=False) + "\n"
                              for e in entries), encoding="utf-8")
    path = tmp_path / "dualwatch.sqlite"
    store = SQLiteStore(path)
    store.load(ftm_jsonl.read(listed, "us_ofac_sdn"))
    list(ownership.load_path(store, ZALA))
    store.upsert_counterparties("book", [("c1", counterparty_data(
        Query(id="c1", name="OOO SPS", schema="Company")))])
    (alert_id,) = ownership.monitor(store, as_of="2022-06-01")
    key = store.create_api_key("alice", "analyst")
    store.close()
    site = WebSite(tmp_path, str(path), key, key)
    with TestClient(make_app(site)) as client:
        assert client.post("/web/login", data={"api_key": key},
                           follow_redirects=False).status_code == 303
        case = client.get(f"/web/alerts/{alert_id}").text
        assert "Ownership and control" in case
        assert "75% by ZAKHAROV, Aleksandr Vyacheslavovich (us_ofac_sdn:45937)" in case
        page = client.get("/web/entities/us_ofac_sdn-45937").text
    assert "Ownership and control" in page
    # Today the register records Zakharov's 51% of LLC CST (since 2015), not the ended 75%.
    assert "↓ 51%" in page and "[inn:1841015504]" in page
    assert "↓ 75%" not in page
