"""The name a reader should see for a list entry: the English or Latin one where the list has it.

Lists do not agree on which name comes first. The EU's files give one name in whichever EU
language was drafted first, so an entry reads "Korporacja Pocisków Taktycznych SA" (Polish),
"Oleg Děripaska" (Czech) or "Влади́мир Влади́мирович ПУ́ТИН" (Russian, with stress marks)
although "JSC Tactical Missiles Corporation", "Oleg Vladimirovich DERIPASKA" and "Vladimir
Vladimirovich PUTIN" are among its aliases. Matching uses every name; only the caption changes.

A primary name in Latin letters without accents is kept (nearly every entry of the US, UK, UN
and Australian lists). A Latin primary name with accents gives way only to an alias that is
evidently English: more English business words (for organisations) or the English
transliteration (BGN/PCGN) of one of the entry's Cyrillic names. A primary name in another
script gives way to the Latin alias that is plain ASCII, reads most like English (business words,
likeness to the transliteration) and is no bare acronym. Stress marks (combining acute and
grave accents) are taken out of Cyrillic names in any case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from dualwatch.model import Name, NameKind
from dualwatch.sources.data import load_table

_STRESS = re.compile("[\u0300\u0301]")
_WORD = re.compile(r"[^\W\d_]+")
_ACRONYM = re.compile(r"^[A-Z0-9]{2,6}$")


@cache
def _english_words() -> frozenset[str]:
    return frozenset(row["word"].casefold() for row in load_table("caption_english_words.csv"))


def without_stress(value: str) -> str:
    """A Cyrillic name without its stress marks ("ПУ́ТИН" -> "ПУТИН"); Latin accents are kept."""
    if not any("\u0400" <= ch < "\u0530" for ch in value):
        return value
    return unicodedata.normalize("NFC", _STRESS.sub("", unicodedata.normalize("NFD", value)))


def _words(value: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(value)]


def _is_latin(value: str) -> bool:
    """Mostly Latin letters (a stray Cyrillic "С" typed into a Latin name does not count)."""
    letters = [ch for ch in value if ch.isalpha()]
    return sum(ord(ch) < 0x250 for ch in letters) * 2 >= len(letters)


def _ascii_letters(value: str) -> bool:
    """Letters all ASCII; typographic quotes and dashes ("“Vega”", "Kerch – Ferry") allowed."""
    return all(ch.isascii() for ch in value if ch.isalpha())


def _transliterations(names: Sequence[Name]) -> list[str]:
    from dualwatch.names.scripts import cyrillic_to_latin

    found = []
    for name in names:
        if any("\u0400" <= ch < "\u0530" for ch in name.value):
            latin = cyrillic_to_latin(without_stress(name.value).casefold())
            found.append(" ".join(sorted(_words(latin))))
    return found


def _likeness(value: str, transliterations: list[str]) -> float:
    """0..1: how close a Latin name is to the English transliteration of a Cyrillic name."""
    if not transliterations:
        return 0.0
    from rapidfuzz import fuzz

    text = " ".join(sorted(_words(value)))
    return max(fuzz.ratio(text, t) for t in transliterations) / 100


def _english_count(value: str, schema: str) -> int:
    """English business words in an organisation's name (none counted for people)."""
    if schema == "Person":
        return 0
    return len(_english_words().intersection(_words(value)))


def caption(names: Sequence[Name], fallback: str, schema: str = "") -> str:
    """The display name among ``names`` (see the module docstring); ``fallback`` when none."""
    candidates = [n for n in names if n.kind in (NameKind.PRIMARY, NameKind.ALIAS)]
    if not candidates:
        return without_stress(names[0].value) if names else fallback
    primary = next((n for n in candidates if n.kind == NameKind.PRIMARY), candidates[0])
    if _is_latin(primary.value) and _ascii_letters(primary.value):
        return primary.value  # the common case, decided without transliterating anything
    latin = [n for n in candidates if _is_latin(n.value)]
    if not latin:
        return without_stress(primary.value)
    transliterations = _transliterations(names)

    def score(name: Name) -> float:
        value = name.value.strip()
        english = _english_count(value, schema) + 2.0 * _likeness(value, transliterations)
        return 4.0 * _ascii_letters(value) + english - 3.0 * bool(_ACRONYM.match(value))

    if _is_latin(primary.value):
        # A Latin name with accents (Polish, Czech, Turkish) stays unless an alias is evidently
        # English: more English words, or the transliteration of the entry's Cyrillic name.
        own = _english_count(primary.value, schema)
        english = [n for n in latin if n is not primary and _ascii_letters(n.value)
                   and not _ACRONYM.match(n.value.strip())
                   and (_english_count(n.value, schema) > own
                        or _likeness(n.value, transliterations) >= 0.9)]
        return max(english, key=score).value if english else primary.value
    return max(latin, key=score).value
