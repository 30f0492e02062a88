"""The HS 2022 nomenclature, the CHPL and the HS 2017 -> 2022 changes, loaded once.

Everything the goods module knows about codes comes from the packaged tables: HS 2022
chapters, headings and subheadings with their official descriptions; the Common High Priority
List (February 2024) with its tiers; and the HS 2017 subheadings that were deleted or split in
2022, so that a code from an old invoice still finds its successors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dualwatch.goods.tables import read_table


@dataclass(frozen=True)
class HSEntry:
    """One chapter (2 digits), heading (4) or subheading (6) of HS 2022."""

    code: str
    description: str
    level: int
    parent: str | None
    section: str


@dataclass(frozen=True)
class Tier:
    """A CHPL tier: its code (``"1"``, ``"3.B"``...), short name and meaning."""

    code: str
    name: str
    meaning: str


@dataclass(frozen=True)
class Hs2017Change:
    """An HS 2017 subheading that no longer exists in HS 2022."""

    hs2017: str
    successors: tuple[str, ...]
    description: str


@dataclass(frozen=True, eq=False)
class Nomenclature:
    entries: dict[str, HSEntry]
    chpl: dict[str, str]
    tiers: dict[str, Tier]
    hs2017: dict[str, Hs2017Change]
    sections: dict[str, str]

    def children(self, code: str) -> list[HSEntry]:
        """Subheadings (6 digits) under a chapter or heading, in code order."""
        if len(code) == 4:
            return _children_of_headings(self).get(code, [])
        return [entry for key, entry in self.entries.items()
                if entry.level == 6 and key.startswith(code)]


@cache
def _children_of_headings(nom: Nomenclature) -> dict[str, list[HSEntry]]:
    children: dict[str, list[HSEntry]] = {}
    for key, entry in nom.entries.items():
        if entry.level == 6:
            children.setdefault(key[:4], []).append(entry)
    return children


@cache
def nomenclature() -> Nomenclature:
    """The packaged reference tables, read on first use and kept for the process."""
    entries: dict[str, HSEntry] = {}
    for row in read_table("hs2022.csv"):
        if row["level"] not in ("2", "4", "6"):
            continue
        parent = row["parent"] if row["parent"] != "TOTAL" else None
        entries[row["hscode"]] = HSEntry(row["hscode"], row["description"], int(row["level"]),
                                         parent, row["section"])
    tiers = {row["tier"]: Tier(row["tier"], row["name"], row["meaning"])
             for row in read_table("chpl_tiers.csv")}
    chpl = {row["hs6"]: row["tier"] for row in read_table("chpl_2024-02.csv")}
    changes = {row["hs2017"]: Hs2017Change(row["hs2017"], tuple(row["hs2022"].split()),
                                           row["hs2017_description"])
               for row in read_table("hs2017_to_2022.csv")}
    sections = {row["section"]: row["name"] for row in read_table("hs2022_sections.csv")}
    return Nomenclature(entries, chpl, tiers, changes, sections)


def chpl_tier(hs6: str) -> str | None:
    """The CHPL tier of an HS 2022 six-digit code (``"1"``, ``"3.B"``...), or None."""
    return nomenclature().chpl.get(hs6.replace(".", "").replace(" ", "")[:6])
