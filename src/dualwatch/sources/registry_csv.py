"""A company-registry extract as CSV: a party per row, its names and registration codes.

Columns (case-insensitive): ``name`` (the registered name, required), ``other_names`` (more
names, ``;``-separated), ``lang`` (of ``name``, e.g. zh), and at least one identifier column:
``uscc``, ``lei``, ``inn``, ``ogrn``, by which the row is linked to a listed entity; a row
without any is linked only where one of its names is exactly a listed name. A row without a
name, or a file without a ``name`` column, is a SourceError naming line and field.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from dualwatch.errors import SourceError
from dualwatch.model import Identifier, Name, NameKind
from dualwatch.sources.reference import LINKING_IDENTIFIERS, ReferenceRecord


def sniff(head: bytes) -> bool:
    first = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    columns = {c.strip().casefold() for c in first[0].split(",")} if first else set()
    return "name" in columns and bool(columns & {*LINKING_IDENTIFIERS, "other_names"})


def read(path: Path) -> Iterator[ReferenceRecord]:
    """The rows of ``path`` as reference records."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = {c.strip().casefold(): c for c in reader.fieldnames or []}
        if "name" not in columns:
            raise SourceError(path, "a registry extract needs a 'name' column (and any of "
                              + ", ".join(LINKING_IDENTIFIERS) + ", other_names, lang)", line=1)
        for row in reader:
            line = reader.line_num
            value = {k: (row.get(c) or "").strip() for k, c in columns.items()}
            if not value["name"]:
                raise SourceError(path, "empty name", line=line, field="name")
            lang = value.get("lang") or None
            names = [Name(value["name"], NameKind.PRIMARY, lang)]
            names += [Name(n.strip(), NameKind.ALIAS) for n in value.get("other_names", "")
                      .split(";") if n.strip()]
            identifiers = [Identifier(kind, value[kind]) for kind in LINKING_IDENTIFIERS
                           if value.get(kind)]
            yield ReferenceRecord(tuple(names), tuple(identifiers), f"{path.name}, line {line}")
