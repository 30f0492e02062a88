"""Web-page furniture in extracted article text: what goes, and why.

Text copied from a news page carries menus, icon labels ("icon bookmark-bicon ..."), share and
comment prompts ("Leave a Comment"), copyright lines and photo credits. They would be read as
names ("Getty Images") and dates ("Copyright 2023"), so they are removed before analysis; each
removed line is kept with its reason, and a copyright year is kept as a hint of the publication
year. Patterns are in ``data/boilerplate.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from dualwatch.media.tables import read_table


@dataclass
class Cleaned:
    lines: list[str]
    removed: list[str] = field(default_factory=list)  # "kind: line"
    captions: list[str] = field(default_factory=list)
    copyright_year: str | None = None
    copyright_holder: str | None = None


@cache
def _rules() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    rules = []
    for row in read_table("boilerplate.csv"):
        flags = re.IGNORECASE if row["scope"] == "line" else 0
        rules.append((re.compile(row["pattern"], flags), row["scope"], row["kind"]))
    return tuple(rules)


def clean_lines(lines: list[str]) -> Cleaned:
    """Drop furniture lines and duplicated lines; cut photo credits off captions."""
    out = Cleaned([])
    seen: set[str] = set()
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            out.lines.append("")
            continue
        kind = _furniture(line)
        if kind is not None:
            out.removed.append(f"{kind}: {line}")
            year = re.search(r"\b(19|20)\d{2}\b", line)
            if kind == "copyright" and year and out.copyright_year is None:
                out.copyright_year = year.group(0)
                holder = re.match(r"\s*([^.,;]{2,60}?)\s*(?:[.,;]|all rights|$)",
                                  line[year.end():], re.IGNORECASE)
                if holder and holder.group(1)[:1].isupper() and not re.match(
                        r"все права|all rights|版权", holder.group(1), re.IGNORECASE):
                    out.copyright_holder = holder.group(1).strip()
            continue
        line, caption = _strip_inline(line, out)
        if not line:
            continue
        key = line.casefold()
        if key in seen:
            out.removed.append(f"duplicate: {line}")
            continue
        seen.add(key)
        if caption:
            out.captions.append(line)
            continue
        out.lines.append(line)
    return out


def _furniture(line: str) -> str | None:
    for pattern, scope, kind in _rules():
        if scope == "line" and pattern.fullmatch(line):
            return kind
    return None


def _strip_inline(line: str, out: Cleaned) -> tuple[str, bool]:
    caption = False
    for pattern, scope, kind in _rules():
        if scope != "inline":
            continue
        match = pattern.search(line)
        if match and match.group(0).strip():
            out.removed.append(f"{kind}: {match.group(0).strip()}")
            line = (line[:match.start()] + " " + line[match.end():]).strip()
            caption = caption or kind == "photo credit"
    return line, caption
