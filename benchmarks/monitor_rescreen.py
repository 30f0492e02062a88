"""Benchmark: a daily list update against a book of 100,000 counterparties.

Shows that re-screening after a list change costs seconds, not a full re-run. The book is 50,000
people from ``../shared/bench/negatives_global.csv``, 49,700 generated company names and 300
variants of listed names (so that there is something to find). The "daily update" is a new version
of the OFAC SDN list with 25 entries added, 60 changed (an alias added) and 5 removed, built from
the stored entities so that nothing else differs.

Run from the repository root: ``python benchmarks/monitor_rescreen.py [--book N]``. Writes
``benchmarks/results/monitor_rescreen.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path("../shared/bench")
LISTS = Path("../shared/data/lists")
RESULTS = Path("benchmarks/results/monitor_rescreen.json")

SYLLABLES = ("nor", "vex", "tal", "mar", "kor", "sin", "bel", "tron", "ast", "ral", "dex", "lum",
             "gar", "pol", "zen", "vir", "tek", "lan", "mos", "qua", "rin", "sol", "ber", "kan")
SECTOR = ("Trading", "Logistics", "Industrial", "Electronics", "Machinery", "Textiles", "Foods",
          "Consulting", "Shipping", "Holdings", "Components", "Furniture", "Optics", "Systems")
FORMS = ("LLC", "Ltd", "GmbH", "Co Ltd", "JSC", "OOO", "SARL", "BV", "FZE", "Ltd Sti", "AG",
         "TOO", "SpA", "Inc")
COUNTRIES = ("de", "fr", "it", "tr", "ae", "kz", "cn", "hk", "in", "am", "ge", "us", "gb", "pl")


def book(size: int, listed: list[tuple[str, str]], rng: random.Random) -> list[object]:
    from dualwatch.match import Query

    people = []
    with (BENCH / "negatives_global.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            people.append(Query(f"P{i:06d}", row["full_name"], "Person",
                                (row["nationality"],) if row["nationality"] else (),
                                row["date_of_birth"] or None))
    n_people = min(len(people), size // 2)
    queries: list[object] = list(people[:n_people])
    for i, (name, schema) in enumerate(listed):
        queries.append(Query(f"L{i:06d}", name, schema))
    i = 0
    while len(queries) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = f"{word} {rng.choice(SECTOR)} {rng.choice(FORMS)}"
        queries.append(Query(f"C{i:06d}", name, "Company", (rng.choice(COUNTRIES),)))
        i += 1
    return queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=int, default=100_000, help="counterparties in the book")
    args = parser.parse_args()
    if not LISTS.exists():
        print(f"bundled lists not found at {LISTS}; run from the repository root", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DUALWATCH_HOME"] = tmp
        from dualwatch import lists
        from dualwatch.match import build_index
        from dualwatch.model import NameKind
        from dualwatch.monitor import Monitor
        from dualwatch.sources.base import ParsedList
        from dualwatch.store.sqlite import SQLiteStore

        rng = random.Random(20240223)
        store = SQLiteStore(Path(tmp) / "bench.sqlite")
        list(lists.load_path(store, LISTS))
        sdn = store.version("us_ofac_sdn")
        entities = list(store.entities(sdn.id))
        others = [e for e in store.current_entities(["eu_fsf"])]
        listed = [(rng.choice(e.names).value, e.schema) for e in rng.sample(entities, 300)]
        counterparties = book(args.book, listed, rng)

        started = time.perf_counter()
        index = build_index(store.current_entities())
        index_seconds = time.perf_counter() - started
        monitor = Monitor(store, index)
        started = time.perf_counter()
        full = monitor.import_counterparties("book", counterparties)  # type: ignore[arg-type]
        full_seconds = time.perf_counter() - started

        started = time.perf_counter()
        monitor.book_index("book")
        book_index_seconds = time.perf_counter() - started

        # The daily update: 25 added, 60 changed, 5 removed.
        rng.shuffle(entities)
        changed = entities[5:65]  # entities[:5] are left out: removed
        kept = entities[5:]
        for entity in changed:
            entity.add_name(entity.caption + " Group", NameKind.ALIAS)
        added = []
        for i, entity in enumerate(rng.sample(others, 25)):
            entity.id, entity.dataset, entity.source_id = (f"us_ofac_sdn-9{i:05d}",
                                                           "us_ofac_sdn", f"9{i:05d}")
            added.append(entity)
        marker = Path(tmp) / "sdn-next.txt"
        marker.write_text("daily update")
        parsed = ParsedList("us_ofac_sdn", "next-day", "benchmark", [marker],
                            iter(kept + added), version_source="user")
        result = store.load(parsed)
        started = time.perf_counter()
        index = build_index(store.current_entities())
        reindex_seconds = time.perf_counter() - started
        monitor = Monitor(store, index)
        monitor.book_index("book")  # from the on-disk cache, as a fresh process would
        started = time.perf_counter()
        daily = monitor.after_list_change("us_ofac_sdn", sdn.id, result.version.id)
        daily_seconds = time.perf_counter() - started
        check = store.verify_audit()
        store.close()
    report = {
        "book": len(counterparties),
        "list_change": {"added": result.added, "changed": result.changed,
                        "removed": result.removed},
        "full_screening_seconds": round(full_seconds, 2),
        "full_screening_alerts": len(full.new_alerts),
        "daily_update_seconds": round(daily_seconds, 2),
        "daily_update_screened": daily.screened,
        "daily_update": daily.summary(),
        "speedup_vs_full": round(full_seconds / max(daily_seconds, 1e-9), 1),
        "one_off": {"list_index_build_seconds": round(index_seconds, 2),
                    "book_index_build_seconds": round(book_index_seconds, 2),
                    "list_index_rebuild_seconds": round(reindex_seconds, 2)},
        "audit_chain_ok": check.ok,
        "audit_records": check.records,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
