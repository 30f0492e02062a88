"""yente-compatible matching, search and entity lookup: ``/match``, ``/search``, ``/entities``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Response
from fastapi import Path as PathParam
from fastapi import Query as QueryParam

from dualwatch.api.deps import Analyst, State, Store, Viewer
from dualwatch.api.limits import MAX_QUERIES, MAX_RESULTS, check_count
from dualwatch.api.routes.common import DEFAULT_DATASET, DatasetPath, errors, selection
from dualwatch.api.yente import (
    QUERY_SCHEMATA,
    EntityMatches,
    EntityMatchQuery,
    EntityMatchResponse,
    EntityResponse,
    SearchResponse,
    TotalSpec,
    entity_response,
    example_queries,
    matcher_docs,
    merge_hits,
    scored_response,
)
from dualwatch.match import DEFAULT_THRESHOLD, MatchIndex, Query, match_batch

router = APIRouter(tags=["Matching"])

Unit = Annotated[float, QueryParam(ge=0.0, le=1.0, allow_inf_nan=False)]


@router.post("/match/{dataset}", summary="Match entities (yente-compatible)",
             response_model=EntityMatchResponse, responses=errors(400, 404, 409, 413))
def match(
    body: EntityMatchQuery, key: Analyst, store: Store, state: State, response: Response,
    dataset: DatasetPath,
    limit: Annotated[int, QueryParam(ge=1, le=MAX_RESULTS,
                                     description="Results per query.")] = 5,
    threshold: Annotated[float, QueryParam(
        ge=0.0, le=1.0, allow_inf_nan=False,
        description="Score at or above which a result is a `match`.")] = DEFAULT_THRESHOLD,
    cutoff: Annotated[float | None, QueryParam(
        ge=0.0, le=1.0, allow_inf_nan=False,
        description="Lowest score returned at all (default: the threshold).")] = None,
    algorithm: Annotated[str, QueryParam(
        max_length=64, pattern=r"^[A-Za-z0-9_.-]*$",
        description="Accepted for compatibility; dualwatch has one matcher.")] = "dualwatch",
) -> EntityMatchResponse:
    """Match a batch of FollowTheMoney examples against the lists, in the request and response
    shapes of yente (OpenSanctions), so its clients work unchanged.

    ```json
    {"queries": {"q1": {"schema": "Person",
                        "properties": {"name": ["Ivan Sidorov"], "birthDate": ["1970-03-02"],
                                       "nationality": ["ru"]}}}}
    ```
    Each response, under the query's key, lists results best first with `score` (a calibrated
    probability of a true match), `match` (score ≥ threshold), the value of each feature in
    `features` and, beyond yente, each feature's weight and detail in `explanations`.
    At most 1,000 queries per request.
    """
    check_count("queries", len(body.queries), MAX_QUERIES)
    index = state.indexes.get(store, selection(dataset))
    floor = min(cutoff if cutoff is not None else threshold, threshold)
    queries: list[Query] = []
    spans: dict[str, tuple[int, int]] = {}
    for name, example in body.queries.items():
        mine = example_queries(name, example)
        spans[name] = (len(queries), len(queries) + len(mine))
        queries.extend(mine)
    results = match_batch(queries, index, floor, limit + 1)
    loaded_at = {v.dataset: v.loaded_at for v in store.current_versions()}
    responses: dict[str, EntityMatches] = {}
    for name, example in body.queries.items():
        start, end = spans[name]
        hits = merge_hits(results[start:end])
        shown = [scored_response(store, hit, threshold, loaded_at) for hit in hits[:limit]]
        responses[name] = EntityMatches.model_validate({
            "status": 200, "results": shown, "query": example,
            "total": {"value": len(shown), "relation": "gte" if len(hits) > limit else "eq"}})
    response.headers["x-batch-size"] = str(len(responses))
    return EntityMatchResponse(responses=responses, matcher=matcher_docs(), limit=limit)


# /search: entries the matcher scores at least this high join those whose caption holds the text.
SEARCH_FLOOR = 0.1
SEARCH_SCORED = 100  # parties scored per search
SEARCH_WINDOW = 10_100  # caption matches ranked (the deepest page: offset 10,000 + limit 100)


def ranked_entities(store: Store, index: MatchIndex, q: str, datasets: list[str] | None,
                    schema: str | None) -> tuple[int, list[str]]:
    """(total, entity ids best first): ranked by the matcher's score of ``q`` against each
    entry's party, then the entries whose caption merely contains ``q``, by caption."""
    (hits,) = match_batch([Query("search", q, schema)], index, SEARCH_FLOOR, SEARCH_SCORED)
    scored = list(dict.fromkeys(eid for hit in hits if schema is None or hit.schema == schema
                                for eid in hit.entity_ids))
    total, rows = store.search_entities(q, datasets, schema, SEARCH_WINDOW, 0)
    contained = [row[0] for row in rows]
    ranked = list(dict.fromkeys([*scored, *contained]))
    if total <= SEARCH_WINDOW:
        return len(ranked), ranked
    return total + len(set(scored) - set(contained)), ranked


@router.get("/search/{dataset}", summary="Search listed entities by name",
            response_model=SearchResponse, responses=errors(404, 409))
def search(
    key: Viewer, store: Store, state: State, dataset: DatasetPath,
    q: Annotated[str, QueryParam(min_length=1, max_length=200,
                                 pattern=r"^[^\x00-\x1f\x7f]*$",
                                 description="A name, or text the entity's caption contains.")],
    schema: Annotated[str | None, QueryParam(
        pattern="^(" + "|".join(QUERY_SCHEMATA) + ")$",
        description="FollowTheMoney schema of the entities.")] = None,
    limit: Annotated[int, QueryParam(ge=1, le=100)] = 10,
    offset: Annotated[int, QueryParam(ge=0, le=10_000)] = 0,
) -> SearchResponse:
    """Current list entries for a name, best first: ranked by the matcher's score of `q` (the
    same score as `/match`, so "sberbank" puts Sberbank itself before the companies with
    Sberbank in their name), then the entries whose caption merely contains `q`, by caption."""
    datasets = selection(dataset)
    if datasets is not None:
        loaded = {v.dataset for v in store.current_versions()}
        unknown = [d for d in datasets if d not in loaded]
        if unknown:
            raise HTTPException(404, f"list {unknown[0]!r} is not loaded")
    ours = QUERY_SCHEMATA.get(schema) if schema else None
    index = state.indexes.get(store, datasets)
    total, ids = ranked_entities(store, index, q, datasets, ours)
    loaded_at = {v.dataset: v.loaded_at for v in store.current_versions()}
    found = [r for eid in ids[offset:offset + limit]
             if (r := entity_response(store, eid, loaded_at)) is not None]
    return SearchResponse.model_validate({
        "limit": limit, "offset": offset, "total": TotalSpec(value=total),
        "results": found, "facets": {}})


@router.get("/search", summary="Search every loaded list by name",
            response_model=SearchResponse, responses=errors(404, 409))
def search_default(
    key: Viewer, store: Store, state: State,
    q: Annotated[str, QueryParam(min_length=1, max_length=200,
                                 pattern=r"^[^\x00-\x1f\x7f]*$")],
    limit: Annotated[int, QueryParam(ge=1, le=100)] = 10,
    offset: Annotated[int, QueryParam(ge=0, le=10_000)] = 0,
) -> SearchResponse:
    """`/search/default`: every loaded list."""
    return search(key, store, state, DEFAULT_DATASET, q, None, limit, offset)


@router.get("/entities/{entity_id}", summary="One listed entity",
            response_model=EntityResponse, responses=errors(404))
def entity(
    key: Viewer, store: Store,
    entity_id: Annotated[str, PathParam(max_length=300, pattern=r"^[^\x00-\x1f\x7f]+$",
                                        examples=["us_ofac_sdn-36"])],
) -> EntityResponse:
    """The current version of a list entry, in FollowTheMoney form."""
    loaded_at = {v.dataset: v.loaded_at for v in store.current_versions()}
    found = entity_response(store, entity_id, loaded_at)
    if found is None:
        raise HTTPException(404, f"no current list entry {entity_id!r}")
    return EntityResponse.model_validate(found)
