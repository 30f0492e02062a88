"""Benchmark: an index for a selection of lists, kept beside the all-lists one.

Run from the repository root: ``python benchmarks/index_selection.py``. Loads every bundled list
into a fresh store and builds the all-lists index (as the first screening after a list change
does). Then for ``un_sc_sanctions,us_ofac_sdn``: the selection's index built in the same process
(reusing the names normalised for the all-lists build, as a server does) and built afresh, both
compared with ``build_index`` over those lists alone, field for field and by the hits of every
listed party's name. Also: loading each from disk (what a later `screen`, with or without
`--lists`, pays). Wall and CPU time, since the machine is shared. Writes
``benchmarks/results/index_selection.json``.
"""

from __future__ import annotations

import json
import pickle
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dualwatch import index_cache, lists
from dualwatch.match import Query, build_index, match_batch
from dualwatch.screening import code_fingerprint
from dualwatch.store.sqlite import SQLiteStore

LISTS = Path("../shared/data/lists")
RESULTS = Path("benchmarks/results/index_selection.json")
SELECTION = ["un_sc_sanctions", "us_ofac_sdn"]
T = TypeVar("T")


def timed(step: Callable[[], T]) -> tuple[T, dict[str, float]]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = step()
    return value, {"wall_s": round(time.perf_counter() - wall, 2),
                   "cpu_s": round(time.process_time() - cpu, 2)}


def main() -> int:
    if not LISTS.exists():
        print(f"bundled lists not found at {LISTS}; run from the repository root", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.sqlite")
        list(lists.load_path(store, LISTS))
        fingerprint = code_fingerprint()
        index_cache.clear_memory()
        full, t_full = timed(lambda: index_cache.lists_index(store, None, fingerprint, False))
        reused, t_reused = timed(lambda: index_cache.lists_index(
            store, SELECTION, fingerprint, False))
        index_cache.clear_memory()
        fresh, t_fresh = timed(lambda: index_cache.lists_index(
            store, SELECTION, fingerprint, False))
        alone = build_index(store.current_entities(SELECTION))
        disk = {}
        for name, value in (("all_lists", full), ("selection", alone)):
            blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            _, t_load = timed(lambda blob=blob: pickle.loads(blob))
            disk[name] = {"mb": round(len(blob) / 1e6, 1), **t_load}
        queries = [Query(str(n), g.caption, g.schema) for n, g in enumerate(full.groups)]
        a, t_match = timed(lambda: match_batch(queries, reused))
        b = match_batch(queries, alone)
        c = match_batch(queries, fresh)
        store.close()
    report = {
        "selection": SELECTION,
        "all_lists_build": t_full,
        "selection_build_after_it_same_process": t_reused,
        "selection_build_fresh_process": t_fresh,
        "loading_from_disk": disk,
        "indexes_equal_to_built_alone": reused == alone and fresh == alone,
        "queries": len(queries),
        "hits": sum(map(len, a)),
        "hits_identical": a == b == c,
        "matching_the_queries": t_match,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0 if report["indexes_equal_to_built_alone"] and report["hits_identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
