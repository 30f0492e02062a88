"""Non-name evidence: identifiers, birth dates, countries and schema compatibility.

Identifiers are compared as upper-case letters and digits only ("INN 7707083893" and
"7707-083-893" meet), with a leading type word (INN, OGRN, IMO...) removed. Dates compare at the
precision both sides have. Schemata follow FollowTheMoney: a person is never a company.
"""

from __future__ import annotations

import re

from dualwatch.countries import to_code

_ID_PREFIX = re.compile(
    r"^(?:INN|OGRN|OGRNIP|KPP|OKPO|IMO|MMSI|USCC|UNIFIED SOCIAL CREDIT CODE|PASSPORT|"
    r"PASSPORT NO|NATIONAL ID|TAX ID|SWIFT|BIC|LEI|REGISTRATION|REG NO|ID)\b[\s.:#No]*",
    re.IGNORECASE,
)
_NON_ALNUM = re.compile(r"[^0-9A-Z]")
MIN_IDENTIFIER_LENGTH = 5

ORGANISATIONS = frozenset({"Company", "Organization", "LegalEntity"})


def identifier_keys(raw: str) -> set[str]:
    """Comparable forms of one identifier: letters and digits only, with and without its label."""
    keys: set[str] = set()
    text = raw.strip()
    for candidate in (text, _ID_PREFIX.sub("", text)):
        key = _NON_ALNUM.sub("", candidate.upper())
        if len(key) >= MIN_IDENTIFIER_LENGTH:
            keys.add(key)
    return keys


def schema_compatible(query: str | None, listed: str) -> bool:
    """Whether a query of schema ``query`` may match a listed entity of schema ``listed``."""
    if query is None or query == "Thing":
        return True
    if query == listed:
        return True
    if query in ORGANISATIONS:
        return listed in ORGANISATIONS
    return False


def date_agreement(query: str | None, listed: tuple[str, ...]) -> tuple[float, str]:
    """+1 same date (at the precision both have; a year alone agrees with any date of that year),
    +0.5 same month with the day unknown on one side, -0.5 same year with the months or days
    differing, 0 unknown or a year apart, -1 further apart."""
    if not query or not listed:
        return 0.0, ""
    best = -1.0
    detail = ""
    for date in listed:
        common = min(len(query), len(date), 10)
        if query[:common] == date[:common]:
            value = 1.0 if common >= 10 or len(query) <= 4 or len(date) <= 4 else 0.5
        elif query[:4] == date[:4]:
            value = -0.5  # same year, but the months (or days) both written differ
        elif _year(query) is not None and _year(date) is not None \
                and abs(_year(query) - _year(date)) <= 1:  # type: ignore[operator]
            value = 0.0
        else:
            value = -1.0
        if value > best:
            best, detail = value, f"{query} vs {date}"
    return best, detail


def country_codes(values: tuple[str, ...]) -> frozenset[str]:
    codes = set()
    for value in values:
        code = to_code(value)
        if code:
            codes.add(code)
    return frozenset(codes)


def _year(date: str) -> int | None:
    return int(date[:4]) if date[:4].isdigit() else None
