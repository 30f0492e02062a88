"""Relations in FollowTheMoney entity JSON lines: ``Ownership``, ``Directorship``, ``Family``.

OpenSanctions publishes the ownership graph in the same JSON lines as its lists: "thing"
entities (Person, Company...) and interval entities that join two of them (``Ownership`` with
``owner``, ``asset``, ``percentage``, ``startDate``, ``endDate``; ``Directorship`` with
``director`` and ``organization``; ``Family`` with ``person`` and ``relative``; ``UnknownLink``
with ``subject`` and ``object``). Other schemata (Sanction, Address, Passport...) are counted in
``meta["skipped"]``.

The file is read twice: first the things (a party's key comes from its INN, OGRN, LEI...), then
the interval entities, whose ends may appear anywhere in the file. An ``Ownership`` without a
``percentage`` (only a ``sharesCount``, or a role "subsidiary of") is an ownership of unknown
share. A percentage that is no number between 0 and 100 is an error naming the line and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dualwatch.errors import SourceError
from dualwatch.model import Identifier
from dualwatch.relations import Link, ParsedRelations, Party, party_key
from dualwatch.sources.base import check_size, file_date
from dualwatch.sources.ftm_jsonl import _lines as ftm_lines
from dualwatch.sources.ftm_jsonl import sniff as ftm_sniff

FORMAT = "ftm_relations"
_THINGS = {"Person": "Person", "Company": "Company", "Organization": "Organization",
           "LegalEntity": "LegalEntity", "PublicBody": "Organization"}
# FtM interval schema -> (our link kind, source property, target property)
_LINKS = {"Ownership": ("ownership", "owner", "asset"),
          "Directorship": ("directorship", "director", "organization"),
          "Family": ("family", "person", "relative"),
          "UnknownLink": ("linked", "subject", "object")}
# FtM property -> identifier type; a registrationNumber of 18 USCC characters is a USCC.
_IDS = {"innCode": "inn", "ogrnCode": "ogrn", "leiCode": "lei", "registrationNumber":
        "registration"}
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def sniff(path: Path, head: bytes) -> bool:
    return ftm_sniff(path, head)


def read(path: Path, source: str | None = None) -> ParsedRelations:
    check_size(path)
    meta = {"skipped": "0"}
    name = source or path.name.split(".", 1)[0]
    return ParsedRelations(name, file_date(path), FORMAT, [path], _items(path, name, meta), meta)


def _values(props: dict[str, Any], name: str) -> list[str]:
    raw = props.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    return [str(v).strip() for v in raw if isinstance(v, (str, int, float)) and str(v).strip()]


def _identifiers(props: dict[str, Any], country: str | None) -> tuple[Identifier, ...]:
    out: list[Identifier] = []
    for prop, type_ in _IDS.items():
        for value in _values(props, prop):
            kind = "uscc" if type_ == "registration" and _USCC.match(value) else type_
            if type_ == "registration" and kind == "registration" and "inn" in {
                    i.type for i in out}:
                continue  # Russian registrationNumber repeats the INN or OGRN
            out.append(Identifier(kind, value, country))
    return tuple(out)


def _party(data: dict[str, Any], source: str) -> Party:
    props = data.get("properties") or {}
    countries = _values(props, "country") or _values(props, "jurisdiction")
    idents = _identifiers(props, countries[0] if countries else None)
    names = _values(props, "name")
    ftm_id = str(data["id"])
    return Party(party_key(idents, f"{source}:{ftm_id}"), _THINGS[str(data["schema"])],
                 names[0] if names else ftm_id, idents, ftm_id)


def _items(path: Path, source: str, meta: dict[str, str]) -> Iterator[Party | Link]:
    keys: dict[str, str] = {}
    skipped = 0
    for number, data in ftm_lines(path):
        schema = data.get("schema")
        if not isinstance(data.get("id"), str) or not isinstance(schema, str):
            raise SourceError(path, "not a FollowTheMoney entity: the key is missing",
                              line=number, field="id" if "id" not in data else "schema")
        if schema in _THINGS:
            party = _party(data, source)
            keys[str(data["id"])] = party.key
            yield party
        elif schema not in _LINKS:
            skipped += 1
    meta["skipped"] = str(skipped)
    for number, data in ftm_lines(path):
        spec = _LINKS.get(str(data.get("schema")))
        if spec is not None:
            yield from _links(path, number, data, spec, keys, source)


def _links(path: Path, number: int, data: dict[str, Any], spec: tuple[str, str, str],
           keys: dict[str, str], source: str) -> Iterator[Link]:
    kind, source_prop, target_prop = spec
    props = data.get("properties") or {}
    low = high = None
    percentages = _values(props, "percentage")
    if kind == "ownership" and percentages:
        low = high = _percentage(path, number, percentages[0])
    start = _date(path, number, props, "startDate")
    end = _date(path, number, props, "endDate")
    roles = _values(props, "role") or _values(props, "relationship")
    for owner in _values(props, source_prop):
        for target in _values(props, target_prop):
            yield Link(kind, keys.get(owner, f"{source}:{owner}"),
                       keys.get(target, f"{source}:{target}"), low, high, start, end,
                       roles[0] if roles else None, str(data["id"]), number)


def _percentage(path: Path, number: int, raw: str) -> float:
    try:
        value = float(raw.replace(",", ".").rstrip("%"))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise SourceError(path, f"{raw!r} is not a percentage between 0 and 100", line=number,
                          field="percentage")
    return value


def _date(path: Path, number: int, props: dict[str, Any], prop: str) -> str | None:
    values = _values(props, prop)
    if not values:
        return None
    match = _DATE.match(values[0])
    if match is None:
        raise SourceError(path, f"{values[0]!r} is not a date (YYYY-MM-DD)", line=number,
                          field=prop)
    return match.group(0)
