"""Screening the people, companies and organisations an article names.

Each mention becomes a screening query (a person as Person, a company as Company, an
organisation as an organisation of any kind) matched by the screening engine against the lists
and, when given, against an index of the user's own counterparties; the hits keep the engine's
score and explanation. Portfolios come from the store by name or from a CSV/XLSX file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dualwatch.errors import InputError
from dualwatch.match import Hit, MatchIndex, Query, build_index, match_batch
from dualwatch.media.model import ListHit, Mention
from dualwatch.model import Entity, NameKind
from dualwatch.screening import query_from_row

SCREENED = {"person": "Person", "company": "Company", "organisation": "Organization"}


def queries_for(mentions: Sequence[Mention]) -> list[tuple[Mention, Query]]:
    out = []
    for i, mention in enumerate(mentions):
        if mention.kind in SCREENED:
            out.append((mention, Query(id=str(i), name=mention.name,
                                       schema=SCREENED[mention.kind])))
    return out


def screen_mentions(mentions: Sequence[Mention], index: MatchIndex, against: str,
                    threshold: float | None = None) -> list[ListHit]:
    """Hits for every screened mention, best first within each mention."""
    pairs = queries_for(mentions)
    if not pairs:
        return []
    results = match_batch([q for _, q in pairs], index, threshold)
    out: list[ListHit] = []
    for (mention, _), hits in zip(pairs, results, strict=True):
        out.extend(_hit(mention, hit, against) for hit in hits)
    return out


def _hit(mention: Mention, hit: Hit, against: str) -> ListHit:
    return ListHit(mention=mention.name, kind=mention.kind, against=against,
                   score=round(hit.score, 4), entity_id=hit.entity_id,
                   entity_name=hit.entity_name, schema=hit.schema,
                   matched_name=hit.matched_name, sources=list(hit.sources),
                   explanation=hit.explanation)


def portfolio_entities(rows: Sequence[dict[str, Any]], source: str) -> list[Entity]:
    """Counterparty rows (``name`` and optional ``id, schema, country``) as entities."""
    entities: list[Entity] = []
    for line, row in enumerate(rows, 2):
        query = query_from_row(line, {k: str(v) for k, v in row.items() if v is not None},
                               source)
        entity = Entity(id=f"portfolio-{query.id}", schema=query.schema or "LegalEntity",
                        dataset="portfolio", source_id=query.id)
        entity.add_name(query.name, NameKind.PRIMARY)
        for code in query.countries:
            entity.add_country(code)
        entities.append(entity)
    return entities


def portfolio_index(spec: str, store: Any | None = None) -> tuple[MatchIndex, list[Entity]]:
    """An index of a portfolio: a portfolio of the store by name, or a CSV/XLSX file."""
    rows: list[dict[str, Any]] | None = None
    if store is not None and hasattr(store, "counterparties") and hasattr(store, "portfolios"):
        names = {name for name, _ in store.portfolios()}
        if spec in names:
            rows = []
            for external_id, data, _ in store.counterparties(spec):
                row = dict(data)
                row.setdefault("id", external_id)
                rows.append(row)
    if rows is None:
        path = Path(spec)
        if not path.is_file():
            raise InputError(path, "no portfolio of that name in the store and no such file; "
                                   "give a portfolio name or a CSV/XLSX file of counterparties")
        from dualwatch.tables import read_rows

        rows = [dict(row) for _, row in read_rows(path, ("name",))]
    entities = portfolio_entities(rows, spec)
    if not entities:
        raise InputError(spec, "the portfolio has no counterparties")
    return build_index(entities), entities

