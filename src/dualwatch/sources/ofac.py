"""OFAC's legacy CSV lists: the SDN list and the consolidated non-SDN lists.

OFAC publishes each list as four header-less CSV files joined on ``ent_num``: the main file
(``sdn.csv`` / ``cons_prim.csv``: name, type, programs, vessel columns, remarks), aliases
(``alt.csv``), addresses (``add.csv``) and the continuation of remarks longer than the main
file's 1,000-character field (``sdn_comments.csv``). Text is Windows-1252 and ``-0-`` (often with
a trailing space) stands for an empty field. The main file is the list: this module reads its
companions from the same folder, and turns remarks into typed facts with
:mod:`dualwatch.sources.ofac_remarks`.

Rows of a companion that point to an ``ent_num`` missing from the main file are skipped with a
warning (OFAC's files are sometimes fetched at different moments); anything that breaks the
layout (column count, non-numeric ``ent_num``, broken quoting, bad bytes) is a
:class:`~dualwatch.errors.SourceError` naming the file, line and field.
"""

from __future__ import annotations

import csv
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dualwatch.errors import SourceError
from dualwatch.model import Address, CountryRole, Entity, Identifier, NameKind, Relation
from dualwatch.sources.base import Download, ParsedList, check_size, file_date
from dualwatch.sources.data import load_table
from dualwatch.sources.ofac_remarks import Remarks, country_code, parse_remarks

FORMAT = "ofac_csv"
log = logging.getLogger(__name__)

MAIN_COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
                "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks_continued")
REMARKS_LIMIT = 1000  # the main file's Remarks field; longer remarks continue in the comments

_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"


@dataclass(frozen=True)
class _Family:
    """One of OFAC's two list families and the names of its files."""

    dataset: str
    title: str
    main: str
    alt: str
    add: str
    comments: str

    @property
    def companion_names(self) -> tuple[str, str, str]:
        return self.alt, self.add, self.comments


SDN = _Family("us_ofac_sdn", "OFAC Specially Designated Nationals (SDN) List",
              "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONS = _Family("us_ofac_cons", "OFAC Consolidated Sanctions List (non-SDN)",
               "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")

DOWNLOADS: tuple[Download, ...] = tuple(
    Download(family.dataset, _EXPORTS + name.upper(), name)
    for family in (SDN, CONS)
    for name in (family.main, *family.companion_names)
)

_COMPANION_NAMES = frozenset(n for f in (SDN, CONS) for n in f.companion_names)
_TYPES = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft", None: None}
_ALT_KINDS = {"aka": NameKind.ALIAS, "nka": NameKind.ALIAS, "fka": NameKind.FORMER}


def _family(path: Path) -> _Family:
    return CONS if path.name.lower().startswith("cons") else SDN


# -- the format contract ---------------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    """True for an OFAC main file: by its name, or by its header-less 12-column layout."""
    name = path.name.lower()
    if name in _COMPANION_NAMES:
        return False
    if name in (SDN.main, CONS.main):
        return True
    if b"\n" not in head:
        return False
    first = head.split(b"\n", 1)[0].decode("cp1252", errors="replace").strip()
    try:
        row = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    return len(row) == len(MAIN_COLUMNS) and row[0].strip().isdigit() and "-0-" in first


def companions(path: Path) -> list[Path]:
    """The alias, address and comments files beside ``path`` that exist."""
    return [p for p in _companion_paths(path).values() if p is not None]


def read(path: Path, dataset: str | None = None) -> ParsedList:
    """Parse an OFAC main file and its companions; entities are built as they are consumed."""
    check_size(path)
    family = _family(path)
    parts = _companion_paths(path)
    missing = [name for name, found in zip(family.companion_names, parts.values(), strict=True)
               if found is None]
    meta = {"family": family.dataset}
    if missing:
        meta["missing_companions"] = ", ".join(missing)
        log.warning("%s: companion files not found beside it: %s; loading without them",
                    path, ", ".join(missing))
    version = file_date(path)
    dataset = dataset or family.dataset
    return ParsedList(
        dataset=dataset,
        version=version,
        format=FORMAT,
        files=[path, *companions(path)],
        entities=_entities(path, dataset, version, parts, meta),
        version_source="file-date",
        title=family.title,
        meta=meta,
    )


def _companion_paths(path: Path) -> dict[str, Path | None]:
    family = _family(path)
    present = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
    return {"alt": present.get(family.alt), "add": present.get(family.add),
            "comments": present.get(family.comments)}


# -- reading rows ----------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 if the bytes are that (ASCII is), else Windows-1252; refuse binary or bad bytes."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(path, "contains a NUL byte: binary data, not an OFAC CSV file",
                          line=data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        text = data[line_start:line_end if line_end >= 0 else None].decode("cp1252", "replace")
        raise SourceError(
            path,
            f"byte 0x{data[exc.start]:02x} at column {exc.start - line_start + 1} is not "
            "Windows-1252 or UTF-8 text; is the file damaged?",
            line=data.count(b"\n", 0, exc.start) + 1,
            field=_column_at(text, exc.start - line_start, _columns_for(path)),
        ) from exc


def _columns_for(path: Path) -> tuple[str, ...]:
    name = path.name.lower()
    if name.endswith("alt.csv"):
        return ALT_COLUMNS
    if name.endswith("add.csv"):
        return ADD_COLUMNS
    if name.endswith("comments.csv"):
        return COMMENT_COLUMNS
    return MAIN_COLUMNS


def _column_at(line: str, position: int, columns: tuple[str, ...]) -> str:
    """The name of the column holding character ``position`` of a CSV line."""
    index, quoted = 0, False
    for char in line[:position]:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            index += 1
    return columns[index] if index < len(columns) else f"field {index + 1}"


def _records(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str | None]]]:
    """Yield (line number, fields) with ``-0-`` read as None; every record is one line.

    Fields keep their spaces: a remark cut at the field limit may end in one, and its
    continuation must be joined to it as written.
    """
    check_size(path)
    text = _decode(path, path.read_bytes())
    lines = [line.rstrip("\r") for line in text.rstrip("\x1a \t\r\n").split("\n")]
    reader = csv.reader(lines, strict=True)
    done = 0  # lines consumed so far
    while True:
        start = done + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _quoting_error(path, lines, start, columns, str(exc)) from exc
        done = reader.line_num
        if done != start:
            raise _quoting_error(path, lines, start, columns, "quote not closed on its line")
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise SourceError(
                path,
                f"expected {len(columns)} comma-separated fields ({', '.join(columns)}), found "
                f"{len(row)}; is this the right file, or is a field's quoting broken?",
                line=start,
                field=columns[len(row)] if len(row) < len(columns) else None,
            )
        yield start, [_value(cell) for cell in row]


def _quoting_error(path: Path, lines: list[str], start: int, columns: tuple[str, ...],
                   detail: str) -> SourceError:
    line = lines[start - 1] if start <= len(lines) else ""
    opened = _open_quote(line)
    return SourceError(
        path,
        f"a quoted field is not closed ({detail}); the file may be truncated",
        line=start,
        field=_column_at(line, opened, columns) if opened is not None else None,
    )


def _open_quote(line: str) -> int | None:
    """Position of the quote that opens a field never closed on ``line``, if any."""
    opened: int | None = None
    for position, char in enumerate(line):
        if char == '"':
            opened = position if opened is None else None
    return opened


def _value(cell: str) -> str | None:
    return None if cell.strip() in ("", "-0-") else cell


def _clean(cell: str | None) -> str | None:
    return " ".join(cell.split()) if cell else None


def _ent_num(path: Path, line: int, value: str | None) -> int:
    if value is None or not value.isdigit():
        raise SourceError(path, f"ent_num must be a whole number, found {value or 'nothing'!r}",
                          line=line, field="ent_num")
    return int(value)


# -- companions ------------------------------------------------------------------------------------


@dataclass
class _Companions:
    """Companion rows by ent_num, each with the line it came from, until claimed by an entry."""

    alts: dict[int, list[tuple[int, list[str | None]]]] = field(default_factory=dict)
    adds: dict[int, list[tuple[int, list[str | None]]]] = field(default_factory=dict)
    comments: dict[int, list[tuple[int, list[str | None]]]] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)


def _load(path: Path | None, columns: tuple[str, ...]
          ) -> dict[int, list[tuple[int, list[str | None]]]]:
    rows: dict[int, list[tuple[int, list[str | None]]]] = defaultdict(list)
    if path is None:
        return rows
    for line, row in _records(path, columns):
        rows[_ent_num(path, line, _clean(row[0]))].append((line, row))
    return rows


def _load_companions(parts: dict[str, Path | None]) -> _Companions:
    return _Companions(
        alts=_load(parts["alt"], ALT_COLUMNS),
        adds=_load(parts["add"], ADD_COLUMNS),
        comments=_load(parts["comments"], COMMENT_COLUMNS),
        paths={k: p for k, p in parts.items() if p is not None},
    )


def _leftovers(found: _Companions, main: Path) -> list[str]:
    """Warnings for companion rows that name an ent_num the main file does not have."""
    warnings = []
    for key, rows in (("alt", found.alts), ("add", found.adds), ("comments", found.comments)):
        lines = sorted(line for entries in rows.values() for line, _ in entries)
        if lines:
            warnings.append(
                f"{found.paths[key]}: {len(lines)} row(s) refer to an ent_num not in "
                f"{main.name} (first at line {lines[0]}); skipped")
    return warnings


# -- entities --------------------------------------------------------------------------------------


def _entities(path: Path, dataset: str, version: str, parts: dict[str, Path | None],
              meta: dict[str, str]) -> Iterator[Entity]:
    found = _load_companions(parts)
    warnings: list[str] = []
    count = 0
    for line, row in _records(path, MAIN_COLUMNS):
        ent_num = _ent_num(path, line, _clean(row[0]))
        yield _entity(path, line, ent_num, row, dataset, version, found, warnings)
        count += 1
    if count == 0:
        raise SourceError(path, "holds no records; is the download complete?")
    warnings += _leftovers(found, path)
    for warning in warnings:
        log.warning("%s", warning)
    meta["entities"] = str(count)
    if warnings:
        meta["warnings"] = "\n".join(warnings)


def _entity(path: Path, line: int, ent_num: int, row: list[str | None], dataset: str,
            version: str, found: _Companions, warnings: list[str]) -> Entity:
    (_, name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, vess_flag,
     vess_owner) = (_clean(cell) for cell in row[:-1])
    remarks_text = row[-1]
    if name is None:
        raise SourceError(path, "SDN_Name is empty", line=line, field="SDN_Name")
    kind = sdn_type.lower() if sdn_type else None
    if kind not in _TYPES:
        raise SourceError(path, f"SDN_Type {sdn_type!r} is not individual, vessel, aircraft "
                                "or -0- (entity)", line=line, field="SDN_Type")
    remarks = parse_remarks(_full_remarks(remarks_text, ent_num, found, warnings))
    entity = Entity(id=f"{dataset}-{ent_num}", schema=_TYPES[kind] or "LegalEntity",
                    dataset=dataset, source_id=str(ent_num), version=version,
                    source_url=f"https://sanctionssearch.ofac.treas.gov/Details.aspx?id={ent_num}")
    person = entity.schema == "Person"
    _add_names(entity, name, NameKind.PRIMARY, person)
    for _, alt in found.alts.pop(ent_num, []):
        _add_alt(entity, alt, person)
    for extra in remarks.names:
        _add_names(entity, extra.value, extra.kind, person)
    if entity.schema == "LegalEntity":
        entity.schema = _entity_schema(entity, remarks.target_types)
    entity.programs = split_programs(program)
    if title:
        entity.titles.append(title)
    for _, add in found.adds.pop(ent_num, []):
        _add_address(entity, add)
    _add_vessel_columns(entity, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner)
    _merge_remarks(entity, remarks)
    return entity


def _full_remarks(text: str | None, ent_num: int, found: _Companions,
                  warnings: list[str]) -> str | None:
    """The main file's remarks with their continuation from the comments file appended."""
    continued = found.comments.pop(ent_num, [])
    if not continued:
        return text
    text = text or ""
    if text.rstrip().endswith(".") and len(text) < REMARKS_LIMIT:
        line = continued[0][0]
        warnings.append(f"{found.paths['comments']}, line {line}: continues the remarks of "
                        f"ent_num {ent_num}, which are already complete; skipped")
        return text
    return text + "".join(row[1] or "" for _, row in continued)


def split_programs(value: str | None) -> list[str]:
    """``"UKRAINE-EO13662] [RUSSIA-EO14024"`` -> ``["UKRAINE-EO13662", "RUSSIA-EO14024"]``."""
    if not value:
        return []
    return [p.strip(" []") for p in re.split(r"\]\s*\[", value) if p.strip(" []")]


def reorder_person_name(name: str) -> str | None:
    """``"PUTIN, Vladimir Vladimirovich"`` -> ``"Vladimir Vladimirovich PUTIN"``."""
    if name.count(",") != 1:
        return None
    last, first = (part.strip() for part in name.split(","))
    return f"{first} {last}" if first and last else None


def _add_names(entity: Entity, name: str, kind: NameKind, person: bool) -> None:
    entity.add_name(name, kind)
    if person and (reordered := reorder_person_name(name)):
        entity.add_name(reordered, NameKind.ALIAS if kind == NameKind.PRIMARY else kind)


def _add_alt(entity: Entity, alt: list[str | None], person: bool) -> None:
    _, _, alt_type, alt_name, alt_remarks = (_clean(cell) for cell in alt)
    if not alt_name:
        return
    kind = _ALT_KINDS.get((alt_type or "aka").lower(), NameKind.ALIAS)
    quoted = len(alt_name) > 2 and alt_name[0] == alt_name[-1] and alt_name[0] in "'\""
    if kind == NameKind.ALIAS and (quoted or "weak" in (alt_remarks or "").lower()):
        kind = NameKind.WEAK_ALIAS
    _add_names(entity, alt_name.strip("'\"") if quoted else alt_name, kind, person)


def _add_address(entity: Entity, add: list[str | None]) -> None:
    _, _, street, city, country, add_remarks = (_clean(cell) for cell in add)
    code = country_code(country)
    if street or city:
        parts = [p for p in (street, city, country) if p]
        full = ", ".join(parts) + (f" ({add_remarks})" if add_remarks else "")
        address = Address(full, city=_city(city), country=code)
        if address not in entity.addresses:
            entity.addresses.append(address)
    entity.add_country(code, CountryRole.ADDRESS)


def _city(city_state_postal: str | None) -> str | None:
    """"Moscow 117420" -> "Moscow": the column mixes city, state and postal code."""
    if not city_state_postal:
        return None
    words = [w for w in city_state_postal.split() if not any(c.isdigit() for c in w)]
    return " ".join(words).strip(" ,") or None


def _add_vessel_columns(entity: Entity, call_sign: str | None, vess_type: str | None,
                        tonnage: str | None, grt: str | None, flag: str | None,
                        owner: str | None) -> None:
    entity.add_identifier("other", call_sign, note="Call Sign")
    for label, value in (("Vessel type", vess_type), ("Tonnage", tonnage),
                         ("Gross registered tonnage", grt)):
        if value:
            entity.notes.append(f"{label}: {value}")
    entity.add_country(country_code(flag), CountryRole.FLAG)
    if owner:
        entity.relations.append(Relation("owner", owner))


def _merge_remarks(entity: Entity, remarks: Remarks) -> None:
    for country in remarks.countries:
        entity.add_country(country.code, country.role)
    for ident in remarks.identifiers:
        if ident not in entity.identifiers:
            entity.identifiers.append(Identifier(ident.type, ident.value, ident.country,
                                                 ident.note))
    for target, values in ((entity.birth_dates, remarks.birth_dates),
                           (entity.birth_places, remarks.birth_places),
                           (entity.incorporation_dates, remarks.incorporation_dates),
                           (entity.websites, remarks.websites),
                           (entity.emails, remarks.emails),
                           (entity.phones, remarks.phones),
                           (entity.titles, remarks.titles),
                           (entity.notes, remarks.notes)):
        target.extend(v for v in values if v not in target)
    entity.relations.extend(r for r in remarks.relations if r not in entity.relations)
    entity.gender = remarks.gender or entity.gender
    if remarks.listing_dates:
        entity.listed_on = min(remarks.listing_dates)


# -- schema ----------------------------------------------------------------------------------------


@cache
def _schema_table() -> tuple[dict[str, str], dict[tuple[str, ...], str], frozenset[int]]:
    """Target type -> schema; legal form (as a tuple of words) -> schema; form lengths."""
    targets: dict[str, str] = {}
    forms: dict[tuple[str, ...], str] = {}
    for row in load_table("ofac_entity_schema.csv"):
        if row["kind"] == "target_type":
            targets[row["value"].lower()] = row["schema"]
        else:
            forms[tuple(_words(row["value"]))] = row["schema"]
    return targets, forms, frozenset(len(f) for f in forms)


def _words(name: str) -> list[str]:
    return re.sub(r"[^\w/&]+", " ", name.upper().replace(".", "")).split()


def _entity_schema(entity: Entity, target_types: list[str]) -> str:
    """Company or Organization for an OFAC entity: by target type, else by legal form."""
    targets, forms, lengths = _schema_table()
    decided = [targets[t.lower()] for t in target_types if t.lower() in targets]
    if decided:
        return "Company" if "Company" in decided else decided[0]
    for name in entity.names:
        if name.kind == NameKind.WEAK_ALIAS:
            continue
        words = _words(name.value)
        for size in lengths:
            for start in range(len(words) - size + 1):
                schema = forms.get(tuple(words[start:start + size]))
                if schema is not None:
                    return schema
    return "Organization"
