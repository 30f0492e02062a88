"""Chinese names benchmark: listed Chinese parties found by their Chinese (and pinyin) names.

Run from the repository root: ``python benchmarks/chinese/run.py``. Queries are real Chinese
names of parties the bundled lists carry only in English: the UK list's non-Latin names and the
EU journal's Chinese aliases (read from ``../shared/data/lists-extra``), and the registered or
press-written names in ``public_names.csv``. Negatives are well-known unlisted Chinese firms
(``public_names.csv``) and the Chinese names on China's own lists of parties that the bundled
lists do not carry. The right answer for a query is the set of parties its English names find
on the bundled lists (score >= TRUTH_SCORE); a query whose English names find none is left out.

Parties are split into dev and validation by a hash of their English name; the validation figure
is printed first. A pinyin variant of every positive (CC-CEDICT words, generated) is a
supplement, reported apart. Writes ``benchmarks/results/chinese.json`` and ``chinese.md``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "screening"))

from bundled import load_entities

from dualwatch.match import DEFAULT_THRESHOLD, MatchIndex, Query, build_index, match_batch

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXTRA = (ROOT / ".." / "shared" / "data" / "lists-extra").resolve()
RESULTS = ROOT / "benchmarks" / "results"
TRUTH_SCORE = 0.7
HAN = re.compile(r"[\u3400-\u9fff]")
KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


@dataclass
class Case:
    query: str
    english: list[str]
    origin: str
    listed: bool

    @property
    def party(self) -> str:
        return self.english[0].casefold() if self.english else self.query

    @property
    def split(self) -> str:
        digest = hashlib.sha1(self.party.encode()).digest()
        return "dev" if digest[0] % 2 == 0 else "validation"


def uk_cases() -> list[Case]:
    rows = list(csv.reader((EXTRA / "gb_hmt_sanctions" / "ConList.csv").open(encoding="utf-8-sig")))
    header = rows[1]
    col = {name: i for i, name in enumerate(header)}
    groups: dict[str, tuple[set[str], set[str]]] = {}
    for row in rows[2:]:
        if len(row) < len(header) or row[col["Group Type"]] != "Entity":
            continue
        native, english = groups.setdefault(row[col["Group ID"]], (set(), set()))
        value = row[col["Name Non-Latin Script"]]
        if HAN.search(value) and not KANA_HANGUL.search(value):
            native.add(value)
        english.add(row[col["Name 6"]])
    return [Case(n, sorted(e), "uk", True) for native, e in groups.values() for n in sorted(native)]


def ftm_cases(filename: str, origin: str) -> list[Case]:
    cases = []
    for line in (EXTRA / "ftm" / filename).open(encoding="utf-8"):
        entity = json.loads(line)
        if entity["schema"] not in ("Company", "Organization", "LegalEntity"):
            continue
        props = entity["properties"]
        names = [v for k in ("name", "alias", "previousName") for v in props.get(k, [])]
        native = [n for n in names if HAN.search(n) and not KANA_HANGUL.search(n)]
        english = [n for n in names if not HAN.search(n) and ":" not in n and "image" not in n]
        cases += [Case(n, english, origin, True) for n in native if english]
    return cases


def public_cases() -> list[Case]:
    lines = [ln for ln in (HERE / "public_names.csv").open(encoding="utf-8")
             if not ln.startswith("#")]
    return [Case(r["chinese"], [r["english"]], "public", r["listed"] == "yes")
            for r in csv.DictReader(lines)]


def truth(index: MatchIndex, cases: list[Case]) -> list[set[str]]:
    queries = [Query(id=f"{i}:{j}", name=name, schema="Company")
               for i, case in enumerate(cases) for j, name in enumerate(case.english)]
    found: list[set[str]] = [set() for _ in cases]
    for hits in match_batch(queries, index, threshold=0.5):
        for hit in hits:
            i = int(hit.query_id.split(":")[0])
            if hit.score >= TRUTH_SCORE:
                found[i].add(hit.entity_id)
    return found


def evaluate(index: MatchIndex, cases: list[Case], answers: list[set[str]],
             queries: list[str]) -> dict[str, dict[str, float]]:
    batch = [Query(id=str(i), name=q, schema="Company") for i, q in enumerate(queries)]
    results = match_batch(batch, index, threshold=DEFAULT_THRESHOLD)
    out: dict[str, dict[str, float]] = {}
    misses: dict[str, list[str]] = {}
    for split in ("validation", "dev"):
        pos = found = wrong = neg = alerts = 0
        for case, answer, hits, query in zip(cases, answers, results, queries, strict=True):
            if case.split != split:
                continue
            ids = {h.entity_id for h in hits}
            if answer:
                pos += 1
                found += bool(ids & answer)
                wrong += bool(ids - answer)
                if not ids & answer or ids - answer:
                    misses.setdefault(split, []).append(
                        f"{query} -> {case.english[0]} | got {[h.entity_name for h in hits][:2]}")
            else:
                neg += 1
                alerts += bool(ids)
                if ids:
                    misses.setdefault(split, []).append(
                        f"ALERT {query} -> {[h.entity_name for h in hits][:2]}")
        out[split] = {"positives": pos, "found": found, "recall": round(found / max(pos, 1), 3),
                      "queries_with_wrong_hits": wrong, "negatives": neg,
                      "negatives_alerted": alerts}
        for origin in sorted({c.origin for c in cases}):
            mine = [(c, a, h) for c, a, h in zip(cases, answers, results, strict=True)
                    if c.split == split and c.origin == origin and a]
            hit = sum(bool({x.entity_id for x in h} & a) for _, a, h in mine)
            out[split][f"recall_{origin}"] = f"{hit}/{len(mine)}"  # type: ignore[assignment]
    out["misses"] = misses  # type: ignore[assignment]
    return out


def pinyin_of(name: str) -> str:
    """A registered-name pinyin spelling: CC-CEDICT words as units ("Cunchu Jishu")."""
    from dualwatch.names.chinese import pinyin_words

    return pinyin_words(name)


def main() -> None:
    started = time.time()
    index = build_index(load_entities())
    cases = uk_cases() + ftm_cases("eu_journal_sanctions.ftm.json", "eu_journal")
    cases += ftm_cases("cn_sanctions.ftm.json", "cn")
    cases += public_cases()
    answers = truth(index, cases)
    kept = [(c, a) for c, a in zip(cases, answers, strict=True)
            if (c.listed and a and c.origin != "cn") or (not a and c.origin in ("cn", "public")
                                                          and not c.listed)]
    seen: set[str] = set()
    unique = []
    for c, a in kept:
        if c.query not in seen:
            seen.add(c.query)
            unique.append((c, a))
    cases = [c for c, _ in unique]
    answers = [a for _, a in unique]
    report: dict[str, object] = {"chinese": evaluate(index, cases, answers,
                                                     [c.query for c in cases])}
    listed = [(c, a) for c, a in zip(cases, answers, strict=True) if a]
    report["pinyin_generated"] = evaluate(index, [c for c, _ in listed], [a for _, a in listed],
                                          [pinyin_of(c.query) for c, _ in listed])
    report["seconds"] = round(time.time() - started, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "chinese.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    for name in ("chinese", "pinyin_generated"):
        part = report[name]
        assert isinstance(part, dict)
        for split in ("validation", "dev"):
            print(name, split, part[split])
    if "-v" in sys.argv:
        for split, lines in report["chinese"]["misses"].items():  # type: ignore[index]
            print("==", split)
            print("\n".join(lines))


if __name__ == "__main__":
    main()
