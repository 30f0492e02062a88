"""UK Companies House: persons with significant control (PSC) and basic company data, as JSON.

The PSC snapshot holds one record per person with significant control: ``company_number`` and
``data`` with ``kind`` (individual, corporate entity, legal person...), ``name``,
``identification`` (a corporate PSC's registration number and country), ``natures_of_control``
(share bands such as ``ownership-of-shares-75-to-100-percent``, voting rights, the right to
appoint directors) and ``notified_on``/``ceased_on``. The basic company data names the companies
(``CompanyNumber``, ``CompanyName``). Both come as JSON lines (the bulk snapshot) or a JSON array.

A nature becomes a link through ``sources/data/uk_psc_natures.csv``: a share band is kept as a
band (25-50% never counts as 50% or more), voting rights and the right to appoint directors are
control. Statements, exemptions, totals and super-secure PSCs (no name) are counted as skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from dualwatch.errors import SourceError
from dualwatch.model import Identifier
from dualwatch.relations import Link, ParsedRelations, Party, exact_name, party_key
from dualwatch.sources.base import check_size, file_date
from dualwatch.sources.data import load_table

FORMAT = "uk_psc_json"
_UK = ("england", "wales", "scotland", "northern ireland", "united kingdom", "uk",
       "great britain", "companies house")
_EXCLUSIVE = 1e-6  # "more than 25%": just above the bound, so 25.000001 > 25


def sniff(path: Path, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text[:1] in (b"[", b"{") and (b'"company_number"' in text
                                          or b'"CompanyNumber"' in text)


def read(path: Path, source: str | None = None) -> ParsedRelations:
    check_size(path)
    meta = {"skipped": "0", "unknown_natures": "0"}
    return ParsedRelations(source or path.name.split(".", 1)[0], file_date(path), FORMAT,
                           [path], _items(path, meta), meta)


@cache
def _natures() -> tuple[tuple[str, str, float | None, float | None], ...]:
    rows = []
    for row in load_table("uk_psc_natures.csv"):
        low = float(row["low"]) + (_EXCLUSIVE if row["low_exclusive"] == "yes" else 0) \
            if row["low"] else None
        rows.append((row["prefix"], row["kind"], low,
                     float(row["high"]) if row["high"] else None))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, object) for JSON lines, or for each element of a JSON array."""
    text = path.read_text(encoding="utf-8-sig")
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    if stripped.startswith("["):
        pos = len(text) - len(stripped) + 1
        while True:
            while pos < len(text) and text[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(text) or text[pos] == "]":
                return
            line = text.count("\n", 0, pos) + 1
            try:
                value, pos = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise SourceError(path, f"not JSON: {exc.msg}", line=exc.lineno) from exc
            yield line, _object(path, line, value)
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.strip():
            try:
                yield number, _object(path, number, json.loads(raw))
            except json.JSONDecodeError as exc:
                raise SourceError(path, f"not JSON: {exc.msg} at column {exc.colno}",
                                  line=number) from exc


def _object(path: Path, line: int, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SourceError(path, "expected a JSON object (one PSC or company record)", line=line)
    return value


def _items(path: Path, meta: dict[str, str]) -> Iterator[Party | Link]:
    named: set[str] = set()  # companies already yielded from this file
    for line, record in _records(path):
        if "CompanyNumber" in record:
            yield _company(path, line, str(record["CompanyNumber"]),
                           str(record.get("CompanyName") or record["CompanyNumber"]))
            continue
        data = record.get("data")
        if not isinstance(data, dict):
            raise SourceError(path, "record without a 'data' object", line=line, field="data")
        kind = str(data.get("kind", ""))
        if "company_number" not in record:
            if kind.startswith("totals#"):
                continue
            raise SourceError(path, "PSC record without a company number", line=line,
                              field="company_number")
        if not data.get("name") or "statement" in kind or "exemption" in kind:
            meta["skipped"] = str(int(meta["skipped"]) + 1)
            continue
        yield from _psc(path, line, str(record["company_number"]), data, meta, named)


def _company(path: Path, line: int, number: str, name: str) -> Party:
    if not number.strip():
        raise SourceError(path, "empty company number", line=line, field="company_number")
    idents = (Identifier("registration", number.strip(), "gb"),)
    return Party(party_key(idents, f"gb:{number}"), "Company", name, idents, number.strip())


def _psc(path: Path, line: int, number: str, data: dict[str, Any], meta: dict[str, str],
         named: set[str]) -> Iterator[Party | Link]:
    company = _company(path, line, number, number)
    if company.key not in named:
        named.add(company.key)
        yield company
    holder = _holder(data)
    yield holder
    natures = data.get("natures_of_control") or []
    if not isinstance(natures, list):
        raise SourceError(path, "natures_of_control is not a list", line=line,
                          field="natures_of_control")
    for nature in natures:
        match = next((n for n in _natures() if str(nature).startswith(n[0])), None)
        if match is None:
            meta["unknown_natures"] = str(int(meta["unknown_natures"]) + 1)
            continue
        _prefix, kind, low, high = match
        yield Link(kind, holder.key, company.key, low, high, _date(path, line, data, "notified_on"),
                   _date(path, line, data, "ceased_on"), str(nature),
                   str((data.get("links") or {}).get("self") or ""), line)


def _holder(data: dict[str, Any]) -> Party:
    name = " ".join(str(data.get("name")).split())
    kind = str(data.get("kind", ""))
    if "individual" in kind:
        born = data.get("date_of_birth") or {}
        when = f"{born.get('year', '')}-{born.get('month', '')}" if born else ""
        return Party(f"gb_psc:person:{exact_name(name)}:{when}", "Person", name)
    ident = data.get("identification") or {}
    reg = str(ident.get("registration_number") or "").strip()
    where = " ".join(str(ident.get(k) or "") for k in ("country_registered", "place_registered"))
    country = "gb" if any(w in where.casefold() for w in _UK) else None
    idents = (Identifier("registration", reg, country),) if reg else ()
    schema = "Company" if "corporate" in kind else "Organization"
    return Party(party_key(idents, f"gb_psc:name:{exact_name(name)}"), schema, name, idents)


def _date(path: Path, line: int, data: dict[str, Any], field: str) -> str | None:
    value = data.get(field)
    if not value:
        return None
    text = str(value)
    if len(text) < 10 or text[4] != "-" or not text[:4].isdigit():
        raise SourceError(path, f"{text!r} is not a date (YYYY-MM-DD)", line=line, field=field)
    return text[:10]
