"""Russia's unified state register of legal entities (EGRUL): the tax service's open-data XML.

One file (format 4.06/4.07, windows-1251; the encoding is declared, the parser honours it) holds
``<Документ>`` elements, each with one company ``<СвЮЛ ИНН ОГРН>``: its full name
(``СвНаимЮЛ/@НаимЮЛПолн``), charter capital (``СвУстКап/@СумКап``), founders (``СвУчредит``:
people ``УчрФЛ``, Russian companies ``УчрЮЛРос``, foreign companies ``УчрЮЛИн``, the state
``УчрРФСубМО``) with their share (``ДоляУстКап/РазмерДоли``: ``Процент``, or a fraction
``ДробПрост``; else the nominal value over the capital), and officers (``СведДолжнФЛ``).

An extract describes the company on its issue date (``ДатаВып``): every founder listed is a
current owner, from the date of its first record (``ГРНДатаПерв``). A share that is no number is
an error naming the company (its INN) and the field; nothing is loaded.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from dualwatch.errors import SourceError
from dualwatch.model import Identifier
from dualwatch.relations import Link, ParsedRelations, Party, exact_name, party_key
from dualwatch.sources.base import check_size, file_date
from dualwatch.sources.xml_stream import events, local_name

FORMAT = "egrul_xml"
_FOUNDERS = ("УчрФЛ", "УчрЮЛРос", "УчрЮЛИн", "УчрРФСубМО")


def sniff(path: Path, head: bytes) -> bool:
    """An EGRUL open-data file: windows-1251 XML whose root is ``<Файл>`` of type ЕГРЮЛ."""
    if not head.lstrip().startswith(b"<?xml"):
        return False
    text = head.decode("cp1251", errors="replace")
    return "<Файл" in text and "ЕГРЮЛ" in text


def read(path: Path, source: str | None = None) -> ParsedRelations:
    check_size(path)
    return ParsedRelations(source or path.name.split(".", 1)[0], file_date(path), FORMAT,
                           [path], _items(path))


def _items(path: Path) -> Iterator[Party | Link]:
    stream = events(path)
    seen_root = False
    for event, elem in stream:
        name = local_name(elem.tag)
        if not seen_root:
            if name != "Файл":
                raise SourceError(path, f"root element is <{name}>, expected <Файл>: not an "
                                  "EGRUL open-data file", element=name)
            seen_root = True
        if event == "end" and name == "СвЮЛ":
            yield from _company(path, elem)
            elem.clear()


def _company(path: Path, elem: ET.Element) -> Iterator[Party | Link]:
    inn = elem.get("ИНН", "").strip()
    if not inn:
        raise SourceError(path, "company without an INN", element=f"СвЮЛ ОГРН={elem.get('ОГРН')}",
                          field="ИНН")
    where = f"СвЮЛ ИНН={inn}"
    idents = (Identifier("inn", inn, "ru"), Identifier("ogrn", elem.get("ОГРН", ""), "ru"))
    names = elem.find("СвНаимЮЛ")
    name = names.get("НаимЮЛПолн", inn) if names is not None else inn
    company = Party(party_key(idents, f"egrul:{inn}"), "Company", name,
                    tuple(i for i in idents if i.value), inn)
    yield company
    capital = _capital(path, elem, where)
    founders = elem.find("СвУчредит")
    for founder in list(founders) if founders is not None else []:
        if founder.tag in _FOUNDERS:
            yield from _founder(path, founder, company.key, capital, where)
    for officer in elem.findall("СведДолжнФЛ"):
        person = _person(officer.find("СвФЛ"))
        if person is None:
            continue
        yield person
        role = officer.find("СвДолжн")
        yield Link("directorship", person.key, company.key, start=_first_date(officer),
                   role=role.get("НаимДолжн") if role is not None else None,
                   record_id=_record(officer))


def _capital(path: Path, elem: ET.Element, where: str) -> float | None:
    capital = elem.find("СвУстКап")
    if capital is None or not capital.get("СумКап"):
        return None
    return _number(path, capital.get("СумКап", ""), where, "СумКап")


def _founder(path: Path, founder: ET.Element, company: str, capital: float | None,
             where: str) -> Iterator[Party | Link]:
    party = _founder_party(founder)
    if party is None:
        return
    yield party
    low = _share(path, founder, capital, where)
    yield Link("ownership", party.key, company, low, low, _first_date(founder),
               role=founder.tag, record_id=_record(founder))


def _founder_party(founder: ET.Element) -> Party | None:
    if founder.tag == "УчрФЛ":
        return _person(founder.find("СвФЛ"))
    if founder.tag == "УчрЮЛРос":
        named = founder.find("НаимИННЮЛ")
        if named is None:
            return None
        idents = tuple(Identifier(t, named.get(a, ""), "ru")
                       for t, a in (("inn", "ИНН"), ("ogrn", "ОГРН")) if named.get(a))
        name = named.get("НаимЮЛПолн", "")
        return Party(party_key(idents, f"egrul:name:{exact_name(name)}"), "Company", name,
                     idents)
    if founder.tag == "УчрЮЛИн":
        named = founder.find("НаимИННЮЛ")
        name = named.get("НаимЮЛПолн", "") if named is not None else ""
        return Party(f"egrul:name:{exact_name(name)}", "Company", name) if name else None
    kind = founder.find("ВидНаимУчр")
    if kind is None:
        return None
    name = kind.get("НаимМО") or kind.get("НаимРегион") or "Российская Федерация"
    return Party(f"egrul:state:{exact_name(name)}", "Organization", name)


def _person(elem: ET.Element | None) -> Party | None:
    if elem is None:
        return None
    name = " ".join(elem.get(a, "") for a in ("Фамилия", "Имя", "Отчество")).strip()
    inn = elem.get("ИННФЛ", "").strip()
    idents = (Identifier("inn", inn, "ru"),) if inn else ()
    if not name and not idents:
        return None
    return Party(party_key(idents, f"egrul:person:{exact_name(name)}"), "Person", name or inn,
                 idents)


def _share(path: Path, founder: ET.Element, capital: float | None, where: str) -> float | None:
    """The founder's percentage of the charter capital, or None where the extract has none."""
    stake = founder.find("ДоляУстКап")
    if stake is None:
        return None
    percent = stake.find("РазмерДоли/Процент")
    if percent is not None and (percent.text or "").strip():
        return _percent(path, _number(path, percent.text or "", where, "Процент"), where)
    fraction = stake.find("РазмерДоли/ДробПрост")
    if fraction is not None:
        top = _number(path, fraction.get("Числит", ""), where, "Числит")
        bottom = _number(path, fraction.get("Знаменат", ""), where, "Знаменат")
        if bottom <= 0:
            raise SourceError(path, "a fraction with a zero denominator", element=where,
                              field="Знаменат")
        return _percent(path, 100 * top / bottom, where)
    nominal = stake.get("НоминСтоим")
    if nominal and capital:
        return _percent(path, 100 * _number(path, nominal, where, "НоминСтоим") / capital, where)
    return None


def _percent(path: Path, value: float, where: str) -> float:
    if not 0 <= value <= 100.0001:
        raise SourceError(path, f"a share of {value:g}% is not between 0 and 100",
                          element=where, field="РазмерДоли")
    return round(min(value, 100.0), 6)


def _number(path: Path, raw: str, where: str, field: str) -> float:
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        raise SourceError(path, f"{raw!r} is not a number", element=where,
                          field=field) from None


def _first_date(elem: ET.Element) -> str | None:
    first = elem.find("ГРНДатаПерв")
    return first.get("ДатаЗаписи") if first is not None else None


def _record(elem: ET.Element) -> str | None:
    first = elem.find("ГРНДатаПерв")
    return first.get("ГРН") if first is not None else None
