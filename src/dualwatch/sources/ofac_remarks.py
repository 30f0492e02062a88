"""Typed facts from the Remarks column of OFAC's legacy CSV files.

OFAC packs what it knows about a listed party, besides its names and addresses, into one
free-text column of ``;``-separated remarks: ``DOB 12 Mar 1964; POB Moscow, Russia; nationality
Russia; Passport 123456 (Russia); Tax ID No. 7744001497 (Russia); a.k.a. 'SBER'; Linked To: X.``
Screening needs these facts typed: birth dates confirm a person, an INN, OGRN or IMO number
matches a company or ship exactly, weak aliases (the quoted a.k.a.s, OFAC FAQ 123) must be kept
apart because they may not alert on their own.

What each label means lives in data tables (``data/ofac_remark_labels.csv``,
``data/ofac_identifier_labels.csv``, ``data/ofac_identifier_rules.csv``). No remark is dropped: a
fragment whose label is unknown becomes an identifier of type ``other`` (label kept in its note)
when it carries an identifier-like value, else a note; either way it is reported in
:attr:`Remarks.unparsed` so that the tables can grow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from dualwatch.countries import to_code
from dualwatch.dates import DATE_PATTERN, month_name_date
from dualwatch.model import Country, CountryRole, Identifier, Name, NameKind, Relation
from dualwatch.sources.data import load_table

T = TypeVar("T")

# Longest DOB range spelled out year by year ("DOB 1960 to 1962" -> 1960, 1961, 1962).
MAX_YEAR_RANGE = 15


@dataclass
class Remarks:
    """What one entry's remarks say, by field."""

    names: list[Name] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    gender: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    incorporation_dates: list[str] = field(default_factory=list)
    listing_dates: list[str] = field(default_factory=list)
    target_types: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (label as guessed, whole fragment) for every remark no table knows; kept in notes or
    # identifiers too, listed here so that a report can show what is left to map.
    unparsed: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Label:
    text: str  # as OFAC writes it
    key: str  # lower case, for matching
    field: str  # "identifier" or a remark field
    type: str  # identifier type, or the field again


# -- tables ---------------------------------------------------------------------------------------


@cache
def _labels() -> dict[str, list[_Label]]:
    """Known labels grouped by their first letter run, longest first within a group."""
    labels = [_Label(r["label"], r["label"].lower(), r["field"], r["field"])
              for r in load_table("ofac_remark_labels.csv")]
    labels += [_Label(r["label"], r["label"].lower(), "identifier", r["type"])
               for r in load_table("ofac_identifier_labels.csv")]
    groups: dict[str, list[_Label]] = defaultdict(list)
    for label in labels:
        groups[_first_word(label.key)].append(label)
    for group in groups.values():
        group.sort(key=lambda lab: len(lab.key), reverse=True)
    return dict(groups)


@dataclass(frozen=True)
class _Rule:
    type: str
    country: str
    pattern: re.Pattern[str]
    check: str
    refined: str


@cache
def _rules() -> list[_Rule]:
    return [_Rule(r["type"], r["country"], re.compile(r["pattern"]), r["check"], r["refined"])
            for r in load_table("ofac_identifier_rules.csv")]


@cache
def _ofac_countries() -> dict[str, str]:
    return {r["name"].casefold(): r["code"] for r in load_table("ofac_countries.csv")}


@cache
def country_code(name: str | None) -> str | None:
    """ISO code for a country as OFAC writes it ("Russia", "Korea, North", "Region: Crimea")."""
    if not name:
        return None
    name = " ".join(name.strip(" .()").split())
    if name.lower().startswith("region:"):
        name = name.split(":", 1)[1].strip()
    code = _ofac_countries().get(name.casefold()) or to_code(name)
    if code is None or code == "zz":
        return None
    return code


def place_country(place: str) -> str | None:
    """The country a place of birth ends with: "Jalisco, Mexico", "Khartoum Sudan" -> code."""
    last = place.rsplit(",", 1)[-1].strip()
    code = country_code(last)
    if code is None:
        words = last.split()
        for size in (3, 2, 1):
            if len(words) > size and (code := country_code(" ".join(words[-size:]))):
                break
    return code


# -- splitting and labels --------------------------------------------------------------------------

_FIRST_WORD = re.compile(r"[a-z]+")
_ALT = re.compile(r"^alt\.\s*", re.IGNORECASE)


def _first_word(text: str) -> str:
    match = _FIRST_WORD.match(text)
    return match.group(0) if match else ""


def split_remarks(text: str | None) -> list[str]:
    """The ``;``-separated fragments of a remarks text, without the closing full stop."""
    if not text:
        return []
    text = text.strip()
    if text.endswith("."):
        text = text[:-1]
    return [frag.strip() for frag in re.split(r"\s*;\s*", text) if frag.strip()]


def match_label(fragment: str) -> tuple[_Label, str] | None:
    """The longest known label that starts ``fragment`` (after ``alt.``), and the rest."""
    fragment = _ALT.sub("", fragment)
    lower = fragment.lower()
    for label in _labels().get(_first_word(lower), ()):
        if not lower.startswith(label.key):
            continue
        end = len(label.key)
        if end < len(lower) and lower[end].isalnum() and label.key[-1].isalnum():
            continue  # "Passport" must not match "Passports"; "IMO" not "IMOS"
        return label, fragment[end:].strip(" :")
    return None


# -- dates -----------------------------------------------------------------------------------------


def parse_dates(text: str) -> list[str]:
    """A DOB-style value as ISO dates: a date, "circa 1955", a range "1960 to 1962"."""
    text = re.sub(r"^(?:circa|approximately|about|between)\s+", "", text.strip(), flags=re.I)
    parts = re.split(r"\s+(?:to|and|-)\s+", text)
    if len(parts) == 2:
        start, end = month_name_date(parts[0]), month_name_date(parts[1])
        if start is None or end is None:
            return [d for d in (start, end) if d]
        return _date_range(start, end)
    single = month_name_date(text)
    if single is not None:
        return [single]
    # a date inside other words ("Listing Date (EO 14024 Directive 3): 24 Feb 2022")
    found = [month_name_date(m.group(0)) for m in DATE_PATTERN.finditer(text)]
    return [d for d in found if d][-1:]


def _date_range(start: str, end: str) -> list[str]:
    """Whole years become each year of the range; other ranges keep their two ends."""
    whole_start = start[4:] in ("", "-01", "-01-01")
    whole_end = end[4:] in ("", "-12", "-12-31")
    first, last = int(start[:4]), int(end[:4])
    if whole_start and whole_end and 0 <= last - first <= MAX_YEAR_RANGE:
        return [str(year) for year in range(first, last + 1)]
    return [start, end]


# -- identifiers -----------------------------------------------------------------------------------

_ISSUE = re.compile(r"\s+(issued|expires)\s+", re.IGNORECASE)
_PAREN_TAIL = re.compile(r"\s*\(([^()]*)\)\s*$")
_QUALIFIER = re.compile(r"^-\s*([A-Za-z0-9]+)\s+(\S.*)$")


def parse_identifier(label: str, type_: str, rest: str) -> Identifier | None:
    """``Passport 1084010 (Egypt) issued 2005 expires 2015`` -> Identifier('passport', ...)."""
    pieces = _ISSUE.split(rest)
    value = pieces[0]
    notes = [label]
    for word, when in zip(pieces[1::2], pieces[2::2], strict=True):
        dates = parse_dates(when)
        notes.append(f"{word.lower()} {dates[0] if dates else when.strip()}")
    country = None
    extras: list[str] = []
    while (match := _PAREN_TAIL.search(value)) and match.start() > 0:
        code = country_code(match.group(1))
        if code and country is None:
            country = code
        else:
            extras.insert(0, match.group(1).strip())
        value = value[:match.start()]
    value = value.strip(" .,;#")
    qualifier = _QUALIFIER.match(value)
    if qualifier:  # "Digital Currency Address - XBT 1H93..."
        notes[0] = f"{label} - {qualifier.group(1)}"
        value = qualifier.group(2)
    if type_ == "imo":
        value = re.sub(r"^IMO\s*", "", value, flags=re.IGNORECASE)
    if not value:
        return None
    notes[1:1] = extras
    return Identifier(refine_type(type_, value, country), value, country, "; ".join(notes))


def refine_type(type_: str, value: str, country: str | None) -> str:
    """Apply ``ofac_identifier_rules.csv``: a Russian 10/12-digit tax ID is an INN, etc."""
    for rule in _rules():
        if rule.type != type_ or not rule.pattern.fullmatch(value):
            continue
        if rule.country != (country or ""):
            continue  # a rule without country applies only where no country is written
        if rule.check and not _CHECKS[rule.check](value):
            continue
        return rule.refined
    return type_


def _inn_valid(value: str) -> bool:
    """Check digits of a Russian INN (10 digits: organisation; 12: individual)."""
    digits = [int(c) for c in value]

    def check(weights: tuple[int, ...]) -> int:
        return sum(w * d for w, d in zip(weights, digits, strict=False)) % 11 % 10

    if len(digits) == 10:
        return check((2, 4, 10, 3, 5, 9, 4, 6, 8)) == digits[9]
    if len(digits) == 12:
        return (check((7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == digits[10]
                and check((3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == digits[11])
    return False


def _ogrn_valid(value: str) -> bool:
    """Check digit of a Russian OGRN (13 digits, mod 11) or OGRNIP (15 digits, mod 13)."""
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


_CHECKS: dict[str, Callable[[str], bool]] = {"inn": _inn_valid, "ogrn": _ogrn_valid}

# An unknown label followed by an identifier-like value: "Pilot Licence No. PL00825 (Barbados)".
_UNKNOWN_ID = re.compile(r"^(?P<label>[A-Za-z][^0-9;]{1,60}?)\s*#?\s+(?P<rest>(?=\S*\d)\S.*)$")
_ID_LABEL_END = re.compile(r"(?:\bno\.?|\bnumber|\bid|\bcode|#|\bcard)$", re.IGNORECASE)


def _unknown(fragment: str, out: Remarks) -> None:
    """Keep a fragment no table knows: as an ``other`` identifier if it looks like one."""
    match = _UNKNOWN_ID.match(_ALT.sub("", fragment))
    if match:
        label, rest = match.group("label").strip(), match.group("rest")
        tail = _PAREN_TAIL.search(rest.split(" issued ")[0].split(" expires ")[0])
        has_country = tail is not None and country_code(tail.group(1)) is not None
        if has_country or _ID_LABEL_END.search(label):
            ident = parse_identifier(label, "other", rest)
            if ident is not None:
                _add(out.identifiers, ident)
                out.unparsed.append((label, fragment))
                return
    words = fragment.split()
    out.unparsed.append((" ".join(words[:3]) if words else fragment, fragment))
    _add(out.notes, fragment)


# -- fields ----------------------------------------------------------------------------------------


def _add(items: list[T], value: T) -> None:
    """Append a non-empty value once."""
    if value and value not in items:
        items.append(value)


def _quoted(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    return text


_LIST_FIELDS = {"website": "websites", "email": "emails", "phone": "phones", "title": "titles",
                "target_type": "target_types"}
_DATE_FIELDS = {"birth_date": "birth_dates", "incorporation_date": "incorporation_dates",
                "listing_date": "listing_dates"}
_COUNTRY_ROLES = {"nationality": CountryRole.NATIONALITY, "citizenship": CountryRole.CITIZENSHIP,
                  "flag": CountryRole.FLAG}
# Fields whose whole remark is also kept as a note, because the typed value alone loses context.
_ALSO_NOTE = {"family", "listing_date", "target_type", "sanctions", "note"}


def _apply(label: _Label, rest: str, fragment: str, out: Remarks) -> None:
    understood = _read_field(label, rest, fragment, out)
    if not understood:
        out.unparsed.append((label.text, fragment))
    if not understood or label.field in _ALSO_NOTE:
        _add(out.notes, fragment)


def _read_field(label: _Label, rest: str, fragment: str, out: Remarks) -> bool:
    """Put one labelled remark into its field; False if its value could not be read."""
    kind = label.field
    if kind in _LIST_FIELDS:
        _add(getattr(out, _LIST_FIELDS[kind]), rest)
        return bool(rest)
    if kind in _DATE_FIELDS:
        dates = parse_dates(rest)
        for day in dates:
            _add(getattr(out, _DATE_FIELDS[kind]), day)
        return bool(dates)
    if kind in _COUNTRY_ROLES:
        code = country_code(re.sub(r"^possibly\s+", "", rest, flags=re.IGNORECASE))
        if code is not None:
            _add(out.countries, Country(code, _COUNTRY_ROLES[kind]))
        return code is not None
    if kind == "identifier":
        ident = parse_identifier(label.text, label.type, rest)
        if ident is not None:
            _add(out.identifiers, ident)
        return ident is not None
    if kind == "birth_place":
        _add(out.birth_places, rest)
        if code := place_country(rest):
            _add(out.countries, Country(code, CountryRole.BIRTH))
        return bool(rest)
    if kind in ("weak_alias", "former_name"):
        value = " ".join(_quoted(rest).split())
        if value and all(n.value != value for n in out.names):
            kind_of = NameKind.WEAK_ALIAS if kind == "weak_alias" else NameKind.FORMER
            out.names.append(Name(value, kind_of))
        return bool(value)
    if kind in ("linked_to", "operator", "family"):  # family: "wife of X" names the relation
        relation = label.key.removesuffix(" of") if kind == "family" else kind
        _add(out.relations, Relation(relation, rest))
        return bool(rest)
    if kind == "gender":
        out.gender = rest.lower() or None
        return bool(rest)
    if kind == "position":  # the whole remark is the title: "Minister of Defense"
        _add(out.titles, _ALT.sub("", fragment))
        return True
    return kind in ("sanctions", "note")


def parse_remarks(text: str | None) -> Remarks:
    """Parse one entry's remarks (continuations from the comments file already appended)."""
    out = Remarks()
    for fragment in split_remarks(text):
        found = match_label(fragment)
        if found is None:
            _unknown(fragment, out)
        else:
            _apply(found[0], found[1], fragment, out)
    return out
