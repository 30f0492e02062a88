"""Every distinct party of a shipment file, screened once against the lists.

A consignee that appears on ten thousand lines is one query, not ten thousand: the distinct
(name, country) pairs of all party roles are collected in DuckDB, screened in batches with
:func:`dualwatch.match.match_batch`, and written back as the table ``party_info`` (best hit,
its score and explanation, and whether the name is that of a freight forwarder). Contacts of
parties are looked up in the listed entities' contacts the same way, into ``contact_hits``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import duckdb

from dualwatch.match import DEFAULT_THRESHOLD, Hit, MatchIndex, Query, build_index, match_batch
from dualwatch.model import Entity
from dualwatch.risk.contacts import KINDS, ContactBook, build_contacts
from dualwatch.risk.duck import column_values, table_from_rows
from dualwatch.risk.fields import ROLES
from dualwatch.risk.tables import read_table
from dualwatch.store import Store

BATCH = 256
Progress = Callable[[int], None]
# Screens queries against an index at a threshold: match_batch here, a cluster elsewhere.
Matcher = Callable[[Sequence[Query], MatchIndex, float | None], list[list[Hit]]]


@dataclass(frozen=True)
class ListContext:
    """What the lists contribute to an assessment: the match index and the contact book."""

    index: MatchIndex
    contacts: ContactBook
    threshold: float | None = None

    @classmethod
    def from_entities(cls, entities: Iterable[Entity],
                      threshold: float | None = None) -> ListContext:
        listed = list(entities)
        return cls(build_index(listed), build_contacts(listed), threshold)

    @classmethod
    def from_store(cls, store: Store, datasets: Iterable[str] | None = None,
                   threshold: float | None = None) -> ListContext:
        from dualwatch.screening import load_index

        wanted = list(datasets) if datasets is not None else None
        return cls(load_index(store, wanted), build_contacts(store.current_entities(wanted)),
                   threshold)

    @property
    def match_threshold(self) -> float:
        """The screening score at which a party counts as listed."""
        return self.threshold if self.threshold is not None else DEFAULT_THRESHOLD


@cache
def _forwarder_pattern() -> re.Pattern[str]:
    words, substrings = [], []
    for row in read_table("forwarder_terms.csv"):
        term = re.escape(row["term"].casefold())
        if row["lang"] == "zh":
            substrings.append(term)
        elif row["lang"] == "ru":
            words.append(term + r"\w*")
        else:
            words.append(term)
    alternatives = [rf"\b(?:{'|'.join(words)})\b", *substrings]
    return re.compile("|".join(alternatives))


def forwarder_term(name: str) -> str | None:
    """The word that marks ``name`` as a freight forwarder or logistics firm, if any."""
    found = _forwarder_pattern().search(name.casefold())
    return found.group(0) if found else None


def distinct_parties(con: duckdb.DuckDBPyConnection,
                     present: frozenset[str]) -> list[tuple[str, str | None]]:
    selects = []
    for role in ROLES:
        if role not in present:
            continue
        country = (f"cc.code FROM shipments sh LEFT JOIN country_codes cc "
                   f"ON cc.raw = sh.{role}_country" if f"{role}_country" in present
                   else "NULL FROM shipments sh")
        selects.append(f"SELECT DISTINCT sh.{role} AS name, {country} "
                       f"WHERE sh.{role} IS NOT NULL")
    if not selects:
        return []
    sql = " UNION ".join(selects) + " ORDER BY 1, 2"
    return [(str(name), code) for name, code in con.execute(sql).fetchall()]


def screen_parties(con: duckdb.DuckDBPyConnection, present: frozenset[str],
                   lists: ListContext, progress: Progress | None = None,
                   match: Matcher | None = None) -> int:
    """Table ``party_info(name, cc, score, entity_id, entity_name, datasets, explanation,
    forwarder)``; returns the number of distinct parties. ``match`` screens them all at once
    (a cluster); by default they are screened here, batch by batch."""
    parties = distinct_parties(con, present)
    queries = [Query(id=str(i), name=name, countries=(code,) if code else ())
               for i, (name, code) in enumerate(parties)]

    def screened() -> Iterator[list[Hit]]:
        if match is not None:
            yield from match(queries, lists.index, lists.threshold)
            return
        for start in range(0, len(queries), BATCH):
            batch = queries[start:start + BATCH]
            yield from match_batch(batch, lists.index, lists.threshold)
            if progress is not None:
                progress(len(batch))

    def rows() -> Iterator[tuple[object, ...]]:
        for query, hits in zip(queries, screened(), strict=True):
            name, code = parties[int(query.id)]
            best = _best(hits)
            yield (name, code, round(best.score, 4) if best else None,
                   best.entity_id if best else None, best.entity_name if best else None,
                   ";".join(best.datasets) if best else None,
                   best.explanation if best else None, forwarder_term(name))

    return table_from_rows(con, "party_info", [
        ("name", "VARCHAR"), ("cc", "VARCHAR"), ("score", "DOUBLE"), ("entity_id", "VARCHAR"),
        ("entity_name", "VARCHAR"), ("datasets", "VARCHAR"), ("explanation", "VARCHAR"),
        ("forwarder", "VARCHAR")], rows())


def _best(hits: list[Hit]) -> Hit | None:
    return max(hits, key=lambda h: h.score) if hits else None


def match_contacts(con: duckdb.DuckDBPyConnection, present: frozenset[str],
                   lists: ListContext) -> int:
    """Table ``contact_hits(kind, raw, entity_id, entity_name, datasets, listed)``."""
    rows = []
    for kind in KINDS:
        columns = [f"{role}_{kind}" for role in ROLES if f"{role}_{kind}" in present]
        if not columns:
            continue
        values: set[str] = set()
        for column in columns:
            values.update(column_values(con, f"SELECT DISTINCT {column} FROM shipments"))
        for raw in sorted(values):
            found = lists.contacts.lookup(kind, raw)
            if found:
                rows.append((kind, raw, found[0].entity_id, found[0].caption,
                             found[0].dataset, found[0].value))
    return table_from_rows(con, "contact_hits", [
        ("kind", "VARCHAR"), ("raw", "VARCHAR"), ("entity_id", "VARCHAR"),
        ("entity_name", "VARCHAR"), ("datasets", "VARCHAR"), ("listed", "VARCHAR")], rows)
