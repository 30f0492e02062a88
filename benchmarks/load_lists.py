"""Benchmark: load every bundled list into a fresh store (target: under 60 s on a 2-core machine).

Run from the repository root: ``python benchmarks/load_lists.py``. Writes
``benchmarks/results/load_lists.json`` with the wall time, entities per list and peak memory.
"""

from __future__ import annotations

import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from dualwatch import lists
from dualwatch.store.sqlite import SQLiteStore

LISTS = Path("../shared/data/lists")
RESULTS = Path("benchmarks/results/load_lists.json")


def main() -> int:
    if not LISTS.exists():
        print(f"bundled lists not found at {LISTS}; run from the repository root", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.sqlite")
        started = time.perf_counter()
        per_list = {}
        for result in lists.load_path(store, LISTS):
            per_list[result.version.dataset] = result.version.entity_count
        seconds = time.perf_counter() - started
        store.close()
    report = {
        "seconds": round(seconds, 2),
        "entities": per_list,
        "total_entities": sum(per_list.values()),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
