"""Widens a ranked candidate list with the alternatives a customs officer would weigh.

The words of a description seldom settle the last two digits: "hot-rolled coil" says heading
7208 but not the thickness, "frozen cod fillets" says 0304 while whole frozen cod (0303) is the
next heading to rule out. So after the best candidate, the list also offers:

* **heading**: the other subheadings of the best candidate's heading, the residual "other"
  subheadings (codes ending in 9, the fallback when no distinguishing word is given) first;
* **related**: one subheading of each heading that ``data/related_headings.csv`` names as the
  neighbour of the best heading (fresh/frozen, dose/bulk, leather/textile uppers...): the one
  whose text is closest to the best candidate's (frozen cod fillets -> frozen cod).

Both are scored as a share of the best score, so real evidence always ranks above them.
When the first places would all go to one heading, the last place of the list goes to the
best candidate of another heading (see :func:`top_candidates`): a list of five subheadings
of 0901 says less than four of them and the coffee extract of 2101.
"""

from __future__ import annotations

from functools import cache

from dualwatch.goods.candidate import Candidate, Evidence
from dualwatch.goods.hs_index import rank, words_of
from dualwatch.goods.nomenclature import HSEntry, nomenclature
from dualwatch.goods.tables import read_table

SIBLING_SHARE = 0.3
RESIDUAL_SHARE = 0.02  # added for a residual ("other") sibling, so it comes first
RELATED_SHARE = 0.33  # above bare siblings: one neighbouring heading gets a place


@cache
def related_headings() -> dict[str, tuple[tuple[str, str], ...]]:
    """Heading -> (related heading, why) pairs of ``data/related_headings.csv``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in read_table("related_headings.csv"):
        out.setdefault(row["heading"], []).append((row["related"], row["why"]))
    return {heading: tuple(pairs) for heading, pairs in out.items()}


def with_alternatives(candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` plus siblings and related-heading alternatives of the best, re-ranked."""
    if not candidates:
        return candidates
    best = candidates[0]
    nom = nomenclature()
    present = {c.hs6 for c in candidates}
    heading = best.hs6[:4]
    extra: list[Candidate] = []
    for entry in nom.children(heading):
        if entry.code in present:
            continue
        share = SIBLING_SHARE + (RESIDUAL_SHARE if _residual(entry) else 0.0)
        points = round(best.score * share, 2)
        extra.append(Candidate(entry.code, entry.description, points, nom.chpl.get(entry.code),
                               (Evidence("heading", heading, points,
                                         f"same heading as {best.hs6}"),)))
    headings_present = {code[:4] for code in present}
    for related, why in related_headings().get(heading, ()):
        if related in headings_present:
            continue
        closest = _closest(related, best.hs6)
        if closest is None:
            continue
        points = round(best.score * RELATED_SHARE, 2)
        extra.append(Candidate(closest.code, closest.description, points,
                               nom.chpl.get(closest.code),
                               (Evidence("related", related, points, why),)))
    return sorted(candidates + extra, key=lambda c: (-c.score, c.hs6))


@cache
def _closest(heading: str, hs6: str) -> HSEntry | None:
    """The subheading of ``heading`` whose text shares most with ``hs6``'s; else the residual."""
    nom = nomenclature()
    children = nom.children(heading)
    if not children:
        return None
    scores = rank(words_of(nom.entries[hs6].description))
    scored = [(scores[e.code][0], e.code, e) for e in children if e.code in scores]
    if scored:
        return max(scored)[2]
    return next((e for e in reversed(children) if _residual(e)), children[0])


def _residual(entry: HSEntry) -> bool:
    """A residual subheading: "other", coded with a final 9 (``720839``, ``300490``)."""
    return entry.code[5] == "9" or entry.code[4:] == "90"


def top_candidates(candidates: list[Candidate], top: int) -> list[Candidate]:
    """The first ``top`` candidates, the last place kept for another heading when possible."""
    chosen = candidates[:top]
    if top < 3 or len(chosen) < top or len({c.hs6[:4] for c in chosen}) > 1:
        return chosen
    heading = chosen[0].hs6[:4]
    other = next((c for c in candidates[top:] if c.hs6[:4] != heading), None)
    return chosen if other is None else [*chosen[:-1], other]
