"""Quotations and who said them.

A quote is the text between quotation marks (“ ”, « », "…"). Its speaker comes from the
attribution next to it (“…,” Blinken said / said Blinken / Blinken said: “…” / «…», — заявил X /
X表示：“…”), a pronoun there ("he told reporters") points to the person last named as a
sentence's subject, and a quote without attribution continues the previous quote of the same or
the previous paragraph. A few quoted words inside reported speech ("asked China to be “vigilant
in monitoring”") are kept as fragments, attributed to the speaker of the sentence; they matter
because outlets often quote the same words differently.
"""

from __future__ import annotations

import re
from functools import cache

from dualwatch.media.model import Mention, Quote
from dualwatch.media.tables import column, read_table
from dualwatch.media.text import sentences

_QUOTE = re.compile(r"“([^“”]{2,}?)”|«([^«»]{2,}?)»|\"([^\"]{2,}?)\"|「([^「」]{2,}?)」")
_PRONOUNS = {"he", "she", "they", "он", "она", "他", "她"}
_DETERMINERS = re.compile(r"^(?:a|an|the|top|one)\s+", re.IGNORECASE)
FRAGMENT_WORDS = 6


@cache
def _verbs(lang: str) -> str:
    verbs = sorted(column("speech_verbs.csv", "verb", lang), key=len, reverse=True)
    return "|".join(re.escape(v) for v in verbs)


@cache
def _after(lang: str) -> tuple[re.Pattern[str], ...]:
    v = _verbs(lang)
    if lang == "zh":
        return (re.compile(rf"^[，,]?\s*(?P<who>[^。“”，,]{{1,20}}?)(?:{v})"),)
    if lang == "ru":
        return (re.compile(rf"^\s*,?\s*[—–-]\s*(?:{v})\s+(?P<who>[^.,;«»]{{2,80}})"),
                re.compile(rf"^\s*,?\s*[—–-]\s*(?P<who>[^.,;«»]{{2,80}}?)\s+(?:{v})\b"))
    return (re.compile(rf"^\s*,?\s*(?P<who>[^.“”\"]{{1,80}}?)\s+(?:{v})\b"),
            re.compile(rf"^\s*,?\s*(?:{v})\s+(?P<who>[^.,;“”\"]{{2,80}})"))


@cache
def _before(lang: str) -> re.Pattern[str]:
    v = _verbs(lang)
    if lang == "zh":
        return re.compile(rf"(?P<who>[^。“”，,]{{1,20}}?)(?:{v})[：:，,]?\s*$")
    return re.compile(rf"(?P<who>[^.“”\"«»]{{1,80}}?)\s+(?:{v})(?:\s+\w+){{0,2}}\s*[:,]?\s*$")


@cache
def _sentence_attribution(lang: str) -> re.Pattern[str]:
    v = _verbs(lang)
    return re.compile(rf",\s*(?P<who>[^,“”\"]{{1,80}}?)\s+(?:{v})(?:\s+\w+){{0,3}}\.?\s*$")


@cache
def _formal_titles() -> tuple[str, ...]:
    rows = read_table("titles.csv")
    return tuple(sorted((r["title"] for r in rows if r["title"][:1].isupper()
                         and len(r["title"]) > 5), key=len, reverse=True))


class _Speakers:
    """Resolves an attribution phrase to a person of the article."""

    def __init__(self, persons: list[Mention]) -> None:
        self.persons = persons
        self.last: str | None = None

    def person_in(self, text: str) -> str | None:
        best: tuple[int, str] | None = None
        for person in self.persons:
            for form in [*person.forms, person.name]:
                at = _find_word(text, form)
                if at >= 0 and (best is None or at < best[0]):
                    best = (at, person.name)
        return best[1] if best else None

    def resolve(self, who: str | None) -> str | None:
        if not who:
            return None
        who = " ".join(who.split())
        named = self.person_in(who)
        if named:
            return named
        if who.casefold() in _PRONOUNS:
            return self.last
        for title in _formal_titles():
            if title.casefold() in who.casefold():
                owners = [p.name for p in self.persons if p.role == title]
                if len(owners) == 1:
                    return owners[0]
        if len(who.split()) > 6 or not re.search(r"\w", who):
            return None
        return _DETERMINERS.sub("", who)

    def see(self, sentence: str) -> None:
        """Remember the first person named in a sentence as the current subject."""
        named = self.person_in(sentence)
        if named:
            self.last = named


def _is_name(text: str) -> bool:
    """A quoted name or title ("One China", «Мостотрест»), not quoted words."""
    tokens = text.split()
    return len(tokens) <= 2 and all(t[:1].isupper() for t in tokens)


def _find_word(text: str, form: str) -> int:
    if re.search(r"[\u3400-\u9fff]", form):
        return text.find(form)
    m = re.search(rf"(?<![\w]){re.escape(form)}(?![\w])", text)
    return m.start() if m else -1


def extract_quotes(paragraphs: list[str], lang: str, mentions: list[Mention]) -> list[Quote]:
    """Quotes of an article in reading order, each with its speaker where one can be told."""
    speakers = _Speakers([m for m in mentions if m.kind == "person"])
    out: list[Quote] = []
    previous_paragraph_quoted: str | None = None
    for paragraph in paragraphs:
        last_in_paragraph: str | None = None
        found = False
        for sentence in sentences(paragraph):
            for m in _QUOTE.finditer(sentence):
                raw = next(g for g in m.groups() if g is not None)
                text = raw.strip(" ,.")
                whole = not sentence[:m.start()].strip()
                fragment = len(text.split()) <= FRAGMENT_WORDS and lang != "zh" and not whole
                if fragment and _is_name(text):
                    continue
                speaker = _speaker(sentence, m, lang, speakers, fragment)
                if speaker is None and not fragment:
                    speaker = last_in_paragraph or previous_paragraph_quoted
                if speaker is None and fragment:
                    continue
                out.append(Quote(text, speaker, sentence, fragment))
                found = True
                if speaker:
                    last_in_paragraph = speaker
                    if speaker in {p.name for p in speakers.persons}:
                        speakers.last = speaker
            if not _QUOTE.search(sentence):
                speakers.see(sentence)
        previous_paragraph_quoted = last_in_paragraph if found else None
    return out


def _speaker(sentence: str, m: re.Match[str], lang: str, speakers: _Speakers,
             fragment: bool) -> str | None:
    if fragment:
        attribution = _sentence_attribution(lang).search(sentence)
        if attribution:
            return speakers.resolve(attribution.group("who"))
        if re.search(_verbs(lang) + r"|asked|urged|warned", sentence[:m.start()]):
            return speakers.person_in(sentence[:m.start()]) or speakers.resolve(
                _subject_title(sentence[:m.start()]))
        return None
    after = sentence[m.end():]
    quoted = next(g for g in m.groups() if g is not None).rstrip()
    ends_sentence = quoted.endswith(".") and lang == "en"
    for pattern in () if ends_sentence else _after(lang):
        found = pattern.search(after)
        if found:
            return speakers.resolve(found.group("who"))
    before = _before(lang).search(sentence[:m.start()])
    if before:
        return speakers.resolve(before.group("who"))
    return None


def _subject_title(text: str) -> str | None:
    for title in _formal_titles():
        if title.casefold() in text.casefold():
            return title
    return None
