"""Ownership at register scale: load a generated UK PSC snapshot, compute the blocked set, screen.

Run from the repository root: ``nice python benchmarks/ownership/run.py [--companies 1000000]
[--records 3000000]``. It writes, in a temporary folder, a generated register in Companies House's
own bulk formats: basic company data (one JSON line per company: number and name) and the PSC
snapshot as JSON lines, split in files of 500,000 records (each a source of its own). Holders are
other generated companies (70%, by registration number, so chains form) or people; natures of
control are the real share and voting bands, mostly minority stakes. A generated sanctions list
of 1,000 companies and 1,000 people (loaded as an OFAC and a UK list), linked by company number
and by exact name, is the blocked seed set.

Timed: ``dualwatch.ownership.load_path`` into a fresh SQLite store (readers, transactions,
indexes), then building the graph on today's records and evaluating the OFAC rule (the fixed
point in SQL), then the same for the UK rule. Then, with the graph loaded, 1,000 single screening
queries (half names of blocked or flagged companies, half of unaffected ones) through
:class:`dualwatch.ownership.OwnershipScreen`: match plus the basis, share and ownership path of
each hit; latency percentiles per query. Results go to ``benchmarks/results/ownership.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from dualwatch import ownership
from dualwatch.match import Query
from dualwatch.model import Entity, Identifier
from dualwatch.ownership import OwnershipScreen
from dualwatch.risk.ownership import OwnershipGraph, rule_set
from dualwatch.sources import ftm_jsonl
from dualwatch.store.sqlite import SQLiteStore

RESULTS = Path("benchmarks/results/ownership.json")
PER_FILE = 500_000
CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
BANDS = (("ownership-of-shares-25-to-50-percent", 0.55), ("ownership-of-shares-50-to-75-percent",
         0.10), ("ownership-of-shares-75-to-100-percent", 0.10),
         ("voting-rights-25-to-50-percent", 0.15), ("significant-influence-or-control", 0.10))


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS)
                   for _ in range(rng.randint(2, 4))).capitalize()


def _number(n: int) -> str:
    return f"{n:08d}"


def generate(folder: Path, companies: int, records: int, seed: int = 7) -> dict[str, Any]:
    """Write the register; returns the generated names of companies and people."""
    rng = random.Random(seed)
    names = [f"{_word(rng)} {_word(rng)} Limited" for _ in range(companies)]
    with (folder / "company-data.json").open("w", encoding="utf-8") as fh:
        for n, name in enumerate(names, 1):
            fh.write(json.dumps({"CompanyNumber": _number(n), "CompanyName": name}) + "\n")
    natures = [b for b, _ in BANDS]
    weights = [w for _, w in BANDS]
    people = [f"{_word(rng)} {_word(rng)}" for _ in range(companies // 4)]
    out = None
    for i in range(records):
        if i % PER_FILE == 0:
            if out is not None:
                out.close()
            out = (folder / f"psc-{i // PER_FILE + 1:02d}.json").open("w", encoding="utf-8")
        target = rng.randint(1, companies)
        data: dict[str, Any] = {"natures_of_control": [rng.choices(natures, weights)[0]],
                                "notified_on": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-15"}
        if rng.random() < 0.7:
            holder = rng.randint(1, companies)
            data.update(kind="corporate-entity-person-with-significant-control",
                        name=names[holder - 1],
                        identification={"registration_number": _number(holder),
                                        "country_registered": "England"})
        else:
            data.update(kind="individual-person-with-significant-control",
                        name=rng.choice(people))
        if rng.random() < 0.05:
            data["ceased_on"] = "2020-01-01"
        assert out is not None
        out.write(json.dumps({"company_number": _number(target), "data": data}) + "\n")
    if out is not None:
        out.close()
    return {"companies": names, "people": people}


def sanctions(folder: Path, rng: random.Random, generated: dict[str, Any],
              count: int) -> list[Path]:
    """The same generated entries as an OFAC and a UK list (FtM JSON lines), to load."""
    companies = rng.sample(range(1, len(generated["companies"]) + 1), count)
    people = rng.sample(generated["people"], count)
    paths = []
    for dataset in ("us_ofac_sdn", "gb_hmt_sanctions"):
        path = folder / f"{dataset}.ftm.json"
        with path.open("w", encoding="utf-8") as fh:
            for n in companies:
                entity = Entity(id=f"{dataset}-c{n}", schema="Company", dataset=dataset,
                                source_id=f"c{n}")
                entity.add_name(generated["companies"][n - 1].upper())
                entity.identifiers.append(Identifier("registration", _number(n), "gb"))
                fh.write(json.dumps(entity.to_ftm()) + "\n")
            for n, name in enumerate(people):
                entity = Entity(id=f"{dataset}-p{n}", schema="Person", dataset=dataset,
                                source_id=f"p{n}")
                entity.add_name(name)
                fh.write(json.dumps(entity.to_ftm()) + "\n")
        paths.append(path)
    return paths


def timed_graph(store: SQLiteStore, rules: str) -> dict[str, Any]:
    """``ownership.graph`` step by step, each timed."""
    started = time.perf_counter()
    graph = OwnershipGraph(store.db)
    built = time.perf_counter()
    graph.set_lists(store.current_entities())
    linked = time.perf_counter()
    blocked = graph.evaluate(rule_set(rules))
    done = time.perf_counter()
    return {"graph": graph, "build_s": round(built - started, 1),
            "link_s": round(linked - built, 1), "fixed_point_s": round(done - linked, 2),
            "blocked": blocked, "owned": len(graph.blocked_keys("owned")),
            "controlled": len(graph.blocked_keys("controlled")),
            "flagged": len(graph.flagged_keys())}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=3_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(11)
    result: dict[str, Any] = {"companies": args.companies, "records": args.records,
                              "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                              "python": platform.python_version()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        folder.mkdir()
        started = time.perf_counter()
        generated = generate(folder, args.companies, args.records)
        result["generate_s"] = round(time.perf_counter() - started, 1)
        result["register_mb"] = round(sum(p.stat().st_size for p in folder.iterdir()) / 1e6)
        store = SQLiteStore(Path(tmp) / "store.sqlite")
        for path in sanctions(Path(tmp), rng, generated, 1000):
            store.load(ftm_jsonl.read(path))
        started, cpu = time.perf_counter(), time.process_time()
        loads = list(ownership.load_path(store, folder))
        result["load_s"] = round(time.perf_counter() - started, 1)
        result["load_cpu_s"] = round(time.process_time() - cpu, 1)
        result["parties"] = sum(r.version.party_count for r in loads)
        result["links"] = sum(r.version.link_count for r in loads)
        cpu = time.process_time()
        ofac = timed_graph(store, "ofac")
        result["blocked_set_cpu_s"] = round(time.process_time() - cpu, 1)
        graph: OwnershipGraph = ofac.pop("graph")
        result["ofac"] = ofac
        result["load_and_blocked_set_s"] = round(
            result["load_s"] + ofac["build_s"] + ofac["link_s"] + ofac["fixed_point_s"], 1)
        uk = timed_graph(store, "uk")
        uk.pop("graph")
        result["uk"] = uk
        result["single_query"] = _queries(store, generated, args.queries)
        del graph
        store.close()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def _queries(store: SQLiteStore, generated: dict[str, Any], count: int) -> dict[str, Any]:
    """Single screening queries with the OFAC graph loaded: match + basis/share/path per hit."""
    started = time.perf_counter()
    screen = OwnershipScreen(store, "ofac")
    setup = time.perf_counter() - started
    assert screen.graph is not None
    affected = sorted(screen.graph.blocked_keys("owned") | screen.graph.flagged_keys())
    rng = random.Random(5)
    names = []
    for key in rng.sample(affected, min(count // 2, len(affected))):
        party = screen.graph.relations.party(key)
        names.append(party[0] if party else key)
    names += rng.sample(generated["companies"], count - len(names))
    rng.shuffle(names)
    latencies, cpu, hits = [], [], 0
    for n, name in enumerate(names):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        found = screen.match([Query(id=str(n), name=name, schema="Company")])[0]
        columns = [screen.columns(h) for h in found]
        latencies.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
        hits += bool(columns)
    latencies.sort()
    cpu.sort()
    return {"setup_s": round(setup, 1), "derived_parties": len(affected), "queries": len(names),
            "with_hits": hits, "p50_ms": round(statistics.median(latencies), 2),
            "p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 2),
            "max_ms": round(latencies[-1], 2), "cpu_p50_ms": round(statistics.median(cpu), 2),
            "cpu_p95_ms": round(cpu[int(0.95 * len(cpu)) - 1], 2)}


if __name__ == "__main__":
    main()
