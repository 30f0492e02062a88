"""List loads that cannot block the store, shrink a list by accident, or store runaway values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dualwatch import lists
from dualwatch.errors import ShrinkError, SourceError
from dualwatch.store.sql import SQLStore
from dualwatch.store.sqlite import SQLiteStore

LISTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lists"
DOD = LISTS / "ftm" / "us_dod_1260h.ftm.json"


def _copy(lines: list[str], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_version_dropping_most_entries_needs_allow_shrink(store: SQLStore,
                                                            tmp_path: Path) -> None:
    real = DOD.read_text(encoding="utf-8").splitlines(keepends=True)
    (first,) = lists.load_path(store, _copy(real, tmp_path / "v1" / "dod.ftm.json"))
    truncated = _copy(real[:5], tmp_path / "v2" / "dod.ftm.json")
    with pytest.raises(ShrinkError, match=r"drops 75 of the 80 .*--allow-shrink"):
        list(lists.load_path(store, truncated))
    assert store.version(first.version.dataset).id == first.version.id
    refused = [r for r in store.audit_records() if r.action == "list_load_refused"]
    assert refused and refused[0].payload["dropped"] == 75

    (second,) = lists.load_path(store, truncated, allow_shrink=True)
    assert second.version.current and second.version.entity_count == 5
    assert second.version.stats["shrink"] == {"dropped": 75, "of": 80,
                                              "allowed_by": "allow_shrink"}
    # A few entries dropped from a real list is an ordinary update.
    (third,) = lists.load_path(store, _copy(real[:4], tmp_path / "v3" / "d.ftm.json"))
    assert third.removed == 1


def test_a_runaway_field_is_refused_naming_the_entry(store: SQLStore, tmp_path: Path) -> None:
    real = DOD.read_text(encoding="utf-8").splitlines(keepends=True)
    (first,) = lists.load_path(store, _copy(real, tmp_path / "v1" / "dod.ftm.json"))
    entry = json.loads(real[3])
    entry["properties"]["name"] = ["A" * 3_000_000]
    bad = _copy([*real[:3], json.dumps(entry) + "\n", *real[4:]], tmp_path / "v2" / "d.ftm.json")
    with pytest.raises(SourceError) as caught:
        list(lists.load_path(store, bad))
    message = str(caught.value)
    assert caught.value.field == "names"
    assert entry["id"] in message and "3,000,000 characters, over the 2,000 allowed" in message
    assert store.version(first.version.dataset).id == first.version.id
    assert store.db.one("SELECT COUNT(*) FROM staged_entities") == (0,)


LOADER = """
from pathlib import Path
from dualwatch import lists
from dualwatch.store.sqlite import SQLiteStore
with SQLiteStore(Path({db!r})) as store:
    list(lists.load_path(store, Path({path!r})))
"""


def test_decisions_and_status_go_through_during_a_large_load(tmp_path: Path) -> None:
    """SQLite: a writer waits for one staging batch, not for the whole load of the SDN list."""
    db = tmp_path / "store.sqlite"
    with SQLiteStore(db) as store:
        alert_id = store.save_alert("book", "cp-1", "x-1", "open", 0.9, {}, "h", {}, "new")
    loader = subprocess.Popen([sys.executable, "-c",
                               LOADER.format(db=str(db), path=str(LISTS / "us_ofac_sdn"))],
                              env=os.environ.copy())
    try:
        with SQLiteStore(db, busy_timeout=5.0) as store:
            deadline = time.monotonic() + 120
            while store.db.one("SELECT COUNT(*) FROM staged_entities") == (0,):
                assert loader.poll() is None, "the load ended before it was seen staging"
                assert time.monotonic() < deadline
                time.sleep(0.05)
            store.current_versions()
            decided = store.decide(alert_id, "under_review", "alice", "looking into it")
            assert decided.status == "under_review"
            assert loader.poll() is None, "the decision should have happened during the load"
    finally:
        assert loader.wait(300) == 0
    with SQLiteStore(db) as store:
        assert [v.dataset for v in store.current_versions()] == ["us_ofac_sdn"]
