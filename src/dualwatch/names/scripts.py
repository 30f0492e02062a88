"""Writing systems and their transliteration to lower-case ASCII.

Names reach us in Latin, Cyrillic, Chinese, Arabic, Hangul and more. Everything is brought to
ASCII tokens before comparison: Cyrillic under each scheme that real documents use (GOST 7.79,
BGN/PCGN, ICAO; see ``data/cyrillic.csv``), Hangul by syllable with passport-style spellings
(``data/korean.csv``), and every other script through anyascii. Chinese is handled by
:mod:`dualwatch.names.chinese`, which needs meaning as well as sound.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from dualwatch.names.tables import cyrillic_schemes, korean_rules

# Scripts written without short vowels: their transliterations are compared on consonants.
ABJAD_SCRIPTS = frozenset({"arabic", "hebrew", "thai"})


def char_script(ch: str) -> str:
    """A coarse script name for one character ("latin", "cyrillic", "han", "arabic"...)."""
    code = ord(ch)
    if code < 0x250:
        return "latin"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    if 0x590 <= code < 0x600:
        return "hebrew"
    # Arabic blocks; the range also spans Syriac (0x700-0x74F), compared the same way.
    if 0x600 <= code < 0x780 or 0xFB50 <= code < 0xFE00 or 0xFE70 <= code < 0xFF00:
        return "arabic"
    if 0xE00 <= code < 0xE80:
        return "thai"
    if 0x4E00 <= code < 0xA000 or 0x3400 <= code < 0x4DC0 or 0xF900 <= code < 0xFB00:
        return "han"
    if 0xAC00 <= code < 0xD7B0 or 0x1100 <= code < 0x1200 or 0x3130 <= code < 0x3190:
        return "hangul"
    if 0x3040 <= code < 0x3100:
        return "kana"
    if 0x370 <= code < 0x400:
        return "greek"
    return "other"


# Lower-case Latin and Cyrillic letters that look the same. A word typed with a few letters of
# the other alphabet (a Latin "a" in "aкционерное", a Cyrillic "о" in "gazprоm") reads as
# written in its main one; lists and payment messages both have such words, by accident or
# to slip past screening.
_LATIN_LOOKALIKES = "aeopcxyijs"
_CYRILLIC_LOOKALIKES = "аеорсхуіјѕ"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
_WORD = re.compile(r"\w+")


def _unmix_word(match: re.Match[str]) -> str:
    word = match.group(0)
    cyrillic = sum(1 for ch in word if "\u0400" <= ch < "\u0530")
    if not cyrillic or cyrillic == len(word):
        return word
    latin = sum(1 for ch in word if "a" <= ch <= "z")
    if not latin:
        return word
    return word.translate(_TO_CYRILLIC if cyrillic >= latin else _TO_LATIN)


def unmix_scripts(text: str) -> str:
    """Each lower-case word mixing Latin and Cyrillic letters, with the look-alike letters of
    its minority alphabet written in its majority one ("aкционерное" -> "акционерное")."""
    return _WORD.sub(_unmix_word, text)


def dominant_script(text: str) -> str:
    """The script of most letters in ``text`` ("latin" for a text without letters)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = char_script(ch)
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "latin"
    return max(counts.items(), key=lambda item: item[1])[0]


def cyrillic_to_latin(text: str, scheme: str = "bgn") -> str:
    """Transliterate the Cyrillic letters of lower-case ``text`` under ``scheme``."""
    table = cyrillic_schemes()[scheme]
    return "".join(table.get(ch, ch) for ch in text)


@lru_cache(maxsize=4096)
def hangul_syllable(syllable: str, first: bool = False) -> str:
    """One Hangul syllable in passport-style Latin (김 -> kim, 정 -> jong).

    ``first``: the syllable starts a word, where it is usually a surname (박 -> park).
    """
    rules = korean_rules()
    for rule, src, dst in rules:
        if first and rule == "surname" and src == syllable:
            return dst
    latin = anyascii(syllable).lower()
    for rule, src, dst in rules:
        if rule == "initial" and latin.startswith(src):
            latin = dst + latin[len(src):]
        elif rule == "final" and latin.endswith(src) and len(latin) > len(src):
            latin = latin[: -len(src)] + dst
        elif rule == "any":
            latin = latin.replace(src, dst)
    return latin


def hangul_to_latin(text: str) -> str:
    """Hangul words in passport-style Latin: a surname syllable apart, the given name joined.

    김정은 -> "kim jongun", 정훈 -> "jonghun"; other characters go through anyascii.
    """
    out: list[str] = []
    word: list[str] = []

    def flush() -> None:
        if not word:
            return
        if len(word) == 3:
            out.append(" " + hangul_syllable(word[0], first=True) + " "
                       + "".join(hangul_syllable(s) for s in word[1:]) + " ")
        else:
            out.append(" " + "".join(hangul_syllable(s, first=len(word) == 1) for s in word) + " ")
        word.clear()

    for ch in text:
        if char_script(ch) == "hangul" and ch.isalpha():
            word.append(ch)
        else:
            flush()
            out.append(anyascii(ch))
    flush()
    return "".join(out)


def to_ascii(text: str) -> str:
    """Any text to ASCII with anyascii (the fallback for scripts without a table of ours)."""
    return anyascii(unicodedata.normalize("NFC", text))
