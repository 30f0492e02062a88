"""Reference records: names and identifiers of a party from a file a user holds (not a list).

A registry extract or an LEI record says what a party is called in its own language and which
codes it has; ``dualwatch lists enrich`` attaches that to the listed entity it identifies. The
readers (:mod:`gleif_lei`, :mod:`registry_csv`) yield :class:`ReferenceRecord`; each knows where
in its file it came from, so every added name can be traced back.
"""

from __future__ import annotations

from dataclasses import dataclass

from dualwatch.model import Identifier, Name

LINKING_IDENTIFIERS = ("uscc", "lei", "inn", "ogrn")  # codes that identify one legal person


@dataclass(frozen=True)
class ReferenceRecord:
    """One party of a reference file: its names, its identifiers, and where it was read."""

    names: tuple[Name, ...]
    identifiers: tuple[Identifier, ...]
    where: str  # "lei-data.xml, LEI 5493..." or "registry.csv, line 4"
