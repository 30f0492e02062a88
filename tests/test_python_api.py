"""The Python API is the same functions the CLI calls: dualwatch.screen and dualwatch.compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dualwatch
from dualwatch import lists
from dualwatch.errors import StoreError
from dualwatch.match import Query
from dualwatch.store.sqlite import SQLiteStore

pytestmark = pytest.mark.usefixtures("dualwatch_home")


def test_screen_names_and_queries(tmp_path: Path) -> None:
    listed = tmp_path / "l.ftm.json"
    listed.write_text(json.dumps({
        "id": "x-1", "schema": "Company", "datasets": ["test_list"],
        "properties": {"name": ["Limited Liability Company Tekhnoprom"],
                       "alias": ["ООО «Технопром»"], "innCode": ["7701234567"]}},
        ensure_ascii=False) + "\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        list(lists.load_path(store, listed))
        by_name, by_inn, clean = dualwatch.screen(
            ["OOO Tekhnoprom", Query("q2", "Tehnoprom", "Company", identifiers=("INN 7701234567",)),
             "Bosch GmbH"], store=store)
    assert by_name[0].entity_id == "test_list-x-1"
    assert by_name[0].sources == ("test_list:x-1",)
    assert any(f.name.startswith("identifier") for f in by_inn[0].features)
    assert clean == []


def test_screen_without_lists_says_how_to_load(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as store, \
            pytest.raises(StoreError, match="dualwatch lists load"):
        dualwatch.screen(["anyone"], store=store)


def test_compare_explains() -> None:
    result = dualwatch.compare("ООО «Технопром»", "Tekhnoprom LLC", schema="Company")
    assert result.score > 0.9
    assert "Технопром" in result.explanation


def test_package_is_marked_typed_and_exports_its_api() -> None:
    from importlib.resources import files

    import dualwatch

    assert files("dualwatch").joinpath("py.typed").is_file()
    for name in dualwatch.__all__:
        assert getattr(dualwatch, name) is not None
    assert dualwatch.compare("Сбербанк", "Sberbank", schema="Company").score > 0.5
