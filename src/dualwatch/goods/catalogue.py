"""Control lists keyed by their own codes, reached through a user-supplied correlation.

Export-control lists (EU Annex I to Regulation 2021/821, China's 2024 dual-use items list,
national lists) are keyed by control codes such as ``3A001.a.2``, not by HS codes. Customs and
licensing authorities publish correlation tables between the two; a user loads one as a CSV
(format in ``docs/goods.md``) and every HS or national code the goods module reports is
looked up in it. An HS code in the table covers all longer codes that begin with it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from dualwatch.errors import InputError

_REQUIRED = ("hs_code", "control_code")


@dataclass(frozen=True)
class ControlEntry:
    """One correlation row: an HS or national code linked to a control-list entry."""

    hs_code: str
    control_code: str
    list: str
    description: str
    line: int


@dataclass(frozen=True)
class ControlHit:
    """A control entry reached from a code.

    ``match`` is ``"covers"`` when the table's code covers the code looked up (``854231``
    covers ``85423190``) and ``"within"`` when the table is more precise than the code
    (``85423190`` within ``854231``): the goods may or may not fall under the entry.
    """

    entry: ControlEntry
    code: str
    match: str


class ControlCatalogue:
    """A set of correlation tables, searchable by HS or national code."""

    def __init__(self, entries: list[ControlEntry] | None = None) -> None:
        self.entries: list[ControlEntry] = list(entries or [])

    @classmethod
    def load(cls, *paths: str | Path) -> ControlCatalogue:
        """Read one or more correlation CSV files."""
        catalogue = cls()
        for path in paths:
            catalogue.entries.extend(read_correlation(path))
        return catalogue

    def lookup(self, code: str) -> list[ControlHit]:
        """Entries covering ``code`` first, then entries more precise than it."""
        digits = "".join(ch for ch in code if ch.isdigit())
        covers = [ControlHit(e, digits, "covers") for e in self.entries
                  if digits.startswith(e.hs_code)]
        within = [ControlHit(e, digits, "within") for e in self.entries
                  if e.hs_code.startswith(digits) and e.hs_code != digits]
        return covers + within

    def __len__(self) -> int:
        return len(self.entries)


def read_correlation(path: str | Path) -> list[ControlEntry]:
    """Rows of a correlation CSV; raises :class:`InputError` naming the line and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(path, f"cannot read the correlation file: {exc.strerror}") from exc
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise InputError(path, "the correlation file is empty")
    reader = csv.DictReader(line for _, line in lines)
    header = reader.fieldnames or []
    for name in _REQUIRED:
        if name not in header:
            raise InputError(path, f"missing column {name!r} (columns are: "
                             f"hs_code, control_code, list, description)", line=lines[0][0])
    entries = []
    for (number, _), row in zip(lines[1:], reader, strict=False):
        raw = (row.get("hs_code") or "").strip()
        digits = raw.replace(".", "").replace(" ", "").replace("-", "")
        if not digits.isdigit() or len(digits) not in (2, 4, 6, 8, 9, 10):
            raise InputError(path, f"{raw!r} is not an HS or national code (2 to 10 digits)",
                             line=number, field="hs_code")
        control = (row.get("control_code") or "").strip()
        if not control:
            raise InputError(path, "empty control code", line=number, field="control_code")
        entries.append(ControlEntry(digits, control, (row.get("list") or path.stem).strip(),
                                    (row.get("description") or "").strip(), number))
    return entries
