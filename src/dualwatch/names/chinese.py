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

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from pypinyin import Style, lazy_pinyin

from dualwatch.names import cedict
from dualwatch.names.tables import chinese_admin_suffixes, read_table

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
MAX_PERSON_RUN = 4  # a Han run this short, with no known term, may be a personal name


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
    generic = {w for row in read_table("name_words.csv") if row["kind"] == "generic"
               for w in row["word"].split()}
    for row in read_table("chinese_terms.csv"):  # organisation words, by their first sense
        words = [w for w in row["english"].split("|")[0].split() if w not in ("of", "and")]
        english = " ".join(words)
        kind = "generic" if set(words) <= generic else "pinyin"  # 长江 "yangtze" is a name
        terms.setdefault(row["zh"], Piece(kind, english))
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
    pieces = segment(simplified(run))
    if len(pieces) == 1 and pieces[0].kind == "pinyin" and 2 <= len(run) <= 4:
        syllables = pinyin(run)
        if len(syllables) >= 2:
            return [Piece("pinyin", syllables[0]), Piece("pinyin", "".join(syllables[1:]))]
    return pieces


# --- Reading by meaning -------------------------------------------------------------------------
# The pinyin reading above meets the lists where they spell the name (Huawei, Dahua); the reading
# by meaning meets them where they translate it (长江存储 -> Yangtze Memory, 哈尔滨工业大学 ->
# Harbin Institute of Technology). Both are kept; the matcher uses the better.

LONGEST_WORD = 12  # characters; longer dictionary entries are phrases, not names
MAX_MEANINGS = 2  # readings by meaning of one name: first senses, then second senses


@cache
def _converter() -> Any:
    import opencc  # imported on first use: Traditional names are a small part of any list

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters as Simplified (OpenCC): 東莞聖寅數控設備 -> 东莞圣寅数控设备."""
    if text.isascii():
        return text
    converted: str = _converter().convert(text)
    return converted if len(converted) == len(text) else text


@cache
def _meaning_terms() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Curated Chinese term -> (kind, English readings): legal forms, then organisation words."""
    terms: dict[str, tuple[str, tuple[str, ...]]] = {}
    for row in read_table("chinese_terms.csv"):
        terms[row["zh"]] = ("word", tuple(row["english"].split("|")))
    for term, piece in _terms().items():
        if piece.kind == "legal":
            terms[term] = ("legal", (piece.value,))
        else:
            terms.setdefault(term, ("place" if piece.kind == "place" else "word", (piece.value,)))
    return terms


_ORDINAL = re.compile("第([〇零一二两三四五六七八九十百]+)")
_NUMERALS = ("〇零", "一", "二两", "三", "四", "五", "六", "七", "八", "九")
_DIGITS = {ch: n for n, chars in enumerate(_NUMERALS) for ch in chars}


def chinese_number(numerals: str) -> int:
    """The number Chinese numerals write: 十四 -> 14, 二十 -> 20, 一百零八 -> 108, 七一五 -> 715."""
    if "十" not in numerals and "百" not in numerals:
        return int("".join(str(_DIGITS[ch]) for ch in numerals))
    total, digit = 0, 0
    for ch in numerals:
        if ch == "百":
            total += (digit or 1) * 100
            digit = 0
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = _DIGITS[ch]
    return total + digit


def ordinal(n: int) -> str:
    """14 -> "14th", 2 -> "2nd": how the lists number institutes (CETC 14th Research Institute)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _words(run: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """The run cut into known words, (start, end, kind, readings), unknown characters left out.

    The cut leaves the fewest characters unknown, then uses the fewest words, so a long word
    that swallows the start of the next one loses (中国海|洋|石油 "China Seas" loses to
    中国|海洋|石油). At each position every known word length is tried, not only the longest."""
    n = len(run)
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    back: list[tuple[int, str, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0)
    terms = _meaning_terms()
    for i in range(n):
        cost = best[i]
        if cost is None:
            continue
        options: list[tuple[int, str, tuple[str, ...]]] = [(1, "", ())]
        if numbered := _ORDINAL.match(run, i):  # 第十四 "14th"
            reading = ordinal(chinese_number(numbered[1]))
            options.append((len(numbered[0]), "word", (reading,)))
        for size in range(2, min(LONGEST_WORD, n - i) + 1):
            word = run[i:i + size]
            if word in terms:
                options.append((size, *terms[word]))
            elif readings := cedict.english(word):
                options.append((size, "dictionary", readings))
        for size, kind, readings in options:
            new = (cost[0] + (0 if kind else 1), cost[1] + 1)
            if best[i + size] is None or new < best[i + size]:  # type: ignore[operator]
                best[i + size] = new
                back[i + size] = (size, kind, readings)
    cut: list[tuple[int, int, str, tuple[str, ...]]] = []
    end = n
    while end > 0:
        size, kind, readings = back[end]  # type: ignore[misc]
        if kind:
            cut.append((end - size, end, kind, readings))
        end -= size
    return cut[::-1]


def meaning_pieces(run: str) -> list[tuple[str, tuple[str, ...]]]:
    """A Han run as (kind, readings) pieces: "legal" (its class), "word" (an organisation word of
    the tables, English readings best first), "dictionary" (a CC-CEDICT word, likewise) or
    "pinyin" (characters no dictionary knows, joined as a brand name is).

    The name less its legal form is first looked up whole (the dictionary knows many state
    groups and institutes: 中国电子科技集团公司 "China Electronics Technology Group
    Corporation")."""
    pieces: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    for start, end, kind, readings in _words(run):
        if start > i:
            pieces.append(("pinyin", ("".join(pinyin(run[i:start])),)))
        pieces.append((kind, readings))
        i = end
        suffix = next((s for s in chinese_admin_suffixes() if run.startswith(s, i)), "")
        if start == 0 and suffix:
            i += len(suffix)
    if i < len(run):
        pieces.append(("pinyin", ("".join(pinyin(run[i:])),)))
    return _whole(run, pieces)


def _whole(run: str, pieces: list[tuple[str, tuple[str, ...]]]
           ) -> list[tuple[str, tuple[str, ...]]]:
    """The pieces with the name before its legal form read as one word, where the dictionary
    has it (with or without 公司)."""
    legal = [p for p in pieces if p[0] == "legal"]
    core = run
    for form in sorted((t for t, (k, _) in _meaning_terms().items() if k == "legal"),
                       key=len, reverse=True):
        if core.endswith(form):
            core = core[: -len(form)]
            break
    for word in (core + "公司", core):
        readings = cedict.english(word) if len(word) > 2 else ()
        if readings and word != run:
            return [("dictionary", readings), *legal]
    return pieces


def _is_personal(run: str) -> bool:
    pieces = read_chinese(run)
    return len(run) <= MAX_PERSON_RUN and all(p.kind == "pinyin" for p in pieces)


def meaning_readings(text: str) -> list[tuple[str, frozenset[str]]]:
    """Readings of a name by the meaning of its Chinese words: the text with each Han run in
    English, and the legal-form classes read from it. [] for a name that reads as a person's."""
    runs = HAN_RUN.findall(text)
    if not runs or any(_is_personal(simplified(run)) for run in runs):
        return []
    readings: list[tuple[str, frozenset[str]]] = []
    pieces = {run: meaning_pieces(simplified(run)) for run in runs}
    if _only_guessed([p for run in runs for p in pieces[run]]):
        return []
    for k in range(MAX_MEANINGS):
        legal: set[str] = set()

        def english(match: re.Match[str], k: int = k, legal: set[str] = legal) -> str:
            words = []
            for kind, options in pieces[match[0]]:
                if kind == "legal":
                    legal.add(options[0])
                else:
                    words.append(options[min(k, len(options) - 1)])
            return " " + " ".join(words) + " "

        reading = (HAN_RUN.sub(english, text), frozenset(legal))
        if reading not in readings:
            readings.append(reading)
    return readings


def _only_guessed(pieces: list[tuple[str, tuple[str, ...]]]) -> bool:
    """The name's own part is read only through common-word senses of the dictionary (浪潮集团
    "wave group"): a brand read that way is a guess that meets unrelated English names, so
    such a name is read by sound alone. A proper name the dictionary knows (华为 Huawei), a
    syllable read by sound or a place in front (中国联合网络通信 "China United Network
    Communications", as state groups are named) keeps the reading."""
    guessed = [p for p in pieces if p[0] == "dictionary" and not p[1][0][:1].isupper()]
    anchored = [p for p in pieces if p[0] in ("pinyin", "place") or
                (p[0] == "dictionary" and p[1][0][:1].isupper())]
    return bool(guessed) and not anchored


# --- Names spelt in pinyin ----------------------------------------------------------------------
# "Changxin Cunchu Jishu Youxian Gongsi" is a registered Chinese name written in pinyin. It is read
# as the Chinese it spells when every word is pinyin and it ends in a Chinese legal form or
# organisation word; each word becomes the English of the one dictionary word it spells (words
# that spell several, such as "jishu", stay as written).

_PINYIN_MARKERS = ("gongsi", "jituan", "daxue", "yanjiusuo", "yanjiuyuan", "xueyuan", "zongchang")


def may_be_pinyin(text: str) -> bool:
    """A quick test, before any reading: the lower-case text has a pinyin organisation word."""
    return any(marker in text for marker in _PINYIN_MARKERS)


@cache
def _syllables() -> frozenset[str]:
    from pypinyin.constants import PINYIN_DICT

    found: set[str] = set()
    for value in PINYIN_DICT.values():
        for reading in value.split(","):
            found.add(pinyin_plain(reading))
    return frozenset(s for s in found if s)


def pinyin_plain(syllable: str) -> str:
    """A pinyin syllable without tone marks ("cún" -> "cun", "lǜ" -> "lv")."""
    text = unicodedata.normalize("NFD", syllable.replace("ü", "v"))
    return "".join(ch for ch in text if ch.isascii() and ch.isalpha()).lower()


def is_pinyin_word(word: str) -> bool:
    """``word`` splits into pinyin syllables ("cunchu" -> cun chu)."""
    syllables = _syllables()
    ok = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        ok[end] = any(ok[start] and word[start:end] in syllables
                      for start in range(max(0, end - 6), end))
    return ok[-1]


@cache
def _spelt_terms() -> dict[str, str]:
    """Toneless pinyin -> Chinese term, for the curated terms and legal forms."""
    table: dict[str, str] = {}
    for term in _meaning_terms():
        table.setdefault("".join(pinyin(term)), term)
    return table


def pinyin_meaning(words: list[str]) -> str | None:
    """The Chinese a pinyin-spelt name writes, or None if it does not read as one.

    Runs of up to four words that spell a legal form, an organisation word or a place of the
    tables ("youxian zeren gongsi", "hangkong hangtian", "cunchu" 存储, "haerbin" 哈尔滨) become
    it; any other word stays as written: a brand's syllables spell ordinary words too
    ("shengyin" is also 声音 "sound"). The Chinese is returned so that the caller reads it like
    any Chinese name."""
    if len(words) < 2 or not any(w in _PINYIN_MARKERS for w in words[-3:]):
        return None
    if not all(w.isalpha() and is_pinyin_word(w) for w in words):
        return None
    terms = _spelt_terms()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            term = terms.get("".join(words[i:i + size]))
            if term:
                out.append(term)
                i += size
                break
        else:
            out.append(" " + words[i] + " ")
            i += 1
    return "".join(out)


PINYIN_WORD = 3  # characters: registered pinyin names write 哈尔滨工业大学 "Haerbin Gongye Daxue"


def pinyin_words(name: str) -> str:
    """A Chinese name written as registered names are in pinyin, a word per short dictionary
    word ("长鑫存储技术有限公司" -> "Changxin Cunchu Jishu Youxian Gongsi")."""
    out: list[str] = []
    for run in HAN_RUN.findall(simplified(name)):
        i = 0
        unknown_before = False
        while i < len(run):
            size = 1
            for n in range(min(PINYIN_WORD, len(run) - i), 1, -1):
                word = run[i:i + n]
                if word in _meaning_terms() or cedict.is_word(word):
                    size = n
                    break
            syllables = "".join(pinyin(run[i:i + size]))
            if size == 1 and out and unknown_before:
                out[-1] += syllables  # a brand name's characters are one word: Shengyin
            else:
                out.append(syllables.capitalize())
            unknown_before = size == 1
            i += size
    return " ".join(out)
