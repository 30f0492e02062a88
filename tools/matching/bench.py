"""Dev benchmark of the matcher against all bundled lists: recall, alerts, speed, build cost.

Run from the repository root: ``python -m tools.matching.bench [--threshold T] [--n N]``.
Prints recall on the UN positives (untreated and treated), alerts per 1,000 negatives,
candidate-stage recall, queries per second on one core, p95 latency, index build time and size.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import resource
import time
from pathlib import Path

from dualwatch.match import Query, build_index, match_batch
from dualwatch.match.candidates import candidates
from dualwatch.match.matcher import _readings
from tools.matching.load import all_entities

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench"


def people(name: str, n: int | None = None) -> list[Query]:
    with (BENCH / name).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:n]
    return [Query(id=str(i), name=r["full_name"], schema="Person",
                  birth_date=r["date_of_birth"] or None,
                  countries=(r["nationality"],) if r["nationality"] else ())
            for i, r in enumerate(rows)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--n", type=int, default=None, help="negatives to run")
    args = parser.parse_args()
    entities = all_entities()
    t0 = time.perf_counter()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    index = build_index(entities)
    build = time.perf_counter() - t0
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    size = len(pickle.dumps(index)) / 1e6
    print(f"index: {len(entities)} entries -> {len(index.groups)} parties, "
          f"{len(index.readings)} readings; build {build:.1f}s, +{rss:.0f} MB RSS, "
          f"pickle {size:.0f} MB")
    for name in ("positives_un_untreated.csv", "positives_un_treated.csv"):
        qs = people(name)
        results = match_batch(qs, index, args.threshold)
        found = sum(any("un_sc_sanctions" in h.datasets for h in hits) for hits in results)
        cand = 0
        for q in qs:
            rids = [r for _, r in candidates(_readings(q.name, q.schema), index)]
            cand += any("un_sc_sanctions" in index.groups[index.reading_group[r]].datasets
                        for r in rids)
        anyhit = sum(bool(hits) for hits in results)
        print(f"{name}: recall {found / len(qs):.4f} ({found}/{len(qs)}; any hit {anyhit}), "
              f"candidate recall {cand / len(qs):.4f}")
        for q, hits in zip(qs, results, strict=True):
            if not any("un_sc_sanctions" in h.datasets for h in hits):
                top = [(h.matched_name, h.score) for h in hits[:2]]
                print("   miss:", q.name, q.birth_date, top)
    negs = people("negatives_global.csv", args.n)
    times = []
    t0 = time.perf_counter()
    alerts = []
    for q in negs:
        t = time.perf_counter()
        hits = match_batch([q], index, args.threshold)[0]
        times.append(time.perf_counter() - t)
        if hits:
            alerts.append((q.name, q.birth_date, hits[0].matched_name, hits[0].score))
    total = time.perf_counter() - t0
    times.sort()
    print(f"negatives: {len(alerts)} alerts in {len(negs)} "
          f"({1000 * len(alerts) / len(negs):.2f} per 1,000); {len(negs) / total:.0f} q/s, "
          f"p95 {1000 * times[int(0.95 * len(times))]:.2f} ms, "
          f"p99 {1000 * times[int(0.99 * len(times))]:.2f} ms")
    for a in alerts[:25]:
        print("   alert:", a)


if __name__ == "__main__":
    main()
