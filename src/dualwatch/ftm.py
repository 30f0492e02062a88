"""Translation between canonical entities and FollowTheMoney (FtM) entity JSON.

OpenSanctions and yente publish entities as FtM JSON: ``{"id", "schema", "properties": {prop:
[values]}, "datasets"}``. Our :class:`~dualwatch.model.Entity` keeps typed names, identifiers and
countries instead of a flat property bag. Which FtM property carries which typed field lives in
``sources/data/ftm_properties.csv``, read in both directions, so reading an FtM export and writing
one back keeps names (with their kind), identifiers (with their type), countries and dates.

What FtM cannot say is dropped on the way out and documented here: an identifier's country and
note, a country's "address" role (written as ``country``), the sub-list, relations, and the
kind ``original_script`` (written as ``alias``).

Ids: an FtM entity keeps its own id as ``source_id``. Its canonical ``id`` is the FtM id itself
when that already starts with the dataset as a prefix (``eu-fsf-13`` in dataset ``eu_fsf``,
``us_dod_1260h-x``), otherwise ``{dataset}-{ftm id}`` (``NK-abc`` in ``eu_fsf`` becomes
``eu_fsf-NK-abc``), so ids stay unique across lists. Writing, the FtM id is the canonical id,
which reads back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dualwatch.countries import to_code
from dualwatch.dates import dates_in
from dualwatch.model import Address, CountryRole, Entity, Name, NameKind
from dualwatch.sources.data import load_table

# FtM schema names that differ from ours; the rest are the same word.
_SCHEMA_FROM_FTM = {"Airplane": "Aircraft"}
_SCHEMA_TO_FTM = {v: k for k, v in _SCHEMA_FROM_FTM.items()}
# Chinese unified social credit code: 18 characters, FtM writes it as a registrationNumber.
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class PropertyMap:
    """``sources/data/ftm_properties.csv`` loaded: property -> field, and field -> property."""

    read: dict[str, tuple[str, str]]
    write: dict[tuple[str, str], str]


@cache
def property_map() -> PropertyMap:
    read: dict[str, tuple[str, str]] = {}
    write: dict[tuple[str, str], str] = {}
    for row in load_table("ftm_properties.csv"):
        key = (row["field"], row["value"])
        read.setdefault(row["property"], key)
        write.setdefault(key, row["property"])
    return PropertyMap(read, write)


@cache
def _company_markers() -> frozenset[str]:
    return frozenset(row["marker"].casefold() for row in load_table("ftm_company_markers.csv"))


def legal_entity_schema(name: str, default: str = "Organization") -> str:
    """``Company`` when a listed entity's name carries a legal form or business word, else
    ``default``: FtM separates companies from other organisations (parties, armed groups)."""
    markers = _company_markers()
    tokens = re.split(r"[\s,()\"«»“”]+", name.casefold())
    if any(tok in markers or tok.rstrip(".") in markers for tok in tokens if tok):
        return "Company"
    return default


# -- FtM -> Entity -----------------------------------------------------------------------------


def canonical_id(ftm_id: str, dataset: str) -> str:
    """The canonical id for an FtM entity id in ``dataset`` (see the module docstring)."""
    prefixes = (dataset + "-", dataset.replace("_", "-") + "-")
    if ftm_id.startswith(prefixes):
        return ftm_id
    return f"{dataset}-{ftm_id}"


def values(props: dict[str, Any], name: str) -> list[str]:
    raw = props.get(name)
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    return [str(v).strip() for v in raw if isinstance(v, (str, int, float)) and str(v).strip()]


def _date(value: str) -> str | None:
    match = _DATE.match(value)
    return match.group(0) if match else None


def dates(texts: list[str]) -> list[str]:
    """ISO dates as FtM writes them, or every date in a value written as the publisher did
    ("11.8.1960", "6.3.1955 or 15.3.1955": the EU Official Journal's transcription)."""
    found: list[str] = []
    for value in texts:
        iso = _DATE.fullmatch(value)
        found.extend([iso.group(0)] if iso else dates_in(value))
    return list(dict.fromkeys(found))


def entity_from_ftm(data: dict[str, Any], dataset: str | None = None) -> Entity:
    """Read one FtM entity (a decoded JSON object) into a canonical :class:`Entity`.

    ``dataset`` defaults to the entity's first ``datasets`` entry. Raises ``ValueError`` (with
    the missing key) on an object that is no FtM entity; the list reader turns it into a
    :class:`~dualwatch.errors.SourceError` with the line number.
    """
    ftm_id = data.get("id")
    schema = data.get("schema")
    if not isinstance(ftm_id, str) or not ftm_id:
        raise ValueError("id")
    if not isinstance(schema, str) or not schema:
        raise ValueError("schema")
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        raise ValueError("properties")
    if dataset is None:
        datasets = data.get("datasets") or []
        dataset = str(datasets[0]) if datasets else "ftm"
    entity = Entity(id=canonical_id(ftm_id, dataset), schema=_SCHEMA_FROM_FTM.get(schema, schema),
                    dataset=dataset, source_id=ftm_id)
    _read_properties(entity, props)
    listed = [*values(props, "createdAt"), str(data.get("first_seen") or "")]
    entity.listed_on = _date(listed[0])
    return entity


def _read_properties(entity: Entity, props: dict[str, Any]) -> None:
    pmap = property_map().read
    for prop in props:
        target = pmap.get(prop)
        if target is None:
            continue
        field, value = target
        for text in values(props, prop):
            if field == "name":
                entity.add_name(text, NameKind(value))
            elif field == "country":
                entity.add_country(text if len(text) == 2 else to_code(text), CountryRole(value))
            elif field == "identifier":
                number, label = _labelled(text)
                kind = _identifier_labels().get(label.casefold()) if label else None
                entity.add_identifier(kind or _identifier_type(entity.schema, prop, value, number),
                                      number, note=label)
    if not any(n.kind == NameKind.PRIMARY for n in entity.names):
        parts = [*values(props, "firstName"), *values(props, "middleName"),
                 *values(props, "lastName")]
        if parts:
            entity.names.insert(0, Name(" ".join(parts), NameKind.PRIMARY))
    for full in values(props, "address"):
        code = to_code(full.rsplit(",", 1)[-1].strip(" ().").replace("’", "'"))
        entity.addresses.append(Address(full=full, country=code))
        if not any(c.role == CountryRole.ADDRESS for c in entity.countries):
            entity.add_country(code, CountryRole.ADDRESS)
    entity.birth_dates.extend(dates(values(props, "birthDate")))
    entity.incorporation_dates.extend(dates(values(props, "incorporationDate")))
    entity.birth_places.extend(values(props, "birthPlace"))
    entity.programs.extend(_unique([*values(props, "programId"), *values(props, "program")]))
    entity.titles.extend(values(props, "title"))
    entity.websites.extend(values(props, "website"))
    entity.emails.extend(values(props, "email"))
    entity.phones.extend(values(props, "phone"))
    entity.notes.extend(values(props, "notes"))
    entity.notes.extend(f"Position: {v}" for v in values(props, "position"))
    urls = values(props, "sourceUrl")
    entity.source_url = urls[0] if urls else None
    genders = values(props, "gender")
    entity.gender = genders[0].lower() if genders else None


_LABELLED = re.compile(r"^(.*?\S)\s*\(([^()]+)\)$")


def _labelled(text: str) -> tuple[str, str | None]:
    """"9728064503 (Tax ID/INN)" -> ("9728064503", "Tax ID/INN"); other values unchanged."""
    match = _LABELLED.match(text)
    return (match.group(1), match.group(2).strip()) if match else (text, None)


@cache
def _identifier_labels() -> dict[str, str]:
    return {row["label"].casefold(): row["type"] for row in load_table("ftm_identifier_labels.csv")}


def _identifier_type(schema: str, prop: str, default: str, value: str) -> str:
    if prop == "registrationNumber":
        if schema == "Aircraft":
            return "aircraft_tail"
        if _USCC.match(value):
            return "uscc"
    return default


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# -- Entity -> FtM -----------------------------------------------------------------------------


def entity_to_ftm(entity: Entity) -> dict[str, Any]:
    """The FtM JSON object for ``entity`` (OpenSanctions export shape)."""
    wmap = property_map().write
    props: dict[str, list[str]] = {}

    def put(prop: str, values: Iterable[str | None]) -> None:
        for value in values:
            if value and value not in props.setdefault(prop, []):
                props[prop].append(value)

    for name in entity.names:
        kind = NameKind.ALIAS if name.kind == NameKind.ORIGINAL_SCRIPT else name.kind
        put(wmap[("name", kind.value)], [name.value])
    for country in entity.countries:
        put(wmap.get(("country", country.role.value), "country"), [country.code])
    for ident in entity.identifiers:
        if entity.schema == "Aircraft" and ident.type == "aircraft_tail":
            prop = "registrationNumber"
        else:
            prop = wmap.get(("identifier", ident.type), "idNumber")
        put(prop, [ident.value])
    put("address", (a.full for a in entity.addresses))
    put("birthDate", entity.birth_dates)
    put("birthPlace", entity.birth_places)
    put("incorporationDate", entity.incorporation_dates)
    put("program", entity.programs)
    put("title", entity.titles)
    put("website", entity.websites)
    put("email", entity.emails)
    put("phone", entity.phones)
    put("notes", entity.notes)
    put("sourceUrl", [entity.source_url])
    put("gender", [entity.gender])
    put("createdAt", [entity.listed_on])
    props = {k: v for k, v in props.items() if v}
    result: dict[str, Any] = {
        "id": entity.id,
        "schema": _SCHEMA_TO_FTM.get(entity.schema, entity.schema),
        "caption": entity.caption,
        "properties": props,
        "datasets": [entity.dataset],
    }
    if entity.listed_on:
        result["first_seen"] = entity.listed_on
    return result
