"""Screening benchmark: quality per set against reference matchers, speed, index cost.

Run from the repository root: ``python benchmarks/screening/run.py [--quick]``. It loads every
bundled list with its parser, builds the match index (time and memory), reports first the real
name pairs of the lists' validation parties (real_set.py: ``compare`` and the anchors on them,
the calibration table, candidate recall), then screens each generated set with
``match_batch`` (recall, alerts per 1,000 negatives, precision, F1 at the default threshold and
the best-F1 threshold), then scores the candidates our index returned with rapidfuzz WRatio and
nomenklatura's logic-v1 and logic-v2 (each at its own best threshold, and at its documented
default), measures bulk throughput and single-query latency, and writes
``benchmarks/results/screening.json`` and ``screening.md``. The process pins itself to one CPU
core so throughput is per core. ``--quick`` uses fixed subsets and finishes in about a minute.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anchors
import real_set
import report
from bundled import load_entities
from metrics import Scored, best_threshold, quality
from sets import Case, ScreeningSet, companies, cross_script_pairs, negatives_global, un_treated

from dualwatch.match import (
    DEFAULT_THRESHOLD,
    Hit,
    MatchIndex,
    Query,
    build_index,
    compare,
    match_batch,
)
from dualwatch.model import Entity, NameKind

RESULTS = Path(__file__).resolve().parents[1] / "results"
SEED = 1729
CANDIDATE_FLOOR = 0.05  # hits kept as the candidate pool every matcher scores
CANDIDATE_LIMIT = 10
QUICK_ANCHOR_SAMPLE = (60, 200)


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin_one_core() -> str:
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"process pinned to CPU core {core} (os.sched_setaffinity), single process"
    except (AttributeError, OSError):
        return "single process, not pinned (sched_setaffinity unavailable)"


def ours(case: Case, hits: list[Hit]) -> Scored:
    found = max((h.score for h in hits if case.truth & set(h.entity_ids)), default=0.0)
    return Scored(case.positive, found, max((h.score for h in hits), default=0.0))


def anchor_scored(case: Case, candidates: list[Entity], score: anchors.Anchor) -> Scored:
    scores = {e.id: score(case.query, e) for e in candidates}
    found = max((s for i, s in scores.items() if i in case.truth), default=0.0)
    return Scored(case.positive, found, max(scores.values(), default=0.0))


def screen(cases: list[Case], index: MatchIndex) -> list[list[Hit]]:
    return match_batch([c.query for c in cases], index, threshold=CANDIDATE_FLOOR,
                       limit=CANDIDATE_LIMIT)


def quality_block(scored: list[Scored], default: float | None) -> dict[str, Any]:
    block: dict[str, Any] = {"best": best_threshold(scored).as_dict()}
    if default is not None:
        block["default"] = quality(scored, default).as_dict()
    return block


def candidate_recall(cases: list[Case], pools: list[list[Entity]]) -> float | None:
    pos = [(c, p) for c, p in zip(cases, pools, strict=True) if c.positive]
    if not pos:
        return None
    return round(sum(1 for c, p in pos if c.truth & {e.id for e in p}) / len(pos), 4)


def compare_anchors(name: str, cases: list[Case], hits: list[list[Hit]],
                    by_id: dict[str, Entity], matchers: dict[str, anchors.Anchor],
                    note: str) -> dict[str, Any]:
    """Ours and every anchor on the same cases and the same candidate pools."""
    pools = [[by_id[i] for h in hs for i in h.entity_ids] for hs in hits]
    out: dict[str, Any] = {"set": name, "note": note, "cases": len(cases),
                           "positives": sum(c.positive for c in cases),
                           "candidate_recall": candidate_recall(cases, pools), "matchers": {}}
    mine = [ours(c, h) for c, h in zip(cases, hits, strict=True)]
    out["matchers"]["dualwatch"] = quality_block(mine, DEFAULT_THRESHOLD)
    for label, score in matchers.items():
        started = time.perf_counter()
        scored = [anchor_scored(c, p, score) for c, p in zip(cases, pools, strict=True)]
        pairs = sum(len(p) for p in pools)
        block = quality_block(scored, anchors.DOCUMENTED_THRESHOLD.get(label))
        block["pairs_scored"] = pairs
        block["ms_per_pair"] = round(1000 * (time.perf_counter() - started) / max(pairs, 1), 3)
        out["matchers"][label] = block
        print(f"  {name}: {label} done ({pairs} pairs)", flush=True)
    return out


def sample(cases: list[Case], n_pos: int, n_neg: int, rng: random.Random) -> list[int]:
    pos = [i for i, c in enumerate(cases) if c.positive]
    neg = [i for i, c in enumerate(cases) if not c.positive]
    return sorted(rng.sample(pos, min(n_pos, len(pos))) + rng.sample(neg, min(n_neg, len(neg))))


def cross_script(matchers: dict[str, Callable[[str, str], float]]) -> dict[str, Any]:
    pairs = cross_script_pairs()
    rng = random.Random(SEED)
    order = list(range(len(pairs)))
    negatives = []
    for i, pair in enumerate(pairs):  # each left name against another row's right name
        rng.shuffle(order)
        j = next(j for j in order if j != i and pairs[j].right != pair.right)
        negatives.append((pair.left, pairs[j].right))
    out: dict[str, Any] = {"pairs": len(pairs), "negatives": len(negatives), "matchers": {}}
    for label, score in matchers.items():
        pos_scores = [score(p.left, p.right) for p in pairs]
        neg_scores = [score(a, b) for a, b in negatives]
        scored = [Scored(True, s, s) for s in pos_scores] + [
            Scored(False, 0.0, s) for s in neg_scores]
        default = DEFAULT_THRESHOLD if label == "dualwatch" else (
            anchors.DOCUMENTED_THRESHOLD.get(label))
        block = quality_block(scored, default)
        block["reach_min_score"] = sum(s >= p.min_score for s, p in zip(pos_scores, pairs,
                                                                          strict=True))
        block["per_pair"] = [{"left": p.left, "right": p.right, "min": p.min_score,
                              "score": round(s, 4)} for p, s in zip(pairs, pos_scores,
                                                                     strict=True)]
        out["matchers"][label] = block
    return out


def latency(cases: list[Case], index: MatchIndex, n: int, rng: random.Random) -> dict[str, float]:
    picked = rng.sample(cases, min(n, len(cases)))
    wall, cpu = [], []
    for case in picked:
        started, started_cpu = time.perf_counter(), time.process_time()
        match_batch([case.query], index)
        cpu.append(1000 * (time.process_time() - started_cpu))
        wall.append(1000 * (time.perf_counter() - started))
    wall.sort()
    cpu.sort()
    q, c = statistics.quantiles(wall, n=100), statistics.quantiles(cpu, n=100)
    return {"queries": len(wall), "p50_ms": round(q[49], 3), "p95_ms": round(q[94], 3),
            "p99_ms": round(q[98], 3), "max_ms": round(wall[-1], 3),
            "cpu_p50_ms": round(c[49], 3), "cpu_p95_ms": round(c[94], 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fixed subsets, about a minute")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    logging.disable(logging.WARNING)
    core_note = pin_one_core()
    rng = random.Random(SEED)
    started_all = time.perf_counter()

    t0 = time.perf_counter()
    entities = load_entities()
    load_s = time.perf_counter() - t0
    by_id = {e.id: e for e in entities}
    print(f"loaded {len(entities)} entities in {load_s:.1f}s", flush=True)

    gc.collect()
    rss0, peak0 = rss_mb(), peak_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    index = build_index(entities)
    build_s, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    gc.collect()
    index_info = {"entities": len(entities), "build_s": round(build_s, 2),
                  "build_cpu_s": round(build_cpu, 2),
                  "rss_delta_mb": round(rss_mb() - rss0, 1),
                  "peak_rss_delta_mb": round(peak_mb() - peak0, 1),
                  "lists_load_s": round(load_s, 2)}
    print(f"index built in {build_s:.1f}s, +{index_info['rss_delta_mb']} MB", flush=True)

    # Real pairs first: names of listed parties as the lists themselves write them.
    real = real_set.figures(index, {
        "rapidfuzz-wratio": lambda schema: anchors.name_wratio,
        "logic-v2": lambda schema: anchors.name_pair_anchor("logic-v2", schema)},
        sample=600 if args.quick else None)
    print(f"real validation pairs: F1 {real['matchers']['dualwatch']['default']['f1']:.3f} at "
          f"{DEFAULT_THRESHOLD}", flush=True)

    un, neg, comp = un_treated(entities), negatives_global(), companies()
    if args.quick:
        neg = ScreeningSet(neg.name, random.Random(SEED).sample(neg.cases, 5000),
                           ["quick: 5,000 of the 50,000 negatives"])
    sets_notes = {s.name: s.notes for s in (un, neg, comp)}

    # Throughput at the default threshold, all of UN positives + negatives in one batch.
    bulk = [c.query for c in un.cases + neg.cases]
    gc.collect()
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    match_batch(bulk, index)
    bulk_s, bulk_cpu = time.perf_counter() - t0, time.process_time() - c0
    throughput = {"queries": len(bulk), "seconds": round(bulk_s, 2),
                  "queries_per_s": round(len(bulk) / bulk_s, 1),
                  "cpu_seconds": round(bulk_cpu, 2),
                  "queries_per_cpu_s": round(len(bulk) / bulk_cpu, 1),
                  "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]}
    print(f"throughput {throughput['queries_per_s']} q/s "
          f"({throughput['queries_per_cpu_s']} per CPU second)", flush=True)
    lat = latency(un.cases + neg.cases + comp.cases, index, 300 if args.quick else 2000, rng)
    print(f"latency p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms", flush=True)

    # Quality of our matcher on the whole sets.
    un_cases = un.cases + neg.cases
    un_hits = screen(un_cases, index)
    comp_hits = screen(comp.cases, index)
    full_quality = {
        "un_treated_vs_negatives": {
            **quality_block([ours(c, h) for c, h in zip(un_cases, un_hits, strict=True)],
                            DEFAULT_THRESHOLD),
            "candidate_recall": candidate_recall(
                un_cases, [[by_id[i] for h in hs for i in h.entity_ids] for hs in un_hits])},
        "companies": {
            **quality_block([ours(c, h) for c, h in zip(comp.cases, comp_hits, strict=True)],
                            DEFAULT_THRESHOLD),
            "candidate_recall": candidate_recall(
                comp.cases, [[by_id[i] for h in hs for i in h.entity_ids] for hs in comp_hits])},
    }
    company_breakdown = breakdown(comp.cases, comp_hits)
    own = self_match(entities, index, 2000 if args.quick else 12000)
    print(f"listed names finding their own entry: {own['found']} of {own['names']}", flush=True)
    missed = [{"query": c.query.name, "truth": sorted(c.truth)}
              for c, h in zip(un.cases, un_hits[:len(un.cases)], strict=True)
              if ours(c, h).found < DEFAULT_THRESHOLD]
    alerted = [{"query": c.query.name, "hit": h[0].matched_name, "score": h[0].score,
                "row": int(c.query.id.removeprefix("neg-"))}
               for c, h in zip(neg.cases, un_hits[len(un.cases):], strict=True)
               if h and h[0].score >= DEFAULT_THRESHOLD]

    # Anchors on the same candidates as ours.
    proxies = anchors.ProxyCache()
    matchers: dict[str, anchors.Anchor] = {
        "rapidfuzz-wratio": anchors.wratio,
        "logic-v1": anchors.nomenklatura_anchor("logic-v1", proxies),
        "logic-v2": anchors.nomenklatura_anchor("logic-v2", proxies),
    }
    # The candidate pools are small (hits at or above the floor): every anchor scores all
    # cases in a full run, so that the rare negatives that alert are in the comparison.
    if args.quick:
        n_pos, n_neg = QUICK_ANCHOR_SAMPLE
        pick = sample(un_cases, n_pos, n_neg, rng)
        un_note = (f"quick: fixed random subsample (seed {SEED}): {n_pos} UN positives, "
                   f"{n_neg} negatives")
    else:
        pick = list(range(len(un_cases)))
        un_note = "all cases"
    anchor_un = compare_anchors(
        "un_treated_vs_negatives", [un_cases[i] for i in pick], [un_hits[i] for i in pick],
        by_id, matchers, un_note)
    # The same comparison with the negatives written in Latin letters only: the anchors cannot
    # read other scripts, so they never alert on an unlisted 김병철 whom the lists name
    # 김병철 / Pyong Chol KIM without a birth date, and we do. This shows what that costs.
    latin = [i for i in pick if un_cases[i].positive or script_of(un_cases[i].query.name)
             == "LATIN"]
    anchor_un_latin = compare_anchors(
        "un_treated_vs_latin_negatives", [un_cases[i] for i in latin],
        [un_hits[i] for i in latin], by_id, matchers,
        un_note + ", negatives written in Latin letters only")
    comp_pick = (sample(comp.cases, 120, 80, rng) if args.quick
                 else list(range(len(comp.cases))))
    anchor_comp = compare_anchors(
        "companies", [comp.cases[i] for i in comp_pick], [comp_hits[i] for i in comp_pick],
        by_id, matchers, "all cases" if not args.quick else "quick: 120 positives, 80 negatives")
    cross = cross_script({"dualwatch": lambda a, b: compare(a, b, "Person").score,
                          "rapidfuzz-wratio": anchors.name_wratio,
                          "logic-v1": anchors.name_pair_anchor("logic-v1"),
                          "logic-v2": anchors.name_pair_anchor("logic-v2")})

    result = {
        "mode": mode,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "code": code_version(),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpu": cpu_name(), "single_core": core_note},
        "default_threshold": DEFAULT_THRESHOLD,
        "candidate_pool": {"floor": CANDIDATE_FLOOR, "limit": CANDIDATE_LIMIT},
        "index": index_info,
        "throughput": throughput,
        "latency": lat,
        "real_pairs": real,
        "quality": full_quality,
        "company_breakdown": company_breakdown,
        "self_match": own,
        "anchors": {"un_treated_vs_negatives": anchor_un, "companies": anchor_comp},
        "anchors_by_script": {"un_treated_vs_latin_negatives": anchor_un_latin},
        "cross_script": cross,
        "sets": sets_notes,
        "un_missed": missed,
        "negative_alerts": alerted[:50],
        "negative_alert_count": len(alerted),
        "negative_alerts_by_half": by_half(neg.cases, alerted),
        "negative_alerts_by_script": by_script(neg.cases, alerted),
        "peak_rss_mb": round(peak_mb(), 1),
        "total_s": round(time.perf_counter() - started_all, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if mode == "full" else "_quick"
    (RESULTS / f"screening{suffix}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown = report.render(result)
    (RESULTS / f"screening{suffix}.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


# The matcher's weights and threshold were fitted with rows 25,000-49,999 of
# negatives_global.csv as training negatives (tools/matching/pairs.py); rows 0-24,999
# never took part, and are the fair measure of alerts.
TRAINING_ROWS = range(25_000, 50_000)


def self_match(entities: list[Entity], index: MatchIndex, n: int) -> dict[str, Any]:
    """A random sample of the listed names (not weak aliases, which never alert alone) screened
    as they are written, with the entity's schema: each should find its own entry."""
    names = [(e, name.value) for e in entities for name in e.names
             if name.kind != NameKind.WEAK_ALIAS]
    picked = random.Random(SEED).sample(names, min(n, len(names)))
    hits = match_batch([Query(str(i), value, e.schema) for i, (e, value) in enumerate(picked)],
                       index)
    missed = [{"name": value, "entity": e.id, "top": hs[0].matched_name if hs else None}
              for (e, value), hs in zip(picked, hits, strict=True)
              if not any(e.id in h.entity_ids for h in hs)]
    return {"names": len(picked), "found": len(picked) - len(missed), "missed": missed}


def by_half(cases: list[Case], alerted: list[dict[str, Any]]) -> dict[str, list[int]]:
    """[negatives, negatives that alerted] in the rows never used in fitting and in the rest."""
    rows = [int(c.query.id.removeprefix("neg-")) for c in cases]
    out = {"held_out": [sum(r not in TRAINING_ROWS for r in rows), 0],
           "training": [sum(r in TRAINING_ROWS for r in rows), 0]}
    for alert in alerted:
        out["training" if alert["row"] in TRAINING_ROWS else "held_out"][1] += 1
    return out


def by_script(cases: list[Case], alerted: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Per script of the query name: [negatives, negatives that alerted]."""
    out: dict[str, list[int]] = {}
    for case in cases:
        out.setdefault(script_of(case.query.name), [0, 0])[0] += 1
    for alert in alerted:
        out[script_of(alert["query"])][1] += 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1][0]))


def breakdown(cases: list[Case], hits: list[list[Hit]]) -> dict[str, Any]:
    """Company recall at the default threshold per transform and culture; alerts per culture."""
    groups: dict[str, list[Scored]] = {}
    for case, hs in zip(cases, hits, strict=True):
        one = ours(case, hs)
        for tag in case.tags:
            groups.setdefault(tag, []).append(one)
    out = {}
    for tag, scored in sorted(groups.items()):
        pos = [s for s in scored if s.positive]
        neg = [s for s in scored if not s.positive]
        out[tag] = {
            "positives": len(pos),
            "recall": round(sum(s.found >= DEFAULT_THRESHOLD for s in pos) / len(pos), 4)
            if pos else None,
            "negatives": len(neg),
            "alerts": sum(s.alert >= DEFAULT_THRESHOLD for s in neg),
        }
    return out


def script_of(name: str) -> str:
    """The writing system of a name's first letter (LATIN, CJK, HANGUL, ARABIC...)."""
    for char in name:
        if char.isalpha():
            label = unicodedata.name(char, "UNKNOWN").split()[0]
            return "CJK" if label in ("CJK", "HIRAGANA", "KATAKANA") else label
    return "NONE"


def code_version() -> dict[str, Any]:
    """The commit the matcher ran at, and whether its files had uncommitted changes."""
    root = Path(__file__).resolve().parents[2]

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=False)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "src/dualwatch/match", "src/dualwatch/names")
    return {"commit": git("rev-parse", "--short", "HEAD"), "matcher_uncommitted": bool(changed)}


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
