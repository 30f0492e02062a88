"""Benchmark: payment screening on a generated stream of 100,000 messages with planted hits.

Targets: every planted BIC and identifier hit found; planted name hits recall >= 0.98; at most
5 false holds per 1,000 clean messages; >= 300 messages/s on one core in bulk; ``POST
/payments/screen`` p95 < 50 ms for one message on loopback.

Run from the repository root: ``python benchmarks/payments/run.py [--messages 100000]``. It
loads the bundled lists (``../shared/data/lists`` and ``../shared/data/lists-extra``) into a
fresh store in a temporary ``DUALWATCH_HOME``, generates the stream (``stream.py``, seed 1),
screens it in this process on one thread with the library call the command line and the API
use (messages parsed from their text and decided in batches of 1,000), scores the decisions
against the planted labels, then starts ``dualwatch serve`` on 127.0.0.1 and sends single
messages one after another. Results go to ``benchmarks/results/payments.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stream import Generator, Planted, build_pools, stream

from dualwatch import lists
from dualwatch.risk.payment_lists import PaymentLists, load_tables
from dualwatch.risk.payments import Decision, screen_messages
from dualwatch.screening import load_index
from dualwatch.sources.messages import read_text
from dualwatch.store.sqlite import SQLiteStore

FOLDERS = (Path("../shared/data/lists"), Path("../shared/data/lists-extra"))
RESULTS = Path("benchmarks/results")
CHUNK = 1_000
ID_KINDS = ("bic", "institution", "identifier", "imo")
NAME_KINDS = ("name", "agent_name", "text_name")
HIT_KIND = {"bic": ("bic",), "institution": ("institution",), "identifier": ("identifier",),
            "imo": ("vessel",), "name": ("name",), "agent_name": ("name",),
            "text_name": ("text_name",), "goods": ("goods",), "country": ("country",)}


def found(decision: Decision, planted: Planted) -> bool:
    """Whether the decision reports the planted hit, of its kind and with its list entry."""
    kinds = HIT_KIND[planted.kind]
    for hit in decision.hits:
        if hit.kind not in kinds or hit.severity == "note":
            continue
        if planted.kind == "goods":
            return True
        if planted.kind == "country":
            if planted.expected.upper() in hit.reason:
                return True
            continue
        if planted.expected in hit.sources:
            return True
    return False


class Tally:
    def __init__(self) -> None:
        self.planted: Counter[str] = Counter()
        self.hit: Counter[str] = Counter()
        self.clean = 0
        self.clean_decisions: Counter[str] = Counter()
        self.false_hold_kinds: Counter[str] = Counter()
        self.false_hold_examples: list[str] = []
        self.missed_examples: dict[str, list[str]] = {}
        self.planted_decisions: Counter[str] = Counter()
        self.errors = 0

    def add(self, decision: Decision, planted: Planted | None) -> None:
        if decision.decision == "error":
            self.errors += 1
        if planted is None:
            self.clean += 1
            self.clean_decisions[decision.decision] += 1
            if decision.decision == "hold":
                kinds = sorted({h.kind for h in decision.hits if h.severity == "hold"})
                self.false_hold_kinds.update(kinds)
                if len(self.false_hold_examples) < 15:
                    self.false_hold_examples.append(next(
                        h.reason for h in decision.hits if h.severity == "hold"))
            return
        keys = [planted.kind]
        if planted.split:
            keys.append(f"{planted.kind}:{planted.split}")
        ok = found(decision, planted)
        self.planted_decisions[decision.decision] += 1
        for key in keys:
            self.planted[key] += 1
            self.hit[key] += ok
        if not ok:
            examples = self.missed_examples.setdefault(planted.kind, [])
            if len(examples) < 8:
                examples.append(f"{planted.written} ({planted.expected}) -> {decision.decision}")

    def recall(self, key: str) -> float | None:
        return round(self.hit[key] / self.planted[key], 4) if self.planted[key] else None


def load_store(home: Path) -> tuple[SQLiteStore, int]:
    store = SQLiteStore(home / "dualwatch.sqlite")
    count = 0
    for folder in FOLDERS:
        count += sum(r.version.entity_count for r in lists.load_path(store, folder))
    return store, count


def bulk(lists_: PaymentLists, generator: Generator, count: int, share: float,
         tally: Tally, samples: list[str]) -> dict[str, float]:
    """Screen the stream chunk by chunk; only parsing and screening are timed."""
    wall = cpu = 0.0
    chunk: list[tuple[str, str, Planted | None]] = []
    rng = random.Random(3)

    def flush() -> None:
        nonlocal wall, cpu
        started, started_cpu = time.perf_counter(), time.process_time()
        reads = [m for ref, text, _ in chunk for m in read_text(text, ref)]
        decisions = screen_messages(reads, lists_)
        wall += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        if len(decisions) != len(chunk):
            raise SystemExit(f"{len(decisions)} decisions for {len(chunk)} messages")
        for (_, text, planted), decision in zip(chunk, decisions, strict=True):
            tally.add(decision, planted)
            if len(samples) < 400 and rng.random() < 0.01:
                samples.append(text)
        chunk.clear()

    for item in stream(generator, count, share):
        chunk.append(item)
        if len(chunk) == CHUNK:
            flush()
    if chunk:
        flush()
    return {"seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
            "messages_per_second": round(count / wall, 1),
            "messages_per_cpu_second": round(count / cpu, 1)}


def api_latency(home: Path, key: str, samples: list[str]) -> dict[str, Any]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DUALWATCH_HOME": str(home)}
    env.pop("DUALWATCH_DB", None)
    server = subprocess.Popen([sys.executable, "-c", "from dualwatch.cli import main; main()",
                              "serve", "--port", str(port), "--log-level", "warning"], env=env)
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    try:
        started = time.perf_counter()
        while True:
            if server.poll() is not None:
                raise SystemExit("dualwatch serve exited")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        startup = time.perf_counter() - started
        with httpx.Client(headers={"Authorization": f"ApiKey {key}"}, timeout=600) as client:
            for number, text in enumerate([samples[0]] * 5 + samples):
                sent = time.perf_counter()
                answer = client.post(f"{url}/payments/screen",
                                     json={"messages": [{"text": text}]})
                elapsed = time.perf_counter() - sent
                if number < 5:
                    continue  # warm-up: the first request builds the BIC and IMO tables
                statuses[str(answer.status_code)] += 1
                if answer.status_code == 200:
                    latencies.append(elapsed)
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

    return {"requests": len(latencies), "statuses": dict(statuses),
            "startup_seconds": round(startup, 1),
            "latency_ms": {"p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99),
                           "max": round(latencies[-1] * 1000, 1)}}


def report_md(report: dict[str, Any]) -> str:
    q = report["quality"]
    lines = ["# Payment screening benchmark", "",
             f"{report['messages']:,} generated messages ({report['planted_messages']:,} with "
             f"one planted hit each), lists: {report['entities_loaded']:,} entities "
             "(`lists` and `lists-extra`).", "",
             "| target | measured | goal |", "|---|---|---|"]
    for row in report["targets"]:
        lines.append(f"| {row['target']} | {row['measured']} | {row['goal']} |")
    lines += ["", "Recall by planted kind (validation half of the listed parties first):", "",
              "| kind | planted | recall |", "|---|---|---|"]
    for kind, value in q["recall"].items():
        lines.append(f"| {kind} | {q['planted'][kind]:,} | {value} |")
    lines += ["", f"Clean messages: {q['clean']:,}; decisions {q['clean_decisions']}.",
              f"False holds by kind of hit: {q['false_hold_kinds']}.", ""]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--planted-share", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-api", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the results")
    parser.add_argument("--home", type=Path, help="use this DUALWATCH_HOME with lists "
                        "already loaded (for development; the reported run loads them fresh)")
    args = parser.parse_args()
    if not FOLDERS[0].exists():
        print(f"bundled lists not found at {FOLDERS[0]}; run from the repository root",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        os.environ["DUALWATCH_HOME"] = str(home)
        if args.home:
            store = SQLiteStore(home / "dualwatch.sqlite")
            entity_count = sum(v.entity_count for v in store.current_versions())
        else:
            store, entity_count = load_store(home)
        key = store.create_api_key("payments-benchmark", "analyst")
        entities = list(store.current_entities())
        index = load_index(store)
        tables = load_tables(store)  # kept in the store's cache, where the server finds it
        payment_lists = PaymentLists(index, tables)
        generator = Generator(build_pools(entities, tables, args.seed), tables, args.seed)
        store.close()
        tally = Tally()
        samples: list[str] = []
        speed = bulk(payment_lists, generator, args.messages, args.planted_share, tally,
                     samples)
        api = None if args.no_api else api_latency(home, key, samples)
    kinds = sorted(tally.planted, key=lambda k: (k.split(":")[0], k.endswith(":dev")))
    quality = {"planted": dict(tally.planted), "found": dict(tally.hit),
               "recall": {k: tally.recall(k) for k in kinds}, "clean": tally.clean,
               "clean_decisions": dict(tally.clean_decisions),
               "false_holds_per_1000_clean": round(
                   1000 * tally.clean_decisions["hold"] / max(tally.clean, 1), 2),
               "false_reviews_per_1000_clean": round(
                   1000 * tally.clean_decisions["review"] / max(tally.clean, 1), 2),
               "false_hold_kinds": dict(tally.false_hold_kinds),
               "false_hold_examples": tally.false_hold_examples,
               "missed_examples": tally.missed_examples,
               "planted_decisions": dict(tally.planted_decisions), "errors": tally.errors}
    id_found = sum(tally.hit[k] for k in ID_KINDS)
    id_planted = sum(tally.planted[k] for k in ID_KINDS)
    name_val = ("name:validation", "name:dev")
    targets = [
        {"target": "planted BIC and identifier hits found",
         "measured": f"{id_found:,} of {id_planted:,}", "goal": "all"},
        *({"target": f"planted party name recall ({k.split(':')[1]})",
           "measured": tally.recall(k), "goal": ">= 0.98"} for k in name_val),
        {"target": "false holds per 1,000 clean messages",
         "measured": quality["false_holds_per_1000_clean"], "goal": "<= 5"},
        {"target": "messages/s, one core, bulk (parse + screen)",
         "measured": speed["messages_per_second"], "goal": ">= 300"},
    ]
    if api is not None:
        targets.append({"target": "POST /payments/screen p95, one message, loopback (ms)",
                        "measured": api["latency_ms"]["p95"], "goal": "< 50"})
    report = {"benchmark": "payment screening on a generated stream",
              "messages": args.messages,
              "planted_messages": sum(tally.planted[k] for k in tally.planted if ":" not in k),
              "entities_loaded": entity_count, "targets": targets, "speed": speed,
              "quality": quality, "api": api,
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform()}}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "payments.json").write_text(json.dumps(report, indent=2, ensure_ascii=False)
                                           + "\n", encoding="utf-8")
    (args.out / "payments.md").write_text(report_md(report), encoding="utf-8")
    print(json.dumps({"targets": targets, "recall": quality["recall"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
