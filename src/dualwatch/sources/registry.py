"""The known list formats, and how a file or folder is matched to one.

Detection sniffs each file's first bytes; a folder is walked recursively and every file that is
the main file of a known format becomes one list to load. Companion files (OFAC ``alt.csv``...)
are read by their main file's parser, so they are skipped here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Protocol, cast

from dualwatch.errors import SourceError
from dualwatch.sources import au_dfat, csl, eu_fsf, ftm_jsonl, ofac, uk_ofsi, un_sc
from dualwatch.sources.base import ParsedList, check_size, read_head


class ListFormat(Protocol):
    FORMAT: str

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def read(self, path: Path, dataset: str | None = None) -> ParsedList: ...

    def companions(self, path: Path) -> list[Path]: ...


_MODULES: tuple[ModuleType, ...] = (ofac, un_sc, eu_fsf, uk_ofsi, csl, ftm_jsonl, au_dfat)
FORMATS: dict[str, ListFormat] = {m.FORMAT: cast(ListFormat, m) for m in _MODULES}


def detect(path: Path) -> ListFormat | None:
    """The format whose main file ``path`` is, or None."""
    head = read_head(path)
    for fmt in FORMATS.values():
        if fmt.sniff(path, head):
            return fmt
    return None


def discover(path: Path, format_name: str | None = None) -> Iterator[tuple[ListFormat, Path]]:
    """Yield (format, main file) for ``path``: a file, or a folder walked recursively.

    A single file that matches no format is an error; inside a folder, files that are no list
    (READMEs, companions) are skipped.
    """
    if not path.exists():
        raise SourceError(path, "no such file or folder")
    if format_name is not None and format_name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise SourceError(path, f"unknown format {format_name!r}; known formats: {known}")
    if path.is_file():
        check_size(path)
        fmt = FORMATS[format_name] if format_name else detect(path)
        if fmt is None:
            raise SourceError(
                path,
                "not a list file in any known format (OFAC CSV, UN XML, EU FSF XML, UK OFSI "
                "CSV, trade.gov CSL CSV, FollowTheMoney JSON lines, DFAT XLSX); name one with "
                "--format",
            )
        yield fmt, path
        return
    for child in sorted(p for p in path.rglob("*") if p.is_file()):
        if child.name.startswith(".") or child.stat().st_size == 0:
            continue
        fmt = FORMATS[format_name] if format_name else detect(child)
        if fmt is not None and fmt.sniff(child, read_head(child)):
            yield fmt, child
