"""Benchmark: load every bundled list (both folders) into a fresh store.

Targets: the whole load under 60 s and under 1 GB of memory on a 2-core machine. Each list is
first only parsed (the files read and every entity built, nothing stored: the baseline, in the
same process), then loaded into the store, so the report says what storing costs over reading.
Then the match index over everything is built once, as the first screening after a load does.

Run from the repository root: ``python benchmarks/load_lists.py``. Writes
``benchmarks/results/load_lists.json``: seconds per list (parse and load), total, entities,
peak memory after the load and after the index build.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

FOLDERS = (Path("../shared/data/lists"), Path("../shared/data/lists-extra"))
RESULTS = Path("benchmarks/results/load_lists.json")


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> int:
    missing = [str(f) for f in FOLDERS if not f.exists()]
    if missing:
        print(f"bundled lists not found at {', '.join(missing)}; run from the repository root",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DUALWATCH_HOME"] = tmp  # the index cache goes here, not to the user's
        from dualwatch import lists, screening
        from dualwatch.store.sqlite import SQLiteStore

        planned = [item for folder in FOLDERS for item in lists.plan(folder)]
        parse_seconds: dict[str, float] = {}
        for item in planned:
            started = time.perf_counter()
            parsed = item.format.read(item.path)
            count = sum(1 for _ in parsed.entities)
            parse_seconds[parsed.dataset] = round(time.perf_counter() - started, 2)
            assert count > 0
        store = SQLiteStore(Path(tmp) / "bench.sqlite")
        per_list: dict[str, dict[str, object]] = {}
        started = time.perf_counter()
        for item in planned:
            one = time.perf_counter()
            result = lists.load_one(store, item)
            version = result.version
            per_list[version.dataset] = {
                "entities": version.entity_count, "version": version.version,
                "version_source": version.version_source,
                "parse_s": parse_seconds[version.dataset],
                "load_s": round(time.perf_counter() - one, 2)}
        load_seconds = time.perf_counter() - started
        peak_after_load = _peak_mb()
        started = time.perf_counter()
        index = screening.load_index(store, cache=False)
        index_seconds = time.perf_counter() - started
        store.close()
    parse_total = sum(parse_seconds.values())
    report = {
        "load_seconds": round(load_seconds, 2),
        "parse_only_seconds": round(parse_total, 2),
        "load_over_parse": round(load_seconds / parse_total, 2),
        "total_entities": sum(int(str(v["entities"])) for v in per_list.values()),
        "lists": per_list,
        "peak_rss_mb_after_load": peak_after_load,
        "index_build_seconds": round(index_seconds, 2),
        "index_parties": len(index),
        "peak_rss_mb_after_index": _peak_mb(),
        "targets": {"load_seconds": 60, "peak_rss_mb": 1024},
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
