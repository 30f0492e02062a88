"""Reference matchers scored on the same candidates as ours: rapidfuzz WRatio, nomenklatura.

Each anchor is a function (query, candidate entity) -> score in [0, 1]. The nomenklatura
algorithms (``logic-v1``, ``logic-v2``, as used by yente) compare FollowTheMoney entity proxies;
the candidate proxy is our entity's own FtM export (:meth:`Entity.to_ftm`), the query proxy
carries the same fields the query gives our matcher (name, schema, birth date, countries).
They are imported only when the benchmark runs, from the ``bench`` extra.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cache
from typing import Any

from rapidfuzz import fuzz, utils

from dualwatch.match import Query
from dualwatch.model import Entity

Anchor = Callable[[Query, Entity], float]
# Alert level each anchor documents: yente's default match threshold for its algorithms.
DOCUMENTED_THRESHOLD = {"logic-v1": 0.7, "logic-v2": 0.7}


def wratio(query: Query, entity: Entity) -> float:
    """rapidfuzz WRatio, the best over the entity's names, on [0, 1]."""
    return max((fuzz.WRatio(query.name, n.value, processor=utils.default_process) / 100
                for n in entity.names), default=0.0)


def name_wratio(left: str, right: str) -> float:
    return float(fuzz.WRatio(left, right, processor=utils.default_process)) / 100


@cache
def _ftm() -> tuple[Any, Any, Any]:
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    return model, get_algorithm, ScoringConfig.defaults()


def query_proxy(query: Query) -> Any:
    model, _, _ = _ftm()
    schema = query.schema if query.schema in ("Person", "Company", "Organization") else (
        "LegalEntity")
    proxy = model.make_entity(schema)
    proxy.id = f"q-{query.id}"  # ids must be unique: nomenklatura caches per entity id
    proxy.add("name", query.name)
    if query.birth_date and schema == "Person":
        proxy.add("birthDate", query.birth_date, quiet=True)
    for code in query.countries:
        prop = "nationality" if schema == "Person" else "jurisdiction"
        proxy.add(prop, code, quiet=True)
    return proxy


class ProxyCache:
    """Candidate proxies built once per entity (building them is not what is measured)."""

    def __init__(self) -> None:
        self._proxies: dict[str, Any] = {}

    def get(self, entity: Entity) -> Any:
        proxy = self._proxies.get(entity.id)
        if proxy is None:
            model, _, _ = _ftm()
            data = entity.to_ftm()
            proxy = model.make_entity(data["schema"])
            proxy.id = data["id"]
            for prop, values in data["properties"].items():
                if prop in proxy.schema.properties:
                    proxy.add(prop, values, quiet=True)
            self._proxies[entity.id] = proxy
        return proxy


def nomenklatura_anchor(algorithm: str, proxies: ProxyCache) -> Anchor:
    _, get_algorithm, config = _ftm()
    matcher = get_algorithm(algorithm)
    if matcher is None:
        raise ValueError(f"nomenklatura has no algorithm {algorithm!r}")
    queries: dict[str, Any] = {}

    def score(query: Query, entity: Entity) -> float:
        proxy = queries.get(query.id)
        if proxy is None:
            proxy = queries[query.id] = query_proxy(query)
        candidate = proxies.get(entity)
        if not proxy.schema.can_match(candidate.schema):
            return 0.0
        return float(matcher.compare(proxy, candidate, config).score)

    return score


def name_pair_anchor(algorithm: str, schema: str = "Person") -> Callable[[str, str], float]:
    """A nomenklatura algorithm on two bare names of one schema (for the name-pair sets)."""
    model, get_algorithm, config = _ftm()
    matcher = get_algorithm(algorithm)
    counter = itertools.count()

    def score(left: str, right: str) -> float:
        # nomenklatura caches per entity id, so every proxy needs an id of its own.
        n = next(counter)
        a = model.make_entity(schema)
        a.id = f"left-{n}"
        a.add("name", left)
        b = model.make_entity(schema)
        b.id = f"right-{n}"
        b.add("name", right)
        return float(matcher.compare(a, b, config).score)

    return score
