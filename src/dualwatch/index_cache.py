"""The match index of the current lists: the all-lists index, and one per selection of lists.

The all-lists index is built on the first screening after a list change (with a progress
report: normalising every name is the slow part) and kept on disk. A selection of lists
(``screen --lists``, ``screen(..., lists=...)``, ``/match`` with a selection) gets its own index,
built by the same :func:`~dualwatch.match.build_index` over the selected lists' entities and kept
on disk *beside* the all-lists one, never replacing it. It is built rather than filtered from the
all-lists index because the hits must be those of the selected lists alone: how rare a word is,
which candidates reach scoring and which entries merge into one party all depend on what is
indexed, so a filter over the all-lists index would score and merge otherwise. A process that has
normalised the names already (a server, a notebook) reuses that work for a selection
(:class:`~dualwatch.match.index.NameCache`), which leaves the result unchanged: it is a memo of
pure functions.

Each index is named on disk by the list versions and the matching code it was built from, so a
stale one is never used. The last ones built stay in memory too, for a long-running process.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
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


_memory: OrderedDict[str, MatchIndex] = OrderedDict()
# The per-name work of the last builds in this process, reused by the next (a memo: it changes
# no result). Reset when it grows past the names of all lists a few times over.
_names = NameCache()
NAMES_KEPT = 500_000
_lock = Lock()


def _remember(key: str, value: MatchIndex) -> None:
    with _lock:
        _memory[key] = value
        _memory.move_to_end(key)
        while len(_memory) > KEEP_IN_MEMORY:
            _memory.popitem(last=False)


def clear_memory() -> None:
    """Forget the indexes and name work kept in memory (the next use reads or builds them)."""
    global _names
    with _lock:
        _memory.clear()
        _names = NameCache()


def _name_work() -> NameCache:
    global _names
    with _lock:
        if len(_names.readings) > NAMES_KEPT:
            _names = NameCache()
        return _names


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


def fill_names(entities: list[Entity], names: NameCache, progress: Progress | None,
               what: str = BUILDING) -> None:
    """Normalise every name of ``entities`` once, reporting progress: the slow part of a build."""
    total = len(entities)
    for n, entity in enumerate(entities):
        for name in entity.names:
            names.group_key(name.value, entity.schema)
            names.prepared(name.value, entity.schema)
        if progress is not None and n % 500 == 0:
            progress(n, total, what)
    if progress is not None:
        progress(total, total, what)


def _build(store: Store, datasets: list[str] | None, progress: Progress | None) -> MatchIndex:
    entities = [*store.current_entities(datasets), *enrich.companion_entities(store, datasets)]
    names = _name_work()
    what = BUILDING if datasets is None else \
        f"building the index of {','.join(datasets)} (first run with these lists since a change)"
    fill_names(entities, names, progress, what)
    return build_index(entities, names)


def lists_index(store: Store, datasets: Iterable[str] | None, fingerprint: str,
                use_disk: bool = True, progress: Progress | None = None) -> MatchIndex:
    """The index of the named lists (all when None): from memory, from disk, or built."""
    chosen = selection(store, datasets)
    key = version_key(store, chosen, fingerprint)
    found = _memory.get(key)
    if found is not None:
        return found
    if chosen is None:
        name = "index"
    else:  # one file per selection, each replaced when its lists change
        name = "lists" + hashlib.sha1(",".join(chosen).encode()).hexdigest()[:8]
    index = disk_cached(name, key, MatchIndex, lambda: _build(store, chosen, progress)) \
        if use_disk else _build(store, chosen, progress)
    _remember(key, index)
    return index


__all__ = ["BUILDING", "Progress", "clear_memory", "fill_names", "lists_index", "selection",
           "version_key"]
