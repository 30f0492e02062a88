"""The match index of the current lists: one build over all lists, selections assembled from it.

Normalising every name is what makes an index build slow. It is done once, over every loaded
list, and its per-name results (:class:`~dualwatch.match.index.NameCache`) are kept beside the
all-lists index on disk. An index of some lists (``screen --lists``, ``screen(..., lists=...)``,
``/match`` with a selection) is then assembled from those results by the same
:func:`~dualwatch.match.build_index` over the selected lists' entities: no name is normalised
again, nothing is evicted, and the hits are those of an index built from the selected lists alone
(a party listed on several lists carries only the selected lists' entries, ranked and merged as
such an index would) because it *is* that build.

Each index is named on disk by the list versions and the matching code it was built from, so a
stale one is never used. The last ones built stay in memory too, for a long-running process.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from threading import Lock

from dualwatch import enrich
from dualwatch.cache import disk_cached
from dualwatch.errors import StoreError
from dualwatch.match import MatchIndex, build_index
from dualwatch.match.index import NameCache
from dualwatch.model import Entity
from dualwatch.store import Store

# Called as progress(done, total, what) while names are normalised; total 0 when done.
Progress = Callable[[int, int, str], None]
BUILDING = "building the index (first run after a list change)"
KEEP_IN_MEMORY = 4


@dataclass(frozen=True)
class AllLists:
    """The index of every loaded list, with the per-name work its selections are built from."""

    index: MatchIndex
    names: NameCache


_memory: OrderedDict[str, MatchIndex | AllLists] = OrderedDict()
_lock = Lock()


def _remember(key: str, value: MatchIndex | AllLists) -> None:
    with _lock:
        _memory[key] = value
        _memory.move_to_end(key)
        while len(_memory) > KEEP_IN_MEMORY:
            _memory.popitem(last=False)


def clear_memory() -> None:
    """Forget the indexes kept in memory (the next use reads them from disk or builds them)."""
    with _lock:
        _memory.clear()


def version_key(store: Store, datasets: Iterable[str] | None, fingerprint: str) -> str:
    """A name for the index of ``datasets`` (all when None) at their current versions."""
    wanted = set(datasets) if datasets is not None else None
    parts = [f"{v.dataset}:{v.checksum}" for v in store.current_versions()
             if wanted is None or v.dataset in wanted]
    if not parts:
        raise StoreError("no list is loaded; load the bundled lists with:\n"
                         "  dualwatch lists load ../shared/data/lists")
    raw = "|".join(sorted(parts)) + "|" + fingerprint + "|" + enrich.fingerprint(store)
    return hashlib.sha1(raw.encode()).hexdigest()[:20]


def selection(store: Store, datasets: Iterable[str] | None) -> list[str] | None:
    """The lists asked for, checked to be loaded; None when that is every loaded list."""
    known = {v.dataset for v in store.current_versions()}
    if datasets is None:
        return None
    chosen = sorted({d.strip() for d in datasets if d.strip()})
    unknown = [d for d in chosen if d not in known]
    if unknown:
        raise StoreError(f"list {unknown[0]!r} is not loaded; loaded lists: "
                         f"{', '.join(sorted(known)) or 'none'}")
    if not chosen or set(chosen) == known:
        return None
    return chosen


def fill_names(entities: list[Entity], progress: Progress | None) -> NameCache:
    """Normalise every name of ``entities`` once, reporting progress: the slow part of a build."""
    names = NameCache()
    total = len(entities)
    for n, entity in enumerate(entities):
        for name in entity.names:
            names.group_key(name.value, entity.schema)
            names.prepared(name.value, entity.schema)
        if progress is not None and n % 500 == 0:
            progress(n, total, BUILDING)
    if progress is not None:
        progress(total, total, BUILDING)
    return names


def all_lists(store: Store, fingerprint: str, use_disk: bool = True,
              progress: Progress | None = None) -> AllLists:
    """The all-lists index and its name work, from memory, from disk, or built."""
    key = version_key(store, None, fingerprint)
    found = _memory.get(key)
    if isinstance(found, AllLists):
        return found

    def build() -> AllLists:
        entities = [*store.current_entities(), *enrich.companion_entities(store)]
        names = fill_names(entities, progress)
        return AllLists(build_index(entities, names), names)

    built = disk_cached("index", key, AllLists, build) if use_disk else build()
    _remember(key, built)
    return built


def lists_index(store: Store, datasets: Iterable[str] | None, fingerprint: str,
                use_disk: bool = True, progress: Progress | None = None) -> MatchIndex:
    """The index of the named lists (all when None), assembled from the all-lists build."""
    chosen = selection(store, datasets)
    if chosen is None:
        return all_lists(store, fingerprint, use_disk, progress).index
    key = version_key(store, chosen, fingerprint)
    found = _memory.get(key)
    if isinstance(found, MatchIndex):
        return found

    def build() -> MatchIndex:
        names = all_lists(store, fingerprint, use_disk, progress).names
        return build_index([*store.current_entities(chosen),
                            *enrich.companion_entities(store, chosen)], names)

    # One file per selection, each replaced when its lists change; the all-lists one is kept.
    name = "lists" + hashlib.sha1(",".join(chosen).encode()).hexdigest()[:8]
    index = disk_cached(name, key, MatchIndex, build) if use_disk else build()
    _remember(key, index)
    return index


__all__ = ["BUILDING", "AllLists", "Progress", "all_lists", "clear_memory", "lists_index",
           "selection", "version_key"]
