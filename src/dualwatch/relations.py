"""Canonical relations between parties: who owns, directs or is family of whom.

Registers (Russia's EGRUL, GLEIF Level 2, UK PSC) and FollowTheMoney exports describe the same
facts in different shapes; every reader in ``sources/`` turns its format into :class:`Party` and
:class:`Link` records, and everything downstream (the store, the 50% rules, screening) reads only
these.

A party's ``key`` is how one party is recognised across files: its strongest identifier
(``inn:1841015504``, ``lei:...``, ``registration:gb:01234567``) where it has one, else the
source's own id (``zala_aero_cluster:NK-abc``). Two registers that name the same INN therefore
meet in one node of the graph, and a party is linked to list entries by these identifiers.

A share is a range in percent: an exact share is ``low == high`` (75, 75); a published band is
(25, 50) for UK PSC's "more than 25% but not more than 50%"; an unknown share is (None, None) and
is never taken as 0 or 100.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dualwatch.model import Identifier

LINK_KINDS = ("ownership", "control", "directorship", "family", "linked")
# The identifier types that link a party to a list entry, strongest first.
KEY_TYPES = ("lei", "inn", "ogrn", "uscc", "registration")


@dataclass(frozen=True, slots=True)
class Party:
    """A person, company or other body named in a register or relation file."""

    key: str
    schema: str
    name: str
    identifiers: tuple[Identifier, ...] = ()
    source_id: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """One dated relation record from ``source`` (owner, director, relative) to ``target``.

    ``kind`` is one of :data:`LINK_KINDS`: ``ownership`` (share of ``target``'s capital),
    ``control`` (voting rights, the right to appoint directors, significant influence),
    ``directorship``, ``family`` and ``linked`` (a list's "Linked To"). ``line`` is where the
    record starts in its file, for messages.
    """

    kind: str
    source: str
    target: str
    share_low: float | None = None
    share_high: float | None = None
    start: str | None = None
    end: str | None = None
    role: str | None = None
    record_id: str | None = None
    line: int | None = None

    @property
    def share_known(self) -> bool:
        return self.share_low is not None


@dataclass
class ParsedRelations:
    """A relation file as read, before it is stored: parties and links stream in one iterator.

    A reader yields every party before the links that name it is not required; the store resolves
    keys only after the whole file has been read, inside its transaction.
    """

    source: str  # the relation set's name, e.g. "ru_egrul", "zala_aero_cluster"
    version: str
    format: str
    files: list[Path]
    items: Iterator[Party | Link]
    meta: dict[str, str] = field(default_factory=dict)


_NOT_ALNUM = re.compile(r"[\W_]+")


def normal_id(type_: str, value: str) -> str:
    """An identifier value as compared: no spaces or dashes, upper case; a company number
    without its leading zeros (Companies House writes 00686734, others 686734)."""
    cleaned = _NOT_ALNUM.sub("", value).upper()
    return cleaned.lstrip("0") if type_ == "registration" else cleaned


def party_key(identifiers: tuple[Identifier, ...] | list[Identifier], fallback: str) -> str:
    """The key of a party: its strongest identifier (see :data:`KEY_TYPES`), else ``fallback``."""
    for type_ in KEY_TYPES:
        for ident in identifiers:
            value = normal_id(type_, ident.value) if ident.type == type_ else ""
            if value:
                if type_ == "registration":
                    return f"registration:{ident.country or 'zz'}:{value}"
                return f"{type_}:{value}"
    return fallback


def exact_name(name: str) -> str:
    """A name as compared where a party has no identifier: case and spacing only, never fuzzy."""
    return " ".join(name.casefold().split())
