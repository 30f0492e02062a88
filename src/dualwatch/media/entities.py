"""People, organisations, companies, countries and places named in an article.

No language model is used: names are found with the reference tables (countries, places,
organisations), the names on the loaded lists, titles and attribution patterns for persons,
and legal forms for companies. A person first named in full is then counted at every later
mention of the surname ("Blinken"); the title that introduced them is kept as their role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from dualwatch.media import patterns
from dualwatch.media.gazetteer import Found, ListGazetteer, find_reference
from dualwatch.media.model import Mention
from dualwatch.media.tables import column

_CAP_SEQ = re.compile(r"(?:[A-Z][\w'’-]+)(?:\s+(?:of|and|for|the|on)?\s*[A-Z][\w'’-]+)*")


@dataclass
class _Raw:
    kind: str
    name: str
    written: str
    sentence: str
    role: str | None = None
    code: str | None = None
    via: str = ""


@cache
def _not_names() -> frozenset[str]:
    return frozenset(column("not_names.csv", "word"))


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in taken)


def _clean_person(name: str, known: Iterable[str]) -> str | None:
    tokens = name.split()
    known_set = set(known)
    while tokens and (tokens[-1] in _not_names() or tokens[-1] in known_set):
        tokens.pop()
    while tokens and (tokens[0] in _not_names() or tokens[0] in known_set):
        tokens.pop(0)
    if not tokens:
        return None
    return " ".join(tokens)


def _sentence_raw(sentence: str, lang: str, gazetteer: ListGazetteer | None) -> list[_Raw]:
    """Names in one sentence. Listed names, organisations and companies come first; a place
    or country inside a company name ("Beijing Head Aerospace Technology") is part of it."""
    out: list[_Raw] = []
    found: list[Found] = gazetteer.find(sentence) if gazetteer is not None else []
    reference = find_reference(sentence)
    found += [f for f in reference if f.known.kind == "organisation"]
    taken = [(f.start, f.end) for f in found]
    out += _companies(sentence, lang, taken)
    if lang == "en":
        out += _organisations(sentence, taken)
    found += [f for f in reference if f.known.kind != "organisation"
              and not _overlaps((f.start, f.end), taken)]
    taken += [(f.start, f.end) for f in found]
    for f in found:
        code = f.known.code if f.known.kind != "country" else f.known.name
        via = "list" if f.known.role == "list" else ("demonym" if f.known.role == "demonym"
                                                     else "gazetteer")
        role = f.known.role if f.known.kind == "place" else None
        name = f.text if via == "list" else f.known.name  # a listed name as the article writes it
        out.append(_Raw(f.known.kind, name, f.text, sentence, role, code, via))
    out += _persons(sentence, lang, taken, {f.text for f in found})
    return out


def _companies(sentence: str, lang: str, taken: list[tuple[int, int]]) -> list[_Raw]:
    out: list[_Raw] = []
    for m in patterns.company_latin().finditer(sentence):
        if _overlaps(m.span(), taken):
            continue
        name = m.group(0).strip().rstrip(",")
        taken.append(m.span())
        out.append(_Raw("company", name, name, sentence, via="legal form"))
    if lang == "ru":
        for m in patterns.company_cyrillic().finditer(sentence):
            if not _overlaps(m.span(), taken):
                taken.append(m.span())
                out.append(_Raw("company", m.group(0), m.group(0), sentence, via="legal form"))
    if lang == "zh":
        for m in patterns.company_han().finditer(sentence):
            name = patterns.trim_han_company(m.group("name"))
            start = m.end() - len(name)
            if not patterns.is_bare_form(name) and not _overlaps((start, m.end()), taken):
                taken.append((start, m.end()))
                out.append(_Raw("company", name, name, sentence, via="legal form"))
    return out


def _persons(sentence: str, lang: str, taken: list[tuple[int, int]],
             reference_words: set[str]) -> list[_Raw]:
    out: list[_Raw] = []
    for m in patterns.titled_person(lang).finditer(sentence):
        span = m.span("name")
        if _overlaps(span, taken):
            continue
        name = _clean_person(m.group("name"), reference_words) if lang == "en" else m.group("name")
        if name:
            taken.append(span)
            title = " ".join(m.group("title").split())
            out.append(_Raw("person", name, name, sentence, role=title, via="title"))
    if lang == "ru":
        for m in patterns.russian_patronymic().finditer(sentence):
            if not _overlaps(m.span(), taken):
                taken.append(m.span())
                out.append(_Raw("person", m.group("name"), m.group("name"), sentence,
                                via="patronymic"))
    if lang != "en":
        return out
    for m in patterns.pinyin_person().finditer(sentence):
        given = m.group("name").split()[1]
        if not _overlaps(m.span(), taken) and patterns.is_pinyin_given(given):
            taken.append(m.span())
            out.append(_Raw("person", m.group("name"), m.group("name"), sentence,
                            via="chinese name"))
    for m in patterns.speech_person().finditer(sentence):
        group = "name" if m.group("name") else "name2"
        span = m.span(group)
        name = _clean_person(m.group(group), reference_words)
        if name and not _overlaps(span, taken):
            taken.append(span)
            out.append(_Raw("person", name, name, sentence, via="attribution"))
    return out


def _organisations(sentence: str, taken: list[tuple[int, int]]) -> list[_Raw]:
    out: list[_Raw] = []
    heads = patterns.org_words("en")
    for m in _CAP_SEQ.finditer(sentence):
        tokens = m.group(0).split()
        kinds = [heads[t] for t in tokens if t in heads]
        if not kinds or len(tokens) < 2 or _overlaps(m.span(), taken):
            continue
        while tokens and tokens[0] in _not_names():
            tokens.pop(0)
        if len(tokens) < 2:
            continue
        name = " ".join(tokens)
        kind = "company" if "company" in kinds else "organisation"
        taken.append(m.span())
        out.append(_Raw(kind, name, name, sentence, via="head word"))
    return out


def extract_mentions(sentences: list[str], lang: str,
                     gazetteer: ListGazetteer | None = None) -> list[Mention]:
    """Every named person, organisation, company, country and place, most mentioned first."""
    raws = [r for s in sentences for r in _sentence_raw(s, lang, gazetteer)]
    mentions: dict[tuple[str, str], Mention] = {}
    for raw in raws:
        key = (raw.kind, raw.name)
        mention = mentions.get(key)
        if mention is None:
            mention = mentions[key] = Mention(raw.kind, raw.name, role=raw.role, code=raw.code,
                                              via=raw.via, sentence=raw.sentence)
        mention.count += 1
        if raw.written not in mention.forms:
            mention.forms.append(raw.written)
        mention.role = mention.role or raw.role
    _merge_persons(mentions, sentences)
    return sorted(mentions.values(), key=lambda m: (-m.count, m.kind, m.name))


def _merge_persons(mentions: dict[tuple[str, str], Mention], sentences: list[str]) -> None:
    """Fold surname-only mentions into the full name and count every surname mention."""
    persons = [m for (kind, _), m in mentions.items() if kind == "person"]
    full = [p for p in persons if len(p.name.split()) > 1]
    keys: dict[str, list[Mention]] = {}
    for person in full:
        tokens = person.name.split()
        surnames = {tokens[-1]}
        if tokens[0] in patterns.chinese_surnames():
            surnames = {tokens[0]}
        for surname in surnames:
            keys.setdefault(surname, []).append(person)
    for person in persons:
        if len(person.name.split()) == 1 and len(keys.get(person.name, [])) == 1:
            target = keys[person.name][0]
            target.role = target.role or person.role
            del mentions[("person", person.name)]
    text = "\n".join(sentences)
    for surname, owners in keys.items():
        if len(owners) != 1:
            continue
        count = len(re.findall(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text))
        owners[0].count = max(owners[0].count, count)
        if count > owners[0].count - 1 and surname not in owners[0].forms:
            owners[0].forms.append(surname)
