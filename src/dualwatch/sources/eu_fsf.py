"""The EU consolidated list of financial sanctions (FSF), XML ``xmlFullSanctionsList_1_1``.

The EU list carries the Russia regimes (programme ``RUS``/``UKR``) that matter most for dual-use
trade, with Cyrillic name variants, Russian INN/OGRN numbers and addresses. The file is one
``<export generationDate=...>`` root in the ``http://eu.europa.ec/fpi/fsd/export`` namespace
holding ``sanctionEntity`` records; it is streamed with ``iterparse``, each record dropped once
converted. Elements are matched by local name, so a file without the namespace reads too.

Mapping: the first ``nameAlias`` is the primary name, the others aliases (``strong="false"``:
weak aliases), ``nameLanguage`` kept as ``lang``; ``regulation/@programme`` -> programs;
``subjectType`` person -> Person, enterprise -> Company or Organization by name; citizenship ->
citizenship countries; ``birthdate`` -> birth date (full date, else year-month, else year) and
place; ``identification`` -> identifiers (type table ``data/eu_fsf_identification_types.csv``);
``address`` (with its phone/e-mail/web ``contactInfo``) -> addresses.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from dualwatch.errors import SourceError
from dualwatch.ftm import legal_entity_schema
from dualwatch.model import Address, CountryRole, Entity, NameKind
from dualwatch.sources import xml_stream
from dualwatch.sources.base import Download, ParsedList, check_size, file_date
from dualwatch.sources.data import load_table
from dualwatch.sources.un_sc import document_type

FORMAT = "eu_fsf_xml"
DATASET = "eu_fsf"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
# The publisher's download link, as printed on its page (the token is public, not a credential).
DOWNLOADS: tuple[Download, ...] = (
    Download(DATASET, "https://webgate.ec.europa.eu/fsd/fsf/public/files/"
             "xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw", "eu_fsf.xml"),
)
_UNKNOWN_COUNTRY = {"", "00"}
_REGISTERS = {"inn", "ogrn", "kpp", "okpo", "imo", "lei", "swift"}
_CONTACTS = {"PHONE": "phones", "FAX": "phones", "EMAIL": "emails", "WEB": "websites"}


def sniff(path: Path, head: bytes) -> bool:
    return b"<export" in head and (NAMESPACE.encode() in head or b"generationDate" in head)


def companions(path: Path) -> list[Path]:
    return []


def read(path: Path, dataset: str | None = None) -> ParsedList:
    check_size(path)
    events = xml_stream.events(path)
    root = xml_stream.root(path, events, "export", "EU financial sanctions XML")
    generated = root.get("generationDate", "")
    version, source = (generated[:10], "publisher") if xml_stream.ISO_DATE.match(generated) else (
        file_date(path), "file-date")
    return ParsedList(dataset=dataset or DATASET, version=version, format=FORMAT, files=[path],
                      entities=_entities(path, events, root, dataset or DATASET, version),
                      version_source=source,
                      title="EU Consolidated Financial Sanctions List",
                      meta={"globalFileId": root.get("globalFileId", "")})


def _entities(path: Path, events: Iterator[tuple[str, ET.Element]], root: ET.Element,
              dataset: str, version: str) -> Iterator[Entity]:
    count = 0
    for event, elem in events:
        if event != "end" or xml_stream.local_name(elem.tag) != "sanctionEntity":
            continue
        count += 1
        entity = _convert(path, elem, f"export/sanctionEntity[{count}]", dataset)
        entity.version = version
        if elem in root:
            root.remove(elem)
        yield entity


# -- one record --------------------------------------------------------------------------------


def _children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in elem if xml_stream.local_name(c.tag) == name]


def _attr(elem: ET.Element, name: str) -> str:
    return " ".join((elem.get(name) or "").split())


@cache
def _identification_types() -> dict[str, str]:
    return {row["code"].lower(): row["type"]
            for row in load_table("eu_fsf_identification_types.csv")}


def _country(elem: ET.Element) -> str | None:
    code = _attr(elem, "countryIso2Code").lower()
    return None if code in _UNKNOWN_COUNTRY else code


def _convert(path: Path, elem: ET.Element, where: str, dataset: str) -> Entity:
    logical_id = _attr(elem, "logicalId") or _attr(elem, "euReferenceNumber")
    if not logical_id:
        raise SourceError(path, "sanctionEntity has neither logicalId nor euReferenceNumber",
                          element=where, field="logicalId")
    where = f"{where} (logicalId {logical_id})"
    aliases = _children(elem, "nameAlias")
    names = [(_name(a), a) for a in aliases]
    names = [(n, a) for n, a in names if n]
    if not names:
        raise SourceError(path, "sanctionEntity has no nameAlias with a name", element=where,
                          field="nameAlias")
    subject = next((_attr(s, "code").lower() for s in _children(elem, "subjectType")), "")
    primary = names[0][0]
    schema = "Person" if subject == "person" else legal_entity_schema(primary)
    entity = Entity(id=f"{dataset}-{logical_id}", schema=schema, dataset=dataset,
                    source_id=logical_id)
    for index, (name, alias) in enumerate(names):
        kind = NameKind.PRIMARY if index == 0 else (
            NameKind.WEAK_ALIAS if _attr(alias, "strong").lower() == "false" else NameKind.ALIAS)
        entity.add_name(name, kind, _attr(alias, "nameLanguage").lower() or None)
        _person_details(entity, alias)
    reference = _attr(elem, "euReferenceNumber")
    if reference:
        entity.notes.append(f"EU reference: {reference}")
    un_id = _attr(elem, "unitedNationId")
    if un_id:
        entity.notes.append(f"UN reference: {un_id}")
    for remark in _children(elem, "remark"):
        if (text := " ".join((remark.text or "").split())):
            entity.notes.append(text)
    _regulations(entity, elem)
    entity.listed_on = xml_stream.iso_date(path, _attr(elem, "designationDate"), where,
                                           "designationDate")
    for cit in _children(elem, "citizenship"):
        entity.add_country(_country(cit), CountryRole.CITIZENSHIP)
    for birth in _children(elem, "birthdate"):
        _birth(path, entity, birth, where)
    for ident in _children(elem, "identification"):
        _identification(entity, ident)
    for address in _children(elem, "address"):
        _address(entity, address)
    return entity


def _name(alias: ET.Element) -> str:
    whole = _attr(alias, "wholeName")
    if whole:
        return whole
    return " ".join(p for p in (_attr(alias, k) for k in ("firstName", "middleName",
                                                          "lastName")) if p)


def _person_details(entity: Entity, alias: ET.Element) -> None:
    gender = {"m": "male", "f": "female"}.get(_attr(alias, "gender").lower())
    entity.gender = entity.gender or gender
    title = _attr(alias, "title")
    if title and title not in entity.titles:
        entity.titles.append(title)
    function = _attr(alias, "function")
    if function and f"Function: {function}" not in entity.notes:
        entity.notes.append(f"Function: {function}")


def _regulations(entity: Entity, elem: ET.Element) -> None:
    for regulation in _children(elem, "regulation"):
        programme = _attr(regulation, "programme")
        if programme and programme not in entity.programs:
            entity.programs.append(programme)
        for url in _children(regulation, "publicationUrl"):
            entity.source_url = entity.source_url or (url.text or "").strip() or None


def _birth(path: Path, entity: Entity, birth: ET.Element, where: str) -> None:
    date = xml_stream.iso_date(path, _attr(birth, "birthdate"), where, "birthdate")
    if date is None:
        year, month = _attr(birth, "year"), _attr(birth, "monthOfYear")
        if year and not year.isdigit():
            raise SourceError(path, f"birth year {year!r} is not a number", element=where,
                              field="year")
        date = (f"{year}-{int(month):02d}" if year and month.isdigit() else year) or None
    if date and date not in entity.birth_dates:
        entity.birth_dates.append(date)
    place = ", ".join(p for p in (_attr(birth, "place"), _attr(birth, "city"),
                                  _attr(birth, "region")) if p)
    country = _country(birth)
    description = _attr(birth, "countryDescription")
    if country and description:
        place = ", ".join(p for p in (place, description.title()) if p)
    if place and place not in entity.birth_places:
        entity.birth_places.append(place)
    entity.add_country(country, CountryRole.BIRTH)


def _identification(entity: Entity, ident: ET.Element) -> None:
    number = _attr(ident, "number") or _attr(ident, "latinNumber")
    code = _attr(ident, "identificationTypeCode")
    type_ = _identification_types().get(code.lower(), "other")
    description = _attr(ident, "identificationTypeDescription") or code or None
    remarks = [" ".join((r.text or "").split()) for r in _children(ident, "remark")]
    note = "; ".join(p for p in (description, *remarks) if p) or None
    # A remark often names the register: "Tax Identification Number (INN)".
    named = document_type(" ".join(remarks))
    if named in _REGISTERS:
        type_ = named
    entity.add_identifier(type_, number or None, _country(ident), note)


def _address(entity: Entity, address: ET.Element) -> None:
    parts = [_attr(address, k) for k in ("street", "poBox", "zipCode", "city", "region",
                                         "place")]
    country = _country(address)
    description = _attr(address, "countryDescription")
    if country and description:
        parts.append(description.title())
    full = ", ".join(p for p in parts if p)
    if full:
        entity.addresses.append(Address(full, _attr(address, "city") or None, country))
    entity.add_country(country, CountryRole.ADDRESS)
    for contact in _children(address, "contactInfo"):
        key, value = _attr(contact, "key").upper(), _attr(contact, "value")
        target = _CONTACTS.get(key)
        if target and value and value not in getattr(entity, target):
            getattr(entity, target).append(value)
