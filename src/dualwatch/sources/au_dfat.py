"""Australia's Consolidated List (DFAT), the official ``regulation8_consolidated.xlsx``.

Australia lists under UN Security Council regimes and its own autonomous ones (Russia, Ukraine,
Iran...), and names parties the EU, UK and US do not. The workbook has one sheet, a header row
(``Reference``, ``Name of Individual or Entity``, ``Type``, ``Name Type``, ``Date of Birth``...,
``Committees``, ``Control Date``), then one row per *name*: reference ``2`` is the target,
``2a``, ``2b``... its other names, each row repeating the target's details.

Mapping: Name Type "Primary Name" -> primary, "aka" -> alias, "Original Script" -> original
script, "Formerly known as"/"Previously listed as" -> former name (the sheet writes these with
varying case and trailing spaces); Type Individual -> Person, Entity -> Company or Organization
by name; Date of Birth is a date cell or text such as "a) 1955 b) 12 Dec. 1960",
"Approximately 1963", "Between 1955 and 1958", of which every date written is kept; Citizenship
-> nationality; Committees -> programs; "Listed on 19 Jun. 2014" or "Listed by UN 1267
Committee on 25 January 2001" in Listing Information -> listing date. The version is the
latest Control Date in the sheet (the publisher's date of the latest change).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dualwatch.countries import to_code
from dualwatch.dates import dates_in, month_name_date
from dualwatch.errors import SourceError
from dualwatch.ftm import legal_entity_schema
from dualwatch.model import Address, CountryRole, Entity, NameKind
from dualwatch.sources.base import Download, ParsedList, check_size

FORMAT = "au_dfat_xlsx"
DATASET = "au_dfat_sanctions"
DOWNLOADS: tuple[Download, ...] = (
    Download(DATASET, "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
             "regulation8_consolidated.xlsx"),
)
NAME = "Name of Individual or Entity"
REQUIRED = ("Reference", NAME, "Type", "Name Type", "Committees", "Control Date")
_KINDS = {"primary name": NameKind.PRIMARY, "aka": NameKind.ALIAS,
          "original script": NameKind.ORIGINAL_SCRIPT, "formerly known as": NameKind.FORMER,
          "previously listed as": NameKind.FORMER}
_REFERENCE = re.compile(r"^(\d+)([a-z]+\d*)?$", re.IGNORECASE)
_LISTED = re.compile(r"\blisted\b[^.;()]*?\bon:?\s*(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4})",
                     re.IGNORECASE)
_EMPTY = {"", "na", "n/a", "none", "-"}
Row = dict[str, Any]


def sniff(path: Path, head: bytes) -> bool:
    """An XLSX workbook whose first row is the DFAT consolidated list's header."""
    if not head.startswith(b"PK") or path.suffix.lower() != ".xlsx":
        return False
    try:
        header = next(_sheet_rows(path), (0, []))[1]
    except (SourceError, zipfile.BadZipFile, KeyError, OSError):
        return False
    return all(c in header for c in REQUIRED)


def companions(path: Path) -> list[Path]:
    return []


def read(path: Path, dataset: str | None = None) -> ParsedList:
    check_size(path)
    rows = list(_rows(path))
    dates = [d for _, row in rows if (d := _cell_date(row.get("Control Date")))]
    if not dates:
        raise SourceError(path, "no row has a Control Date: not the DFAT consolidated list",
                          field="Control Date")
    version = max(dates)
    return ParsedList(dataset=dataset or DATASET, version=version, format=FORMAT, files=[path],
                      entities=_entities(path, rows, dataset or DATASET, version),
                      title="Australia: DFAT Consolidated List")


# -- reading rows ------------------------------------------------------------------------------


def _sheet_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SourceError(path, f"not a readable XLSX workbook: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, [c.strip() if isinstance(c, str) else c for c in cells]
    finally:
        workbook.close()


def _rows(path: Path) -> Iterator[tuple[int, Row]]:
    cells = _sheet_rows(path)
    _, first = next(cells, (1, []))
    header = [str(c).strip() if c is not None else "" for c in first]
    for column in REQUIRED:
        if column not in header:
            raise SourceError(path, "header lacks a required column of the DFAT list", line=1,
                              field=column)
    width = max(i for i, name in enumerate(header) if name) + 1
    for number, values in cells:
        row = dict(zip(header[:width], values[:width], strict=False))
        if all(v is None or v == "" for v in row.values()):
            continue
        yield number, row


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return "" if text.casefold() in _EMPTY else text


def _cell_date(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


# -- one target --------------------------------------------------------------------------------


def _entities(path: Path, rows: list[tuple[int, Row]], dataset: str,
              version: str) -> Iterator[Entity]:
    groups: dict[str, list[tuple[int, Row]]] = {}
    for line, row in rows:
        reference = _text(row.get("Reference"))
        match = _REFERENCE.match(reference)
        if match is None:
            raise SourceError(path, f"reference {reference!r} is not a number with an optional "
                              "letter (12, 12a, 12a1)", line=line, field="Reference")
        groups.setdefault(match.group(1), []).append((line, row))
    for reference, members in groups.items():
        entity = _convert(path, reference, members, dataset)
        entity.version = version
        yield entity


def _convert(path: Path, reference: str, rows: list[tuple[int, Row]], dataset: str) -> Entity:
    kinds = []
    for line, row in rows:
        label = _text(row.get("Name Type")).casefold()
        kind = _KINDS.get(label)
        if kind is None:
            raise SourceError(path, f"unknown name type {label!r}; expected one of "
                              + ", ".join(sorted(_KINDS)), line=line, field="Name Type")
        if not _text(row.get(NAME)):
            raise SourceError(path, "the name is empty", line=line, field=NAME)
        kinds.append(kind)
    primary_index = kinds.index(NameKind.PRIMARY) if NameKind.PRIMARY in kinds else 0
    primary = rows[primary_index][1]
    name = _text(primary[NAME])
    type_ = _text(primary.get("Type")).casefold()
    schema = "Person" if type_ == "individual" else legal_entity_schema(name)
    entity = Entity(id=f"{dataset}-{reference}", schema=schema, dataset=dataset,
                    source_id=reference)
    entity.add_name(name, NameKind.PRIMARY)
    for (_, row), kind in zip(rows, kinds, strict=True):
        entity.add_name(_text(row[NAME]), kind)
    _details(entity, primary)
    return entity


def _details(entity: Entity, row: Row) -> None:
    """The target's details, the same on each of its rows: read from the primary one."""
    birth = row.get("Date of Birth")
    entity.birth_dates.extend(_birth_dates(birth))
    place = _text(row.get("Place of Birth"))
    if place:
        entity.birth_places.append(place)
    for part in re.split(r"[;,]|\b[a-z]\)\s*", _text(row.get("Citizenship"))):
        entity.add_country(to_code(part.strip()), CountryRole.NATIONALITY)
    address = _text(row.get("Address"))
    if address:
        entity.addresses.append(Address(address, None, None))
    for column in ("Additional Information", "Listing Information"):
        text = _text(row.get(column))
        if text:
            entity.notes.append(text)
    listed = _LISTED.search(_text(row.get("Listing Information")))
    entity.listed_on = month_name_date(listed.group(1)) if listed else None
    committees = _text(row.get("Committees"))
    if committees:
        entity.programs.append(committees)


def _birth_dates(value: Any) -> list[str]:
    """Every date written in a Date of Birth cell, at the precision written."""
    cell = _cell_date(value)
    if cell is not None:
        return [cell]
    return dates_in(_text(value))
