"""Matches the curated multilingual term table against a prepared description.

A term (``data/terms.csv``) is a phrase in one language pointing at an HS 2022 subheading with
a weight; a general-goods word (``data/vocabulary.csv``) may point at a whole heading, whose
subheadings all get the weight, with its typical subheading getting a share more; or a term
points at an English gloss (``=words``) that is fed back into the English stage, so that
general vocabulary in Thai or Vietnamese reuses the English tables. In a phrase, a word ending
in ``*`` matches any word it begins (Russian stems: ``подшипник*``); ``a + b`` means both
parts occur anywhere in the text. Chinese and Thai terms are matched as substrings. Where
matches overlap, the longest wins, so "memory card" is not read as "memory".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from dualwatch.errors import SourceError
from dualwatch.goods.tables import read_table
from dualwatch.goods.text import normalize, stem

_UNSEGMENTED_LANGS = {"zh", "th"}
_MIN_PREFIX = 2
TYPICAL_SHARE = 0.5  # extra weight, as a share, of a vocabulary word's typical subheading
_VOCABULARY_LANGS = ("en", "ru", "zh")


@dataclass(frozen=True)
class Term:
    """One row of the term table."""

    text: str
    lang: str
    target: str  # an HS-6 code, or "=english gloss"
    weight: float
    parts: tuple[tuple[tuple[str, bool], ...], ...] = ()  # combos: phrases of (word, prefix)

    @property
    def gloss(self) -> str | None:
        return self.target[1:] if self.target.startswith("=") else None


@dataclass(frozen=True)
class Hit:
    """A term found in the text, with the span it covers (word or character positions)."""

    term: Term
    start: int
    end: int
    space: str  # "words" or "chars"


@dataclass
class Lexicon:
    """The term table, indexed for matching."""

    by_word: dict[str, list[tuple[Term, tuple[tuple[str, bool], ...]]]] = field(
        default_factory=lambda: defaultdict(list))
    by_prefix: dict[str, list[tuple[Term, tuple[tuple[str, bool], ...]]]] = field(
        default_factory=lambda: defaultdict(list))
    substrings: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    combos: list[Term] = field(default_factory=list)
    max_substring: int = 1

    def match(self, words: tuple[str, ...], text: str | None) -> list[Hit]:
        """Longest non-overlapping term hits in ``words`` and, when given, in ``text``."""
        hits = self._word_hits(words)
        if text is not None:
            hits += self._substring_hits(text)
        kept = _longest_first(hits)
        kept += self._combo_hits(hits, words, text)
        return kept

    def _word_hits(self, words: tuple[str, ...]) -> list[Hit]:
        stems = tuple(stem(w) for w in words)
        hits: list[Hit] = []
        for i, word in enumerate(stems):
            candidates = list(self.by_word.get(word, ()))
            if self.by_prefix:
                raw = words[i]
                for k in range(_MIN_PREFIX, len(raw) + 1):
                    candidates.extend(self.by_prefix.get(raw[:k], ()))
            for term, phrase in candidates:
                end = _phrase_end(phrase, words, stems, i)
                if end is not None:
                    hits.append(Hit(term, i, end, "words"))
        return hits

    def _substring_hits(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        n = len(text)
        for i in range(n):
            for j in range(i + 1, min(n, i + self.max_substring) + 1):
                for term in self.substrings.get(text[i:j], ()):
                    hits.append(Hit(term, i, j, "chars"))
        return hits

    def _combo_hits(self, hits: list[Hit], words: tuple[str, ...],
                    text: str | None) -> list[Hit]:
        found: list[Hit] = []
        stems = tuple(stem(w) for w in words)
        for term in self.combos:
            if all(_part_present(part, words, stems, text, term.lang) for part in term.parts):
                found.append(Hit(term, 0, 0, "combo"))
        return found


def _phrase_end(phrase: tuple[tuple[str, bool], ...], words: tuple[str, ...],
                stems: tuple[str, ...], start: int) -> int | None:
    if start + len(phrase) > len(words):
        return None
    for offset, (word, prefix) in enumerate(phrase):
        position = start + offset
        if prefix:
            if not words[position].startswith(word):
                return None
        elif stems[position] != word:
            return None
    return start + len(phrase)


def _part_present(part: tuple[tuple[str, bool], ...], words: tuple[str, ...],
                  stems: tuple[str, ...], text: str | None, lang: str) -> bool:
    if lang in _UNSEGMENTED_LANGS:
        return text is not None and part[0][0] in text
    return any(_phrase_end(part, words, stems, i) is not None for i in range(len(words)))


def _longest_first(hits: list[Hit]) -> list[Hit]:
    kept: list[Hit] = []
    taken: dict[str, set[int]] = {"words": set(), "chars": set()}
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        span = set(range(hit.start, hit.end))
        if span & taken[hit.space]:
            continue
        taken[hit.space] |= span
        kept.append(hit)
    # several terms may share one phrase (same span): keep them all
    spans = {(h.start, h.end, h.space) for h in kept}
    kept = [h for h in hits if (h.start, h.end, h.space) in spans]
    return sorted(set(kept), key=lambda h: (h.space, h.start, h.term.text, h.term.target))


def _parse_phrase(text: str, lang: str) -> tuple[tuple[str, bool], ...]:
    if lang in _UNSEGMENTED_LANGS:
        return ((text, False),)
    words = []
    for word in text.split():
        prefix = word.endswith("*")
        word = word.rstrip("*")
        words.append((word, True) if prefix else (stem(word), False))
    return tuple(words)


@cache
def lexicon() -> Lexicon:
    """The packaged term table and glossary, indexed once."""
    entries: list[tuple[str, str, str, float]] = []
    for number, row in enumerate(read_table("terms.csv"), start=2):
        try:
            weight = float(row["weight"])
        except ValueError as exc:
            raise SourceError("terms.csv", "weight is not a number", line=number,
                              field="weight") from exc
        entries.append((row["term"], row["lang"], row["target"], weight))
    entries += vocabulary_entries()
    entries += [(row["term"], row["lang"], "=" + normalize(row["english"]), 0.0)
                for row in read_table("glossary.csv")]
    return build_lexicon(entries)


def vocabulary_entries(rows: Iterable[dict[str, str]] | None = None,
                       where: str = "vocabulary.csv") -> list[tuple[str, str, str, float]]:
    """``(term, lang, target, weight)`` rows of the general-goods vocabulary.

    A row names a heading or subheading, its weight, an optional typical subheading and
    ``|``-separated synonyms per language; each synonym becomes a term for the target, and
    one for the typical subheading worth ``TYPICAL_SHARE`` of the weight. ``rows`` defaults
    to the packaged table; ``where`` names them in errors.
    """
    entries: list[tuple[str, str, str, float]] = []
    table = read_table("vocabulary.csv") if rows is None else rows
    for number, row in enumerate(table, start=2):
        target, typical = row["target"], row["typical"]
        try:
            weight = float(row["weight"])
        except ValueError as exc:
            raise SourceError(where, "weight is not a number", line=number,
                              field="weight") from exc
        if len(target) not in (4, 6) or not target.isdigit():
            raise SourceError(where, f"target {target!r} is not an HS heading or "
                              "subheading", line=number, field="target")
        if typical and not (len(typical) == 6 and typical.startswith(target)):
            raise SourceError(where, f"typical {typical!r} is not a subheading of "
                              f"{target}", line=number, field="typical")
        for lang in _VOCABULARY_LANGS:
            for term in filter(None, (t.strip() for t in row[lang].split("|"))):
                entries.append((term, lang, target, weight))
                if typical:
                    entries.append((term, lang, typical, round(weight * TYPICAL_SHARE, 2)))
    return entries


def build_lexicon(entries: Iterable[tuple[str, str, str, float]]) -> Lexicon:
    """Index ``(term, lang, target, weight)`` rows for matching."""
    lex = Lexicon()
    seen: dict[tuple[str, str, str], Term] = {}
    for term, lang, target, weight in entries:
        _add(lex, seen, term, lang, target, weight)
    return lex


def _add(lex: Lexicon, seen: dict[tuple[str, str, str], Term], raw: str, lang: str,
         target: str, weight: float) -> None:
    text = normalize(raw).strip()
    if " + " in text:
        parts = tuple(_parse_phrase(p.strip(), lang) for p in text.split(" + "))
        lex.combos.append(Term(text, lang, target, weight, parts))
        return
    phrase = _parse_phrase(text, lang)
    key = (" ".join(w + ("*" if p else "") for w, p in phrase), lang, target)
    if key in seen:  # a plural form of a listed term: one entry is enough
        return
    term = Term(text, lang, target, weight)
    seen[key] = term
    if lang in _UNSEGMENTED_LANGS:
        lex.substrings[text].append(term)
        lex.max_substring = max(lex.max_substring, len(text))
        return
    first, prefix = phrase[0]
    (lex.by_prefix if prefix else lex.by_word)[first].append((term, phrase))
