"""Normalises goods descriptions into the pieces the classifier matches.

Customs and invoice wording mixes scripts, upper case, units and part numbers in one line
("МИКРОСХЕМА STM32F407VGT6, 100 ШТ", "IC MCU 32BIT 1MB FLASH 100LQFP", "数控车床 CK6150").
Latin and Cyrillic words are split on anything that is not a letter or digit; Chinese and Thai,
written without spaces, are matched as substrings of the normalised text; part numbers are the
whitespace-separated chunks of the original text, upper-cased, with their punctuation kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CHUNK = re.compile(r"[^\s,;()\[\]{}\"'«»“”:|]+")
_UNSEGMENTED = re.compile(r"[\u0e00-\u0e7f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


@dataclass(frozen=True)
class Text:
    """A description, ready for matching."""

    original: str
    normalized: str
    words: tuple[str, ...]
    chunks: tuple[str, ...]
    unsegmented: bool
    language: str


def normalize(text: str) -> str:
    """NFKC, lower case, ``ё`` as ``е``: the form every table is matched in."""
    return unicodedata.normalize("NFKC", text).lower().replace("ё", "е")


def prepare(text: str) -> Text:
    """Split ``text`` into words, part-number chunks and its unsegmented-script flag."""
    norm = normalize(text)
    words = tuple(_WORD.findall(norm))
    chunks = tuple(chunk.strip(".-/").upper() for chunk in _CHUNK.findall(
        unicodedata.normalize("NFKC", text)))
    unsegmented = _UNSEGMENTED.search(norm) is not None
    return Text(text, norm, words, tuple(c for c in chunks if c), unsegmented,
                detect_language(norm))


def detect_language(norm: str) -> str:
    """A rough guess of the script's language: ``zh``, ``th``, ``ru``, ``vi`` or ``en``."""
    if _THAI.search(norm):
        return "th"
    if _UNSEGMENTED.search(norm):
        return "zh"
    if _CYRILLIC.search(norm):
        return "ru"
    if _VIETNAMESE.search(norm):
        return "vi"
    return "en"


def stem(word: str) -> str:
    """A light English plural stemmer: ``bearings`` -> ``bearing``, ``lenses`` -> ``lens``.

    Only ASCII words are touched; Russian uses prefix matching in the tables instead.
    """
    if not word.isascii() or len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("es") and word[:-2].endswith(("ss", "x", "z", "ch", "sh", "ns")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
