"""Benchmark: kill -9 at random moments of a monitoring day, on SQLite and PostgreSQL.

Each kill point is a (step, moment) drawn at random: one of the day's three steps (see
``scenario.py``) is killed with SIGKILL that many seconds after it starts, then run again, and the
day goes on. The final alerts are compared with those of an uninterrupted run on the same engine.
A kill point whose step ended before the kill counts as "finished first", not as a crash.

Run from the repository root: ``python benchmarks/crash/crash_resume.py [--kills N]
[--engines sqlite,postgresql]``. PostgreSQL is started on loopback as the tests start it.
Writes ``benchmarks/results/crash_resume.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenario  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "crash_resume.json"


def engine_url(engine: str, folder: Path, server: Any, n: int) -> str:
    if engine == "sqlite":
        folder.mkdir(parents=True)
        return f"sqlite:///{folder / 'store.sqlite'}"
    return str(server.create_database(f"crash_{n}"))


def run_engine(engine: str, kills: int, rng: random.Random, work: Path,
               server: Any) -> dict[str, Any]:
    work.mkdir(parents=True)
    book = scenario.write_book(work / "book.csv")
    home = work / "home"
    base = scenario.run_day(home, book, engine_url(engine, work / "base", server, 0))
    if not base.audit_ok or base.pending:
        raise RuntimeError(f"{engine}: the uninterrupted run did not end clean")
    started = time.perf_counter()
    points: list[dict[str, Any]] = []
    for n in range(1, kills + 1):
        step = rng.randrange(3)
        moment = round(rng.uniform(0.0, base.seconds[step]), 3)
        out = scenario.run_day(home, book, engine_url(engine, work / f"k{n}", server, n),
                               kill=(step, moment))
        points.append({"step": scenario.steps(book)[step][:2], "after_s": moment,
                       "killed": out.killed, "identical": out.alerts == base.alerts,
                       "audit_ok": out.audit_ok, "pending_after": out.pending,
                       "alerts": len(out.alerts)})
        print(engine, points[-1], flush=True)
    crashed = [p for p in points if p["killed"]]
    return {"engine": engine, "uninterrupted_alerts": len(base.alerts),
            "uninterrupted_step_seconds": [round(s, 2) for s in base.seconds],
            "kill_points": len(points), "killed_mid_step": len(crashed),
            "identical": sum(p["identical"] for p in points),
            "identical_of_killed": sum(p["identical"] for p in crashed),
            "audit_valid": sum(p["audit_ok"] for p in points),
            "seconds": round(time.perf_counter() - started, 1), "points": points}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="kill points per engine")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results = []
    server = None
    with tempfile.TemporaryDirectory(prefix="dualwatch-crash-") as tmp:
        for engine in args.engines.split(","):
            if engine == "postgresql" and server is None:
                from tests.postgres_server import PostgresServer

                server = PostgresServer()
            try:
                results.append(run_engine(engine, args.kills, rng, Path(tmp) / engine, server))
            finally:
                if engine == "postgresql" and server is not None:
                    server.stop()
                    server = None
    RESULTS.write_text(json.dumps({"seed": args.seed, "engines": results}, indent=2) + "\n")
    for r in results:
        print(f"{r['engine']}: {r['kill_points']} kill points, {r['killed_mid_step']} killed "
              f"mid-step, {r['identical']} identical to the uninterrupted run "
              f"({r['uninterrupted_alerts']} alerts)")


if __name__ == "__main__":
    main()
