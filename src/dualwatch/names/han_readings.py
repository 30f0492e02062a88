"""Korean and Japanese readings of names written in Han characters.

The same characters are read differently by language: 金正恩 is "Jin Zhengen" in Mandarin but
"Kim Jong Un" in Korean; 山田太郎 is "Yamada Taro" in Japanese. A name in Han characters alone
does not say its language, so besides the Chinese reading (:mod:`dualwatch.names.chinese`) it
is also read as Korean, when every character has a known name reading (``data/hanja_korean.csv``,
then romanised like Hangul), and as Japanese, with pykakasi's dictionary (long vowels written
short, as passports do: "tarou" -> "taro"). Each reading becomes one more name form; the matcher
keeps the best.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from dualwatch.names.scripts import char_script, hangul_to_latin
from dualwatch.names.tables import read_table

# Japanese long vowels in Hepburn without macrons, as in passports and on the lists.
_LONG_VOWELS = (("ou", "o"), ("uu", "u"), ("oo", "o"))


@cache
def _hanja() -> dict[str, str]:
    return {r["hanja"]: r["hangul"] for r in read_table("hanja_korean.csv")}


@cache
def _kakasi() -> Any:
    import pykakasi  # imported on first use: its dictionary takes a second to load

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def korean_reading(text: str) -> str | None:
    """The Korean reading of a Han name (金正恩 -> "kim jongun"), None if a character is unknown."""
    table = _hanja()
    out = []
    for word in text.split():
        if len(word) in (2, 3) and all(char_script(ch) == "han" for ch in word):
            word = word[0] + " " + word[1:]  # surname apart: 李明 -> 이 명, 金正恩 -> 김 정은
        out.append(word)
    text = " ".join(out)
    out = []
    for ch in text:
        if char_script(ch) == "han":
            hangul = table.get(ch)
            if hangul is None:
                return None
            out.append(hangul)
        else:
            out.append(ch)
    return hangul_to_latin("".join(out))


def japanese_reading(text: str) -> str | None:
    """The Japanese reading of a kanji/kana name (山田太郎 -> "yamada taro"), None if the
    dictionary leaves a character unread (a Chinese simplified character, say)."""
    words = []
    for part in _kakasi().convert(text):
        word = part["hepburn"].strip()
        if part["orig"].strip() and not word:
            return None
        for long, short in _LONG_VOWELS:
            word = word.replace(long, short)
        if word:
            words.append(word)
    return " ".join(words)
