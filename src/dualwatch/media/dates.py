"""Dates in news text: when the article was published and when the reported event happened.

Articles write dates partly ("on June 19", "said Monday", "19 июня", "6月19日"); a partial date
takes its year from the publication date, or failing that from the full dates elsewhere in the
article, and a weekday is resolved against the publication date (backwards for what happened,
forwards for what is planned). A date that cannot be resolved is left partial ("--06-19") rather
than guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from functools import cache

from dualwatch.media.model import DateMention
from dualwatch.media.tables import read_table

_FUTURE = re.compile(r"\b(?:will|plans?|intends?|scheduled|is to|are to|expected to|travels|"
                     r"next)\b|\bбудет\b|\bпланирует\b|将", re.IGNORECASE)
# The reported action: a designation, listing, charge or seizure dates an event better than what
# someone "said"; background ("earlier", "in 2022", "since", "signed") dates something else, and a
# dateline ("WASHINGTON, May 1 (Reuters) -") dates the report, not the action.
_ACTION = re.compile(r"\b(?:designat\w*|added|adds|sanction(?:ed|s)|impos\w*|blacklist\w*|"
                     r"charged|indict\w*|arrest\w*|seiz\w*|froze|listed|announc\w*)\b|"
                     r"ввел\w*|внес\w*|宣布|列入|制裁", re.IGNORECASE)
_BACKGROUND = re.compile(r"\b(?:earlier|previously|already|since|last year|ago|signed|"
                         r"partnership|began|launched|in (?:19|20)\d\d)\b", re.IGNORECASE)
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+,[^()]{0,40}\((?:Reuters|AP|AFP|Bloomberg|Xinhua|"
                       r"TASS|RIA)[^)]*\)")
_EVENT = re.compile(r"\b(?:said|says|told|met|meets|meeting|visit\w*|travel\w*|summit|talks|"
                    r"announc\w*|added|designat\w*|sanction\w*|arrest\w*|charged|seized)\b|"
                    r"заяви\w*|сообщи\w*|встреч\w*|визит\w*|ввел\w*|表示|会见|访问|宣布",
                    re.IGNORECASE)


@cache
def _months() -> dict[str, int]:
    return {r["word"]: int(r["number"]) for r in read_table("months.csv") if r["kind"] == "month"}


@cache
def _weekdays() -> dict[str, int]:
    return {r["word"]: int(r["number"]) for r in read_table("months.csv")
            if r["kind"] == "weekday"}


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    months = "|".join(sorted(_months(), key=len, reverse=True))
    days = "|".join(sorted(_weekdays(), key=len, reverse=True))
    return (
        re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
        re.compile(rf"\b(?P<mon>{months})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
                   rf"(?:,? (?P<y>\d{{4}}))?", re.IGNORECASE),
        re.compile(rf"\b(?P<d>\d{{1,2}}) (?P<mon>{months})\.?,? ?(?P<y>\d{{4}})?", re.IGNORECASE),
        re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
        re.compile(rf"\b(?:on |said |last |this |в |во )?(?P<wd>{days})\b", re.IGNORECASE),
    )


def parse_date(text: str) -> str | None:
    """ISO form of the first date in ``text``: "2024-04-20", "--06-19" without a year."""
    for found in find_dates(text):
        if not found[1].startswith("W"):
            return found[1]
    return None


def find_dates(text: str) -> list[tuple[str, str]]:
    """(as written, ISO or partial) for each date; weekdays come as ("Monday", "W0")."""
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, str, str]] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            iso = _iso(m.groupdict())
            if iso is None:
                continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.group(0).strip(), iso))
    return [(t, iso) for _, t, iso in sorted(out)]


def _iso(groups: dict[str, str | None]) -> str | None:
    if groups.get("wd"):
        return f"W{_weekdays()[groups['wd'].casefold()]}"  # type: ignore[union-attr]
    month = int(groups["m"] or 0) if groups.get("m") else _months().get(
        (groups.get("mon") or "").casefold().rstrip("."))
    day = int(groups["d"] or 0)
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    year = groups.get("y")
    if year and not 1900 <= int(year) <= 2100:
        return None
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _resolve(iso: str, sentence: str, published: date | None, year: int | None) -> str:
    if iso.startswith("W"):
        if published is None:
            return iso
        weekday = int(iso[1:])
        if _FUTURE.search(sentence):
            delta = (weekday - published.weekday()) % 7 or 7
            return (published + timedelta(days=delta)).isoformat()
        delta = (published.weekday() - weekday) % 7
        return (published - timedelta(days=delta)).isoformat()
    if iso.startswith("--") and year is not None:
        return f"{year}{iso[1:]}"
    return iso


def _as_date(iso: str | None) -> date | None:
    if iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        try:
            return date.fromisoformat(iso)
        except ValueError:
            return None
    return None


def _event_weight(sentence: str) -> int:
    weight = 2 * bool(_ACTION.search(sentence)) + bool(_EVENT.search(sentence))
    weight -= 2 * bool(_BACKGROUND.search(sentence)) + bool(_DATELINE.search(sentence))
    return weight


def _event_date(resolved: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The date of the reported action: the best-weighted event sentence's, the first on a
    tie; none when no sentence speaks of an action or statement."""
    best: tuple[int, int] | None = None
    for position, (sentence, _, _) in enumerate(resolved):
        weight = _event_weight(sentence)
        if weight > 0 and (best is None or weight > best[0]):
            best = (weight, position)
    return resolved[best[1]] if best is not None else None


def article_dates(sentences: list[str], published: str | None,
                  hints: list[str] | None = None) -> list[DateMention]:
    """The publication date and every date of the body, the event date first among them.

    ``hints`` (photo captions) only lend their years to partial dates.
    """
    found = [(s, t, iso) for s in sentences for t, iso in find_dates(s)]
    pub = _as_date(published)
    hinted = [iso for s in hints or [] for _, iso in find_dates(s)]
    years = Counter(iso[:4] for iso in [i for _, _, i in found] + hinted
                    if re.match(r"\d{4}", iso))
    year = pub.year if pub else (int(published[:4]) if published and published[:4].isdigit()
                                 else (int(years.most_common(1)[0][0]) if years else None))
    out: list[DateMention] = []
    if published:
        out.append(DateMention(published, published, "published"))
    resolved = [(s, t, _resolve(iso, s, pub, year)) for s, t, iso in found]
    resolved = [(s, t, iso) for s, t, iso in resolved if not iso.startswith("W")]
    event = _event_date(resolved)
    for s, t, iso in resolved:
        kind = "event" if event is not None and (s, t, iso) == event else "other"
        out.append(DateMention(t, iso, kind, s))
    out.sort(key=lambda d: {"published": 0, "event": 1}.get(d.kind, 2))
    return out
