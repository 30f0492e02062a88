"""GLEIF Level 2 relationship records (RR-CDF XML): who consolidates whom, by LEI.

Each ``<rr:RelationshipRecord>`` joins a child (``StartNode``) to a parent (``EndNode``), both
LEIs, with a ``RelationshipType``, periods and a status. ``IS_DIRECTLY_CONSOLIDATED_BY`` means
the parent consolidates the child in its accounts, which IFRS 10 and US GAAP tie to control: it
becomes a ``control`` link, plus an ``ownership`` link where a quantifier gives a percentage.
``IS_ULTIMATELY_CONSOLIDATED_BY`` is left out: the rules follow the chain of direct parents
themselves. Fund relations (``IS_FUND-MANAGED_BY``, ``IS_SUBFUND_OF``, ``IS_FEEDER_TO``) are
``linked``. An ``INACTIVE`` relationship without an end date ends on the record's last update.

Parties are known here by LEI only (their names are in the LEI-CDF files); list entries that
carry the LEI link to them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from dualwatch.errors import SourceError
from dualwatch.model import Identifier
from dualwatch.relations import Link, ParsedRelations, Party
from dualwatch.sources.base import check_size, file_date
from dualwatch.sources.xml_stream import events, iso_date, local_name

FORMAT = "gleif_rr"
_LINKED = {"IS_FUND-MANAGED_BY", "IS_SUBFUND_OF", "IS_FEEDER_TO"}
_RR = "{http://www.gleif.org/data/schema/rr/2016}"


def sniff(path: Path, head: bytes) -> bool:
    return b"RelationshipData" in head and b"gleif.org/data/schema/rr" in head


def read(path: Path, source: str | None = None) -> ParsedRelations:
    check_size(path)
    meta = {"skipped": "0"}
    return ParsedRelations(source or path.name.split(".", 1)[0], file_date(path), FORMAT,
                           [path], _items(path, meta), meta)


def _items(path: Path, meta: dict[str, str]) -> Iterator[Party | Link]:
    stream = events(path)
    number = 0
    root = True
    for event, elem in stream:
        name = local_name(elem.tag)
        if root and name != "RelationshipData":
            raise SourceError(path, f"root element is <{name}>, expected <RelationshipData>: "
                              "not a GLEIF RR-CDF file", element=name)
        root = False
        if event == "end" and name == "RelationshipRecord":
            number += 1
            yield from _record(path, elem, number, meta)
            elem.clear()


def _text(elem: ET.Element, path: str) -> str:
    found = elem.find(path)
    return (found.text or "").strip() if found is not None else ""


def _record(path: Path, record: ET.Element, number: int,
            meta: dict[str, str]) -> Iterator[Party | Link]:
    rel = record.find(f"{_RR}Relationship")
    where = f"RelationshipRecord #{number}"
    if rel is None:
        raise SourceError(path, "record without a Relationship", element=where,
                          field="Relationship")
    child = _text(rel, f"{_RR}StartNode/{_RR}NodeID")
    parent = _text(rel, f"{_RR}EndNode/{_RR}NodeID")
    kind = _text(rel, f"{_RR}RelationshipType")
    for value, field in ((child, "StartNode"), (parent, "EndNode")):
        if len(value) != 20 or not value.isalnum():
            raise SourceError(path, f"{value!r} is not an LEI", element=where, field=field)
    if kind != "IS_DIRECTLY_CONSOLIDATED_BY" and kind not in _LINKED:
        meta["skipped"] = str(int(meta["skipped"]) + 1)
        return
    start, end = _period(path, rel, where)
    if end is None and _text(rel, f"{_RR}RelationshipStatus") == "INACTIVE":
        updated = _text(record, f"{_RR}Registration/{_RR}LastUpdateDate")
        end = iso_date(path, updated, where, "LastUpdateDate")
    for lei in (child, parent):
        yield Party(f"lei:{lei}", "Company", lei, (Identifier("lei", lei),), lei)
    parent_key, child_key = f"lei:{parent}", f"lei:{child}"
    record_id = f"{child}>{parent}:{kind}"
    if kind in _LINKED:
        yield Link("linked", parent_key, child_key, start=start, end=end, role=kind,
                   record_id=record_id)
        return
    yield Link("control", parent_key, child_key, start=start, end=end,
               role="consolidates (accounting)", record_id=record_id)
    share = _percentage(path, rel, where)
    if share is not None:
        yield Link("ownership", parent_key, child_key, share, share, start, end,
                   role="consolidation percentage", record_id=record_id)


def _period(path: Path, rel: ET.Element, where: str) -> tuple[str | None, str | None]:
    for period in rel.iter(f"{_RR}RelationshipPeriod"):
        if _text(period, f"{_RR}PeriodType") == "RELATIONSHIP_PERIOD":
            return (iso_date(path, _text(period, f"{_RR}StartDate"), where, "StartDate"),
                    iso_date(path, _text(period, f"{_RR}EndDate"), where, "EndDate"))
    return None, None


def _percentage(path: Path, rel: ET.Element, where: str) -> float | None:
    for quantifier in rel.iter(f"{_RR}RelationshipQuantifier"):
        if _text(quantifier, f"{_RR}QuantifierUnits") != "PERCENTAGE":
            continue
        raw = _text(quantifier, f"{_RR}QuantifierAmount")
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 100:
            raise SourceError(path, f"{raw!r} is not a percentage between 0 and 100",
                              element=where, field="QuantifierAmount")
        return value
    return None
