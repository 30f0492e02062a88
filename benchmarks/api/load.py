"""Load test of ``POST /match`` against ``dualwatch serve`` on loopback, bounded in time.

Run from the repository root: ``python benchmarks/api/load.py [--seconds 20] [--concurrency 8]``.
It loads the bundled lists (``../shared/data/lists``) into a fresh store in a temporary
``DUALWATCH_HOME``, creates an analyst key, starts ``dualwatch serve`` on 127.0.0.1 (which builds
the match index before it accepts requests), then keeps a fixed number of requests in flight from
an asyncio/httpx client for a fixed time: first one query per request (as a yente client screening
one party), then ten. Half the queries are names of listed entries, half names that are not
listed. Requests per second and latency percentiles go to ``benchmarks/results/api.json``.

The client runs on the same machine as the server and takes CPU from it; on a 2-core machine the
numbers are a floor, not a ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from dualwatch import lists
from dualwatch.store.sqlite import SQLiteStore

LISTS = Path("../shared/data/lists")
RESULTS = Path("benchmarks/results/api.json")
FIRST = ("Anna", "Peter", "Lukas", "Chen", "Maria", "Jonas", "Sofia", "Ahmed", "Elena", "Tomas")
LAST = ("Keller", "Novak", "Lindqvist", "Moreau", "Okafor", "Brennan", "Castillo", "Haugen")
FIRMS = ("Nordic Pump Systems", "Bavaria Precision Tools", "Lisbon Textile Traders",
         "Alpine Dairy Cooperative", "Coastal Freight Partners", "Riverside Medical Supplies")
FORMS = ("GmbH", "Ltd", "AB", "SA", "LLC", "BV")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def queries(store: SQLiteStore, count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` FtM examples: half listed names (people and companies), half unlisted."""
    rng = random.Random(seed)
    listed = [e for e in store.current_entities() if e.schema in ("Person", "Company")]
    examples = []
    for entity in rng.sample(listed, count // 2):
        examples.append({"schema": entity.schema, "properties": {"name": [entity.caption]}})
    for i in range(count - count // 2):
        if i % 2:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            examples.append({"schema": "Person", "properties": {"name": [name]}})
        else:
            name = f"{rng.choice(FIRMS)} {rng.choice(FORMS)}"
            examples.append({"schema": "Company", "properties": {"name": [name]}})
    rng.shuffle(examples)
    return examples


async def run_phase(url: str, key: str, examples: list[dict[str, Any]], batch: int,
                    seconds: float, concurrency: int, warmup: float = 2.0) -> dict[str, Any]:
    headers = {"Authorization": f"ApiKey {key}"}
    latencies: list[float] = []
    errors: dict[str, int] = {}
    hits = 0
    started = time.perf_counter()
    measure_from = started + warmup
    stop_at = measure_from + seconds

    async def worker(number: int, client: httpx.AsyncClient) -> None:
        nonlocal hits
        position = number * 97
        while time.perf_counter() < stop_at:
            body = {"queries": {f"q{j}": examples[(position + j) % len(examples)]
                                for j in range(batch)}}
            position += batch
            sent = time.perf_counter()
            try:
                response = await client.post(f"{url}/match/default", json=body)
                status = str(response.status_code)
                if response.status_code == 200 and sent >= measure_from:
                    hits += sum(1 for r in response.json()["responses"].values()
                                if any(x["match"] for x in r["results"]))
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            elapsed = time.perf_counter() - sent
            if sent < measure_from:
                continue
            if status == "200":
                latencies.append(elapsed)
            else:
                errors[status] = errors.get(status, 0) + 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(n, client) for n in range(concurrency)))
    window = time.perf_counter() - measure_from
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

    return {
        "queries_per_request": batch, "concurrency": concurrency,
        "seconds_measured": round(window, 1), "requests": len(latencies),
        "requests_per_second": round(len(latencies) / window, 1),
        "queries_per_second": round(len(latencies) * batch / window, 1),
        "latency_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
                       "max": round(latencies[-1] * 1000, 1)} if latencies else {},
        "queries_with_a_match": hits, "errors": errors,
    }


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 300) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"dualwatch serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("dualwatch serve did not become ready")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per phase")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    args = parser.parse_args()
    if not LISTS.exists():
        print(f"bundled lists not found at {LISTS}; run from the repository root",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        store = SQLiteStore(home / "dualwatch.sqlite")
        entities = sum(r.version.entity_count for r in lists.load_path(store, LISTS))
        key = store.create_api_key("load-test", "analyst")
        examples = queries(store, 400)
        store.close()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DUALWATCH_HOME": str(home)}
        env.pop("DUALWATCH_DB", None)
        server = subprocess.Popen(
            [sys.executable, "-c", "from dualwatch.cli import main; main()", "serve",
             "--port", str(port),
             "--log-level", "warning"], env=env)
        try:
            startup = wait_ready(url, server)
            phases = [asyncio.run(run_phase(url, key, examples, 1, args.seconds,
                                            args.concurrency)),
                      asyncio.run(run_phase(url, key, examples, 10, args.seconds / 2,
                                            args.concurrency))]
        finally:
            server.terminate()
            server.wait(timeout=30)
    report = {
        "benchmark": "POST /match/default against dualwatch serve on 127.0.0.1",
        "entities_loaded": entities, "startup_seconds_with_index_build": round(startup, 1),
        "phases": phases,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "note": "client and server share the machine's CPUs",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
