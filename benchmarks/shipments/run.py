"""Benchmark: shipment red flags on generated files of 10k and 1M rows.

Targets: recall >= 0.9 at precision >= 0.8 for the planted schemes at the high level, and one
million rows in under 5 minutes end to end (the `dualwatch shipments assess` command with its
output file and HTML report, lists already loaded).

Run from the repository root: ``python benchmarks/shipments/run.py [--sizes 10000,1000000]``.
It loads the bundled lists into a fresh store in a temporary folder, generates each file with
``dualwatch shipments synth`` (seed 1), runs ``dualwatch shipments assess`` as a subprocess,
and compares the high-level shipments with the planted labels. Results go to
``benchmarks/results/shipments.json`` and ``benchmarks/results/shipments.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from dualwatch import lists
from dualwatch.screening import load_index
from dualwatch.store.sqlite import SQLiteStore

LISTS = Path("../shared/data/lists")
RESULTS = Path("benchmarks/results")


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a dualwatch command; (wall seconds, CPU seconds of the command)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from dualwatch.cli import main; main()",
                           *args], env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def _score(ranked: Path, labels: Path) -> dict[str, object]:
    with duckdb.connect() as con:
        con.execute(f"CREATE TABLE r AS SELECT id, level FROM read_csv('{ranked}', "
                    "all_varchar=true)")
        con.execute(f"CREATE TABLE l AS SELECT * FROM read_csv('{labels}', all_varchar=true)")
        planted, high, found = con.execute("""SELECT (SELECT count(*) FROM l),
            (SELECT count(*) FROM r WHERE level = 'high'),
            (SELECT count(*) FROM r JOIN l ON l.shipment_id = r.id
             WHERE r.level = 'high')""").fetchone() or (0, 0, 0)
        per_scheme = {scheme: round(hits / total, 4) for scheme, total, hits in con.execute(
            """SELECT l.scheme, count(*), count(*) FILTER (WHERE r.level = 'high')
               FROM l JOIN r ON r.id = l.shipment_id GROUP BY 1 ORDER BY 1""").fetchall()}
        levels = dict(con.execute("SELECT level, count(*) FROM r GROUP BY 1").fetchall())
    return {"planted": planted, "high": high, "planted_and_high": found,
            "recall_high": round(found / planted, 4) if planted else None,
            "precision_high": round(found / high, 4) if high else None,
            "recall_by_scheme": per_scheme, "levels": levels}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--keep", type=Path, help="keep generated files in this folder")
    options = parser.parse_args()
    if not LISTS.exists():
        print(f"bundled lists not found at {LISTS}; run from the repository root",
              file=sys.stderr)
        return 2
    results: dict[str, object] = {"machine": {"cpus": os.cpu_count(),
                                              "python": platform.python_version(),
                                              "platform": platform.platform()},
                                  "runs": []}
    with tempfile.TemporaryDirectory(prefix="dualwatch-bench-") as tmp:
        work = options.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DUALWATCH_HOME": str(Path(tmp) / "home")}
        store = SQLiteStore(Path(env["DUALWATCH_HOME"]) / "dualwatch.sqlite")
        started = time.perf_counter()
        entities = sum(r.version.entity_count for r in lists.load_path(store, LISTS))
        os.environ["DUALWATCH_HOME"] = env["DUALWATCH_HOME"]
        load_index(store)  # builds the cached index, as a first screening run would
        results["lists"] = {"entities": entities,
                            "load_and_index_seconds": round(time.perf_counter() - started, 1)}
        store.close()
        for size in (int(s) for s in options.sizes.split(",")):
            source = work / f"shipments_{size}.csv"
            ranked, report = work / f"ranked_{size}.csv", work / f"report_{size}.html"
            synth_s, _ = _run(["shipments", "synth", str(source), "--rows", str(size),
                               "--seed", "1"], env)
            assess_s, assess_cpu = _run(["shipments", "assess", str(source), "-o", str(ranked),
                                         "--report", str(report)], env)
            run = {"rows": size, "file_mb": round(source.stat().st_size / 1e6, 1),
                   "synth_seconds": round(synth_s, 1), "assess_seconds": round(assess_s, 1),
                   "assess_cpu_seconds": round(assess_cpu, 1),
                   "load_average": round(os.getloadavg()[0], 1),
                   "rows_per_second": round(size / assess_s),
                   **_score(ranked, work / f"shipments_{size}.labels.csv")}
            print(json.dumps(run), flush=True)
            results["runs"].append(run)  # type: ignore[attr-defined]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "shipments.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "shipments.md").write_text(_markdown(results))
    return 0


def _markdown(results: dict[str, object]) -> str:
    lines = ["| rows | recall (high) | precision (high) | assess, end to end (wall) | CPU | "
             "rows/s | file |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for run in results["runs"]:  # type: ignore[attr-defined]
        lines.append(f"| {run['rows']:,} | {run['recall_high']} | {run['precision_high']} | "
                     f"{run['assess_seconds']} s (load {run['load_average']}) | "
                     f"{run['assess_cpu_seconds']} s | {run['rows_per_second']:,} | "
                     f"{run['file_mb']} MB CSV |")
    machine = results["machine"]
    lines.append("")
    lines.append(f"Machine: {machine['cpus']} CPUs, Python {machine['python']}.")  # type: ignore[index]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
