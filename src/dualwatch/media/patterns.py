"""Regular expressions for names in news text, built from the reference tables.

Persons are found by their title ("Secretary of State Antony Blinken", "спикер ...", "发言人毛宁"),
by attribution ("..., Ryder said") and, for Chinese names written in Latin letters, by a common
surname followed by a pinyin given name ("Wang Yi"). Companies are found by their legal form
(``dualwatch/names/data/legal_forms.csv``: "LLC", «ООО», "有限公司") or a company head word.
"""

from __future__ import annotations

import re
from functools import cache

from dualwatch.media.tables import column, read_table
from dualwatch.names.tables import read_table as names_table

CAP = r"[A-Z](?:[a-z]+|[A-Z]+)(?:[-'’&][A-Za-z]+)*(?![\w])"
NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)"
CYR_NAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
HAN = r"[\u3400-\u9fff]"
_PINYIN_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_PINYIN_FINAL = (r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|ia|ie|in"
                 r"|iu|ou|ua|ue|ui|un|uo|a|e|i|o|u|v)")
PINYIN_NAME = re.compile(rf"(?:{_PINYIN_INITIAL}{_PINYIN_FINAL}){{1,2}}", re.IGNORECASE)
# Legal forms too ambiguous to mark a company in running text ("as", "co", "too"...).
_AMBIGUOUS_FORMS = {"as", "a s", "co", "company", "limited", "too", "ip", "sti", "ab", "ag", "sa",
                    "nv", "bv", "spa", "kompaniya", "компания", "公司", "тоо", "ип", "a ş"}
_STOP_HAN = "，。、；：和与及向对将把由被在从为是的了于也称说表示指出"


@cache
def titles(lang: str) -> re.Pattern[str]:
    forms = sorted(column("titles.csv", "title", lang), key=len, reverse=True)
    alternatives: list[str] = []
    for form in forms:
        escaped = re.escape(form).replace(r"\ ", r"\s+")
        alternatives.append(escaped)
        if form[:1].islower():
            alternatives.append(re.escape(form[:1].upper()) + escaped[1:])
    return re.compile("(?:" + "|".join(alternatives) + ")")


@cache
def titled_person(lang: str) -> re.Pattern[str]:
    title = titles(lang).pattern
    if lang == "zh":
        return re.compile(rf"(?P<title>{title})(?P<name>{HAN}{{2,4}}?)(?=[{_STOP_HAN}]|$)")
    if lang == "ru":
        name = rf"{CYR_NAME}(?:\s+{CYR_NAME}){{0,2}}"
        return re.compile(rf"(?<![\w])(?P<title>{title})(?:\s+[а-яё-]+){{0,3}}?\s+(?P<name>{name})")
    name = rf"{NAME_TOKEN}(?:\s+(?:[A-Z]\.\s+)?{NAME_TOKEN}){{0,2}}"
    return re.compile(rf"(?<![\w])(?P<title>{title})(?:\s+(?:{title}))*\s+(?P<name>{name})")


@cache
def speech_person() -> re.Pattern[str]:
    verbs = "|".join(v for v in column("speech_verbs.csv", "verb", "en") if " " not in v)
    name = rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,2}}"
    return re.compile(rf"(?:(?<=[,”\"] )|(?<=^))(?P<name>{name})\s+(?:{verbs})\b|"
                      rf"\b(?:said|according to)\s+(?P<name2>{name})(?=[.,;])")


@cache
def russian_patronymic() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?P<name>{CYR_NAME}\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|ич)\s+"
                      rf"{CYR_NAME})(?![\w])")


@cache
def chinese_surnames() -> frozenset[str]:
    return frozenset(row["pinyin"] for row in read_table("chinese_surnames.csv"))


def pinyin_person() -> re.Pattern[str]:
    surnames = "|".join(sorted(chinese_surnames(), key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?P<name>(?:{surnames}) [A-Z][a-z]{{1,11}})(?![\w])")


def is_pinyin_given(word: str) -> bool:
    return bool(PINYIN_NAME.fullmatch(word))


@cache
def legal_forms() -> tuple[str, ...]:
    forms = {row["form"] for row in names_table("legal_forms.csv")}
    return tuple(sorted((f for f in forms if f not in _AMBIGUOUS_FORMS), key=len, reverse=True))


def _form_regex(form: str) -> str:
    parts = [re.escape(p) for p in form.split()]
    return r"\.?,?\s*".join(parts) + r"\.?"


@cache
def company_latin() -> re.Pattern[str]:
    """Capitalised words followed by a legal form ("Tekhnoprom LLC") or preceded ("OOO X")."""
    forms = [f for f in legal_forms() if re.fullmatch(r"[a-z ]+", f)]
    form = "(?i:" + "|".join(_form_regex(f) for f in forms) + ")"
    words = rf"(?:{CAP})(?:\s+(?:&\s+)?(?:{CAP}|of|and|for|de|\(\w+\)))*"
    return re.compile(
        rf"(?<![\w])(?P<name>{words}),?\s+(?P<form>{form})(?![\w])"
        rf"|(?<![\w])(?P<form2>OOO|OAO|ZAO|PAO|AO|JSC|TOO|LLP)\s+[\"“«]?(?P<name2>{words})[\"”»]?")


@cache
def company_cyrillic() -> re.Pattern[str]:
    forms = [f for f in legal_forms() if re.search("[а-яё]", f)] + ["компания", "завод",
                                                                     "концерн", "предприятие",
                                                                     "корпорация", "фирма"]
    form = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?P<form>{form})\s*[«\"„“](?P<name>[^»\"“”]{{2,80}})[»\"“”]",
                      re.IGNORECASE)


@cache
def company_han() -> re.Pattern[str]:
    forms = [f for f in legal_forms() if re.search(HAN, f)] + ["公司", "集团", "研究所", "研究院"]
    form = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?P<name>(?:[^{_STOP_HAN}\W]|[（）()]){{2,30}}?(?:{form}))")


def trim_han_company(name: str) -> str:
    """Cut a Chinese company name at the last stop character before it."""
    for i in range(len(name) - 1, -1, -1):
        if name[i] in _STOP_HAN:
            name = name[i + 1:]
            break
    for generic in ("企业", "公司", "厂商", "供应商"):
        if name.startswith(generic) and not is_bare_form(name[len(generic):]):
            name = name[len(generic):]
    return name


@cache
def org_words(lang: str) -> dict[str, str]:
    return {row["word"]: row["kind"] for row in read_table("org_words.csv") if row["lang"] == lang}


def is_bare_form(name: str) -> bool:
    """A legal form with at most one other character ("有限公司"), not a company name."""
    forms = [f for f in legal_forms() if re.search(HAN, f)] + ["公司", "集团"]
    return any(name.endswith(f) and len(name) - len(f) <= 1 for f in forms)
