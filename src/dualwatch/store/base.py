"""The store's interface: list snapshots with versions and deltas.

A *version* is one snapshot of one list (dataset) as the publisher shipped it. Loading a version is
all-or-nothing: entities stream from the parser into a transaction that commits, and makes the
version current, only when the last entity has been read. Entity bodies are stored once per
distinct content (content-addressed), so keeping every version costs little and a diff between two
versions is a comparison of (entity id, content hash) pairs.

The SQLite implementation is the default; a PostgreSQL backend implements the same class.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Self

from dualwatch.model import Entity
from dualwatch.sources.base import ParsedList

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_older(version: str, source: str, current: str, current_source: str) -> bool:
    """Whether ``version`` predates ``current``: both dates (publisher's, latest listing or the
    file's), neither a label the user gave."""
    if "user" in (source, current_source):
        return False
    if not (_ISO_DAY.match(version) and _ISO_DAY.match(current)):
        return False
    return version < current


@dataclass(frozen=True)
class ListVersion:
    id: int
    dataset: str
    version: str
    version_source: str
    format: str
    files: tuple[str, ...]
    checksum: str
    loaded_at: str
    entity_count: int
    stats: dict[str, Any]
    current: bool


@dataclass(frozen=True)
class LoadResult:
    version: ListVersion
    unchanged: bool  # the same snapshot was already stored: nothing new was written
    added: int = 0
    removed: int = 0
    changed: int = 0


@dataclass(frozen=True)
class EntityChange:
    entity_id: str
    caption: str
    fields: tuple[str, ...]  # the canonical fields whose values differ
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


@dataclass(frozen=True)
class Diff:
    dataset: str
    old: ListVersion | None
    new: ListVersion
    added: list[EntityChange] = field(default_factory=list)
    removed: list[EntityChange] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)


class Store(abc.ABC):
    """Everything dualwatch keeps: list versions now, cases and the audit log later."""

    @abc.abstractmethod
    def load(self, parsed: ParsedList, allow_older: bool = False,
             allow_shrink: bool = False) -> LoadResult:
        """Store a parsed list as the new current version, all or nothing. A version older
        than the current one (by the publisher's date) is refused unless ``allow_older``; one
        dropping much of the current one unless ``allow_shrink``."""

    @abc.abstractmethod
    def versions(self, dataset: str | None = None) -> list[ListVersion]:
        """All stored versions, newest first (of one dataset, or all)."""

    @abc.abstractmethod
    def current_versions(self) -> list[ListVersion]:
        """The current version of each dataset."""

    @abc.abstractmethod
    def entities(self, version_id: int) -> Iterator[Entity]:
        """The entities of one stored version."""

    @abc.abstractmethod
    def entity(self, entity_id: str, version_id: int | None = None) -> Entity | None:
        """One entity from the current version of its list (or from the version given)."""

    @abc.abstractmethod
    def entity_history(self, entity_id: str) -> list[tuple[ListVersion, str]]:
        """The versions an entity appears in, with its content hash in each (oldest first)."""

    @abc.abstractmethod
    def search_entities(self, text: str, datasets: list[str] | None = None,
                        schema: str | None = None, limit: int = 20,
                        offset: int = 0) -> tuple[int, list[tuple[str, str, str]]]:
        """(total, [(entity id, caption, dataset)]) of current entities named like ``text``."""

    @abc.abstractmethod
    def close(self) -> None: ...

    # -- derived operations, written once for every backend ------------------------------------

    def current_entities(self, datasets: Iterable[str] | None = None) -> Iterator[Entity]:
        wanted = set(datasets) if datasets is not None else None
        for version in self.current_versions():
            if wanted is None or version.dataset in wanted:
                yield from self.entities(version.id)

    def version(self, dataset: str, ref: str | None = None) -> ListVersion:
        """A version of ``dataset`` by id, by version string, or the current one (``ref`` None).

        A date (``2024-05-03``) that is no version string picks the version current on that date:
        the newest whose publisher's date is not after it.
        """
        from dualwatch.errors import NotFoundError

        versions = self.versions(dataset)
        if not versions:
            raise NotFoundError(f"no version of list {dataset!r} is loaded; "
                                "load it with: dualwatch lists load PATH")
        if ref is None:
            for v in versions:
                if v.current:
                    return v
            return versions[0]
        for v in versions:
            if str(v.id) == ref or v.version == ref:
                return v
        earlier = [v for v in versions if v.version <= ref]
        if earlier:
            return max(earlier, key=lambda v: (v.version, v.id))
        known = ", ".join(f"{v.version} (#{v.id})" for v in versions)
        raise NotFoundError(f"list {dataset!r} has no version {ref!r}; stored: {known}")

    def diff(self, dataset: str, old_ref: str | None = None, new_ref: str | None = None) -> Diff:
        """What changed in ``dataset`` between two versions (default: previous → current)."""
        new = self.version(dataset, new_ref)
        if old_ref is None:
            older = [v for v in self.versions(dataset) if v.id < new.id]
            old = older[0] if older else None
        else:
            old = self.version(dataset, old_ref)
        before = {e.id: e for e in self.entities(old.id)} if old else {}
        after = {e.id: e for e in self.entities(new.id)}
        diff = Diff(dataset, old, new)
        for eid in sorted(after.keys() - before.keys()):
            diff.added.append(EntityChange(eid, after[eid].caption, ()))
        for eid in sorted(before.keys() - after.keys()):
            diff.removed.append(EntityChange(eid, before[eid].caption, ()))
        for eid in sorted(after.keys() & before.keys()):
            a, b = before[eid].to_dict(), after[eid].to_dict()
            a.pop("version", None)
            b.pop("version", None)
            fields = tuple(k for k in b if a.get(k) != b.get(k))
            if fields:
                changes_before = {k: a.get(k) for k in fields}
                changes_after = {k: b.get(k) for k in fields}
                diff.changed.append(EntityChange(eid, after[eid].caption, fields,
                                                 changes_before, changes_after))
        return diff

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
