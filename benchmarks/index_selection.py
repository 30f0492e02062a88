"""Benchmark: screening a selection of lists without building its index anew.

Run from the repository root: ``python benchmarks/index_selection.py``. Loads every bundled list
into a fresh store, builds the all-lists index (as the first screening after a list change does),
then for ``us_ofac_sdn,un_sc_sanctions`` compares the index assembled from the all-lists build
with one built from those two lists alone: their time (wall and CPU, since the machine is shared)
and whether they are equal, field for field, and give the same hits for every listed party's
name. Writes ``benchmarks/results/index_selection.json``.
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
        full, t_full = timed(lambda: index_cache.all_lists(store, fingerprint, use_disk=False))
        selected, t_selected = timed(lambda: index_cache.lists_index(
            store, SELECTION, fingerprint, use_disk=False))
        alone, t_alone = timed(lambda: build_index(store.current_entities(SELECTION)))
        sizes = {}
        for name, value in (("index_alone", full.index), ("index_with_name_work", full)):
            blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            _, t_load = timed(lambda blob=blob: pickle.loads(blob))
            sizes[name] = {"mb": round(len(blob) / 1e6, 1), **t_load}
        queries = [Query(str(n), g.caption, g.schema) for n, g in enumerate(full.index.groups)]
        a, t_match = timed(lambda: match_batch(queries, selected))
        b = match_batch(queries, alone)
        store.close()
    report = {
        "selection": SELECTION,
        "all_lists_build": t_full,
        "selection_assembled_from_it": t_selected,
        "selection_built_alone": t_alone,
        "all_lists_on_disk": sizes,
        "indexes_equal": selected == alone,
        "queries": len(queries),
        "hits": sum(map(len, a)),
        "hits_identical": a == b,
        "matching_the_queries": t_match,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0 if report["indexes_equal"] and report["hits_identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
