"""The UK consolidated list of financial sanctions targets (OFSI), ``ConList.csv``.

The UK list designates many Russian entities and third-country suppliers that the EU and US do not,
so it is screened alongside them. Its CSV starts with a ``Last Updated,dd/mm/yyyy`` line (the
version), then a header row, then one row per *name*: all rows sharing a ``Group ID`` are one
target, one of them the primary name (``Alias Type`` "Primary name"), the others aliases.

Rows of one group need not be adjacent, so the file is read twice, streaming both times: the first
pass notes the last line of each group (a small dict of group id -> line), the second gathers a
group's rows and yields the entity when its last row is passed. Memory holds only groups still
open, never the file.

Mapping: Name 1..5 then Name 6 (family name) joined is the name; Alias Type "Primary name
variation" and AKA -> alias (AKA with Alias Quality "Low" -> weak alias), FKA -> former name;
Name Non-Latin Script -> original script; Regime -> programs; Group Type Individual -> Person,
Ship -> Vessel, Entity -> Company or Organization by name. Dates ``dd/mm/yyyy``, ``mm/yyyy``
and ``yyyy`` become ISO at the precision written, with unknown parts (``00/00/1965``) dropped.
Cells that list several values as ``(1) ... (2) ...`` are split.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Generator, Iterator
from pathlib import Path

import pycountry

from dualwatch.countries import to_code
from dualwatch.errors import SourceError
from dualwatch.ftm import legal_entity_schema
from dualwatch.model import Address, CountryRole, Entity, NameKind
from dualwatch.sources.base import Download, ParsedList, check_size

FORMAT = "uk_ofsi_csv"
DATASET = "gb_hmt_sanctions"
DOWNLOADS: tuple[Download, ...] = (
    Download(DATASET,
             "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
             "ConList.csv"),
)
REQUIRED = ("Name 6", "Group Type", "Group ID")
_PREAMBLE = "Last Updated"
# dd/mm/yyyy, and the partial dates OFSI writes when only the month or year is known
# ("03/1955", "1955"); "00" or "--" stand for an unknown day or month.
_DATE = re.compile(r"^(?:(?:(\d{1,2}|--)/)?(\d{1,2}|--)/)?(\d{4})$")
_NUMBERED = re.compile(r"\(\d+\)\s*")
# Register numbers OFSI writes into "Other Information" ("IMO number: 9266619", "Tax
# Identification Number: 4027002870", "Principal State Registration Number: 1024001343230").
_REGISTER_NUMBERS = (
    (re.compile(r"\bIMO\b\D{0,12}(\d{7})\b", re.IGNORECASE), "imo"),
    (re.compile(r"\b(?:INN|Tax Identification Number)\W{1,3}(\d{10}|\d{12})\b"), "inn"),
    (re.compile(r"\b(?:OGRN|State Registration Number)\W{1,3}(\d{13}|\d{15})\b"), "ogrn"),
)
_SCHEMA_BY_TYPE = {"individual": "Person", "ship": "Vessel"}
Row = dict[str, str]


def sniff(path: Path, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip(b'"')
    return text.startswith(b"Last Updated") and b"Name 6" in head


def companions(path: Path) -> list[Path]:
    return []


def read(path: Path, dataset: str | None = None) -> ParsedList:
    check_size(path)
    rows = _rows(path)
    version = next(rows)[1]["version"]
    rows.close()
    return ParsedList(dataset=dataset or DATASET, version=version, format=FORMAT, files=[path],
                      entities=_entities(path, dataset or DATASET, version),
                      title="UK Consolidated List of Financial Sanctions Targets")


# -- reading rows ------------------------------------------------------------------------------


def _decoded(path: Path) -> Iterator[str]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"bytes that are not UTF-8 at column {exc.start + 1}; "
                                  "save the file as UTF-8", line=number) from exc


def _iso_date(path: Path, value: str, line: int, field: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    match = _DATE.match(value)
    if match is None:
        raise SourceError(path, f"{value!r} is not a date (dd/mm/yyyy, mm/yyyy or yyyy)",
                          line=line, field=field)
    day, month, year = match.groups()
    if month is None or not month.isdigit() or int(month) == 0:
        return year
    if int(month) > 12:
        raise SourceError(path, f"{value!r} has no month {int(month)}", line=line, field=field)
    if day is None or not day.isdigit() or int(day) == 0:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _rows(path: Path) -> Generator[tuple[int, Row], None, None]:
    """First yields (1, {"version": iso date}) from the preamble, then (line, row) per row."""
    reader = csv.reader(_decoded(path))
    try:
        first = next(reader, None)
        if not first or first[0].strip().rstrip(":") != _PREAMBLE or len(first) < 2:
            raise SourceError(path, 'first line should read "Last Updated,dd/mm/yyyy": not the '
                              "OFSI ConList.csv", line=1, field=_PREAMBLE)
        version = _iso_date(path, next((c for c in first[1:] if c.strip()), ""), 1, _PREAMBLE)
        if version is None:
            raise SourceError(path, "the Last Updated date is empty", line=1, field=_PREAMBLE)
        yield 1, {"version": version}
        header = [c.strip() for c in next(reader, [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise SourceError(path, "header lacks a required column of ConList.csv", line=2,
                              field=missing[0])
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise SourceError(path, f"row has {len(cells)} columns, the header "
                                  f"{len(header)}", line=reader.line_num)
            row = dict(zip(header, (c.strip() for c in cells), strict=True))
            if not row["Group ID"]:
                raise SourceError(path, "Group ID is empty", line=reader.line_num,
                                  field="Group ID")
            yield reader.line_num, row
    except csv.Error as exc:
        raise SourceError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc


def _entities(path: Path, dataset: str, version: str) -> Iterator[Entity]:
    last_line: dict[str, int] = {}
    rows = _rows(path)
    next(rows)
    for line, row in rows:
        last_line[row["Group ID"]] = line
    open_groups: dict[str, list[tuple[int, Row]]] = {}
    rows = _rows(path)
    next(rows)
    for line, row in rows:
        group = row["Group ID"]
        open_groups.setdefault(group, []).append((line, row))
        if line == last_line.get(group):
            entity = _convert(path, open_groups.pop(group), dataset)
            entity.version = version
            yield entity


# -- one group ---------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    """Cells listing several values as "(1) A (2) B" give ["A", "B"]."""
    parts = _NUMBERED.split(value) if value.startswith("(1)") else [value]
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")]


def _name(row: Row) -> str:
    given = [row.get(f"Name {i}", "") for i in range(1, 6)]
    return " ".join(p for p in (*given, row.get("Name 6", "")) if p)


def _convert(path: Path, rows: list[tuple[int, Row]], dataset: str) -> Entity:
    primary_line, primary = next(((n, r) for n, r in rows
                                  if r.get("Alias Type", "").lower() == "primary name"),
                                 rows[0])
    name = _name(primary)
    if not name:
        raise SourceError(path, "primary name is empty", line=primary_line, field="Name 6")
    group_type = primary["Group Type"].lower()
    schema = _SCHEMA_BY_TYPE.get(group_type) or legal_entity_schema(name)
    group = primary["Group ID"]
    entity = Entity(id=f"{dataset}-{group}", schema=schema, dataset=dataset, source_id=group)
    entity.add_name(name, NameKind.PRIMARY)
    for line, row in rows:
        kind = _alias_kind(row)
        entity.add_name(_name(row), kind)
        for original in _split(row.get("Name Non-Latin Script", "")):
            entity.add_name(original, NameKind.ORIGINAL_SCRIPT,
                            _language(row.get("Non-Latin Script Language", "")))
        _details(path, entity, line, row)
    return entity


def _language(name: str) -> str | None:
    """ISO 639 code for OFSI's language name ("Russian" -> "ru")."""
    if not name:
        return None
    try:
        language = pycountry.languages.lookup(name)
    except LookupError:
        return None
    return str(getattr(language, "alpha_2", None) or language.alpha_3)


def _alias_kind(row: Row) -> NameKind:
    alias_type = row.get("Alias Type", "").lower()
    if alias_type == "primary name":
        return NameKind.PRIMARY
    if alias_type == "fka":
        return NameKind.FORMER
    if row.get("Alias Quality", "").lower().startswith("low"):
        return NameKind.WEAK_ALIAS
    return NameKind.ALIAS


def _add_unique(values: list[str], new: list[str]) -> None:
    values.extend(v for v in new if v not in values)


def _details(path: Path, entity: Entity, line: int, row: Row) -> None:
    """Fields other than names; repeated on every row of a group, so added once."""
    for dob in _split(row.get("DOB", "")):
        date = _iso_date(path, dob, line, "DOB")
        if date and date not in entity.birth_dates:
            entity.birth_dates.append(date)
    place = ", ".join(p for p in (row.get("Town of Birth", ""), row.get("Country of Birth", ""))
                      if p)
    _add_unique(entity.birth_places, [place] if place else [])
    for country in _split(row.get("Country of Birth", "")):
        entity.add_country(to_code(country), CountryRole.BIRTH)
    for nationality in _split(row.get("Nationality", "")):
        entity.add_country(to_code(nationality), CountryRole.NATIONALITY)
    for column, type_ in (("Passport", "passport"), ("National Identification", "national_id")):
        details = _split(row.get(f"{column} Details", ""))
        for index, number in enumerate(_split(row.get(f"{column} Number", ""))):
            entity.add_identifier(type_, number,
                                  note=details[index] if index < len(details) else None)
    _add_unique(entity.titles, _split(row.get("Title", "")))
    _add_unique(entity.notes, [f"Position: {p}" for p in _split(row.get("Position", ""))])
    _address(entity, row)
    other = row.get("Other Information", "")
    _add_unique(entity.notes, [other] if other else [])
    for pattern, type_ in _REGISTER_NUMBERS:
        for number in pattern.findall(other):
            entity.add_identifier(type_, number, "ru" if type_ in ("inn", "ogrn") else None)
    _add_unique(entity.programs, [row["Regime"]] if row.get("Regime") else [])
    listed = _iso_date(path, row.get("Listed On", ""), line, "Listed On")
    entity.listed_on = entity.listed_on or listed
    column = "UK Sanctions List Date Designated"
    designated = _iso_date(path, row.get(column, ""), line, column)
    if designated:
        _add_unique(entity.notes, [f"UK designation: {designated}"])


def _address(entity: Entity, row: Row) -> None:
    parts = [row.get(f"Address {i}", "") for i in range(1, 7)]
    parts += [row.get("Post/Zip Code", ""), row.get("Country", "")]
    full = ", ".join(p for p in parts if p)
    code = to_code(row.get("Country", ""))
    entity.add_country(code, CountryRole.ADDRESS)
    if full and all(a.full != full for a in entity.addresses):
        entity.addresses.append(Address(full, None, code))
