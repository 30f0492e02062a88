"""Checks a commodity code against HS 2022 and the CHPL.

Declarations, invoices and licences quote codes in many shapes: an HS chapter (``85``), heading
(``8542``) or subheading (``8542.31``), or a national tariff line built on it: EU CN (8 digits),
US HTS (10), EAEU TN VED (10), China (10), Japan (9). Dots, spaces and hyphens are punctuation.
The first six digits are the internationally harmonised part; national digits are kept but
cannot be validated without the national tariff. An HS 2017 subheading that was split or moved
in 2022 (``854140``, ``880330``) is answered with its HS 2022 successors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dualwatch.errors import InvalidCodeError
from dualwatch.goods.nomenclature import Nomenclature, nomenclature

_PUNCTUATION = re.compile(r"[\s.\-]+")
_NATIONAL_LENGTHS = {8: "national 8-digit line (EU CN8 and others)", 9: "national 9-digit line",
                     10: "national 10-digit line (US HTS, EAEU TN VED, China)"}



@dataclass(frozen=True)
class ChplCode:
    """A CHPL subheading with its tier."""

    hs6: str
    tier: str
    description: str


@dataclass(frozen=True)
class CodeInfo:
    """What a commodity code is, in HS 2022 terms, and whether the CHPL covers it.

    ``hs_code`` is the harmonised part (2, 4 or 6 digits) and ``hs6`` the subheading when the
    code reaches six digits. ``chpl`` lists the CHPL subheadings the code covers: one for a
    listed subheading, several for a heading or chapter or for a split HS 2017 code.
    """

    query: str
    code: str
    level: int
    hs_code: str
    hs6: str | None
    description: str
    national: str | None = None
    national_kind: str | None = None
    chpl_tier: str | None = None
    tier_meaning: str | None = None
    chpl: tuple[ChplCode, ...] = ()
    hs2017: str | None = None
    successors: tuple[str, ...] = ()
    note: str | None = None

    @property
    def on_chpl(self) -> bool:
        """True when the code is, or may be (split code, heading), a CHPL item."""
        return bool(self.chpl)


def normalize_code(value: str) -> str:
    """The digits of a code typed with dots, spaces or hyphens; raises on anything else."""
    digits = _PUNCTUATION.sub("", value.strip())
    if not digits:
        raise InvalidCodeError("empty commodity code")
    if not digits.isdigit():
        raise InvalidCodeError(f"{value!r} is not a commodity code: use digits, optionally "
                               "grouped with dots or spaces (8542.31, 8542 31 90 00)")
    return digits


def check(code: str) -> CodeInfo:
    """Validate ``code`` against HS 2022 and say what it is and whether the CHPL covers it."""
    digits = normalize_code(code)
    nom = nomenclature()
    length = len(digits)
    if length in (2, 4):
        return _heading(code, digits, nom)
    if length == 6 or length in _NATIONAL_LENGTHS:
        return _subheading(code, digits, nom)
    hint = ""
    padded = "0" + digits
    if length % 2 == 1 and length < 8 and padded[:6] in nom.entries:
        hint = f"; a leading zero may have been lost: did you mean {padded}?"
    raise InvalidCodeError(f"{code!r} has {length} digits: an HS code has 2, 4 or 6 digits "
                           f"and a national tariff line 8 to 10{hint}")


def _heading(query: str, digits: str, nom: Nomenclature) -> CodeInfo:
    entry = nom.entries.get(digits)
    if entry is None:
        kind = "chapter" if len(digits) == 2 else "heading"
        raise InvalidCodeError(f"{query!r}: there is no HS 2022 {kind} {digits}")
    listed = tuple(_chpl_code(hs6, nom) for hs6 in sorted(nom.chpl) if hs6.startswith(digits))
    return CodeInfo(query=query, code=digits, level=len(digits), hs_code=digits, hs6=None,
                    description=entry.description, chpl=listed,
                    note=(f"{len(listed)} CHPL subheading(s) under this "
                          f"{'chapter' if len(digits) == 2 else 'heading'}") if listed else None)


def _subheading(query: str, digits: str, nom: Nomenclature) -> CodeInfo:
    hs6, national = digits[:6], (digits[6:] or None)
    national_kind = _NATIONAL_LENGTHS.get(len(digits))
    entry = nom.entries.get(hs6)
    if entry is not None and entry.level == 6:
        tier = nom.chpl.get(hs6)
        return CodeInfo(query=query, code=digits, level=6, hs_code=hs6, hs6=hs6,
                        description=entry.description, national=national,
                        national_kind=national_kind, chpl_tier=tier,
                        tier_meaning=nom.tiers[tier].meaning if tier else None,
                        chpl=(_chpl_code(hs6, nom),) if tier else (),
                        note=("national digits are not checked against the national tariff"
                              if national else None))
    change = nom.hs2017.get(hs6)
    if change is not None:
        return _hs2017(query, digits, national, national_kind, change.successors,
                       change.description, nom)
    raise InvalidCodeError(_unknown_subheading(query, hs6, nom))


def _hs2017(query: str, digits: str, national: str | None, national_kind: str | None,
            successors: tuple[str, ...], old_description: str, nom: Nomenclature) -> CodeInfo:
    hs6 = digits[:6]
    listed = tuple(_chpl_code(s, nom) for s in successors if s in nom.chpl)
    single = successors[0] if len(successors) == 1 else None
    tier = nom.chpl.get(single) if single else None
    if single:
        description = nom.entries[single].description
        note = f"HS 2017 subheading {hs6} became {single} in HS 2022"
    else:
        description = f"(HS 2017) {old_description}"
        note = f"HS 2017 subheading {hs6} was split in HS 2022 into {', '.join(successors)}"
    return CodeInfo(query=query, code=digits, level=6, hs_code=single or hs6, hs6=single,
                    description=description, national=national, national_kind=national_kind,
                    chpl_tier=tier, tier_meaning=nom.tiers[tier].meaning if tier else None,
                    chpl=listed, hs2017=hs6, successors=successors, note=note)


def _chpl_code(hs6: str, nom: Nomenclature) -> ChplCode:
    return ChplCode(hs6, nom.chpl[hs6], nom.entries[hs6].description)


def _unknown_subheading(query: str, hs6: str, nom: Nomenclature) -> str:
    heading = nom.entries.get(hs6[:4])
    if heading is None:
        return f"{query!r}: there is no HS 2022 heading {hs6[:4]} (nor HS 2017 subheading {hs6})"
    options = ", ".join(entry.code for entry in nom.children(hs6[:4]))
    return (f"{query!r}: {hs6} is not an HS 2022 subheading; heading {hs6[:4]} "
            f"({heading.description}) has {options}")
