"""Name transforms that turn a listed company name into the way a counterparty might write it.

Each transform is a pure function of (name, random generator) returning the new name, or None
when it does not apply to that name, so the set generator can pick among the applicable ones and
the tests can check each on its own. The reference tables (legal-form families, context words,
romanization rules, syllables) are CSV files in ``data/`` beside this module.
"""

from __future__ import annotations

import csv
import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TOKEN = re.compile(r"[^\s,()\"«»“”]+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

Transform = Callable[[str, random.Random], str | None]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@dataclass(frozen=True)
class LegalForm:
    family: str
    form: str
    pattern: re.Pattern[str]


@cache
def legal_forms() -> tuple[LegalForm, ...]:
    """All forms, longest first so "Co. Ltd." wins over "Ltd."."""
    forms = []
    for row in _rows("legal_forms.csv"):
        escaped = r"[\s,]*".join(re.escape(part) for part in row["form"].split())
        pattern = re.compile(rf"(?<![\w.]){escaped}(?![\w])", re.IGNORECASE)
        forms.append(LegalForm(row["family"], row["form"], pattern))
    return tuple(sorted(forms, key=lambda f: -len(f.form)))


@cache
def context_words() -> dict[str, str]:
    return {row["word"]: row["kind"] for row in _rows("context_words.csv")}


@cache
def romanization_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"]), r["replacement"]) for r in _rows("romanization.csv"))


@cache
def cyrillic_schemes() -> dict[str, dict[str, str]]:
    rows = _rows("cyrillic.csv")
    return {scheme: {r["cyrillic"]: r[scheme] for r in rows} for scheme in ("bgn", "simple")}


@cache
def syllables() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in _rows("syllables.csv"):
        out.setdefault(row["culture"], []).append(row["syllable"])
    return {k: tuple(v) for k, v in out.items()}


def find_legal_form(name: str) -> tuple[LegalForm, re.Match[str]] | None:
    """The legal form written in ``name``, with where it is: the longest one at the start or
    end of the name, else the longest anywhere ("JSC ... Corporation X" is a JSC)."""
    found = [(form, m) for form in legal_forms() for m in form.pattern.finditer(name)]
    if not found:
        return None
    stripped = name.strip(" ,.\"'«»“”()")
    start, end = name.find(stripped[:1]), name.rfind(stripped[-1:]) + 1 if stripped else 0

    def rank(item: tuple[LegalForm, re.Match[str]]) -> tuple[bool, int]:
        m = item[1]
        at_edge = m.start() <= start or m.end() >= end
        return (at_edge, m.end() - m.start())

    return max(found, key=rank)


def _tidy(name: str) -> str:
    name = re.sub(r"\s+([,.)])", r"\1", name)
    name = re.sub(r"\(\s*\)", "", name)
    return " ".join(name.strip(" ,").split())


def rewrite_legal_form(name: str, rng: random.Random) -> str | None:
    """Swap the legal form for another spelling of the same family, maybe moving it."""
    found = find_legal_form(name)
    if found is None:
        return None
    form, match = found
    cyrillic = bool(CYRILLIC.search(name))
    others = [f.form for f in legal_forms() if f.family == form.family
              and f.form.casefold() != match.group(0).casefold()
              and bool(CYRILLIC.search(f.form)) == cyrillic]
    if not others:
        return None
    new = rng.choice(others)
    rest = _tidy(name[: match.start()] + " " + name[match.end():])
    if not rest:
        return None
    at_start = match.start() == 0
    if rng.random() < 0.3:  # write it on the other side, as often happens (OOO X / X LLC)
        at_start = not at_start
    return _tidy(f"{new} {rest}" if at_start else f"{rest} {new}")


def _distinctive_spans(name: str) -> list[re.Match[str]]:
    """Tokens that are neither legal form nor context word: what names the company."""
    found = find_legal_form(name)
    lo, hi = (found[1].start(), found[1].end()) if found else (-1, -1)
    words = context_words()
    return [m for m in TOKEN.finditer(name)
            if not (lo <= m.start() < hi) and m.group(0).strip(".'-").casefold() not in words
            and any(c.isalpha() for c in m.group(0))]


def typo(name: str, rng: random.Random) -> str | None:
    """One keyboard slip (delete, insert, substitute, swap) in a distinctive word of 5+ letters."""
    spans = [m for m in _distinctive_spans(name) if len(m.group(0)) >= 5 and m.group(0).isalpha()]
    if not spans:
        return None
    span = rng.choice(spans)
    word = span.group(0)
    i = rng.randrange(1, len(word) - 1)
    letter = rng.choice("aeioubcdfghklmnprstv")
    letter = letter.upper() if word.isupper() else letter
    # Letters of another script would be no slip of the keyboard: non-Latin words only lose
    # or swap a letter.
    ops = ("delete", "insert", "substitute", "swap") if word.isascii() else ("delete", "swap")
    op = rng.choice(ops)
    if op == "delete":
        new = word[:i] + word[i + 1:]
    elif op == "insert":
        new = word[:i] + letter + word[i:]
    elif op == "substitute":
        new = word[:i] + (letter if letter.lower() != word[i].lower() else "x") + word[i + 1:]
    else:
        new = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if new == word:
        return None
    return name[: span.start()] + new + name[span.end():]


def reorder(name: str, rng: random.Random) -> str | None:
    """Swap two neighbouring words outside the legal form ("Beijing Zhongke" -> "Zhongke
    Beijing")."""
    found = find_legal_form(name)
    lo, hi = (found[1].start(), found[1].end()) if found else (-1, -1)
    spans = [m for m in TOKEN.finditer(name) if not (lo <= m.start() < hi)
             and any(c.isalpha() for c in m.group(0))]
    pairs = [(a, b) for a, b in itertools.pairwise(spans)
             if name[a.end(): b.start()].strip() == ""
             and a.group(0).casefold() != b.group(0).casefold()]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return name[: a.start()] + b.group(0) + " " + a.group(0) + name[b.end():]


def drop_generic(name: str, rng: random.Random) -> str | None:
    """Leave out one or two generic words ("Technology", "Trading"); a distinctive one stays."""
    if not _distinctive_spans(name):
        return None
    found = find_legal_form(name)
    lo, hi = (found[1].start(), found[1].end()) if found else (-1, -1)
    words = context_words()
    generic = [m for m in TOKEN.finditer(name) if not (lo <= m.start() < hi)
               and words.get(m.group(0).strip(".'-").casefold()) == "generic"]
    if not generic:
        return None
    drop = rng.sample(generic, k=min(len(generic), rng.choice((1, 2))))
    out = name
    for m in sorted(drop, key=lambda m: -m.start()):
        out = out[: m.start()] + out[m.end():]
    out = _tidy(out)
    return out if out and out != name else None


def romanize(name: str, rng: random.Random) -> str | None:
    """Write the name in another romanization: Cyrillic into Latin, or one Latin rule swapped."""
    if CYRILLIC.search(name):
        table = cyrillic_schemes()[rng.choice(("bgn", "simple"))]
        out = "".join(_cyrillic_char(c, table) for c in name)
        return _tidy(out) if out != name else None
    lowered = name.casefold()
    rules = [(p, r) for p, r in romanization_rules() if p.search(lowered)]
    if not rules:
        return None
    pattern, replacement = rng.choice(rules)
    matches = list(pattern.finditer(lowered))
    m = rng.choice(matches)
    piece = replacement.upper() if name[m.start(): m.end()].isupper() else replacement
    if name[m.start(): m.end()][:1].isupper() and not name[m.start(): m.end()].isupper():
        piece = piece[:1].upper() + piece[1:]
    return name[: m.start()] + piece + name[m.end():]


def _cyrillic_char(char: str, table: dict[str, str]) -> str:
    low = char.lower()
    if low not in table:
        return char
    out = table[low]
    return out[:1].upper() + out[1:] if char != low else out


TRANSFORMS: dict[str, Transform] = {
    "legal_form": rewrite_legal_form,
    "romanization": romanize,
    "typo": typo,
    "word_order": reorder,
    "drop_generic": drop_generic,
}


def invent_word(culture: str, rng: random.Random) -> str:
    """A made-up distinctive word from two or three syllables of the naming culture."""
    pool = syllables().get(culture) or syllables()["any"]
    count = 2 if culture == "cn" else rng.choice((2, 3))
    return "".join(rng.choice(pool) for _ in range(count)).capitalize()
