"""Streaming XML for list formats: ``iterparse`` with errors a person can act on.

Official XML lists run to hundreds of megabytes, so they are read as a stream of events; a
syntax error (typically a truncated download) and a wrong root element become a
:class:`~dualwatch.errors.SourceError` naming the file, line and element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from dualwatch.errors import SourceError

Events = Iterator[tuple[str, ET.Element]]


def local_name(tag: str) -> str:
    """The tag without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


def events(path: Path) -> Events:
    """``iterparse`` start and end events, with XML syntax errors turned into SourceError."""
    try:
        yield from ET.iterparse(path, events=("start", "end"))
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(": line")[0]
        raise SourceError(path, f"malformed XML at column {column + 1}: {reason} (a truncated "
                          "download, or not an XML file?)", line=line) from exc


def root(path: Path, stream: Events, expected: str, what: str) -> ET.Element:
    """The root element, checked to be ``expected`` (namespace ignored)."""
    for _event, elem in stream:
        name = local_name(elem.tag)
        if name != expected:
            raise SourceError(path, f"root element is <{name}>, expected <{expected}>: not the "
                              f"{what}", element=name)
        return elem
    raise SourceError(path, "file holds no XML element")


# A year, or a full date; a time part after it is dropped.
ISO_DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?")


def iso_date(path: Path, value: str, where: str, field: str) -> str | None:
    """An ISO date attribute or text (time part dropped), or a SourceError naming where."""
    if not value:
        return None
    match = ISO_DATE.match(value)
    if match is None:
        raise SourceError(path, f"{value!r} is not a date (YYYY-MM-DD)", element=where,
                          field=field)
    return match.group(0)
