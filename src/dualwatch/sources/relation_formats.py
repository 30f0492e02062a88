"""The known relation formats (registers, FtM relation exports), and how files are matched.

Like :mod:`dualwatch.sources.registry` for lists: each format module exposes ``FORMAT``,
``sniff(path, head)`` and ``read(path, source=None) -> ParsedRelations``; a folder is walked and
every file some format recognises is one relation source to load.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Protocol, cast

from dualwatch.errors import SourceError
from dualwatch.relations import ParsedRelations
from dualwatch.sources import egrul, ftm_relations, gleif_rr, uk_psc
from dualwatch.sources.base import check_size, read_head


class RelationFormat(Protocol):
    FORMAT: str

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def read(self, path: Path, source: str | None = None) -> ParsedRelations: ...


_MODULES: tuple[ModuleType, ...] = (ftm_relations, egrul, gleif_rr, uk_psc)
FORMATS: dict[str, RelationFormat] = {m.FORMAT: cast(RelationFormat, m) for m in _MODULES}
_NAMES = "FollowTheMoney JSON lines, EGRUL XML, GLEIF RR-CDF XML, UK PSC JSON"


def detect(path: Path) -> RelationFormat | None:
    head = read_head(path)
    for fmt in FORMATS.values():
        if fmt.sniff(path, head):
            return fmt
    return None


def discover(path: Path, format_name: str | None = None) -> Iterator[tuple[RelationFormat, Path]]:
    """(format, file) for a file, or for every recognised file under a folder."""
    if not path.exists():
        raise SourceError(path, "no such file or folder")
    if format_name is not None and format_name not in FORMATS:
        raise SourceError(path, f"unknown format {format_name!r}; known formats: "
                          f"{', '.join(sorted(FORMATS))}")
    if path.is_file():
        check_size(path)
        fmt = FORMATS[format_name] if format_name else detect(path)
        if fmt is None:
            raise SourceError(path, f"not a relation file in any known format ({_NAMES}); "
                              "name one with --format")
        yield fmt, path
        return
    for child in sorted(p for p in path.rglob("*") if p.is_file()):
        if child.name.startswith(".") or child.stat().st_size == 0:
            continue
        fmt = FORMATS[format_name] if format_name else detect(child)
        if fmt is not None:
            yield fmt, child
