"""The US Consolidated Screening List (trade.gov CSL), CSV download.

The CSL bundles the export-control lists of Commerce, State and Treasury into one file; for
dual-use trade with Russia the Commerce lists matter most (BIS Entity List, Military End User
List, Denied Persons List, Unverified List). Each row is one party; its ``source`` column (the
sub-list) is kept as :attr:`Entity.sublist`, and :func:`sublist_counts` counts rows per sub-list.

``alt_names``, ``addresses``, ``programs``, ``citizenships``... hold several values separated by
``;``. Federal Register citation, licence requirement and policy, remarks go to ``notes``; the
publisher's page (``source_information_url``, else ``source_list_url``) becomes ``source_url``.
The file carries no publication date, so the version is the file's date.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from dualwatch.countries import to_code
from dualwatch.errors import SourceError
from dualwatch.ftm import legal_entity_schema
from dualwatch.model import Address, CountryRole, Entity, NameKind
from dualwatch.sources.base import Download, ParsedList, check_size, file_date
from dualwatch.sources.un_sc import document_type

FORMAT = "csl_csv"
DATASET = "us_trade_csl"
DOWNLOADS: tuple[Download, ...] = (
    Download(DATASET,
             "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
             "consolidated.csv"),
)
REQUIRED = ("_id", "source", "name")
_SCHEMA_BY_TYPE = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft"}
_NOTE_FIELDS = (("federal_register_notice", "Federal Register"),
                ("license_requirement", "License requirement"),
                ("license_policy", "License policy"), ("standard_order", "Standard order"),
                ("end_date", "End date"), ("remarks", None))
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PAREN = re.compile(r"\([^)]*\)")
_POSTCODE = re.compile(r"\s+[A-Z]?-?\d[\d -]*\.?$")


def sniff(path: Path, head: bytes) -> bool:
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return first.startswith((b'"_id","source"', b"_id,source"))


def companions(path: Path) -> list[Path]:
    return []


def read(path: Path, dataset: str | None = None) -> ParsedList:
    check_size(path)
    rows = _rows(path)
    next(rows)  # validates the header before anything is stored
    meta: dict[str, str] = {}
    version = file_date(path)
    return ParsedList(dataset=dataset or DATASET, version=version, format=FORMAT, files=[path],
                      entities=_entities(path, rows, dataset or DATASET, version, meta),
                      version_source="file-date", title="US Consolidated Screening List",
                      meta=meta)


def sublist_counts(path: Path) -> dict[str, int]:
    """Rows per sub-list (``source`` column), in order of first appearance."""
    rows = _rows(path)
    next(rows)
    counts: Counter[str] = Counter(row["source"] for _line, row in rows)
    return dict(counts)


def _decoded(path: Path) -> Iterator[str]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"bytes that are not UTF-8 at column {exc.start + 1}",
                                  line=number) from exc


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yields once (0, {}) after checking the header, then (line, row) for each row."""
    reader = csv.reader(_decoded(path))
    try:
        header = next(reader, None)
        if not header:
            raise SourceError(path, "file has no header row", line=1)
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise SourceError(path, "header lacks a required column of the trade.gov CSL "
                              f"layout (has: {', '.join(header[:6])}...)", line=1,
                              field=missing[0])
        yield 0, {}
        for cells in reader:
            if not any(cells):
                continue
            line = reader.line_num
            if len(cells) != len(header):
                raise SourceError(path, f"row has {len(cells)} columns, the header "
                                  f"{len(header)}", line=line)
            yield line, dict(zip(header, cells, strict=True))
    except csv.Error as exc:
        raise SourceError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split(";") if p.strip()]


def _entities(path: Path, rows: Iterator[tuple[int, dict[str, str]]], dataset: str,
              version: str, meta: dict[str, str]) -> Iterator[Entity]:
    """Entities, one per row; a row repeating an earlier ``_id`` (the CSL has a few exact
    duplicates) is counted in ``meta["duplicate_rows"]`` and skipped, so ids stay unique.
    ``meta`` also counts rows per sub-list as the file streams."""
    seen: set[str] = set()
    for line, row in rows:
        entity = _convert(path, line, row, dataset)
        if entity.sublist:
            meta[entity.sublist] = str(int(meta.get(entity.sublist, "0")) + 1)
        if entity.source_id in seen:
            meta["duplicate_rows"] = str(int(meta.get("duplicate_rows", "0")) + 1)
            continue
        seen.add(entity.source_id)
        entity.version = version
        yield entity


def _convert(path: Path, line: int, row: dict[str, str], dataset: str) -> Entity:
    for column in REQUIRED:
        if not row[column].strip():
            raise SourceError(path, "required value is empty", line=line, field=column)
    name = " ".join(row["name"].split())
    type_ = row.get("type", "").strip().lower()
    schema = _SCHEMA_BY_TYPE.get(type_) or legal_entity_schema(
        name, "Organization" if type_ == "entity" else "LegalEntity")
    source_id = row["_id"].strip()
    entity = Entity(id=f"{dataset}-{source_id}", schema=schema, dataset=dataset,
                    source_id=source_id, sublist=row["source"].strip())
    entity.add_name(name, NameKind.PRIMARY)
    for alias in _split(row.get("alt_names", "")):
        entity.add_name(alias, NameKind.ALIAS)
    for part in _split(row.get("addresses", "")):
        _add_address(entity, part)
    for column, role in (("nationalities", CountryRole.NATIONALITY),
                         ("citizenships", CountryRole.CITIZENSHIP)):
        for country in _split(row.get(column, "")):
            entity.add_country(to_code(country), role)
    entity.add_country(to_code(row.get("vessel_flag", "")), CountryRole.FLAG)
    entity.birth_dates.extend(_split(row.get("dates_of_birth", "")))
    entity.birth_places.extend(_split(row.get("places_of_birth", "")))
    entity.programs.extend(_split(row.get("programs", "")))
    entity.titles.extend(_split(row.get("title", "")))
    for ident in _split(row.get("ids", "")):
        _add_id(entity, ident)
    entity.add_identifier("other", row.get("call_sign"), note="call sign")
    start = row.get("start_date", "").strip()
    if start and not _ISO_DATE.match(start):
        raise SourceError(path, f"{start!r} is not a date (YYYY-MM-DD)", line=line,
                          field="start_date")
    entity.listed_on = start or None
    for column, label in _NOTE_FIELDS:
        value = " ".join(row.get(column, "").split())
        note = f"{label}: {value}" if label and value else value
        if value and not any(value in n for n in entity.notes):
            entity.notes.append(note)
    entity.source_url = (row.get("source_information_url") or row.get("source_list_url")
                         or None)
    return entity


def _add_address(entity: Entity, text: str) -> None:
    full = re.sub(r"^and\s+", "", " ".join(text.split()), flags=re.IGNORECASE)
    bare = _PAREN.sub("", full)
    parts = [_POSTCODE.sub("", p).strip(" .") for p in bare.split(",")]
    # The country is the last part that names one ("..., Moscow, Russia 115583.").
    code = next((c for p in reversed(parts) if p and (c := to_code(p))), None)
    entity.add_country(code, CountryRole.ADDRESS)
    entity.addresses.append(Address(full, None, code))


def _add_id(entity: Entity, text: str) -> None:
    """CSL ``ids`` items read "type, number, country, ..."."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2:
        entity.add_identifier("other", text)
        return
    label, number = parts[0], parts[1]
    if label.lower() == "gender":
        entity.gender = number.lower()
        return
    country = to_code(parts[2]) if len(parts) > 2 else None
    entity.add_identifier(document_type(label), number, country, label)
