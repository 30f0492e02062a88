"""A selection of lists is served from the all-lists build, with the hits of an index built from
those lists alone: tested on real lists, including parties listed on several of them."""

from __future__ import annotations

from pathlib import Path

import pytest

import dualwatch
from dualwatch import index_cache, lists, screening
from dualwatch.match import Query, build_index, match_batch
from dualwatch.store import home
from dualwatch.store.sqlite import SQLiteStore
from tests.conftest import LISTS

pytestmark = pytest.mark.usefixtures("dualwatch_home")

# The UN list, OFAC's consolidated list and the DoD 1260H list: 1,525 entities, of which 24
# parties are on both the DoD and the OFAC lists.
LOADED = [LISTS / "un_sc" / "consolidated.xml", LISTS / "us_ofac_cons", LISTS / "ftm" /
          "us_dod_1260h.ftm.json"]


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    store = SQLiteStore(tmp_path_factory.mktemp("lists") / "store.sqlite")
    for path in LOADED:
        list(lists.load_path(store, path))
    return store


def _queries(index: dualwatch.match.MatchIndex) -> list[Query]:
    """Every listed party's caption, and the same caption with a letter dropped."""
    queries = []
    for n, group in enumerate(index.groups):
        queries.append(Query(f"{n}", group.caption, group.schema))
        queries.append(Query(f"{n}~", group.caption[:-2] + group.caption[-1:]))
    return queries


def test_selection_is_identical_to_an_index_of_those_lists_alone(real_store: SQLiteStore) -> None:
    full = screening.load_index(real_store)
    shared = [g for g in full.groups if set(g.datasets) == {"us_dod_1260h", "us_ofac_cons"}]
    assert shared, "the chosen lists share parties"
    for chosen in (["us_ofac_cons", "un_sc_sanctions"], ["us_dod_1260h"]):
        selected = screening.load_index(real_store, chosen)
        alone = build_index(real_store.current_entities(chosen))
        assert selected == alone
        queries = _queries(full)
        assert match_batch(queries, selected) == match_batch(queries, alone)
        for group in shared:
            (hits,) = match_batch([Query("q", group.caption, group.schema)], selected)
            assert hits, group.caption
            assert all(s.split(":")[0] in chosen for h in hits for s in h.sources)
            assert {d for h in hits for d in h.datasets} <= set(chosen)


def test_a_selection_keeps_the_all_lists_index(real_store: SQLiteStore) -> None:
    index_cache.clear_memory()
    screening.load_index(real_store)
    screening.load_index(real_store, ["un_sc_sanctions"])
    cached = sorted(p.name.split("-")[0] for p in (home() / "cache").glob("*.pickle"))
    assert "index" in cached and len(cached) == 2, cached


def test_python_api_with_one_list(real_store: SQLiteStore, tmp_path: Path) -> None:
    full = screening.load_index(real_store)
    group = next(g for g in full.groups if set(g.datasets) == {"us_dod_1260h", "us_ofac_cons"})
    (everywhere,) = dualwatch.screen([group.caption], store=real_store)
    (one,) = dualwatch.screen([group.caption], lists=["us_dod_1260h"], store=real_store)
    assert {s.split(":")[0] for s in everywhere[0].sources} == {"us_dod_1260h", "us_ofac_cons"}
    assert {s.split(":")[0] for s in one[0].sources} == {"us_dod_1260h"}


def test_building_the_index_is_reported(real_store: SQLiteStore) -> None:
    heard: list[tuple[int, int, str]] = []
    index_cache.clear_memory()
    screening.load_index(real_store, cache=False,
                         progress=lambda done, total, what: heard.append((done, total, what)))
    assert heard[0][0] == 0 and heard[-1][0] == heard[-1][1] == 1525
    assert "first run after a list change" in heard[-1][2]


def test_a_selection_built_afresh_is_the_same(real_store: SQLiteStore) -> None:
    index_cache.clear_memory()
    chosen = ["us_ofac_cons", "un_sc_sanctions"]
    fresh = screening.load_index(real_store, chosen, cache=False)
    assert fresh == build_index(real_store.current_entities(chosen))


def test_api_match_with_a_selection(real_store: SQLiteStore) -> None:
    from fastapi.testclient import TestClient

    from dualwatch.api import create_app

    full = screening.load_index(real_store)
    group = next(g for g in full.groups if set(g.datasets) == {"us_dod_1260h", "us_ofac_cons"})
    key = real_store.create_api_key("analyst-owner", "analyst")
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": [group.caption]}}}}
    with TestClient(create_app(str(real_store.path))) as client:
        answers = {selected: client.post(f"/match/{selected}", json=body, headers={
            "Authorization": f"ApiKey {key}"}).json()["responses"]["q"]["results"]
            for selected in ("default", "us_dod_1260h")}
    assert set(answers["default"][0]["datasets"]) == {"us_dod_1260h", "us_ofac_cons"}
    assert answers["us_dod_1260h"][0]["datasets"] == ["us_dod_1260h"]
    (alone,) = match_batch([Query("q", group.caption, "Company")],
                           build_index(real_store.current_entities(["us_dod_1260h"])))
    assert [r["score"] for r in answers["us_dod_1260h"]] == [h.score for h in alone][:5]
