"""Dates written with an English month name: "12 Mar 1964", "12 March 1964", "Mar 1964".

OFAC writes birth dates this way in its remarks, and so do many screening files exported
from spreadsheets; both the list parsers and the matcher read them here, into ISO 8601 at
the precision written.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTHS = {calendar.month_abbr[i].lower(): i for i in range(1, 13)}
DATE_PATTERN = re.compile(r"(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{4})|(\d{4})")


def month_name_date(text: str) -> str | None:
    """"12 Mar 1964" -> "1964-03-12", "Mar 1964" -> "1964-03", "1964" -> "1964"; else None.

    A day the month does not have ("31 Feb 1964") keeps the month, as the list means it."""
    match = DATE_PATTERN.fullmatch(text.strip().rstrip("."))
    if match is None:
        return None
    day, month_name, year, year_only = match.groups()
    if year_only:
        return year_only
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    if day is None:
        return f"{year}-{month:02d}"
    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return f"{year}-{month:02d}"


_NUMERIC_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
_NUMERIC_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def date_problem(text: str) -> str | None:
    """Why a date written with numbers cannot be a day ("1979-13-45": "there is no month 13"),
    or None when it can (or is not written with numbers; month names are read above).

    A lenient reader keeps the year of "1979-13-45"; a screening input must not, or a typo
    would count as a birth date that agrees with every listed person born in 1979."""
    value = text.strip()
    iso = _NUMERIC_ISO.fullmatch(value)
    day_first = _NUMERIC_DAY_FIRST.fullmatch(value)
    if iso:
        year, month, day = iso.groups()
    elif day_first:
        day, month, year = day_first.groups()
    else:
        return None
    if not 1 <= int(month) <= 12:
        return f"there is no month {int(month)}"
    if day is not None:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            return f"{calendar.month_name[int(month)]} {year} has no day {int(day)}"
    return None


_NUMERIC_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_WRITTEN_DATE = re.compile(r"\b(?:\d{1,2}\s+)?(?:" + "|".join(_MONTHS) + r")[a-z]*\.?\s+\d{4}\b"
                           r"|\b(?:1[89]|20)\d{2}\b", re.IGNORECASE)


def dates_in(text: str) -> list[str]:
    """Every date written in ``text``, as ISO at the precision written, in order of appearance.

    Lists write dates in free text: "11.8.1960", "6.3.1955 or 15.3.1955", "a) 01/02/1960 b)
    1962", "Approximately 1963", "Between 1955 and 1958", "12 March 1964". Numeric dates are day
    first (as European lists write them); impossible days or months are not dates.
    """
    found: list[str] = []
    for y_iso, m_iso, d_iso, day, month, year in _NUMERIC_DATE.findall(text):
        y, m, d = (y_iso, m_iso, d_iso) if y_iso else (year, month, day)
        if 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            found.append(f"{y}-{int(m):02d}-{int(d):02d}")
    for written in _WRITTEN_DATE.findall(_NUMERIC_DATE.sub(" ", text)):
        iso = month_name_date(written)
        if iso is not None:
            found.append(iso)
    return list(dict.fromkeys(found))
