"""Token-level forms: spelling folds, phonetic keys and consonant skeletons.

``fold`` brings the spellings of one sound together (kh/h, zh/j, ya/ia, -skiy/-sky, ts/tz,
shch/sch, doubled letters; see ``data/latin_folds.csv``) so that transliteration schemes and
informal spellings compare equal. ``phonetic`` is a metaphone key for candidate search and the
phonetic feature. ``skeleton`` drops vowels and glides, the only fair comparison between a Latin
name and one transliterated from Arabic or Hebrew, which do not write short vowels.
"""

from __future__ import annotations

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
    """Consonants only, doubled ones merged: "mohammed" -> "mhmd", "mhmwd" -> "mhmd"."""
    return _dedouble("".join(ch for ch in token if ch not in _VOWELS_AND_GLIDES))
