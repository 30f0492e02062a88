"""Benchmark: the local and the Spark engine on 200,000 counterparties and 1,000,000 shipments.

Each run is its own process (Spark's start included in its time): the local engine, then Spark
with ``local[1]`` and ``local[2]``. The outputs of the three are compared byte for byte; the
times give each engine's wall clock and the speed-up of two Spark cores over one.

Counterparties: the 50,000 people of ``negatives_global.csv`` and the 683 UN people of
``positives_un_treated.csv`` (../shared/bench), then every name of every entity on the bundled
lists, as listed and, to reach 200,000, in capitals without punctuation and with the words in
reverse order. Shipments: ``dualwatch shipments synth`` (seed 1). Both are written as CSV for the
local engine and as Parquet, which Spark reads itself.

Run from the repository root: ``nice python benchmarks/spark/run.py`` (options: --counterparties,
--shipments, --keep FOLDER). Results: ``benchmarks/results/spark.json`` and ``spark.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from dualwatch import lists
from dualwatch.errors import InputError
from dualwatch.screening import load_index, query_from_row
from dualwatch.store.sqlite import SQLiteStore

SHARED = Path("../shared")
LISTS = SHARED / "data" / "lists"
BENCH = SHARED / "bench"
RESULTS = Path("benchmarks/results")
# Interleaved so that a run cut short still compares both engines on both jobs.
PLAN = (("screen", "local", None), ("screen", "spark", "local[2]"),
        ("assess", "local", None), ("assess", "spark", "local[2]"),
        ("screen", "spark", "local[1]"), ("assess", "spark", "local[1]"))


def counterpart_rows(store: SQLiteStore, count: int) -> Iterator[dict[str, str]]:
    """``count`` counterparties from real names, in a fixed order."""
    n = 0
    for name in ("negatives_global.csv", "positives_un_treated.csv"):
        with (BENCH / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                yield _valid({"id": f"c{n}", "name": row["full_name"], "schema": "Person",
                              "birth_date": row["date_of_birth"]})
                n += 1
                if n == count:
                    return
    names = [(name.value, entity.schema) for entity in store.current_entities()
             for name in entity.names]
    forms = (lambda v: v, lambda v: v.upper().replace(",", "").replace(".", ""),
             lambda v: " ".join(reversed(v.split())))
    for form in forms:
        for value, schema in names:
            yield _valid({"id": f"c{n}", "name": form(value), "schema": schema,
                          "birth_date": ""})
            n += 1
            if n == count:
                return
    raise SystemExit(f"only {n:,} counterparties could be made, {count:,} asked")


def _valid(row: dict[str, str]) -> dict[str, str]:
    """The row, with a field the screening input refuses left blank: the treated UN set
    corrupts some dates too (1968-13-30), and lists hold schemata a file would not name."""
    for _ in range(2):
        try:
            query_from_row(2, row)
            return row
        except InputError as exc:
            row = {**row, str(exc.field): ""}
    return row


def one_run(args: argparse.Namespace) -> int:
    """A single run in this process: ``--one screen|assess ENGINE MASTER SOURCE OUTPUT``."""
    from dualwatch.engine import get_engine
    from dualwatch.risk.parties import ListContext
    from dualwatch.store import open_store

    task, engine_name, master, source, output = args.one
    with open_store() as store:
        context = ListContext.from_store(store)
    engine = get_engine(engine_name, master, {"spark.driver.memory": "4g"})
    started = time.perf_counter()
    try:
        if task == "screen":
            result: object = engine.screen_file(source, output, context.index)
        else:
            result = engine.assess_file(source, output, context)
    finally:
        engine.close()
    print(json.dumps({**{k: v for k, v in vars(result).items() if k != "output"},
                      "elapsed": round(time.perf_counter() - started, 1)}))
    return 0


def _run(args: list[str], env: dict[str, str]) -> dict[str, object]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--one", *args], env=env,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-4000:]}")
    inner = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall_seconds": round(wall, 1), "work_seconds": inner.pop("elapsed"),
            "load_average": round(os.getloadavg()[0], 1), **inner}


def _to_parquet(source: Path, target: Path) -> None:
    """The CSV as Parquet, every column text, for Spark to read itself."""
    options = "all_varchar=true, header=true, quote='\"', escape='\"', delim=','"
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{source}', {options})) TO '{target}' "
                   "(FORMAT parquet)")


def _same(paths: list[Path]) -> bool:
    first = paths[0].read_bytes()
    return all(p.read_bytes() == first for p in paths[1:])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counterparties", type=int, default=200_000)
    parser.add_argument("--shipments", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep generated files in this folder")
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        return one_run(options)
    results: dict[str, object] = {"machine": {"cpus": os.cpu_count(),
                                              "python": platform.python_version(),
                                              "platform": platform.platform()}}
    with tempfile.TemporaryDirectory(prefix="dualwatch-spark-bench-") as tmp:
        work = options.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DUALWATCH_HOME": str(Path(tmp) / "home")}
        os.environ["DUALWATCH_HOME"] = env["DUALWATCH_HOME"]
        store = SQLiteStore(Path(env["DUALWATCH_HOME"]) / "dualwatch.sqlite")
        results["entities"] = sum(r.version.entity_count for r in lists.load_path(store, LISTS))
        index = load_index(store)
        results["broadcast_index_mb"] = round(len(pickle.dumps(
            index, protocol=pickle.HIGHEST_PROTOCOL)) / 1e6, 1)
        results["index_groups"] = len(index)
        people = work / "counterparties.csv"
        with people.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["id", "name", "schema", "birth_date"])
            writer.writeheader()
            writer.writerows(counterpart_rows(store, options.counterparties))
        store.close()
        people_pq = work / "counterparties.parquet"
        _to_parquet(people, people_pq)
        shipments_csv, shipments_pq = work / "shipments.csv", work / "shipments.parquet"
        if not shipments_pq.exists():  # a kept folder keeps its generated file
            subprocess.run([sys.executable, "-c", "from dualwatch.cli import main; main()",
                            "shipments", "synth", str(shipments_csv), "--rows",
                            str(options.shipments), "--seed", "1"], env=env, check=True,
                           capture_output=True)
            _to_parquet(shipments_csv, shipments_pq)
        parts: dict[str, dict[str, object]] = {
            "screen": {"counterparties": options.counterparties, "runs": {}},
            "assess": {"shipments": options.shipments, "runs": {}}}
        results["screening"], results["shipments"] = parts["screen"], parts["assess"]
        outputs: dict[str, list[Path]] = {"screen": [], "assess": []}
        for task, engine, master in PLAN:
            label = master or engine
            if task == "screen":
                source = people if engine == "local" else people_pq
                out = work / f"hits_{label}.jsonl"
            else:
                source, out = shipments_pq, work / f"ranked_{label}.csv"
            run = _run([task, engine, master or "-", str(source), str(out)], env)
            print(task, label, json.dumps(run), flush=True)
            parts[task]["runs"][label] = run  # type: ignore[index]
            outputs[task].append(out)
            parts[task]["identical"] = _same(outputs[task])
            _write(results)
    print(markdown(results))
    return 0


def _write(results: dict[str, object]) -> None:
    """The results so far (after each run, so that a run cut short keeps the others)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "spark.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "spark.md").write_text(markdown(results))


def markdown(results: dict[str, object]) -> str:
    lines = ["| work | engine | wall (process) | work alone | load | rows/s |",
             "|---|---|---:|---:|---:|---:|"]
    for key, unit in (("screening", "counterparties"), ("shipments", "shipments")):
        part: dict[str, object] = results.get(key, {})  # type: ignore[assignment]
        if not part.get("runs"):
            continue
        size = int(part[unit])  # type: ignore[call-overload]
        runs: dict[str, dict[str, float]] = part["runs"]  # type: ignore[assignment]
        for label, run in runs.items():
            lines.append(f"| {size:,} {unit} | {label} | {run['wall_seconds']} s | "
                         f"{run['work_seconds']} s | {run['load_average']} | "
                         f"{size / run['work_seconds']:,.0f} |")
        if "local[1]" in runs and "local[2]" in runs:
            one, two = runs["local[1]"]["work_seconds"], runs["local[2]"]["work_seconds"]
            lines.append(f"| | speed-up local[2] over local[1] | {one / two:.2f}x | | | |")
        lines.append(f"| | outputs identical ({len(runs)} runs) | {part['identical']} | | | |")
    machine: dict[str, object] = results["machine"]  # type: ignore[assignment]
    lines += ["", f"Broadcast index: {results['broadcast_index_mb']} MB pickled "
                  f"({results['index_groups']:,} parties). Machine: {machine['cpus']} CPUs "
                  f"(shared), Python {machine['python']}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
