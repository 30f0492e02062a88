"""Finding known names in text: countries, places, organisations and the names on the lists.

Two matchers: a regular expression over the small reference tables (countries from ISO 3166 and
``data/country_words.csv``, places, organisations), and a token n-gram table over the names of
the companies and organisations on the loaded lists, so that "Shenzhen Foo Electronics Co.,
Ltd.", «ООО "Техпром"» or "深圳市某某科技有限公司" is found when the article names it as listed.
Latin names must be capitalised in the text as names are ("US" is not "us").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from dualwatch.media.tables import read_table
from dualwatch.model import Entity

LIST_SCHEMATA = {"Company", "Organization", "LegalEntity"}
_TOKEN = re.compile(r"[^\W_]+(?:[&'’.-][^\W_]+)*", re.UNICODE)
_QUALIFIER = re.compile(r"\([^()]*\)")  # "(HK)", "(Shenzhen)": a place qualifier, often dropped
_QUALIFIER_WORDS = frozenset({"hk", "hongkong", "sz", "bj", "sh"})
MIN_CORE_LETTERS = 6  # a core of two short words ("Ek Co") is too easily met by chance
_HAN_RUN = re.compile(r"[\u3400-\u9fff（）()]+")
MAX_NGRAM = 12
MIN_HAN_NAME = 4


@dataclass(frozen=True)
class Known:
    kind: str  # country | place | organisation
    name: str  # canonical name (country: ISO code)
    code: str | None
    role: str | None = None


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str
    known: Known


@cache
def _reference() -> dict[str, Known]:
    table: dict[str, Known] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2).lower()
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                table.setdefault(str(value), Known("country", code, code, "name"))
    for row in read_table("country_words.csv"):
        table[row["word"]] = Known("country", row["code"], row["code"], row["kind"])
    for row in read_table("places.csv"):
        table[row["name"]] = Known("place", row["canonical"], None if row["code"] == "zz"
                                   else row["code"], row["kind"])
    for row in read_table("organisations.csv"):
        table[row["name"]] = Known("organisation", row["canonical"], row["code"], row["kind"])
    return table


@cache
def _reference_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = sorted(_reference(), key=len, reverse=True)
    latin = [re.escape(n) for n in names if not _HAN_RUN.fullmatch(n)]
    han = [re.escape(n) for n in names if _HAN_RUN.fullmatch(n)]
    return (re.compile(r"(?<![\w.])(?:" + "|".join(latin) + r")(?![\w])", re.IGNORECASE),
            re.compile("|".join(han)))


@cache
def _folded() -> dict[str, tuple[str, Known]]:
    return {name.casefold(): (name, known) for name, known in _reference().items()}


def _case_ok(written: str, name: str) -> bool:
    if written == name:
        return True
    if len(name) <= 4 and name.isupper():
        return False  # "US", "EU", "AP" only as written
    return written[:1].isupper()


def find_reference(text: str) -> list[Found]:
    """Countries, places and organisations of the reference tables named in ``text``."""
    table = _reference()
    latin, han = _reference_patterns()
    out: list[Found] = []
    for m in latin.finditer(text):
        written = m.group(0)
        if written in table:
            out.append(Found(m.start(), m.end(), written, table[written]))
            continue
        name, known = _folded().get(written.casefold(), (written, None))
        if known is not None and _case_ok(written, name):
            out.append(Found(m.start(), m.end(), written, known))
    for m in han.finditer(text):
        out.append(Found(m.start(), m.end(), m.group(0), table[m.group(0)]))
    return out


_PAIRS = {"«": "»", "“": "”", "„": "“", "\"": "\"", "‘": "’"}


def _close_quote(text: str, start: int, end: int) -> int:
    """Take in the closing quotation mark of a name written «Мостотрест» or "Synesis"."""
    inner = text[start:end]
    for opening, closing in _PAIRS.items():
        if opening in inner and inner.count(closing) < inner.count(opening) + (
                opening == closing) and text[end:end + 1] in (closing, "”"):
            return end + 1
    return end


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t.casefold().replace("’", "'") for t in _TOKEN.findall(text))


def _key(word: str) -> str:
    """A folded word with a plural ending dropped: articles write "Electronics" for a listed
    "Electronic" and the other way round."""
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _words(text: str) -> list[tuple[str, int, int]]:
    """The ASCII words of ``text`` as the name normaliser writes them ("King-Pai" is "king",
    "pai"), each with the span of the written token it comes from."""
    from dualwatch.names.normalize import ascii_words
    from dualwatch.names.scripts import to_ascii
    from dualwatch.names.tokens import fold

    out = []
    for m in _TOKEN.finditer(text):
        for word in ascii_words(to_ascii(m.group(0))):
            out.append((_key(fold(word)), m.start(), m.end()))
    return out


def _cores(name: str) -> set[tuple[str, ...]]:
    """A listed name without its legal form (and without a bracketed place qualifier), as
    folded words: how articles write it. Only cores of two or more words and enough letters."""
    from dualwatch.names.normalize import normalize_name

    cores = set()
    for written in {name, _QUALIFIER.sub(" ", name)}:
        forms = normalize_name(written, "Company")
        if not forms or forms[0].script != "latin":
            continue
        words = [_key(t.fold) for t in forms[0].tokens]
        while words and words[-1] in _QUALIFIER_WORDS:
            words.pop()
        if len(words) >= 2 and sum(len(w) for w in words) >= MIN_CORE_LETTERS:
            cores.add(tuple(words))
    return cores


def _longest(text: str, words: list[tuple[str, int, int]], table: dict[tuple[str, ...], str],
             taken: list[tuple[int, int]]) -> list[Found]:
    """Longest runs of ``words`` (key, start, end) that ``table`` names, each starting with a
    capital or a digit as a name does, outside the spans already ``taken``."""
    out: list[Found] = []
    i = 0
    while i < len(words):
        found = None
        first = text[words[i][1]:words[i][1] + 1]
        if first.isupper() or first.isdigit():
            for n in range(min(MAX_NGRAM, len(words) - i), 1, -1):
                name = table.get(tuple(w for w, _, _ in words[i:i + n]))
                if name is not None:
                    found = (n, name)
                    break
        if found is None:
            i += 1
            continue
        n, name = found
        start = words[i][1]
        end = _close_quote(text, start, words[i + n - 1][2])
        if not any(a < end and start < b for a, b in taken):
            out.append(Found(start, end, text[start:end], Known("company", name, None, "list")))
        i += n
    return out


class ListGazetteer:
    """The names of listed companies and organisations, found as written in article text."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.ngrams: dict[tuple[str, ...], str] = {}
        self.cores: dict[tuple[str, ...], str] = {}
        self.han: dict[str, str] = {}
        self.entities = 0
        for entity in entities:
            if entity.schema not in LIST_SCHEMATA:
                continue
            self.entities += 1
            for name in entity.names:
                self.add(name.value)

    def add(self, name: str) -> None:
        for run in _HAN_RUN.findall(name):
            if len(run) >= MIN_HAN_NAME:
                self.han.setdefault(run, name)
        tokens = _tokens(name)
        if 2 <= len(tokens) <= MAX_NGRAM and not _HAN_RUN.fullmatch(name.strip()):
            self.ngrams.setdefault(tokens, name)
            for core in _cores(name):
                self.cores.setdefault(core, name)

    def find(self, text: str) -> list[Found]:
        # Listed names as written first, then their cores (no legal form, no "(HK)"): "Terra
        # Tech" for JOINT STOCK COMPANY TERRA TECH, "Speed Business Trading" for ... (HK) Ltd.
        tokens = [(t.casefold().replace("’", "'"), m.start(), m.end())
                  for m in _TOKEN.finditer(text) for t in [m.group(0)]]
        out = _longest(text, tokens, self.ngrams, [])
        out += _longest(text, _words(text), self.cores, [(f.start, f.end) for f in out])
        for run in _HAN_RUN.finditer(text):
            out.extend(self._find_han(run.group(0), run.start()))
        return out

    def _find_han(self, run: str, offset: int) -> list[Found]:
        out: list[Found] = []
        i = 0
        while i < len(run):
            for n in range(min(40, len(run) - i), MIN_HAN_NAME - 1, -1):
                name = self.han.get(run[i:i + n])
                if name is not None:
                    out.append(Found(offset + i, offset + i + n, run[i:i + n],
                                     Known("company", name, None, "list")))
                    i += n - 1
                    break
            i += 1
        return out


def load_gazetteer(store: Any, datasets: Iterable[str] | None = None) -> ListGazetteer:
    """The gazetteer of the store's current lists, cached on disk beside the match index and
    keyed like it (list versions and code), so a second run does not read every entity again."""
    from dualwatch.cache import disk_cached
    from dualwatch.screening import index_key

    wanted = list(datasets) if datasets is not None else None
    code = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:8]
    return disk_cached("news-gazetteer", f"{index_key(store, wanted)}-{code}", ListGazetteer,
                       lambda: ListGazetteer(store.current_entities(wanted)))
