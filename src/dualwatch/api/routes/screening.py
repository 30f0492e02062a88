"""``POST /screen``: a batch of counterparties against the lists, in dualwatch's own shape."""

from __future__ import annotations

from fastapi import APIRouter

from dualwatch.api.convert import counterparty_queries
from dualwatch.api.deps import Analyst, State, Store
from dualwatch.api.limits import MAX_QUERIES, check_count
from dualwatch.api.models import ScreenRequest, ScreenResponse
from dualwatch.api.routes.common import errors
from dualwatch.match import DEFAULT_THRESHOLD, match_batch
from dualwatch.screening import keep_measures, measure_filter

router = APIRouter(tags=["Screening"])


@router.post("/screen", summary="Screen a batch of counterparties",
             response_model=ScreenResponse, responses=errors(400, 404, 409, 413))
def screen(body: ScreenRequest, key: Analyst, store: Store, state: State) -> ScreenResponse:
    """Screen up to 1,000 counterparties (the columns of `dualwatch screen` input) against
    every loaded list or those named. Each result lists the hits at or above the threshold,
    best first, with every list entry behind a hit and the features of its score. Nothing is
    stored: to monitor counterparties, import them into a portfolio."""
    check_count("queries", len(body.queries), MAX_QUERIES)
    queries = counterparty_queries(body.queries, "queries")
    lists = list(dict.fromkeys(body.lists)) if body.lists else None
    index = state.indexes.get(store, lists)
    threshold = DEFAULT_THRESHOLD if body.threshold is None else body.threshold
    wanted = measure_filter(body.measures)
    results = [keep_measures(hits, wanted)
               for hits in match_batch(queries, index, threshold, body.limit)]
    screened = lists or sorted(v.dataset for v in store.current_versions())
    return ScreenResponse.model_validate({
        "threshold": threshold, "lists": screened,
        "results": [{"query_id": q.id, "query_name": q.name,
                     "hits": [{**h.__dict__, "features": [f.__dict__ for f in h.features]}
                              for h in hits]}
                    for q, hits in zip(queries, results, strict=True)]})
