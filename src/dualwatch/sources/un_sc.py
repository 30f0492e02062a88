"""The UN Security Council consolidated list, official XML (``CONSOLIDATED_LIST``).

Every UN member state must apply these sanctions, so the list is screened by everyone. The file
holds ``INDIVIDUALS/INDIVIDUAL`` (-> Person) and ``ENTITIES/ENTITY`` (-> Company when its name
carries a legal form, else Organization). It is parsed with ``iterparse`` and each record is
dropped once converted, so memory stays flat whatever the file size.

Mapping: FIRST..FOURTH_NAME joined is the primary name; aliases keep the UN's quality (Good and
a.k.a. -> alias, Low -> weak alias, f.k.a. -> former name); NAME_ORIGINAL_SCRIPT -> original
script; UN_LIST_TYPE and REFERENCE_NUMBER -> programs; dates of birth EXACT/APPROXIMATELY give
the date or year, BETWEEN gives each year of the range (FtM convention).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from dualwatch.countries import to_code
from dualwatch.errors import SourceError
from dualwatch.ftm import legal_entity_schema
from dualwatch.model import Address, CountryRole, Entity, NameKind
from dualwatch.sources import xml_stream
from dualwatch.sources.base import Download, ParsedList, check_size, file_date
from dualwatch.sources.data import load_table

FORMAT = "un_xml"
DATASET = "un_sc_sanctions"
DOWNLOADS: tuple[Download, ...] = (
    Download(DATASET, "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
             "consolidated.xml"),
)
ROOT = "CONSOLIDATED_LIST"
_RECORDS = {"INDIVIDUAL": "INDIVIDUALS", "ENTITY": "ENTITIES"}
_ALIAS_KINDS = {"good": NameKind.ALIAS, "a.k.a.": NameKind.ALIAS, "low": NameKind.WEAK_ALIAS,
                "f.k.a.": NameKind.FORMER}
_YEAR = re.compile(r"^\d{4}$")


def sniff(path: Path, head: bytes) -> bool:
    return b"<CONSOLIDATED_LIST" in head


def companions(path: Path) -> list[Path]:
    return []


def read(path: Path, dataset: str | None = None) -> ParsedList:
    check_size(path)
    events = xml_stream.events(path)
    root = xml_stream.root(path, events, ROOT, "UN consolidated list XML")
    generated = root.get("dateGenerated", "")
    version, source = (generated[:10], "publisher") if xml_stream.ISO_DATE.match(generated) else (
        file_date(path), "file-date")
    return ParsedList(dataset=dataset or DATASET, version=version, format=FORMAT, files=[path],
                      entities=_entities(path, events, dataset or DATASET, version),
                      version_source=source, title="UN Security Council Consolidated List")


def _entities(path: Path, events: Iterator[tuple[str, ET.Element]], dataset: str,
              version: str) -> Iterator[Entity]:
    containers: dict[str, ET.Element] = {}
    counts = {"INDIVIDUAL": 0, "ENTITY": 0}
    for event, elem in events:
        if event == "start":
            if elem.tag in _RECORDS.values():
                containers[elem.tag] = elem
            continue
        if elem.tag not in _RECORDS:
            continue
        counts[elem.tag] += 1
        where = f"{ROOT}/{_RECORDS[elem.tag]}/{elem.tag}[{counts[elem.tag]}]"
        entity = _convert(path, elem, where, dataset)
        entity.version = version
        parent = containers.get(_RECORDS[elem.tag])
        if parent is not None:
            parent.remove(elem)
        yield entity


# -- one record --------------------------------------------------------------------------------


def _text(elem: ET.Element | None) -> str:
    return " ".join((elem.text or "").split()) if elem is not None else ""


def _child(elem: ET.Element, tag: str) -> str:
    return _text(elem.find(tag))


def _values(elem: ET.Element, tag: str) -> list[str]:
    return [v for v in (_text(x) for x in elem.findall(f"{tag}/VALUE")) if v]


def _convert(path: Path, elem: ET.Element, where: str, dataset: str) -> Entity:
    ref = _child(elem, "REFERENCE_NUMBER") or _child(elem, "DATAID")
    if not ref:
        raise SourceError(path, "record has neither REFERENCE_NUMBER nor DATAID", element=where,
                          field="REFERENCE_NUMBER")
    where = f"{where} ({ref})"
    name = " ".join(p for p in (_child(elem, t) for t in
                                ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")) if p)
    if not name:
        raise SourceError(path, "record has no name", element=where, field="FIRST_NAME")
    person = elem.tag == "INDIVIDUAL"
    schema = "Person" if person else legal_entity_schema(name)
    entity = Entity(id=f"{dataset}-{ref}", schema=schema, dataset=dataset, source_id=ref)
    entity.add_name(name, NameKind.PRIMARY)
    if not person and " ; " in name:
        for part in name.split(" ; "):
            entity.add_name(part, NameKind.ALIAS)
    entity.add_name(_child(elem, "NAME_ORIGINAL_SCRIPT") or None, NameKind.ORIGINAL_SCRIPT)
    for alias in elem.findall("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
        kind = _ALIAS_KINDS.get(_child(alias, "QUALITY").lower(), NameKind.ALIAS)
        entity.add_name(_child(alias, "ALIAS_NAME") or None, kind)
    programs = [p for p in (_child(elem, "UN_LIST_TYPE"), ref) if p]
    entity.programs.extend(programs)
    entity.listed_on = xml_stream.iso_date(path, _child(elem, "LISTED_ON"), where, "LISTED_ON")
    gender = _child(elem, "GENDER").lower()
    entity.gender = gender or None
    entity.titles.extend(_values(elem, "TITLE"))
    entity.notes.extend(f"Designation: {v}" for v in _values(elem, "DESIGNATION"))
    comment = _child(elem, "COMMENTS1")
    if comment:
        entity.notes.append(comment)
    for nationality in _values(elem, "NATIONALITY"):
        _add_country(entity, nationality, CountryRole.NATIONALITY)
    _add_addresses(entity, elem, "INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS")
    if person:
        _add_birth(path, entity, elem, where)
        _add_documents(entity, elem)
    return entity


def country_code(name: str) -> str | None:
    """``to_code`` that also reads the UN's "Iran (Islamic Republic of)" form."""
    code = to_code(name)
    if code is None and name.endswith(")") and " (" in name:
        head, _, tail = name[:-1].partition(" (")
        code = to_code(f"{head}, {tail}")
    return code


def _add_country(entity: Entity, name: str, role: CountryRole) -> str | None:
    code = country_code(name)
    if code is None and name:
        entity.notes.append(f"{role.value.capitalize()}: {name}")
    entity.add_country(code, role)
    return code


def _place(elem: ET.Element, tags: tuple[str, ...]) -> str:
    return ", ".join(p for p in (_child(elem, t) for t in tags) if p)


def _add_addresses(entity: Entity, elem: ET.Element, tag: str) -> None:
    for addr in elem.findall(tag):
        full = _place(addr, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"))
        if not full:
            continue
        country = _child(addr, "COUNTRY")
        code = _add_country(entity, country, CountryRole.ADDRESS) if country else None
        entity.addresses.append(Address(full, _child(addr, "CITY") or None, code))


def _add_birth(path: Path, entity: Entity, elem: ET.Element, where: str) -> None:
    for dob in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = _child(dob, "TYPE_OF_DATE").upper()
        if kind == "BETWEEN":
            low, high = _child(dob, "FROM_YEAR"), _child(dob, "TO_YEAR")
            if not (_YEAR.match(low) and _YEAR.match(high)) or int(high) < int(low):
                raise SourceError(path, f"birth year range {low!r}..{high!r} is not two years",
                                  element=where, field="FROM_YEAR")
            entity.birth_dates.extend(str(y) for y in range(int(low), int(high) + 1))
            continue
        for field in ("DATE", "YEAR"):
            value = xml_stream.iso_date(path, _child(dob, field), where, field)
            if value and value not in entity.birth_dates:
                entity.birth_dates.append(value)
                break
    for pob in elem.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        place = _place(pob, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
        if place and place not in entity.birth_places:
            entity.birth_places.append(place)
        country = _child(pob, "COUNTRY")
        if country:
            _add_country(entity, country, CountryRole.BIRTH)


@cache
def _document_types() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"\b{re.escape(row['keyword'])}\b", re.IGNORECASE), row["type"])
                 for row in load_table("un_sc_document_types.csv"))


def document_type(label: str) -> str:
    """The canonical identifier type for a free-text document label ("Passport", "National
    Identification Number", "Afghan tazkira"...); "other" when no keyword matches."""
    for pattern, type_ in _document_types():
        if pattern.search(label):
            return type_
    return "other"


def _add_documents(entity: Entity, elem: ET.Element) -> None:
    for doc in elem.findall("INDIVIDUAL_DOCUMENT"):
        label = " ".join(p for p in (_child(doc, "TYPE_OF_DOCUMENT"),
                                     _child(doc, "TYPE_OF_DOCUMENT2")) if p)
        number = _child(doc, "NUMBER")
        note = _child(doc, "NOTE")
        if not number:
            if label:
                entity.notes.append(f"Document: {label}" + (f" ({note})" if note else ""))
            continue
        issuer = _child(doc, "ISSUING_COUNTRY") or _child(doc, "COUNTRY_OF_ISSUE")
        type_ = document_type(_child(doc, "TYPE_OF_DOCUMENT2") or label)
        if type_ == "other":
            type_ = document_type(label)
        entity.add_identifier(type_, number, country_code(issuer),
                              "; ".join(p for p in (label, note) if p) or None)
