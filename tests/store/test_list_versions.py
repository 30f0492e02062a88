"""The store keeps every version, switches atomically and diffs versions (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dualwatch.errors import NotFoundError, SourceError
from dualwatch.model import Entity, Identifier, Name, NameKind
from dualwatch.sources.base import ParsedList
from dualwatch.store.sql import SQLStore


def person(source_id: str, name: str, *aliases: str) -> Entity:
    entity = Entity(id=f"test_list-{source_id}", schema="Person", dataset="test_list",
                    source_id=source_id, names=[Name(name)])
    for alias in aliases:
        entity.add_name(alias, NameKind.ALIAS)
    return entity


def snapshot(tmp_path: Path, label: str, version: str, entities: list[Entity],
             fail_after: int | None = None) -> ParsedList:
    path = tmp_path / f"{label}.txt"
    path.write_text(label + repr([e.to_json() for e in entities]))

    def stream() -> Iterator[Entity]:
        for i, entity in enumerate(entities):
            if fail_after is not None and i == fail_after:
                raise SourceError(path, "broken row", line=i + 1, field="name")
            yield entity

    return ParsedList("test_list", version, "test", [path], stream())


def test_first_load_becomes_current_with_counts(store: SQLStore, tmp_path: Path) -> None:
    result = store.load(snapshot(tmp_path, "a", "2024-01-01",
                                 [person("1", "Ivan Petrov"), person("2", "Olga Ivanova")]))
    assert not result.unchanged
    assert result.version.entity_count == 2
    assert result.version.stats["schemata"] == {"Person": 2}
    assert [v.version for v in store.current_versions()] == ["2024-01-01"]
    loaded = store.entity("test_list-1")
    assert loaded is not None and loaded.caption == "Ivan Petrov"
    assert loaded.version == "2024-01-01"


def test_same_snapshot_twice_is_unchanged(store: SQLStore, tmp_path: Path) -> None:
    store.load(snapshot(tmp_path, "a", "2024-01-01", [person("1", "Ivan Petrov")]))
    again = store.load(snapshot(tmp_path, "a", "2024-01-01", [person("1", "Ivan Petrov")]))
    assert again.unchanged
    assert len(store.versions("test_list")) == 1


def test_failed_load_keeps_previous_version(store: SQLStore, tmp_path: Path) -> None:
    store.load(snapshot(tmp_path, "a", "2024-01-01", [person("1", "Ivan Petrov")]))
    broken = snapshot(tmp_path, "b", "2024-02-01",
                      [person("1", "Ivan Petrov"), person("2", "X"), person("3", "Y")],
                      fail_after=2)
    with pytest.raises(SourceError, match=r"line 3, field 'name'"):
        store.load(broken)
    assert [v.version for v in store.versions("test_list")] == ["2024-01-01"]
    assert store.entity("test_list-2") is None
    assert store.current_versions()[0].version == "2024-01-01"


def test_diff_reports_added_removed_changed_fields(store: SQLStore, tmp_path: Path) -> None:
    store.load(snapshot(tmp_path, "a", "2024-01-01",
                        [person("1", "Ivan Petrov"), person("2", "Olga Ivanova")]))
    changed = person("1", "Ivan Petrov", "Ivan Petroff")
    changed.identifiers.append(Identifier("passport", "123456", "ru"))
    result = store.load(snapshot(tmp_path, "b", "2024-02-01",
                                 [changed, person("3", "Anna Smirnova")]))
    assert (result.added, result.removed, result.changed) == (1, 1, 1)
    diff = store.diff("test_list")
    assert [c.entity_id for c in diff.added] == ["test_list-3"]
    assert [c.entity_id for c in diff.removed] == ["test_list-2"]
    assert diff.changed[0].fields == ("names", "identifiers")
    history = store.entity_history("test_list-1")
    assert [v.version for v, _ in history] == ["2024-01-01", "2024-02-01"]


def test_version_as_of_a_date(store: SQLStore, tmp_path: Path) -> None:
    store.load(snapshot(tmp_path, "a", "2024-01-01", [person("1", "Ivan Petrov")]))
    store.load(snapshot(tmp_path, "b", "2024-03-01", [person("1", "Ivan Petrov Jr")]))
    assert store.version("test_list", "2024-02-15").version == "2024-01-01"
    assert store.version("test_list").version == "2024-03-01"
    with pytest.raises(NotFoundError):
        store.version("test_list", "2023-01-01")
    with pytest.raises(NotFoundError, match="dualwatch lists load"):
        store.version("other_list")


def test_duplicate_entity_ids_are_refused(store: SQLStore, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="occurs twice"):
        store.load(snapshot(tmp_path, "a", "2024-01-01",
                            [person("1", "Ivan Petrov"), person("1", "Ivan Petrov")]))
    assert store.versions() == []
