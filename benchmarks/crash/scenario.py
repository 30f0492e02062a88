"""A monitoring day run as real ``dualwatch`` processes, some of them killed with SIGKILL.

The day, on real data: load the UN Security Council list; import a book of counterparties
without a ``schema`` (names of the UN list as OpenSanctions' benchmark spells them, people from
``negatives_global.csv`` and the 80 companies of the US DoD 1260H list under their short
names); load the DoD 1260H list, which must re-screen the book and raise alerts on its
companies. A *run* does the three steps in order, each as its own
process; a *crash run* kills one step at a chosen moment with ``kill -9``, then runs that step
again and goes on, as an operator would. The final alerts of every crash run must be identical
to those of an uninterrupted run: nothing lost, nothing raised twice.

Used by ``tests/monitor/test_crash_resume.py`` (a few kill points) and by
``benchmarks/crash/crash_resume.py`` (many, on both engines).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
LISTS = SHARED / "data" / "lists"
BENCH = SHARED / "bench"
FIRST_LIST = LISTS / "un_sc" / "consolidated.xml"
SECOND_LIST = LISTS / "ftm" / "us_dod_1260h.ftm.json"

Alerts = list[tuple[str, str, str, str, float]]


def write_book(path: Path, listed: int = 683, others: int = 687) -> Path:
    """The counterparties, without a schema column."""
    rows: list[tuple[str, str, str]] = []
    with SECOND_LIST.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            props = json.loads(line)["properties"]
            name = (props.get("alias") or props["name"])[0]
            rows.append((f"D{i:04d}", name, (props.get("country") or [""])[0]))
    with (BENCH / "positives_un_untreated.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if i < listed:
                rows.append((f"U{i:04d}", row["full_name"], row["nationality"]))
    with (BENCH / "negatives_global.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if i >= others:
                break
            rows.append((f"N{i:04d}", row["full_name"], ""))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("id", "name", "country"))
        writer.writerows(rows)
    return path


def steps(book: Path) -> list[list[str]]:
    return [["lists", "load", str(FIRST_LIST)],
            ["portfolio", "import", "book", str(book)],
            ["lists", "load", str(SECOND_LIST)]]


@dataclass
class Outcome:
    alerts: Alerts
    seconds: list[float]  # each step's wall time (of its last, completed attempt)
    killed: bool  # whether the kill landed before the step ended by itself
    audit_ok: bool
    pending: int


def _env(home: Path, db_url: str) -> dict[str, str]:
    """Runs share ``home`` (its index caches, keyed by content) but each has its own store."""
    return {**os.environ, "DUALWATCH_HOME": str(home), "COLUMNS": "200",
            "DUALWATCH_DB": db_url}


def _command(args: list[str]) -> list[str]:
    return [sys.executable, "-c", "from dualwatch.cli import main; main()", *args]


def run_step(args: list[str], env: dict[str, str], kill_after: float | None = None,
             timeout: float = 600) -> tuple[float, bool]:
    """Run one step; with ``kill_after``, SIGKILL it after that many seconds. Returns (seconds,
    whether it was killed before finishing)."""
    started = time.perf_counter()
    proc = subprocess.Popen(_command(args), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return time.perf_counter() - started, True
    output, _ = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"dualwatch {' '.join(args)} failed:\n{output.decode()}")
    return time.perf_counter() - started, False


def final_state(env: dict[str, str]) -> tuple[Alerts, bool, int]:
    """The alerts (portfolio, counterparty, entry, status, score), whether the audit chain
    verifies, and how much screening is still owed."""
    code = (
        "import json\n"
        "from dualwatch.store import open_store\n"
        "with open_store() as s:\n"
        "    alerts = [(a.portfolio, a.external_id, a.entity_id, a.status, round(a.score, 6))\n"
        "              for a in s.alerts(limit=10**7)]\n"
        "    p = s.pending_work()\n"
        "    print(json.dumps([sorted(alerts), s.verify_audit().ok,\n"
        "                      p.counterparties + p.list_changes]))\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True,
                         timeout=120).stdout
    alerts, ok, pending = json.loads(out)
    return [tuple(a) for a in alerts], bool(ok), int(pending)


def run_day(home: Path, book: Path, db_url: str,
            kill: tuple[int, float] | None = None) -> Outcome:
    """The three steps on the store at ``db_url`` (``sqlite:///PATH`` or a PostgreSQL URL);
    ``kill`` = (step index, seconds after its start) kills that step once."""
    env = _env(home, db_url)
    seconds: list[float] = []
    killed = False
    for i, args in enumerate(steps(book)):
        if kill is not None and kill[0] == i:
            _, killed = run_step(args, env, kill_after=kill[1])
        took, _ = run_step(args, env)
        seconds.append(took)
    alerts, ok, pending = final_state(env)
    return Outcome(alerts, seconds, killed, ok, pending)
