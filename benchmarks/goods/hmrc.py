"""Real labelled descriptions from HMRC: the development/validation split, and its measurement.

``../shared/data/goods/training/uk_hmrc_references/`` (MIT, Crown Copyright, HMRC Online Trade
Tariff) holds trader and parcel descriptions with their UK commodity codes
(``extra_references.csv``) and the tariff's search terms with theirs (``search_references.json``).
Each description is put in the validation part (one in five) or the development part by a hash
of its normalised words, digits dropped, so that "w_rompers" and "w rompers 2" fall on the same
side. Only the development part is ever fitted on or shipped.

``python benchmarks/goods/hmrc.py --write`` writes the development part to the packaged table
``src/dualwatch/goods/data/examples.csv``; ``python benchmarks/goods/hmrc.py`` measures HS-6,
HS-4 and HS-2 top-1 and top-5 on the validation part, with and without the labelled examples,
and writes ``benchmarks/results/goods_hmrc.json`` and ``.md``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from dualwatch.goods import Classification, classify  # noqa: E402

SOURCE = ROOT.parent / "shared" / "data" / "goods" / "training" / "uk_hmrc_references"
TABLE = ROOT / "src" / "dualwatch" / "goods" / "data" / "examples.csv"
RESULTS = ROOT / "benchmarks" / "results"
VALIDATION_SHARE = 5  # one description in five
HEADER = ("# source: HMRC Online Trade Tariff, parcel classifier's extra_references.csv and "
          "search_references.json (MIT licence, Copyright (C) 2023 Crown Copyright (HMRC Online "
          "Trade Tariff)); development part only (4 in 5 descriptions, split by a hash of the "
          "normalised words; benchmarks/goods/hmrc.py), UK codes cut to HS-6")


def key(text: str) -> str:
    """The normalised words of a description, digits dropped: what the split hashes."""
    return " ".join(re.findall(r"[^\W\d_]+", text.lower()))


def is_validation(text: str) -> bool:
    digest = hashlib.sha1(key(text).encode("utf-8")).digest()
    return digest[0] % VALIDATION_SHARE == 0


def labelled() -> list[tuple[str, str, str]]:
    """(description, HS-6, origin) for every usable labelled description."""
    rows: list[tuple[str, str, str]] = []
    with (SOURCE / "extra_references.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append((row["Goods Description"], row["Commodity Code"], "trader"))
    search = json.loads((SOURCE / "search_references.json").read_text(encoding="utf-8"))
    rows.extend((text, code, "search") for text, code in search.items())
    seen: set[str] = set()
    out = []
    for text, code, origin in rows:
        digits = re.sub(r"\D", "", code)
        if len(digits) < 6 or not key(text) or text.strip().lower() in seen:
            continue
        seen.add(text.strip().lower())
        out.append((text.strip(), digits[:6], origin))
    return out


def split() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    rows = labelled()
    return ([r for r in rows if not is_validation(r[0])], [r for r in rows if is_validation(r[0])])


def write_table(development: list[tuple[str, str, str]]) -> None:
    with TABLE.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("text", "hs6", "origin"))
        for text, hs6, origin in sorted(development):
            writer.writerow((text.replace("\n", " ").replace("#", " "), hs6, origin))


def measure(rows: list[tuple[str, str, str]],
            run: Callable[[str], Classification]) -> dict[str, float]:
    """Top-1 and top-5 at HS-6, HS-4 and HS-2, over ``rows``."""
    out: dict[str, float] = {}
    results = [(run(text), hs6) for text, hs6, _ in rows]
    for digits in (6, 4, 2):
        for k in (1, 5):
            hits = sum(1 for result, hs6 in results
                       if hs6[:digits] in {c.hs6[:digits] for c in result.candidates[:k]})
            out[f"hs{digits}_top{k}"] = round(hits / len(rows), 3)
    sure = [(r, hs6) for r, hs6 in results if r.confident]
    out["confident_share"] = round(len(sure) / len(rows), 3)
    for digits in (6, 4):
        right = sum(1 for r, hs6 in sure
                    if r.top is not None and r.top.hs6[:digits] == hs6[:digits])
        out[f"confident_hs{digits}_top1"] = round(right / max(1, len(sure)), 3)
    return out


def _markdown(results: dict[str, object]) -> str:
    lines = ["# Goods classifier on real HMRC labelled descriptions (validation part)", "",
             f"Validation: {results['validation']} descriptions never fitted on; development "
             f"(shipped as examples): {results['development']}.", "",
             "| classifier | HS-6 top-1 | HS-6 top-5 | HS-4 top-1 | HS-4 top-5 | HS-2 top-1 "
             "| HS-2 top-5 | descriptions/s |", "|---|---|---|---|---|---|---|---|"]
    for name in ("tables", "tables+examples", "tables, unseen codes",
                 "tables+examples, unseen codes"):
        m = results[name]
        assert isinstance(m, dict)
        lines.append(f"| {name} | " + " | ".join(str(m.get(k, "")) for k in (
            "hs6_top1", "hs6_top5", "hs4_top1", "hs4_top5", "hs2_top1", "hs2_top5", "rate")) + " |")
    lines += ["", f"Unseen codes: the {results['unseen']} validation descriptions whose HS-6 code "
              "no development description has (a harder split: the examples cannot vote for it)."]
    lines += ["", "Answers given without \"needs a person\" (margin over the best other heading "
              "at least CONFIDENT_MARGIN, not too vague):", "",
              "| classifier | share of answers | their HS-6 top-1 | their HS-4 top-1 |",
              "|---|---|---|---|"]
    for name in ("tables", "tables+examples"):
        m = results[name]
        assert isinstance(m, dict)
        lines.append(f"| {name} | {m['confident_share']} | {m['confident_hs6_top1']} "
                     f"| {m['confident_hs4_top1']} |")
    return "\n".join(lines) + "\n"


def tune(development: list[tuple[str, str, str]]) -> None:
    """Choose the examples' weight inside the development part (fit on 4/5, judge on 1/5)."""
    import importlib

    module = importlib.import_module("dualwatch.goods.classify")
    from dualwatch.goods.examples import Example, ExampleIndex

    inner = [r for r in development if hashlib.sha1(key(r[0]).encode()).digest()[1] % 5 == 0]
    index = ExampleIndex([Example(t, h) for t, h, _ in development
                          if hashlib.sha1(key(t).encode()).digest()[1] % 5 != 0])
    for weight in (4.0,):
        for backoff in (0.25, 0.5):
            module.EXAMPLE_POINTS, module.EXAMPLE_BACKOFF = weight, backoff
            print(weight, backoff, measure(inner, lambda text: classify(text, examples=index)))


def main() -> None:
    development, validation = split()
    if "--tune" in sys.argv:
        tune(development)
        return
    if "--write" in sys.argv:
        write_table(development)
        print(f"{len(development)} development examples -> {TABLE}")
        return
    results: dict[str, object] = {"development": len(development), "validation": len(validation)}
    for name, examples in (("tables", False), ("tables+examples", True)):
        def run(text: str, examples: bool = examples) -> Classification:
            return classify(text, examples=examples)
        run("warm up")
        start = time.process_time()
        figures: dict[str, float] = measure(validation, run)
        figures["rate"] = round(len(validation) / (time.process_time() - start))
        results[name] = figures
        print(name, figures)
        seen = {hs6 for _, hs6, _ in development}
        unseen = [row for row in validation if row[1] not in seen]
        results[name + ", unseen codes"] = measure(unseen, run)
    results["unseen"] = len(unseen)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "goods_hmrc.json").write_text(json.dumps(results, indent=1) + "\n",
                                              encoding="utf-8")
    (RESULTS / "goods_hmrc.md").write_text(_markdown(results), encoding="utf-8")


if __name__ == "__main__":
    main()
