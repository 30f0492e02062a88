"""Request bodies to library inputs: counterparties in JSON to screening queries.

The JSON fields are the columns of ``dualwatch screen`` input, so a row is built and read by
:func:`dualwatch.screening.query_from_row`, the same reader the CLI uses; its complaints are
re-addressed to the JSON position (``queries[3].schema``) rather than a file line.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import HTTPException

from dualwatch.api.models import Counterparty
from dualwatch.errors import InputError
from dualwatch.match import Query
from dualwatch.screening import query_from_row


def counterparty_row(item: Counterparty) -> dict[str, str]:
    return {"id": item.id or "", "name": item.name, "schema": item.schema_ or "",
            "country": ";".join(item.countries), "birth_date": item.birth_date or "",
            "identifiers": ";".join(item.identifiers), "address": item.address or ""}


def counterparty_queries(items: Sequence[Counterparty], where: str,
                         require_ids: bool = False) -> list[Query]:
    """Queries for ``items``; 400 naming the item and field of the first one that is wrong."""
    queries: list[Query] = []
    seen: set[str] = set()
    for position, item in enumerate(items):
        try:
            query = query_from_row(position + 1, counterparty_row(item), where)
        except InputError as exc:
            raise HTTPException(400, f"{where}[{position}].{exc.field}: {exc.reason}") from None
        if require_ids:
            if not item.id or not item.id.strip():
                raise HTTPException(400, f"{where}[{position}].id: every counterparty needs "
                                         "a stable id")
            if query.id in seen:
                raise HTTPException(400, f"{where}[{position}].id: id {query.id!r} occurs "
                                         "twice")
            seen.add(query.id)
        queries.append(query)
    return queries
