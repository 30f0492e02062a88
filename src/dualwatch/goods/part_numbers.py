"""Recognises manufacturer part numbers that identify a product family.

``STM32F407VGT6`` is a microcontroller, ``GRM188R71H104KA93D`` a multilayer ceramic capacitor,
``6205-2RS`` a deep-groove ball bearing. The families are rows of ``data/part_numbers.csv``
(pattern, HS subheading, family, maker, source), compiled into one expression and matched as
whole words. Rows whose numbers are too plain to stand alone (``30205``) carry
``needs_heading`` and count only when the words of the description already point into that
heading (a bearing word for a bearing number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dualwatch.errors import SourceError
from dualwatch.goods.tables import read_table


@dataclass(frozen=True)
class PartFamily:
    """One row of the part-number table."""

    pattern: str
    hs6: str
    family: str
    maker: str
    source: str
    needs_heading: str | None


@dataclass(frozen=True)
class PartHit:
    """A part number found in a description."""

    text: str
    family: PartFamily


@dataclass(frozen=True)
class _Index:
    families: tuple[PartFamily, ...]
    regex: re.Pattern[str]


@cache
def _index() -> _Index:
    families = []
    for number, row in enumerate(read_table("part_numbers.csv"), start=3):
        try:
            re.compile(row["pattern"])
        except re.error as exc:
            raise SourceError("part_numbers.csv", f"bad pattern: {exc}", line=number,
                              field="pattern") from exc
        families.append(PartFamily(row["pattern"], row["hs6"], row["family"], row["maker"],
                                   row["source"], row["needs_heading"] or None))
    groups = "|".join(f"(?P<f{i}>{family.pattern})" for i, family in enumerate(families))
    regex = re.compile(rf"(?<![A-Z0-9])(?:{groups})(?![A-Z0-9])", re.IGNORECASE)
    return _Index(tuple(families), regex)


def find_part_numbers(text: str) -> list[PartHit]:
    """The part numbers in ``text``, in order, each with its family."""
    index = _index()
    hits = []
    for match in index.regex.finditer(text):
        name = match.lastgroup
        if name is None:
            continue
        hits.append(PartHit(match.group(0), index.families[int(name[1:])]))
    return hits


def families() -> tuple[PartFamily, ...]:
    """All packaged part-number families."""
    return _index().families
