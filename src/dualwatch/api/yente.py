"""The yente-compatible matching surface: request and response shapes, and their translation.

OpenSanctions' yente API is what screening clients already speak: ``POST /match/{dataset}`` with
queries keyed by the client's own ids, each a FollowTheMoney example (``schema`` and
``properties``), answered by ``responses`` under the same keys, each result an FtM entity with
``score``, ``features`` and ``match``. This module keeps those shapes so that such clients work
unchanged, and translates them to and from dualwatch's matcher:

* an example becomes a canonical entity through :func:`dualwatch.ftm.entity_from_ftm` (the same
  property table the FtM list reader uses), then one :class:`~dualwatch.match.Query` per name,
  because the matcher compares one query name at a time; the hits of a query's names are merged,
  keeping each listed party's best score;
* a hit becomes a result carrying the FtM properties of the list entry, the other list entries
  of the same party as ``referents``, each feature's value in ``features`` and, beyond yente,
  each feature's weight and detail in ``explanations`` and the one-line ``explanation``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from dualwatch import ftm
from dualwatch.api.limits import MAX_NAMES_PER_QUERY, PropertyValue, ShortText
from dualwatch.errors import InputError
from dualwatch.match import Hit, Query
from dualwatch.match.scoring import weights
from dualwatch.screening import entity_queries
from dualwatch.store.sql import SQLStore

# The FtM schemata a query may name, and the dualwatch schema each is screened as.
QUERY_SCHEMATA: dict[str, str | None] = {
    "Thing": None, "LegalEntity": "LegalEntity", "Person": "Person",
    "Organization": "Organization", "Company": "Company", "PublicBody": "Organization",
    "Vessel": "Vessel", "Airplane": "Aircraft",
}
# Dictionary keys are length-limited only: OpenAPI cannot state a pattern for them, and they are
# never stored (unknown property names are ignored).
PropertyName = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Key = Annotated[str, StringConstraints(max_length=200)]
PropertyValues = PropertyValue | Annotated[list[PropertyValue], Field(max_length=50)]


class EntityExample(BaseModel):
    """One entity to match, in FollowTheMoney form."""

    model_config = ConfigDict(populate_by_name=True)

    id: ShortText | None = Field(None, examples=["my-entity-id"])
    schema_: Literal["Thing", "LegalEntity", "Person", "Organization", "Company", "PublicBody",
                     "Vessel", "Airplane"] = Field(alias="schema", examples=["Person"])
    properties: Annotated[dict[PropertyName, PropertyValues], Field(max_length=40)] = Field(
        examples=[{"name": ["Ivan Petrovich Sidorov"], "birthDate": ["1970-03-02"],
                   "nationality": ["ru"]}])


class EntityMatchQuery(BaseModel):
    """A batch of examples keyed by ids the client chooses (at most 1,000)."""

    queries: dict[Key, EntityExample]
    weights: dict[Key, float] = Field(
        {}, description="Accepted for compatibility with yente clients; the score's weights "
                        "are fitted and fixed.")
    config: dict[Key, str | int | float | bool] = Field(
        {}, description="Accepted for compatibility; ignored.")


class TotalSpec(BaseModel):
    value: int
    relation: Literal["eq", "gte"] = "eq"


class EntityResponse(BaseModel):
    """A listed entity in FollowTheMoney form."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str] = []
    referents: list[str] = Field([], description="Other list entries of the same party.")
    target: bool = Field(True, description="Listed on a sanctions or export-control list.")
    first_seen: str | None = Field(None, description="The date it was listed, where known.")
    last_seen: str | None = Field(None, description="When its list's current version was "
                                                    "loaded.")
    last_change: str | None = None


class FeatureExplanation(BaseModel):
    score: float = Field(description="The feature's value.")
    weight: float = Field(description="Its weight in the logistic score.")
    detail: str


class ScoredEntityResponse(EntityResponse):
    score: float = Field(description="Calibrated probability of a true match.")
    features: dict[str, float]
    match: bool = Field(description="Score at or above the threshold.")
    explanations: dict[str, FeatureExplanation] = {}
    explanation: str = ""
    matched_name: str = Field("", description="The listed name that matched.")


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str
    coefficient: float
    url: str | None = None


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, Any] = {}


# -- translation -------------------------------------------------------------------------------


def example_queries(key: str, example: EntityExample) -> list[Query]:
    """One query per name of the example (weak aliases only when it has no other name)."""
    props = {name: [value] if isinstance(value, str) else value
             for name, value in example.properties.items()}
    entity = ftm.entity_from_ftm({"id": "query", "schema": example.schema_,
                                  "properties": props}, dataset="query")
    schema = QUERY_SCHEMATA[example.schema_]  # None for "Thing": any schema
    queries = [replace(q, schema=schema) for q in entity_queries(entity, key)]
    if not queries:
        raise InputError(f"queries.{key}", "the example has no name: give properties.name "
                         "(or firstName and lastName)", field="properties")
    if len(queries) > MAX_NAMES_PER_QUERY:
        raise InputError(f"queries.{key}", f"{len(queries)} names; at most "
                         f"{MAX_NAMES_PER_QUERY} per example", field="properties")
    return queries


def merge_hits(per_name: Sequence[list[Hit]]) -> list[Hit]:
    """The hits of all names of one example: each party once, with its best score."""
    best: dict[str, Hit] = {}
    for hits in per_name:
        for hit in hits:
            seen = best.get(hit.entity_id)
            if seen is None or hit.score > seen.score:
                best[hit.entity_id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.entity_id))


def entity_response(store: SQLStore, entity_id: str, loaded_at: dict[str, str],
                    referents: Sequence[str] = ()) -> dict[str, Any] | None:
    entity = store.entity(entity_id)
    if entity is None:
        return None
    data = entity.to_ftm()
    return {"id": data["id"], "caption": data["caption"], "schema": data["schema"],
            "properties": data["properties"], "datasets": data["datasets"],
            "referents": list(referents), "target": True, "first_seen": entity.listed_on,
            "last_seen": loaded_at.get(entity.dataset), "last_change": None}


def scored_response(store: SQLStore, hit: Hit, threshold: float,
                    loaded_at: dict[str, str]) -> dict[str, Any]:
    referents = [e for e in hit.entity_ids if e != hit.entity_id]
    base = entity_response(store, hit.entity_id, loaded_at, referents)
    if base is None:  # the list changed since the index was read: report what the hit knows
        base = {"id": hit.entity_id, "caption": hit.entity_name,
                "schema": "Airplane" if hit.schema == "Aircraft" else hit.schema,
                "properties": {"name": [hit.entity_name]}, "referents": referents}
    base["datasets"] = list(hit.datasets)
    return {**base, "score": hit.score, "match": hit.score >= threshold,
            "features": {f.name: f.value for f in hit.features},
            "explanations": {f.name: {"score": f.value, "weight": f.weight, "detail": f.detail}
                             for f in hit.features},
            "explanation": hit.explanation, "matched_name": hit.matched_name}


@cache
def matcher_docs() -> dict[str, FeatureDoc]:
    table = resources.files("dualwatch.api.data").joinpath("match_features.csv")
    lines = [line for line in table.read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    described = {row["feature"]: row["description"] for row in csv.DictReader(lines)}
    return {name: FeatureDoc(description=described.get(name, name), coefficient=weight)
            for name, weight in weights().items()
            if name not in ("bias", "threshold", "weak_alias_cap")}
