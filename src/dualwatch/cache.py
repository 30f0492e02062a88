"""Built structures (match indexes, gazetteers) kept on disk between runs.

Building the index over every list takes seconds; loading it from a pickle takes a fraction of
that. Each cached object is named by a key that changes whenever what it was built from changes
(list versions, a portfolio's content, the code that builds it), so a stale object is never used:
it is rebuilt and replaces the older files of the same name.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dualwatch.store import home

T = TypeVar("T")


def disk_cached(name: str, key: str, kind: type[T], build: Callable[[], T]) -> T:
    """The object cached as ``name`` for ``key``, or ``build()`` stored there in its place."""
    folder = home() / "cache"
    path = folder / f"{name}-{key}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, kind):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # a damaged or outdated file is rebuilt below
    built = build()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    # A temporary file of this process's own: two processes building the same object each
    # write theirs and the last rename wins, with identical content.
    with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=f".{path.name}.", suffix=".tmp",
                                     delete=False) as out:
        try:
            pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    Path(out.name).replace(path)
    return built
