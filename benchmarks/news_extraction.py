"""What each part of news name extraction contributes, on the sample and our own articles.

Runs the analysis with everything on, then with one part switched off at a time (titles,
attribution, Chinese names in pinyin, demonyms, the list-name gazetteer, legal-form patterns),
and counts how many of the expected people, places, countries, goods tiers and listed
companies (tests/fixtures/news/*expected.json) are found, and how many other persons are
reported. Writes benchmarks/results/news_extraction.{json,md}.

    python benchmarks/news_extraction.py
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dualwatch.match import build_index
from dualwatch.media import ListGazetteer, analyze, patterns, read_articles
from dualwatch.media import gazetteer as gazetteer_module
from dualwatch.sources.registry import discover

FIXTURES = Path("tests/fixtures/news")
RESULTS = Path("benchmarks/results")
NEVER = "(?!)"


def _never(*groups: str) -> Callable[..., re.Pattern[str]]:
    pattern = re.compile("".join(f"(?P<{g}>{NEVER})" for g in groups))
    return lambda *args: pattern


@contextmanager
def _patched(module: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


@contextmanager
def _no_demonyms() -> Iterator[None]:
    original = gazetteer_module._reference
    table = {k: v for k, v in original().items() if v.role != "demonym"}
    for fn in (gazetteer_module._folded, gazetteer_module._reference_patterns):
        fn.cache_clear()
    with _patched(gazetteer_module, "_reference", lambda: table):
        yield
    for fn in (gazetteer_module._folded, gazetteer_module._reference_patterns):
        fn.cache_clear()


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _multi(patches: list[tuple[Any, str, Any]]) -> Iterator[None]:
    olds = [(m, n, getattr(m, n)) for m, n, _ in patches]
    for module, name, value in patches:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in olds:
            setattr(module, name, value)


VARIANTS: dict[str, Callable[[], Any]] = {
    "everything": _nothing,
    "without titles": lambda: _patched(patterns, "titled_person", _never("title", "name")),
    "without attribution (X said)": lambda: _patched(patterns, "speech_person",
                                                     _never("name", "name2")),
    "without Chinese names in pinyin": lambda: _patched(patterns, "pinyin_person",
                                                        _never("name")),
    "without demonyms": _no_demonyms,
    "without legal-form patterns": lambda: _multi([
        (patterns, "company_latin", _never("name", "form", "name2", "form2")),
        (patterns, "company_cyrillic", _never("name", "form")),
        (patterns, "company_han", _never("name"))]),
    "without the list-name gazetteer": _nothing,
    "without legal forms and gazetteer": lambda: _multi([
        (patterns, "company_latin", _never("name", "form", "name2", "form2")),
        (patterns, "company_cyrillic", _never("name", "form")),
        (patterns, "company_han", _never("name"))]),
}


def _score(analysis: Any, expected: dict[str, Any]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = {k: [0, 0] for k in
                                    ("people", "places", "countries", "goods_tiers",
                                     "companies_on_lists")}
    counts["other_persons"] = [0, 0]
    for item in analysis.articles:
        want = expected["articles"].get(item.article.id)
        if want is None:
            continue
        found = {"people": {m.name for m in item.of_kind("person")},
                 "places": {m.name for m in item.of_kind("place")},
                 "countries": {m.name for m in item.of_kind("country")},
                 "goods_tiers": {g.tier for g in item.goods},
                 "companies_on_lists": {h.entity_id for h in item.hits}}
        for key, got in found.items():
            if key in want:
                counts[key][0] += len(set(want[key]) & got)
                counts[key][1] += len(want[key])
        counts["other_persons"][0] += len(found["people"] - set(want["people"]))
    return counts


def main() -> None:
    entities = [e for fmt, path in discover(Path("../shared/data/lists/ftm"))
                for e in fmt.read(path).entities if e.schema != "Person"]
    index = build_index(entities)
    gazetteer = ListGazetteer(entities)
    sets = {"sample articles (../shared/news)": (Path("../shared/news"),
                                                 FIXTURES / "shared_expected.json"),
            "own articles (en, ru, zh)": (FIXTURES / "articles", FIXTURES / "expected.json")}
    results: dict[str, Any] = {}
    for label, (folder, expected_path) in sets.items():
        expected = json.loads(expected_path.read_text("utf-8"))
        articles = read_articles([folder])
        results[label] = {}
        for variant, switch in VARIANTS.items():
            started = time.perf_counter()
            with switch():
                gaz = None if "gazetteer" in variant else gazetteer
                analysis = analyze(articles, index=index, gazetteer=gaz)
            groups = sorted(sorted(e.articles) for e in analysis.events)
            results[label][variant] = {
                **_score(analysis, expected),
                "events_correct": groups == sorted(sorted(g) for g in expected["events"]),
                "seconds": round(time.perf_counter() - started, 3)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "news_extraction.json").write_text(json.dumps(results, indent=1), "utf-8")
    lines = ["# News extraction: what each part finds", "",
             "Found / expected (people, places, countries, goods tiers, listed companies "
             "found on the lists); other persons = persons reported beyond the expected ones.",
             ""]
    for label, rows in results.items():
        lines += [f"## {label}", "",
                  "| variant | people | places | countries | goods | listed companies | "
                  "other persons | events right | s |", "|---|---|---|---|---|---|---|---|---|"]
        for variant, r in rows.items():
            cells = [f"{r[k][0]}/{r[k][1]}" for k in ("people", "places", "countries",
                                                      "goods_tiers", "companies_on_lists")]
            lines.append(f"| {variant} | {' | '.join(cells)} | {r['other_persons'][0]} | "
                         f"{'yes' if r['events_correct'] else 'no'} | {r['seconds']} |")
        lines.append("")
    (RESULTS / "news_extraction.md").write_text("\n".join(lines), "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
