"""Non-name evidence: identifiers, birth dates, countries and schema compatibility.

Identifiers are compared as upper-case letters and digits only ("INN 7707083893" and
"7707-083-893" meet), with a leading type word (INN, OGRN, IMO...) removed. Dates compare at the
precision both sides have. Schemata follow FollowTheMoney: a person is never a company.
"""

from __future__ import annotations

import re

from dualwatch.countries import to_code
from dualwatch.dates import month_name_date

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


_ISO_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def iso_date(value: str | None) -> str | None:
    """A birth date as ISO 8601 at the precision given ("1959", "1959-08", "1959-08-09").

    Screening files write dates loosely: "1959-8-9" unpadded, "1959/08/09", day first as
    European and Russian documents do ("09.08.1959"), or with the month's name ("9 Aug 1959",
    as OFAC does). Compared as text, "1959-08-9" would disagree with "1959-08-09"; a value that
    reads as no date is no evidence (None).
    """
    if not value:
        return None
    text = value.strip()
    found = _DAY_FIRST.match(text)
    if found:
        day, month, year = found.groups()
    else:
        iso = _ISO_DATE.match(text)
        if not iso:
            return month_name_date(text)
        year, month, day = iso.groups()
    parts = [year]
    for part, top in ((month, 12), (day, 31)):
        if part is None or not 1 <= int(part) <= top:
            break
        parts.append(f"{int(part):02d}")
    return "-".join(parts)


def _one_date(query: str, date: str) -> float:
    common = min(len(query), len(date), 10)
    if query[:common] == date[:common]:
        return 1.0 if common >= 10 or len(query) <= 4 or len(date) <= 4 else 0.5
    qy, dy = _year(query), _year(date)
    if qy is None or dy is None:
        return 0.0
    if qy == dy:
        if common >= 10 and (query[:7] == date[:7] or query[5:7] + query[8:10] ==
                             date[8:10] + date[5:7]):
            return 0.0  # one day off, or day and month read in the other order
        return -0.5  # same year, but the months both written differ
    if abs(qy - dy) == 1:
        if common >= 10 and query[4:] != date[4:]:
            return -1.0  # two full dates that differ in the year *and* in the day
        return 0.0  # a year typed one off, or a year given approximately
    return -1.0


def date_agreement(query: str | None, listed: tuple[str, ...]) -> tuple[float, str]:
    """How a query's birth date (ISO, see :func:`iso_date`) agrees with the listed ones.

    +1 the same date at the precision both have (a year alone agrees with any date of that
    year); +0.5 the same month with the day unknown on one side; 0 no date, a day typed off
    or day and month swapped, or a year one off (typed, or an approximate listing); -0.5 the
    same year with other months; -1 further apart, or two full dates that differ both in the
    year and in the day or month (two errors are no longer a typing slip).
    """
    if not query or not listed:
        return 0.0, ""
    best = -1.0
    detail = ""
    for date in listed:
        value = _one_date(query, date)
        if value > best or not detail:
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
