"""Token-level forms: spelling folds, phonetic keys and consonant skeletons.

``fold`` brings the spellings of one sound together (kh/h, zh/j, ya/ia, -skiy/-sky, ts/tz,
shch/sch, doubled letters; see ``data/latin_folds.csv``) so that transliteration schemes and
informal spellings compare equal. ``phonetic`` is a metaphone key for candidate search and the
phonetic feature. ``skeleton`` drops vowels and glides, the only fair comparison between a Latin
name and one transliterated from Arabic or Hebrew, which do not write short vowels.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jellyfish

from dualwatch.names.tables import latin_folds

_VOWELS_AND_GLIDES = frozenset("aeiouyvw'`")


def _dedouble(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if not out or out[-1] != ch or ch.isdigit():
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """The folded spelling of a lower-case ASCII token."""
    if token.isdigit():
        return token
    text = token
    for pattern, replacement, at_end in latin_folds():
        if at_end:
            if text.endswith(pattern) and len(text) > len(pattern) + 1:
                text = text[: -len(pattern)] + replacement
        elif pattern in text:
            text = text.replace(pattern, replacement)
    return _dedouble(text)


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """A metaphone key of a folded token ("" for digits and one-letter tokens)."""
    if len(token) < 2 or token.isdigit():
        return ""
    try:
        return str(jellyfish.metaphone(token))
    except (ValueError, IndexError):
        return ""


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonants only, doubled ones merged: "mohammed" -> "mhmd", "mhmwd" -> "mhmd".

    A final h is dropped: Arabic writes the final ه that Latin spellings often leave out
    (الله "allh" and "Abdulla"/"Abdullah" meet). p is b: Arabic has no p and writes a
    foreign p with ب (بوتين, Putin).
    """
    skel = _dedouble("".join(ch for ch in token if ch not in _VOWELS_AND_GLIDES)
                     .replace("p", "b"))
    return skel[:-1] if len(skel) > 1 and skel.endswith("h") else skel


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_ROMAN_FORM = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$")


def number(word: str) -> int | None:
    """The number a word writes, in digits, as an ordinal ("715th") or in roman numerals up to 39
    ("iii" -> 3), else None.

    Numbers tell apart names that are otherwise alike (vessels ARGO I and ARK III, funds II and
    III); ``word`` is the unfolded lower-case word, since folding merges "iii" into "i".
    """
    if word.isdigit():
        return int(word)
    if (ordinal := _ORDINAL.match(word)) is not None:  # "715th" research institute
        return int(ordinal.group(1))
    if not word or not _ROMAN_FORM.match(word):
        return None
    total = 0
    for ch, nxt in zip(word, [*word[1:], ""], strict=True):
        value = _ROMAN[ch]
        total += -value if nxt and _ROMAN[nxt] > value else value
    return total


def _consonant_gaps(word: str) -> tuple[str, list[str]]:
    """Consonants of a folded word (adjacent doubles merged, a final h dropped as in
    :func:`skeleton`) and the vowel letters before, between and after them."""
    consonants: list[str] = []
    gaps = [""]
    for ch in word:
        if ch in _VOWELS_AND_GLIDES:
            gaps[-1] += ch
        elif consonants and consonants[-1] == ch and not gaps[-1]:
            continue
        else:
            consonants.append(ch)
            gaps.append("")
    if len(consonants) > 1 and consonants[-1] == "h":
        consonants.pop()
        last = gaps.pop()
        gaps[-1] += last
    return "".join(consonants), gaps


# What a Latin spelling writes where the Arabic script writes a long vowel.
_LONG_VOWELS = {"a": "a", "i": "iey", "v": "ouv", "u": "ouv", "o": "ouv"}


@lru_cache(maxsize=200_000)
def long_vowels_disagree(abjad: str, latin: str) -> bool:
    """Whether a Latin spelling leaves out a long vowel that its Arabic-script counterpart
    writes, between the same consonants ("ahsan" / "hosein": alef between s and n, "ei" in
    the Latin). Both are folded tokens with the same consonants; an unwritten short vowel in the
    Latin is no disagreement. A word-initial alef only needs some vowel before the first
    consonant; a final ya may be read "a" (Persian موسی, "Musa").
    """
    cons_a, gaps_a = _consonant_gaps(abjad)
    cons_l, gaps_l = _consonant_gaps(latin)
    if cons_a != cons_l:
        return False
    last = len(gaps_a) - 1
    for k, (gap_a, gap_l) in enumerate(zip(gaps_a, gaps_l, strict=True)):
        if not gap_a:
            continue
        if k == 0:
            if not gap_l:
                return True
            continue
        for ch in set(gap_a):
            allowed = _LONG_VOWELS.get(ch)
            if allowed is None:
                continue
            if k == last and ch == "i":
                allowed += "a"
            if not any(c in gap_l for c in allowed):
                return True
    return False
