"""Chinese names: sound for the distinctive part, meaning for the company words.

A Chinese company name is read the way its English version on the lists is written:
深圳市华为技术有限公司 -> "shenzhen" (a place prefix, weak), "huawei" (pinyin, distinctive),
"technology" (the meaning of 技术, generic) and the legal form "limited" (有限公司). Terms come
from ``data/name_words.csv`` (zh column) and ``data/legal_forms.csv``; everything else is read as
pinyin with pypinyin, a run of unknown characters joined into one word as brand names are.
A short name without company terms is read as a person: surname, then the joined given name
(习近平 -> "xi jinping").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pypinyin import Style, lazy_pinyin

from dualwatch.names.tables import chinese_admin_suffixes, read_table


@dataclass(frozen=True, slots=True)
class Piece:
    """One segment of a Chinese name: a legal form, a known word, or pinyin."""

    kind: str  # "legal" | "generic" | "place" | "pinyin"
    value: str  # legal class, English word, or pinyin


@cache
def _terms() -> dict[str, Piece]:
    terms: dict[str, Piece] = {}
    for row in read_table("name_words.csv"):
        for term in filter(None, row["zh"].split("|")):
            terms[term] = Piece(row["kind"], row["word"])
    for row in read_table("legal_forms.csv"):
        form = row["form"]
        if any("\u4e00" <= ch <= "\u9fff" for ch in form):
            terms[form] = Piece("legal", row["class"])
    return terms


@cache
def _max_term() -> int:
    return max(len(t) for t in _terms())


def pinyin(text: str) -> list[str]:
    """Syllables of ``text`` in pinyin without tones."""
    return [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.strip()]


def segment(run: str) -> list[Piece]:
    """Split a run of Han characters into known terms and pinyin words (longest term first)."""
    terms = _terms()
    pieces: list[Piece] = []
    unknown: list[str] = []
    i = 0
    while i < len(run):
        for size in range(min(_max_term(), len(run) - i), 0, -1):
            piece = terms.get(run[i:i + size])
            if piece is not None:
                break
        else:
            unknown.append(run[i])
            i += 1
            continue
        if unknown:
            pieces.append(Piece("pinyin", "".join(pinyin("".join(unknown)))))
            unknown = []
        pieces.append(piece)
        i += size
        if piece.kind == "place":
            for suffix in chinese_admin_suffixes():
                if run.startswith(suffix, i):
                    i += len(suffix)
                    break
    if unknown:
        pieces.append(Piece("pinyin", "".join(pinyin("".join(unknown)))))
    return pieces


def read_chinese(run: str) -> list[Piece]:
    """Pieces of a Han run; a short run with no known term is read as a person's name."""
    pieces = segment(run)
    if len(pieces) == 1 and pieces[0].kind == "pinyin" and 2 <= len(run) <= 4:
        syllables = pinyin(run)
        if len(syllables) >= 2:
            return [Piece("pinyin", syllables[0]), Piece("pinyin", "".join(syllables[1:]))]
    return pieces
