"""What a list format module provides, and the helpers they share.

A format module (one per official publication format) exposes:

* ``FORMAT``: its short name, used by ``dualwatch lists load --format``;
* ``sniff(path, head) -> bool``: whether ``path`` (whose first bytes are ``head``) is the *main*
  file of a list in this format. Companion files (OFAC ``alt.csv``...) answer False: the main
  file's reader finds them beside it;
* ``read(path, dataset=None) -> ParsedList``: parse the list. ``entities`` is an iterator, so a
  huge file streams; any problem raises :class:`~dualwatch.errors.SourceError` naming the file,
  line or element and field. The store consumes the iterator inside one transaction, so an error
  half-way leaves the previous version current;
* ``companions(path) -> list[Path]``: the other files the list is made of (for checksums).

Adding a format is adding one module and one line in :mod:`dualwatch.sources.registry`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dualwatch.errors import SourceError
from dualwatch.model import Entity

# Larger inputs are refused before parsing: no official list comes near it, and a runaway file
# would otherwise fill the store. Overridable per call for the rare giant export.
MAX_LIST_BYTES = 512 * 1024 * 1024

# Bounds on one entity, checked for every parser as its entities stream (see ``bounded``). On
# the bundled lists the longest name is 627 characters, the longest free text (notes, sanction
# texts) 5,358, the largest entity 14,676 characters and 370 values: the limits leave wide room
# for real entries and none for a runaway field that would make screening unusable.
MAX_FIELD_CHARS = 2_000  # a name, identifier, date, country...
MAX_TEXT_CHARS = 50_000  # free text: notes, addresses, sanction texts, relations
TEXT_FIELDS = frozenset({"notes", "addresses", "sanctions", "relations"})
MAX_ENTITY_VALUES = 10_000
MAX_ENTITY_CHARS = 1_000_000


@dataclass
class ParsedList:
    """A list as read from its files, before it is stored."""

    dataset: str
    version: str  # publisher's date (ISO) where the file says; else the file's modification date
    format: str
    files: list[Path]
    entities: Iterator[Entity]
    version_source: str = "publisher"  # "publisher" | "file-date" | "user"
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.entities = bounded(self.entities, self.files[0] if self.files else Path("list"))

    def checksum(self) -> str:
        return files_checksum(self.files)


def bounded(entities: Iterable[Entity], path: Path) -> Iterator[Entity]:
    """The entities, each checked against the size bounds; the first one over a bound stops
    the load with an error naming the entry and its field."""
    for entity in entities:
        check_entity(entity, path)
        yield entity


def check_entity(entity: Entity, path: Path, line: int | None = None) -> None:
    """Refuse an entity with a field value or a total size over the bounds above."""
    values = 0
    chars = 0
    for field_name, value in _strings(entity.to_dict()):
        values += 1
        chars += len(value)
        limit = MAX_TEXT_CHARS if field_name in TEXT_FIELDS else MAX_FIELD_CHARS
        if len(value) > limit:
            raise SourceError(path, f"entry {entity.source_id!r} ({entity.id}) has a value of "
                              f"{len(value):,} characters, over the {limit:,} allowed",
                              line=line, field=field_name)
    if values > MAX_ENTITY_VALUES or chars > MAX_ENTITY_CHARS:
        raise SourceError(path, f"entry {entity.source_id!r} ({entity.id}) holds {values:,} "
                          f"values and {chars:,} characters, over the {MAX_ENTITY_VALUES:,} "
                          f"values or {MAX_ENTITY_CHARS:,} characters allowed for one entry",
                          line=line)


def _strings(data: object, field_name: str = "") -> Iterator[tuple[str, str]]:
    """(top-level field, string) for every string inside an entity's dictionary."""
    if isinstance(data, str):
        yield field_name, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, field_name or str(key))
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _strings(value, field_name)


def files_checksum(paths: Iterable[Path]) -> str:
    """SHA-256 over the files' names and bytes: equal checksums mean an identical snapshot."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode())
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def file_date(path: Path) -> str:
    """The file's modification date, the fallback version for formats that carry no date."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date().isoformat()


def check_size(path: Path, limit: int = MAX_LIST_BYTES) -> None:
    """Refuse empty and oversized files with a message that says which and why."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(path, f"cannot read file: {exc.strerror}") from exc
    if size == 0:
        raise SourceError(path, "file is empty")
    if size > limit:
        raise SourceError(
            path,
            f"file is {size / 1e6:,.0f} MB, over the {limit / 1e6:,.0f} MB limit for a list "
            "file; is this the right file?",
        )


def read_head(path: Path, size: int = 4096) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


@dataclass(frozen=True)
class Download:
    """Where a publisher serves the current file of a list (used by ``dualwatch lists update``)."""

    dataset: str
    url: str
    filename: str
    checksum_url: str | None = None  # where the publisher gives the file's SHA-256, if it does
