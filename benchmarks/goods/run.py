"""Benchmark of the goods classifier: HS-6 accuracy, CHPL recall/precision, speed.

Run from the project root: ``python benchmarks/goods/run.py``. Writes
``benchmarks/results/goods.json`` and ``benchmarks/results/goods.md``.

* ``../shared/bench/hs_description_cases.csv``: top-1 and top-5 HS-6 accuracy. Some expected
  codes come from older HS editions and no longer exist in HS 2022 (``854140``, ``851712``,
  ``390760``, ``080300``); a case counts as found when a candidate is one of the code's HS 2022
  successors (see ``_accepted``).
* ``benchmarks/goods/chpl_set.csv``: descriptions of CHPL goods (with the expected HS-6 and
  tier) and of look-alike goods outside the CHPL. A description is called CHPL when its best
  candidate is a CHPL subheading.
* ``benchmarks/goods/general_holdout.csv``: general goods in English, Russian and Chinese
  (medicines, footwear, paper, steel, tea and spices, foods, clothing, furniture, vehicles,
  appliances, chemicals), written before the general vocabulary was tuned and never used to
  build it: top-1 and top-5, to tell real coverage from fitting the shared cases.
* Speed: descriptions per second on one core, over all three sets, after tables are loaded.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from dualwatch.goods import classify  # noqa: E402
from dualwatch.goods.nomenclature import nomenclature  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench" / "hs_description_cases.csv"
CHPL_SET = Path(__file__).with_name("chpl_set.csv")
HOLDOUT = Path(__file__).with_name("general_holdout.csv")
RESULTS = ROOT / "benchmarks" / "results"


def _accepted(code: str) -> set[str]:
    """HS 2022 codes that answer an expected code, which may come from an older edition.

    A code present in HS 2022 answers itself; an HS 2017 code the packaged correlation knows
    is answered by its successors; an older code that was split (``390760`` into ``390761``
    and ``390769``, ``080300`` into ``080310`` and ``080390``) by the codes under it.
    """
    nom = nomenclature()
    if code in nom.entries:
        return {code}
    change = nom.hs2017.get(code)
    if change:
        return set(change.successors)
    stem = code[:5] if code[5] == "0" and code[4] != "0" else code[:4]
    return {c for c, e in nom.entries.items() if e.level == 6 and c.startswith(stem)}


def _accuracy(rows: list[dict[str, str]], expected_field: str,
              accepted: Callable[[str], set[str]]) -> dict[str, object]:
    """Top-1 and top-5 HS-6 accuracy of ``rows``, overall and by language, with the misses."""
    top1 = top5 = 0
    by_language: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for row in rows:
        answers = accepted(row[expected_field].strip())
        codes = [c.hs6 for c in classify(row["text"], top=5).candidates]
        hit1, hit5 = bool(codes[:1] and codes[0] in answers), bool(answers & set(codes))
        top1 += hit1
        top5 += hit5
        stats = by_language[row["language"]]
        stats[0] += 1
        stats[1] += hit1
        stats[2] += hit5
        if not hit5:
            misses.append({"text": row["text"], "expected": row[expected_field],
                           "got": codes[:5]})
    n = len(rows)
    return {"cases": n, "top1": round(top1 / n, 3), "top5": round(top5 / n, 3),
            "by_language": {k: {"cases": v[0], "top1": round(v[1] / v[0], 3),
                                "top5": round(v[2] / v[0], 3)}
                            for k, v in sorted(by_language.items())},
            "top5_misses": misses}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def shared_cases() -> dict[str, object]:
    """The shared cases; an expected code from an older HS edition accepts its successors."""
    with SHARED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return _accuracy(rows, "expected_hs_code", _accepted)


def holdout() -> dict[str, object]:
    """Our held-out general goods, whose expected codes are HS 2022 already."""
    return _accuracy(_rows(HOLDOUT), "expected_hs6", lambda code: {code})


def chpl_set() -> dict[str, object]:
    with CHPL_SET.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    tp = fp = fn = tn = tier_ok = hs_ok = 0
    positives = [r for r in rows if r["expected_tier"]]
    codes_covered = {r["expected_hs6"] for r in positives}
    languages = Counter(r["language"] for r in rows)
    errors = []
    for row in rows:
        result = classify(row["text"])
        tier = result.chpl_tier
        expected_tier = row["expected_tier"] or None
        top = result.top.hs6 if result.top else None
        if expected_tier:
            if tier:
                tp += 1
            else:
                fn += 1
            tier_ok += tier == expected_tier
            hs_ok += top == row["expected_hs6"]
        elif tier:
            fp += 1
        else:
            tn += 1
        if (tier or None) != expected_tier or (expected_tier and top != row["expected_hs6"]):
            errors.append({"text": row["text"], "expected": [row["expected_hs6"], expected_tier],
                           "got": [top, tier]})
    missing = sorted(set(nomenclature().chpl) - codes_covered)
    return {"descriptions": len(rows), "chpl": len(positives),
            "non_chpl": len(rows) - len(positives),
            "languages": dict(languages), "chpl_codes_covered": len(codes_covered),
            "chpl_codes_missing": missing,
            "recall": round(tp / (tp + fn), 3), "precision": round(tp / (tp + fp), 3),
            "tier_accuracy": round(tier_ok / len(positives), 3),
            "hs6_top1_on_chpl": round(hs_ok / len(positives), 3),
            "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn}, "errors": errors}


def speed() -> dict[str, object]:
    texts = [row["text"] for path in (SHARED, CHPL_SET, HOLDOUT) for row in _rows(path)]
    classify("warm-up")
    repeat = max(1, 4000 // len(texts))
    out: dict[str, object] = {"descriptions": len(texts) * repeat}
    for name, examples in (("per_second_per_core", True), ("tables_per_second_per_core", False)):
        start = time.process_time()
        for _ in range(repeat):
            for text in texts:
                classify(text, examples=examples)
        out[name] = int(len(texts) * repeat / (time.process_time() - start))
    return out


def _markdown(results: dict[str, dict[str, object]]) -> str:
    s, c, v = results["shared"], results["chpl"], results["speed"]
    h = results["holdout"]
    lines = [
        "# Goods classifier benchmark", "",
        "| measure | value | target |", "|---|---|---|",
        f"| shared HS cases ({s['cases']}): top-1 HS-6 accuracy | {s['top1']} | |",
        f"| shared HS cases: top-5 HS-6 accuracy | {s['top5']} | >= 0.9 |",
        f"| held-out general goods ({h['cases']}): top-1 HS-6 accuracy | {h['top1']} | |",
        f"| held-out general goods: top-5 HS-6 accuracy | {h['top5']} | |",
        f"| CHPL set ({c['chpl']} CHPL, {c['non_chpl']} look-alikes): CHPL recall "
        f"| {c['recall']} | >= 0.95 |",
        f"| CHPL set: CHPL precision | {c['precision']} | >= 0.9 |",
        f"| CHPL set: tier accuracy | {c['tier_accuracy']} | |",
        f"| CHPL set: HS-6 top-1 on CHPL items | {c['hs6_top1_on_chpl']} | |",
        f"| speed, descriptions per second per core (tables only) "
        f"| {v['tables_per_second_per_core']} | >= 2000 |",
        f"| speed with the labelled examples' vote | {v['per_second_per_core']} | |",
        "", "Shared cases by language (top-1 / top-5):", "",
    ]
    for lang, stats in s["by_language"].items():  # type: ignore[union-attr]
        lines.append(f"- {lang}: {stats['cases']} cases, {stats['top1']} / {stats['top5']}")
    lines += ["", "Held-out general goods by language (top-1 / top-5):", ""]
    for lang, stats in h["by_language"].items():  # type: ignore[union-attr]
        lines.append(f"- {lang}: {stats['cases']} cases, {stats['top1']} / {stats['top5']}")
    lines += ["", f"CHPL set languages: {c['languages']}; CHPL codes covered: "
              f"{c['chpl_codes_covered']} of 50.", ""]
    return "\n".join(lines)


def main() -> None:
    results = {"shared": shared_cases(), "holdout": holdout(), "chpl": chpl_set(),
               "speed": speed()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "goods.json").write_text(json.dumps(results, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    (RESULTS / "goods.md").write_text(_markdown(results), encoding="utf-8")
    print(_markdown(results))


if __name__ == "__main__":
    main()
