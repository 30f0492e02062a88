"""FollowTheMoney entity JSON lines: the OpenSanctions export format (``entities.ftm.json``).

Any list OpenSanctions republishes (the EU list, the US 1260H list...) can be loaded from this one
format. One JSON object per line; the file is read line by line, so its size does not matter.
Only "thing" schemata (people, companies, organisations, vessels, aircraft) become entities.
``Sanction`` records (programme, provisions, start date, reason, pointing at their entity by
``entity``) become the entity's :class:`~dualwatch.model.Sanction` listings: the file is read
twice, streaming, first for them (they usually follow the entities), then for the entities. The
other FtM schemata in full exports (Address, Ownership...) are counted in
``ParsedList.meta["skipped"]`` as the file streams.

The version is the latest listing date among the Sanction records where there are any (the file
carries no publication date, and no listing can postdate the publication), else the file's date.

The list's dataset is the ``dataset`` argument, else the first entity's ``datasets`` entry, else
the file name up to its first dot (``eu_fsf.ftm.json`` -> ``eu_fsf``). Ids: see
:mod:`dualwatch.ftm`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dualwatch import ftm
from dualwatch.errors import SourceError
from dualwatch.measures import measure_of
from dualwatch.model import Entity, Sanction
from dualwatch.sources.base import Download, ParsedList, check_size, file_date

FORMAT = "ftm_json"
_BASE = "https://data.opensanctions.org/datasets/latest"
DOWNLOADS: tuple[Download, ...] = (
    Download("us_dod_1260h", f"{_BASE}/us_dod_1260h/entities.ftm.json", "us_dod_1260h.ftm.json"),
    Download("eu_fsf", f"{_BASE}/eu_fsf/entities.ftm.json", "eu_fsf.ftm.json"),
    Download("eu_journal_sanctions", f"{_BASE}/eu_journal_sanctions/entities.ftm.json",
             "eu_journal_sanctions.ftm.json"),
    Download("cn_sanctions", f"{_BASE}/cn_sanctions/entities.ftm.json", "cn_sanctions.ftm.json"),
)
_THINGS = {"Person", "Company", "Organization", "LegalEntity", "PublicBody", "Vessel",
           "Airplane"}


def sniff(path: Path, head: bytes) -> bool:
    """An FtM export starts with a JSON object that has ``id``, ``schema`` and ``properties``."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    return (first.startswith(b"{") and b'"schema"' in first and b'"properties"' in first
            and b'"id"' in first)


def companions(path: Path) -> list[Path]:
    return []


def read(path: Path, dataset: str | None = None) -> ParsedList:
    check_size(path)
    first = _first_object(path)
    if dataset is None:
        datasets = first.get("datasets") or []
        dataset = str(datasets[0]) if datasets else path.name.split(".", 1)[0]
    meta: dict[str, str] = {"skipped": "0"}
    sanctions = _sanctions(path, dataset)
    starts = [s.start_date for found in sanctions.values() for s in found if s.start_date]
    version, source = (max(starts), "latest-listing") if starts else (file_date(path),
                                                                       "file-date")
    return ParsedList(dataset=dataset, version=version, format=FORMAT, files=[path],
                      entities=_entities(path, dataset, meta, version, sanctions),
                      version_source=source, meta=meta)


def _sanctions(path: Path, dataset: str) -> dict[str, list[Sanction]]:
    """The Sanction records of the file, by the FtM id of the entity they list."""
    found: dict[str, list[Sanction]] = {}
    for number, data in _lines(path):
        if data.get("schema") != "Sanction":
            continue
        props = data.get("properties") or {}
        entity_ids = ftm.values(props, "entity")
        programs = ftm.values(props, "program") or ftm.values(props, "programId")
        if not entity_ids or not programs:
            raise SourceError(path, "a Sanction record names no entity or no program",
                              line=number, field="entity" if not entity_ids else "program")
        provisions = ftm.values(props, "provisions")
        starts = ftm.dates(ftm.values(props, "startDate"))
        sanction = Sanction(
            program=programs[0],
            measure=measure_of(dataset, [*provisions, programs[0]]),
            authority=next(iter(ftm.values(props, "authority")), None),
            start_date=starts[0] if starts else None,
            reference=next(iter(ftm.values(props, "authorityId")), None),
            reason=next(iter(ftm.values(props, "reason")), None),
            source_url=next(iter(ftm.values(props, "sourceUrl")), None))
        for entity_id in entity_ids:
            found.setdefault(entity_id, []).append(sanction)
    return found


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"bytes that are not UTF-8 at column {exc.start + 1}",
                                  line=number) from exc
            except json.JSONDecodeError as exc:
                raise SourceError(path, f"not a JSON object: {exc.msg} at column {exc.colno}"
                                  " (truncated download?)", line=number) from exc
            if not isinstance(data, dict):
                raise SourceError(path, "expected one JSON object per line (FtM entity)",
                                  line=number)
            yield number, data


def _first_object(path: Path) -> dict[str, Any]:
    for number, data in _lines(path):
        for key in ("id", "schema", "properties"):
            if key not in data:
                raise SourceError(path, "not a FollowTheMoney entity: the key is missing",
                                  line=number, field=key)
        return data
    raise SourceError(path, "file holds no JSON object")


def _entities(path: Path, dataset: str, meta: dict[str, str], version: str,
              sanctions: dict[str, list[Sanction]]) -> Iterator[Entity]:
    skipped = 0
    for number, data in _lines(path):
        if data.get("schema") == "Sanction":
            continue
        if data.get("schema") not in _THINGS and isinstance(data.get("schema"), str):
            skipped += 1
            meta["skipped"] = str(skipped)
            continue
        try:
            entity = ftm.entity_from_ftm(data, dataset)
        except ValueError as exc:
            raise SourceError(path, "not a FollowTheMoney entity: the key is missing or empty",
                              line=number, field=str(exc)) from exc
        if entity.schema == "PublicBody":
            entity.schema = "Organization"
        entity.version = version
        entity.sanctions = sanctions.get(entity.source_id, [])
        yield entity
