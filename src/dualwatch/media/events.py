"""Grouping articles about the same event across outlets, and comparing how each reports it.

Two articles report the same event when they name the same people, places and things in the
same terms (cosine similarity of their content words and names) and their event dates do not
disagree; a report of a later trip names the same people but another date, so it stays apart.
Within an event we compare: the facts all reports share and those only some report (names,
places, goods, risk topics, statements found in several reports), quotes of the same speaker
that differ between outlets, and wording that differs (names, titles, loaded words).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import cache

from rapidfuzz import fuzz

from dualwatch.media.model import ArticleAnalysis, Event, Fact, Mention, Quote, QuoteVariant
from dualwatch.media.tables import column, read_table
from dualwatch.media.text import normalize_quotes, sentences, words

SAME_EVENT = 0.30  # cosine similarity at or above which two reports are one event
SAME_ACTION = 0.9  # the similarity given to two reports of one action on a listed entity
SAME_STATEMENT = 0.45  # share of content words two sentences must have in common
SAME_QUOTE_ALIGNED = 0.5  # alignment of two quotes of one speaker that are one statement
VERBATIM = 0.97
FACT_KINDS = ("person", "organisation", "company", "place", "country")


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(column("stopwords.csv", "word"))


def _stem(word: str) -> str:
    word = normalize_quotes(word.casefold()).removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content(text: str) -> list[str]:
    """Content words of ``text``, lower-cased and crudely stemmed; Chinese as character pairs."""
    out = [_stem(w) for w in words(text) if w.casefold() not in _stopwords() and len(w) > 1]
    han = re.findall(r"[\u3400-\u9fff]+", text)
    out += [run[i:i + 2] for run in han for i in range(len(run) - 1)]
    return [w for w in out if not w.isdigit()]


def _vector(a: ArticleAnalysis) -> Counter[str]:
    vec: Counter[str] = Counter(content(a.article.text))
    for m in a.mentions:
        if m.kind in FACT_KINDS:
            vec[f"{m.kind}:{m.name}"] += 3
    return vec


def _cosine(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    dot = sum(a[k] * b[k] * idf.get(k, 1.0) ** 2 for k in a.keys() & b.keys())
    na = math.sqrt(sum((v * idf.get(k, 1.0)) ** 2 for k, v in a.items()))
    nb = math.sqrt(sum((v * idf.get(k, 1.0)) ** 2 for k, v in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def _listed(a: ArticleAnalysis) -> set[str]:
    return {h.entity_id for h in a.hits if h.against == "lists"}


def _same_action(a: ArticleAnalysis, b: ArticleAnalysis, content_sim: float) -> bool:
    """Two reports of one action: they name a listed entity in common and date the action
    alike (or, when either has no date, also read alike)."""
    if not _listed(a) & _listed(b):
        return False
    if a.event_date and b.event_date:
        return not _dates_conflict(a.event_date, b.event_date)
    return content_sim >= SAME_EVENT / 2


def similarity_matrix(analyses: Sequence[ArticleAnalysis]) -> list[list[float]]:
    """Content similarity of every pair; a pair reporting the same action on a listed entity
    counts as one event whatever its wording (short reports share few words)."""
    vectors = [_vector(a) for a in analyses]
    n = len(vectors)
    df: Counter[str] = Counter(k for v in vectors for k in v)
    idf = {k: math.log((1 + n) / (1 + c)) + 1 for k, c in df.items()}
    sim = [[_cosine(vectors[i], vectors[j], idf) for j in range(n)] for i in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j and _same_action(analyses[i], analyses[j], sim[i][j]):
                sim[i][j] = max(sim[i][j], SAME_ACTION)
    return sim


def _dates_conflict(a: str | None, b: str | None) -> bool:
    """Whether two event dates cannot be the same event (over 3 days apart)."""
    if not a or not b:
        return False
    if a.startswith("--") or b.startswith("--"):
        return a[-5:] != b[-5:] and a[-5:-3] != b[-5:-3]
    if len(a) < 10 or len(b) < 10:
        return a[:4] != b[:4]
    from datetime import date

    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) > 3


def group_events(analyses: Sequence[ArticleAnalysis],
                 threshold: float = SAME_EVENT) -> list[list[int]]:
    """Clusters of article positions: average linkage, never across conflicting dates."""
    sim = similarity_matrix(analyses)
    clusters = [[i] for i in range(len(analyses))]
    dates = [a.event_date for a in analyses]
    while True:
        best: tuple[float, int, int] | None = None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                if any(_dates_conflict(dates[i], dates[j])
                       for i in clusters[x] for j in clusters[y]):
                    continue
                score = sum(sim[i][j] for i in clusters[x] for j in clusters[y]) / (
                    len(clusters[x]) * len(clusters[y]))
                if score >= threshold and (best is None or score > best[0]):
                    best = (score, x, y)
        if best is None:
            return sorted((sorted(c) for c in clusters), key=lambda c: c[0])
        _, x, y = best
        clusters[x] = clusters[x] + clusters[y]
        del clusters[y]


def build_events(analyses: Sequence[ArticleAnalysis]) -> list[Event]:
    events = []
    for number, members in enumerate(group_events(analyses), 1):
        group = [analyses[i] for i in members]
        dates = Counter(a.event_date for a in group if a.event_date and
                        not a.event_date.startswith("--"))
        event = Event(id=f"event-{number}", title=group[0].article.title,
                      date=dates.most_common(1)[0][0] if dates else None,
                      articles=[a.article.id for a in group])
        if len(group) > 1:
            _compare(event, group)
        events.append(event)
    return events


def _compare(event: Event, group: list[ArticleAnalysis]) -> None:
    facts = _entity_facts(group) + _statement_facts(group)
    everyone = set(event.articles)
    event.shared = [f for f in facts if set(f.articles) == everyone]
    event.partial = sorted((f for f in facts if set(f.articles) != everyone),
                           key=lambda f: (-len(f.articles), f.kind, f.value))
    event.quote_variants = quote_variants(group)
    event.wording = wording_differences(group)


def _entity_facts(group: list[ArticleAnalysis]) -> list[Fact]:
    facts: dict[tuple[str, str], Fact] = {}
    for a in group:
        aid = a.article.id
        items = [(m.kind, m.name, m.sentence) for m in a.mentions if m.kind in FACT_KINDS]
        items += [("topic", t.topic, t.sentences[0]) for t in a.topics]
        items += [("goods", f"{g.phrase} (CHPL {g.tier})", g.sentence) for g in a.goods]
        if a.event_date:
            items.append(("date", a.event_date, next(
                (d.sentence for d in a.dates if d.kind == "event"), "")))
        for kind, value, sentence in items:
            fact = facts.setdefault((kind, value), Fact(kind, value))
            if aid not in fact.articles:
                fact.articles.append(aid)
                fact.evidence[aid] = sentence
    return list(facts.values())


def _statement_facts(group: list[ArticleAnalysis]) -> list[Fact]:
    """Sentences that several reports make in like words, as one statement each."""
    per_article = [(a.article.id, [s for p in a.article.body.split("\n") for s in sentences(p)
                                   if len(s.split()) >= 6]) for a in group]
    bags = {(aid, s): set(content(s)) for aid, ss in per_article for s in ss}
    facts: list[Fact] = []
    used: set[tuple[str, str]] = set()
    for i, (aid, ss) in enumerate(per_article):
        for s in ss:
            if (aid, s) in used:
                continue
            fact = Fact("statement", s, [aid], {aid: s})
            for other_id, others in per_article[i + 1:]:
                best = max(((_overlap(bags[(aid, s)], bags[(other_id, o)]), o) for o in others
                            if (other_id, o) not in used), default=(0.0, ""))
                if best[0] >= SAME_STATEMENT:
                    fact.articles.append(other_id)
                    fact.evidence[other_id] = best[1]
                    used.add((other_id, best[1]))
            if len(fact.articles) > 1:
                facts.append(fact)
    return facts


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _norm_words(text: str) -> list[str]:
    return [normalize_quotes(w.casefold()) for w in words(text)]


def _best_window(short: list[str], long: list[str]) -> tuple[float, list[str]]:
    """The passage of ``long`` most like ``short`` (for a few quoted words in a long quote).

    Words are coded as one character each, so rapidfuzz's partial alignment works on words."""
    if not short or not long:
        return 0.0, []
    codes: dict[str, str] = {}
    def code(words: list[str]) -> str:
        return "".join(codes.setdefault(w, chr(0xE000 + len(codes))) for w in words)
    a, b = code(short), code(long)
    if len(a) > len(b):
        return fuzz.ratio(a, b) / 100, long
    found = fuzz.partial_ratio_alignment(a, b)
    if found is None:
        return 0.0, []
    return found.score / 100, long[found.dest_start:found.dest_end]


def link_score(a: Quote, b: Quote) -> float:
    """How surely two quotes render the same statement: the shorter one aligned to the
    passage of the longer most like it (0 when they share fewer than two words)."""
    wa, wb = _norm_words(a.text), _norm_words(b.text)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) < 2:
        return 0.0
    ratio, window = _best_window(short, long)
    if sum(1 for w in short if w in window) < 2:
        return 0.0
    if not (a.fragment or b.fragment):
        whole = SequenceMatcher(None, wa, wb).ratio()
        ratio = max(ratio * min(1.0, 2 * len(short) / max(len(long), 1)), whole, ratio * 0.8)
    return ratio


def _differences(a: str, b: str) -> list[str]:
    wa = [w for w in a.split() if w != "…"]
    wb = [w for w in b.split() if w != "…"]
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, [_norm(w) for w in wa],
                                               [_norm(w) for w in wb]).get_opcodes():
        if tag != "equal":
            out.append(f"“{' '.join(wa[i1:i2]) or '—'}” → “{' '.join(wb[j1:j2]) or '—'}”")
    return out


def _norm(word: str) -> str:
    return normalize_quotes(word.casefold()).strip(".,;:!?“”\"'")


def _flat(text: str) -> str:
    return " ".join(_norm_words(text))


def quote_variants(group: list[ArticleAnalysis]) -> list[QuoteVariant]:
    """Statements of one speaker that outlets quote in different words."""
    quotes = [(a.article.id, q) for a in group for q in a.quotes if q.speaker]
    parent = list(range(len(quotes)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(quotes))}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def compatible(x: int, y: int) -> bool:
        """No two quotes of one article in a statement, unless they follow each other."""
        for i in members[x]:
            for j in members[y]:
                if quotes[i][0] == quotes[j][0] and abs(i - j) != 1:
                    return False
        return True

    pairs = []
    for i, (aid, quote) in enumerate(quotes):
        for j in range(i + 1, len(quotes)):
            other_id, other = quotes[j]
            if other_id != aid and other.speaker == quote.speaker:
                score = link_score(quote, other)
                if score >= SAME_QUOTE_ALIGNED:
                    pairs.append((score, i, j))
    for _, i, j in sorted(pairs, reverse=True):
        x, y = root(i), root(j)
        if x != y and compatible(x, y):
            parent[y] = x
            members[x] += members.pop(y)
    groups: dict[int, list[int]] = {}
    for i in range(len(quotes)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for linked in groups.values():
        versions: dict[str, list[Quote]] = {}
        for i in linked:
            versions.setdefault(quotes[i][0], []).append(quotes[i][1])
        if len(versions) > 1:
            variant = _variant(versions)
            if variant is not None:
                out.append(variant)
    return out


def _joined(quotes: list[Quote]) -> Quote:
    full = [q for q in quotes if not q.fragment] or quotes
    return Quote(" … ".join(q.text for q in full), full[0].speaker, full[0].sentence,
                 all(q.fragment for q in full))


def _variant(versions: dict[str, list[Quote]]) -> QuoteVariant | None:
    joined = {aid: _joined(qs) for aid, qs in versions.items()}
    ids = sorted(joined, key=lambda aid: (joined[aid].fragment, -len(joined[aid].text)))
    base = ids[0]
    ids = [base, *sorted(ids[1:], key=lambda aid: not joined[aid].fragment)]  # short first
    differences: list[str] = []
    ratios: list[float] = []
    seen: dict[str, str] = {_flat(joined[base].text): base}
    for other in ids[1:]:
        a, b = joined[base], joined[other]
        if _flat(b.text) in seen:
            if seen[_flat(b.text)] != base:
                differences.append(f"{other} quotes word for word as {seen[_flat(b.text)]}")
            ratios.append(1.0 if seen[_flat(b.text)] == base else ratios[-1] if ratios else 1.0)
            continue
        seen[_flat(b.text)] = other
        if b.fragment and not a.fragment:
            ratio, window = _best_window(_norm_words(b.text), _norm_words(a.text))
            if _flat(b.text) != " ".join(window):
                differences += [f"{other} vs {base}: {d}"
                                for d in _differences(b.text, " ".join(window))]
            else:
                differences.append(f"{other} quotes “{b.text}” as {base} does")
        else:
            ratio = SequenceMatcher(None, _norm_words(a.text), _norm_words(b.text)).ratio()
            if _flat(a.text) != _flat(b.text):
                differences += [f"{base} vs {other}: {d}" for d in _differences(a.text, b.text)]
        ratios.append(ratio)
    if not [d for d in differences if " vs " in d]:
        return None
    score = min(ratios)
    return QuoteVariant(joined[base].speaker or "", {aid: q.text for aid, q in joined.items()},
                        round(score, 3), differences[:30], _note(joined, score))


def _note(versions: dict[str, Quote], score: float) -> str:
    full = {aid: q for aid, q in versions.items() if not q.fragment}
    wording = Counter(_flat(q.text) for q in versions.values())
    common, count = wording.most_common(1)[0]
    outliers = [aid for aid, q in versions.items() if _flat(q.text) != common]
    if count > 1 and outliers:
        return (f"{', '.join(outliers)} give(s) in quotation marks words that {count} other "
                "reports quote differently: likely a paraphrase or translation presented as a "
                "quote")
    if len(full) > 1 and score < VERBATIM:
        return ("the same statement is quoted in different words: at most one version is "
                "verbatim; the others are paraphrases or translations presented as quotes")
    return "the quoted words differ between outlets"


@cache
def _loaded() -> tuple[tuple[str, str], ...]:
    return tuple((r["term"], r["neutral"]) for r in read_table("loaded_terms.csv"))


def _naming(persons: dict[str, list[Mention]], name: str) -> list[str]:
    return [aid for aid, people in persons.items() if any(p.name == name for p in people)]


def wording_differences(group: list[ArticleAnalysis]) -> list[str]:
    """Names, titles and loaded words that differ between the reports of one event."""
    out: list[str] = []
    persons = {a.article.id: a.of_kind("person") for a in group}
    by_surname: dict[str, set[str]] = {}
    roles: dict[str, dict[str, list[str]]] = {}
    for aid, people in persons.items():
        for p in people:
            tokens = p.name.split()
            by_surname.setdefault(tokens[0] if len(tokens) == 2 else tokens[-1], set()).add(
                p.name)
            if p.role:
                roles.setdefault(p.name, {}).setdefault(p.role, []).append(aid)
    for names in by_surname.values():
        if len(names) > 1:
            spelled = "; ".join(f"{n} ({', '.join(_naming(persons, n))})" for n in sorted(names))
            out.append(f"one person, several names? {spelled}")
    for name, by_role in roles.items():
        if len(by_role) > 1:
            listed = "; ".join(f"“{r}” in {', '.join(ids)}" for r, ids in by_role.items())
            out.append(f"{name} is introduced as {listed}")
    for term, neutral in _loaded():
        users = [a.article.id for a in group
                 if re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", a.article.text)]
        if users and len(users) < len(group):
            out.append(f"“{term}” (where others write e.g. “{neutral}”) is used by "
                       f"{', '.join(users)} only")
    dates = {a.article.id: a.event_date for a in group if a.event_date}
    if len(set(dates.values())) > 1:
        out.append("event date given as " + "; ".join(f"{d} by {aid}" for aid, d in dates.items()))
    return out
