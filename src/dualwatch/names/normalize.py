"""From a name as written to the tokens that matching compares.

Steps: Unicode NFKC and case folding; quotes («»“”"„‘’) and apostrophes removed; dotted
abbreviations joined ("A.Ş." -> "as", "S.A." -> "sa"); each script to ASCII (Cyrillic under
several schemes, giving one :class:`NameForm` per distinct reading; Chinese by sound and meaning;
Hangul by syllable; anything else by anyascii); tokens folded (:func:`tokens.fold`); then legal
forms and common words recognised from the tables. Legal forms leave the token list and become a
set of classes (OOO, LLC and ООО are all "limited"); generic, place and particle words stay but
carry a kind, so that they count little and never make a match on their own; so does the
patronymic of a person's name (Ivan *Petrovich* Sidorov), which screening inputs often omit.
A part in parentheses ("Rostec (Russian Technologies State Corporation)") also gives readings of
its own: the name outside the parentheses and the one inside, each of which parties go by.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import OSA

from dualwatch.countries import to_code
from dualwatch.names.arabic import arabic_to_latin
from dualwatch.names.chinese import (
    may_be_pinyin,
    meaning_readings,
    pinyin_meaning,
    read_chinese,
)
from dualwatch.names.han_readings import japanese_reading, korean_reading
from dualwatch.names.scripts import (
    ABJAD_SCRIPTS,
    char_script,
    cyrillic_to_latin,
    dominant_script,
    hangul_to_latin,
    to_ascii,
    unmix_scripts,
)
from dualwatch.names.tables import read_table
from dualwatch.names.tokens import fold

NAME = "name"
GENERIC = "generic"
PLACE = "place"
PARTICLE = "particle"
PATRONYMIC = "patronymic"
TITLE = "title"

_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼʻ`´"), None)
_QUOTES = dict.fromkeys(map(ord, "«»“”„‟\"‘‚‹›「」『』"), " ")
_DOTTED = re.compile(r"^(?:\w\.){2,}\w?\.?$|^\w\.\w$")
_SPLIT = re.compile(r"[^0-9a-z]+")
_LETTER_HYPHEN = re.compile(r"^([a-z])-(?=[a-z]{2})")  # "y-sing" is one word, not an initial
_PARENS = re.compile(r"\(([^()]*)\)")
_GREEK_OU = re.compile("ο[υύ]")
_HANGUL = re.compile(r"[^\uac00-\ud7af]+")
_GREEK_MP = re.compile(r"(?<!\w)μπ|(?<=ο)μπ")
_HEBREW_PE = re.compile(r"(?<![\u0590-\u05ff])[פף]")
_GREEK_ENDING = re.compile(r"(?<=[a-z]{4})(?:os|is|as)\b", re.IGNORECASE)
MIN_PATRONYMIC_NAME = 3  # words in a person's name before one may be its patronymic
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_KANA = re.compile(r"[\u3040-\u30ff]")
_OTHER_LETTERS = re.compile(r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")
MAX_PERSON_HAN = 4  # a Han run this short, with no known term, may be a personal name
MIN_MISSPELT_LEGAL = 6  # shortest word of a legal form that may be matched misspelt
# Words written together, the second capitalised ("AlisherUsmanov", "SiemensAG"): a space where
# a lower-case run of two letters or more meets a capital (McDonald and DeBeers stay whole).
_GLUED = re.compile(r"(?<=[a-zß-ÿа-яё]{2})(?=[A-ZÀ-ÞА-ЯЁ])")
# A vessel's prefix (M/V, MV, M/T, MT, SS) before its name.
_VESSEL_PREFIX = re.compile(r"^\s*(?:m\s*/\s*[vt]|m\.[vt]\.?|mv|mt|ss)\s+(?=\S)")
# Digits typed for the letters they look like ("Ig0r Sech1n"): only single digits among two
# letters or more, so that models (MiG-29, T72), ordinals (1st) and numbers stay numbers.
_LEET = str.maketrans("013457", "oieast")
_LEET_WORD = re.compile(r"^(?=(?:.*[a-z]){2})(?:[a-z]|(?<![0-9])[013457](?![0-9]))+$")
_ORDINAL_WORD = re.compile(r"^\d+(?:st|nd|rd|th)$")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name: ``text`` as transliterated, ``fold`` as compared, and its kind."""

    text: str
    fold: str
    kind: str = NAME


@dataclass(frozen=True, slots=True)
class NameForm:
    """One reading of a name: its tokens in order and the legal-form classes it carries."""

    tokens: tuple[Token, ...]
    legal: frozenset[str] = frozenset()
    script: str = "latin"
    # A name in Hangul as written, without spaces: its passport-style reading writes two
    # vowels alike (정 and 종 are both "jong"), so two Hangul names are also compared as written.
    hangul: str = ""

    @property
    def abjad(self) -> bool:
        """Written without short vowels (Arabic, Hebrew, Thai): compare on consonants."""
        return self.script in ABJAD_SCRIPTS

    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of an already transliterated text, dotted abbreviations joined,
    numbers written as words in digits ("Forty-Four", "first": 44, 1), digits typed for
    letters read as those letters ("sech1n")."""
    words: list[str] = []
    for chunk in number_words(text.lower()).split():
        if _DOTTED.match(chunk):
            chunk = chunk.replace(".", "")
        chunk = _LETTER_HYPHEN.sub(r"\1", chunk)
        for word in _SPLIT.split(chunk):
            if not word:
                continue
            if not word.isalpha() and _LEET_WORD.match(word) and not _ORDINAL_WORD.match(word):
                word = word.translate(_LEET)
            words.append(word)
    return words


@cache
def _number_table() -> tuple[dict[str, int], re.Pattern[str]]:
    values = {r["word"]: int(r["value"]) for r in read_table("number_words.csv")}
    tens = "|".join(w for w, v in values.items() if v >= 20 and v % 10 == 0)
    units = "|".join(w for w, v in values.items() if 0 < v < 10)
    compound = re.compile(rf"\b({tens})[- ]({units})\b")
    return values, compound


_NUMBER_WORD = re.compile(r"[a-z]+")


def number_words(text: str) -> str:
    """Numbers written in English words as digits: "forty-four" -> "44", "first" -> "1"."""
    values, compound = _number_table()
    text = compound.sub(lambda m: str(values[m.group(1)] + values[m.group(2)]), text)
    return _NUMBER_WORD.sub(lambda m: str(values[m.group(0)]) if m.group(0) in values
                            else m.group(0), text)


@cache
def _phrases() -> tuple[dict[tuple[str, ...], tuple[str, str]], int]:
    """Folded phrase -> (kind, value): legal forms ("legal", class) and common words."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}

    def add(written: str, kind: str, value: str) -> None:
        for reading in _readings(_clean(written)):
            key = tuple(fold(w) for w in ascii_words(reading))
            if key:
                table.setdefault(key, (kind, value))

    for row in read_table("legal_forms.csv"):
        add(row["form"], "legal", row["class"])
    for row in read_table("name_words.csv"):
        add(row["word"], row["kind"], row["word"])
        for term in filter(None, row["ru"].split("|")):
            add(term, row["kind"], row["word"])
    return table, max(len(k) for k in table)


@cache
def _titles() -> frozenset[str]:
    return frozenset(fold(r["word"]) for r in read_table("titles.csv"))


def _mark_titles(tokens: list[Token], schema: str | None) -> list[Token]:
    """Titles and honorifics (Mr, President, Sheikh, Jr) of a person's name marked as such;
    of a name of unknown schema only the first word, before two distinctive words or more."""
    titles = _titles()
    marks = [t.kind == NAME and t.fold in titles for t in tokens]
    if schema is None:
        marks = [m and k == 0 for k, m in enumerate(marks)]
        needed = 2
    else:
        needed = 1
    if not any(marks) or sum(t.kind == NAME for t in tokens) - sum(marks) < needed:
        return tokens
    return [Token(t.text, t.fold, TITLE) if m else t for t, m in zip(tokens, marks, strict=True)]


@cache
def _patronymic_endings() -> tuple[str, ...]:
    return tuple(r["suffix"] for r in read_table("patronymics.csv"))


def _mark_patronymic(tokens: list[Token]) -> list[Token]:
    """The patronymic of a name of three words or more, second or last, is marked as such."""
    if len(tokens) < MIN_PATRONYMIC_NAME:
        return tokens
    endings = _patronymic_endings()
    for k in (1, len(tokens) - 1):
        tok = tokens[k]
        if tok.kind == NAME and tok.fold.endswith(endings) and len(tok.fold) > 6:
            return [*tokens[:k], Token(tok.text, tok.fold, PATRONYMIC), *tokens[k + 1:]]
    return tokens


def _clean(text: str) -> str:
    text = _GLUED.sub(" ", unicodedata.normalize("NFKC", text))
    text = unmix_scripts(text.casefold())
    return text.translate(_APOSTROPHES).translate(_QUOTES)


def _readings(text: str) -> list[str]:
    """ASCII readings of a text without Han characters; several for Cyrillic."""
    script = dominant_script(text)
    if any(char_script(ch) == "cyrillic" for ch in text):
        readings: list[str] = []
        for scheme in ("bgn", "icao", "gost"):
            reading = to_ascii(cyrillic_to_latin(text, scheme))
            if reading not in readings:
                readings.append(reading)
        return readings
    if script == "hangul":
        return [hangul_to_latin(text)]
    if script == "arabic":
        return [arabic_to_latin(text)]
    if script == "hebrew":
        # Names write bet and an initial pe without the dot that makes them b and p, which
        # anyascii then reads v and f: ברק is Barak, פוטין Putin.
        return [to_ascii(_HEBREW_PE.sub("p", text.replace("ב", "b")))]
    if script in ("georgian", "armenian", "other"):
        # Georgian ejectives come out with an apostrophe (პ "p'") that would split the word;
        # Armenian ու is one vowel, u (Պուտին, Putin).
        return [to_ascii(text.replace("ու", "u").replace("ՈՒ", "u")).replace("'", "")]
    if script == "greek":
        # Also without the nominative ending of Greek first names, which English and Russian
        # spellings leave out: Αλέξανδρος "Alexandros" is Alexander and Aleksandr. μπ at the
        # start of a word is b (Μπαράκ, Barack).
        text = _GREEK_MP.sub("b", text)
        reading = to_ascii(_GREEK_OU.sub("ou", text))  # anyascii reads ου letter by letter
        stem = _GREEK_ENDING.sub("", reading)
        return [reading] if stem == reading else [reading, stem]
    return [to_ascii(text)]


@cache
def _legal_near() -> tuple[dict[tuple[str, ...], list[tuple[str, str]]],
                           dict[tuple[str, ...], str], frozenset[str]]:
    """Legal forms of several words, for spellings a little off the table: keyed with one
    word blanked (-> the word blanked and the class), by their words sorted (-> class), and
    the set of their words."""
    blanked: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    by_sorted: dict[tuple[str, ...], str] = {}
    for key, (kind, value) in _phrases()[0].items():
        if kind != "legal" or len(key) < 2:
            continue
        by_sorted.setdefault(tuple(sorted(key)), value)
        for k, word in enumerate(key):
            blanked.setdefault((*key[:k], "", *key[k + 1:]), []).append((word, value))
    vocabulary = frozenset(w for key in by_sorted for w in key)
    return blanked, by_sorted, vocabulary


def _near_legal(words: tuple[str, ...]) -> str | None:
    """The class of a legal form of several words written with one long word misspelt
    ("Общество с ограниченной ответствнностью") or its words in another order; else None.

    Only long words may differ (one edit up to 7 letters, two from 8), so that a short
    distinctive word is never taken for part of a legal form.
    """
    blanked, by_sorted, vocabulary = _legal_near()
    known = sum(w in vocabulary for w in words)
    if known < len(words) - 1:
        return None
    if known == len(words) and (value := by_sorted.get(tuple(sorted(words)))):
        return value
    for k, word in enumerate(words):
        if len(word) < MIN_MISSPELT_LEGAL:
            continue
        for written, value in blanked.get((*words[:k], "", *words[k + 1:]), ()):
            if OSA.distance(word, written) <= (1 if len(written) < 8 else 2):
                return value
    return None


def _classify(words: list[str], legal_edges_only: bool, with_legal: bool
              ) -> tuple[list[Token], set[str]]:
    phrases, longest = _phrases()
    folds = [fold(w) for w in words]
    tokens: list[Token] = []
    legal: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            window = tuple(folds[i:i + size])
            hit = phrases.get(window)
            if hit is None and size >= 2 and with_legal and size < len(words):
                near = _near_legal(window)
                hit = ("legal", near) if near else None
            if hit is None:
                continue
            kind, value = hit
            if kind == "legal":
                at_edge = i == 0 or i + size == len(words)
                if not with_legal or (legal_edges_only and not at_edge) or size == len(words):
                    continue
                legal.add(value)
            elif kind != "stop":
                tokens.extend(Token(w, f, kind) for w, f in
                              zip(words[i:i + size], folds[i:i + size], strict=True))
            break
        else:
            size = 1
            tokens.append(Token(words[i], folds[i], NAME))
        i += size
    return tokens, legal


def _chinese_words(text: str) -> tuple[str, list[Token], set[str]]:
    """Replace Han runs by their reading; returns the rest of the text and the Han tokens."""
    tokens: list[Token] = []
    legal: set[str] = set()
    for run in _HAN_RUN.findall(text):
        for piece in read_chinese(run):
            if piece.kind == "legal":
                legal.add(piece.value)
            else:
                kind = NAME if piece.kind == "pinyin" else piece.kind
                for word in piece.value.split():
                    tokens.append(Token(word, fold(word), kind))
    return _HAN_RUN.sub(" ", text), tokens, legal


def _han_alternatives(text: str) -> list[str]:
    """Korean and Japanese readings of a name in Han characters (and kana) only.

    Only names that look like personal names (short runs, no known company term) are read
    again: company names are read by sound and meaning in Chinese (chinese.py).
    """
    if _OTHER_LETTERS.search(text):
        return []
    if _KANA.search(text):
        return [r for r in (japanese_reading(text),) if r]
    runs = _HAN_RUN.findall(text)
    if len(runs) > 3 or any(len(run) > MAX_PERSON_HAN or
                            any(p.kind != "pinyin" for p in read_chinese(run)) for run in runs):
        return []
    return [r for r in (japanese_reading(text), korean_reading(text)) if r]


@lru_cache(maxsize=100_000)
def normalize_name(text: str, schema: str | None = None) -> tuple[NameForm, ...]:
    """The readings of a name (one, or several for Cyrillic), as comparable tokens.

    ``schema`` "Person" leaves legal forms alone; None recognises them only at the start or
    end of the name; any other schema everywhere. A name with a part in parentheses also
    reads as the name without it and as the part alone, where that part has a distinctive word
    of the whole name ("(NORINCO)" has; "(Private)" of a legal form, "(Syria)" and a lone
    letter such as "(S)" have not).
    """
    forms = _forms(text, schema)
    inside = " ".join(_PARENS.findall(text)).strip()
    if inside and forms and not to_code(inside):  # "(Syria)" tells the party apart: keep it
        outside = _PARENS.sub(" ", text)
        known = {t.fold for t in forms[0].tokens if t.kind == NAME}
        for part in (outside, inside):
            if not part.strip() or part.strip() == text.strip():
                continue
            forms += [f for f in _forms(part, schema) if all(f != g for g in forms)
                      and any(t.kind == NAME and len(t.fold) >= 3 for t in f.tokens)
                      and {t.fold for t in f.tokens} <= {t.fold for t in forms[0].tokens}
                      and known & {t.fold for t in f.tokens}]
    return tuple(forms)


def _forms(text: str, schema: str | None) -> list[NameForm]:
    cleaned = _clean(text)
    if schema in ("Vessel", None):
        cleaned = _VESSEL_PREFIX.sub("", cleaned)
    with_legal = schema != "Person"
    edges_only = schema is None
    han_tokens: list[Token] = []
    han_legal: set[str] = set()
    if _HAN_RUN.search(cleaned):
        cleaned, han_tokens, han_legal = _chinese_words(cleaned)
        script = "han"
    else:
        script = dominant_script(cleaned)
    if script == "kana" and not _OTHER_LETTERS.search(cleaned):
        script = "han"  # kana read with the Japanese dictionary below, not letter by letter
        cleaned = ""
    forms: list[NameForm] = []
    for reading in _readings(cleaned):
        tokens, legal = _classify(ascii_words(reading), edges_only, with_legal)
        if schema in ("Person", None):
            tokens = _mark_patronymic(_mark_titles(tokens, schema))
        form = NameForm(tuple(tokens + han_tokens), frozenset(legal | han_legal), script,
                        _HANGUL.sub("", cleaned) if script == "hangul" else "")
        if form.tokens and all(form.tokens != f.tokens for f in forms):
            forms.append(form)
    if with_legal:
        forms += _meaning_forms(text, script, edges_only, forms)
    if script in ("han", "kana"):
        for reading in _han_alternatives(_clean(text)):
            tokens, legal = _classify(ascii_words(reading), edges_only, with_legal)
            form = NameForm(tuple(tokens), frozenset(legal), script)
            if form.tokens and all(form.tokens != f.tokens for f in forms):
                forms.append(form)
    return forms


def _meaning_forms(text: str, script: str, edges_only: bool, forms: list[NameForm]
                   ) -> list[NameForm]:
    """Readings of a Chinese organisation name by meaning (chinese.py): its Han words in
    English, or, for a name spelt in pinyin, the English of the Chinese it spells."""
    if script == "han":
        readings = meaning_readings(_clean(text))
    elif (script == "latin" and may_be_pinyin(text.casefold())
          and (chinese := pinyin_meaning(ascii_words(to_ascii(_clean(text)))))):
        readings = meaning_readings(chinese)
    else:
        return []
    out: list[NameForm] = []
    for english, han_legal in readings:
        tokens, legal = _classify(ascii_words(to_ascii(english)), edges_only, True)
        form = NameForm(tuple(tokens), frozenset(legal | han_legal), "latin")
        if form.tokens and all(form.tokens != f.tokens for f in forms + out):
            out.append(form)
    return out
