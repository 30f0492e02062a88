"""Screening as the library offers it: counterparties in, explained hits out.

This joins the store (which list versions are current) to the matcher (a pure function of a query
batch and an index). The index is built from the current entities and cached on disk, keyed by
the list versions and the matcher's own code, so a second run starts in a fraction of the time
and never uses an index older than the lists or the code; an index of some of the lists is
assembled from the all-lists build rather than built anew (index_cache.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dualwatch import index_cache
from dualwatch.dates import date_problem
from dualwatch.errors import DualwatchError, InputError
from dualwatch.match import DEFAULT_THRESHOLD, Hit, MatchIndex, Query, match_batch
from dualwatch.match.evidence import iso_date
from dualwatch.model import MEASURES, Entity, NameKind
from dualwatch.store import Store, open_store
from dualwatch.tables import uncomputed

if TYPE_CHECKING:
    from dualwatch.engine import Engine

HIT_COLUMNS = ("query_id", "query_name", "score", "entity_id", "entity_name", "schema",
               "matched_name", "sources", "explanation", "measures", "listings")
QUERY_FIELDS = ("id", "name", "schema", "country", "birth_date", "identifiers", "address")
SCHEMA_ALIASES = {"person": "Person", "individual": "Person", "company": "Company",
                  "organization": "Organization", "organisation": "Organization",
                  "entity": "LegalEntity", "legalentity": "LegalEntity", "vessel": "Vessel",
                  "ship": "Vessel", "aircraft": "Aircraft", "": ""}


@cache
def code_fingerprint() -> str:
    """Changes whenever the normalisation or matching code or tables change."""
    import dualwatch.match
    import dualwatch.measures
    import dualwatch.names

    digest = hashlib.sha1()
    measures_code = Path(dualwatch.measures.__file__)
    tables = measures_code.parent / "sources" / "data"
    for path in (measures_code, tables / "measures.csv", tables / "list_titles.csv"):
        digest.update(path.read_bytes())
    for package in (dualwatch.names, dualwatch.match):
        for folder in package.__path__:
            for path in sorted(Path(folder).rglob("*")):
                if path.suffix in (".py", ".csv", ".json", ".yml", ".yaml", ".txt"):
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def index_key(store: Store, datasets: Iterable[str] | None = None) -> str:
    """A name for the index of ``datasets`` (all when None) at their current list versions."""
    return index_cache.version_key(store, datasets, code_fingerprint())


def load_index(store: Store, datasets: Iterable[str] | None = None, cache: bool = True,
               progress: index_cache.Progress | None = None) -> MatchIndex:
    """The match index over the current lists (all, or those named).

    A selection of lists is assembled from the all-lists build (see :mod:`dualwatch.index_cache`),
    with the very hits an index of those lists alone gives. ``cache``: keep indexes on disk;
    ``progress`` hears of the normalisation of every name when the all-lists index is built.
    """
    return index_cache.lists_index(store, datasets, code_fingerprint(), cache, progress)


def entity_queries(entity: Entity, query_id: str | None = None) -> list[Query]:
    """One query per name of an entity (weak aliases only when it has no other name).

    Used to look a list entry up in a book of counterparties and to screen an FtM example
    sent to the API. Each query is ``query_id``, or ``{entity.id}#{n}`` when none is given.
    """
    names = [n.value for n in entity.names if n.kind != NameKind.WEAK_ALIAS] or \
        [n.value for n in entity.names]
    countries = tuple(dict.fromkeys(c.code for c in entity.countries))
    identifiers = tuple(i.value for i in entity.identifiers)
    birth = entity.birth_dates[0] if entity.birth_dates else None
    address = entity.addresses[0].full if entity.addresses else None
    return [Query(id=query_id if query_id is not None else f"{entity.id}#{n}", name=name,
                  schema=entity.schema, countries=countries, birth_date=birth,
                  identifiers=identifiers, address=address) for n, name in enumerate(names)]


def query_from_row(line: int, row: dict[str, str], source: str | Path = "input") -> Query:
    """A screening query from an input row (columns as in ``QUERY_FIELDS``)."""
    for field in QUERY_FIELDS:
        formula = uncomputed(row).get(field)
        if formula is not None:
            raise InputError(source, f"the cell holds the formula {formula!r} with no computed "
                                     "value saved (the program that wrote the file does not "
                                     "calculate formulas): open and save it in a spreadsheet, "
                                     "or paste the values", line=line, field=field)
    name = row.get("name", "").strip()
    if not name:
        raise InputError(source, "empty name", line=line, field="name")
    schema_raw = row.get("schema", "").strip()
    schema = SCHEMA_ALIASES.get(schema_raw.casefold().replace(" ", ""))
    if schema is None:
        raise InputError(source, f"unknown schema {schema_raw!r}; use Person, Company, "
                                 "Organization, LegalEntity, Vessel or Aircraft",
                         line=line, field="schema")
    countries = tuple(c.strip() for c in _split(row.get("country", "")) if c.strip())
    identifiers = tuple(i.strip() for i in _split(row.get("identifiers", "")) if i.strip())
    birth_date = row.get("birth_date", "").strip() or None
    problem = date_problem(birth_date) if birth_date is not None else None
    if problem is not None:
        raise InputError(source, f"impossible date {birth_date!r}: {problem}", line=line,
                         field="birth_date")
    if birth_date is not None and iso_date(birth_date) is None:
        raise InputError(source, f"cannot read {birth_date!r} as a date; write 1970, 1970-03, "
                                 "1970-03-02, 02.03.1970 or 2 Mar 1970", line=line,
                         field="birth_date")
    return Query(id=row.get("id", "").strip() or str(line - 1), name=name,
                 schema=schema or None, countries=countries, birth_date=birth_date,
                 identifiers=identifiers, address=row.get("address", "").strip() or None)


def _split(value: str) -> list[str]:
    for sep in (";", "|"):
        if sep in value:
            return value.split(sep)
    return [value] if value else []


def hit_row(hit: Hit) -> dict[str, object]:
    return {"query_id": hit.query_id, "query_name": hit.query_name,
            "score": round(hit.score, 4), "entity_id": hit.entity_id,
            "entity_name": hit.entity_name, "schema": hit.schema,
            "matched_name": hit.matched_name, "sources": ";".join(hit.sources),
            "explanation": hit.explanation, "measures": ";".join(hit.measures),
            "listings": "; ".join(hit.listings)}


def empty_row(query: Query) -> dict[str, object]:
    return {"query_id": query.id, "query_name": query.name}


@dataclass
class ScreenSummary:
    queries: int = 0
    with_hits: int = 0
    hits: int = 0
    seconds: float = 0.0


BATCH_SIZE = 256


def measure_filter(spec: str | Iterable[str] | None) -> frozenset[str] | None:
    """The measures named in ``spec`` ("export-control,asset-freeze"), checked; None for all."""
    if spec is None:
        return None
    names = [m.strip() for m in (spec.split(",") if isinstance(spec, str) else spec)]
    wanted = frozenset(m for m in names if m)
    unknown = sorted(wanted - MEASURES.keys())
    if unknown or not wanted:
        raise DualwatchError(f"unknown measure {unknown[0] if unknown else spec!r}; known: "
                             + ", ".join(MEASURES))
    return wanted


def keep_measures(hits: list[Hit], wanted: frozenset[str] | None) -> list[Hit]:
    """The hits with at least one listing of a wanted measure (all hits when None)."""
    if wanted is None:
        return hits
    return [h for h in hits if wanted.intersection(h.measures)]


def screen_batches(queries: Sequence[Query], index: MatchIndex, threshold: float | None = None,
                   batch_size: int = BATCH_SIZE, measures: frozenset[str] | None = None,
                   ) -> Iterator[tuple[Query, list[Hit]]]:
    """Match queries batch by batch, so callers can show progress on long files; ``measures``
    keeps only hits with a listing of those measures (``export-control``...)."""
    for start in range(0, len(queries), batch_size):
        batch = queries[start:start + batch_size]
        for query, hits in zip(batch, match_batch(batch, index, threshold), strict=True):
            yield query, keep_measures(hits, measures)


def screen(queries: Sequence[Query | str], lists: Iterable[str] | None = None,
           threshold: float | None = None, store: Store | None = None,
           engine: str | Engine = "local",
           measures: str | Iterable[str] | None = None) -> list[list[Hit]]:
    """Python API: screen names or :class:`Query` objects against the current lists;
    ``measures`` ("export-control") keeps only hits whose listings impose one of them.

    ``engine``: ``"local"`` (this process), ``"spark"`` (a local Spark session) or an engine
    from :func:`dualwatch.engine.get_engine`, e.g. one for a cluster's master.
    """
    wanted = measure_filter(measures)
    prepared = [q if isinstance(q, Query) else Query(id=str(i), name=q)
                for i, q in enumerate(queries)]
    own = store is None
    store = store or open_store()
    try:
        index = load_index(store, lists)
    finally:
        if own:
            store.close()
    if engine == "local":
        return [keep_measures(h, wanted) for h in match_batch(prepared, index, threshold)]
    from dualwatch.engine import get_engine

    runner = get_engine(engine) if isinstance(engine, str) else engine
    try:
        return [keep_measures(h, wanted) for h in runner.match(prepared, index, threshold)]
    finally:
        if isinstance(engine, str):
            runner.close()


__all__ = ["DEFAULT_THRESHOLD", "HIT_COLUMNS", "ScreenSummary", "empty_row", "hit_row",
           "keep_measures", "load_index", "measure_filter", "query_from_row", "screen",
           "screen_batches"]
