"""Library results shaped for the pages: aligned names, score parts, entity history, shipments.

Nothing here scores, matches or decides; it rearranges what the library returned so that a
template can lay it out (and a reader can check each cell against the API's JSON).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dualwatch.model import Entity
from dualwatch.names.scripts import dominant_script
from dualwatch.store.base import ListVersion
from dualwatch.store.sql import SQLStore

# The matcher's explanation: 'query' ~ 'matched' [tok=tok, tok~tok]; features; score 0.93
_PAIRS = re.compile(r"\[([^\[\]]*)\];[^\[\]]*score -?[0-9.]+\s*$")


@dataclass(frozen=True)
class TokenPair:
    query: str
    listed: str
    exact: bool


def aligned_pairs(explanation: str) -> list[TokenPair]:
    """The token alignment the matcher reported in its explanation (empty if none)."""
    found = _PAIRS.search(explanation or "")
    if not found or not found.group(1).strip():
        return []
    pairs = []
    for item in found.group(1).split(", "):
        sep = "=" if "=" in item else "~"
        left, _, right = item.partition(sep)
        pairs.append(TokenPair(left, right, sep == "="))
    return pairs


@dataclass(frozen=True)
class FeatureRow:
    name: str
    value: float
    weight: float
    contribution: float
    detail: str


def feature_rows(features: list[dict[str, Any]]) -> list[FeatureRow]:
    """The named parts of a score, largest contribution (either sign) first."""
    rows = [FeatureRow(str(f.get("name", "")), float(f.get("value", 0.0)),
                       float(f.get("weight", 0.0)),
                       float(f.get("value", 0.0)) * float(f.get("weight", 0.0)),
                       str(f.get("detail", ""))) for f in features]
    return sorted(rows, key=lambda r: -abs(r.contribution))


def source_refs(sources: str | list[str] | None) -> list[tuple[str, str]]:
    """``"ds:id;ds:id"`` (as hits carry them) as (dataset, entry id) pairs."""
    items = sources.split(";") if isinstance(sources, str) else list(sources or [])
    refs = []
    for item in items:
        dataset, _, entry = item.strip().partition(":")
        if dataset:
            refs.append((dataset, entry))
    return refs


def names_by_script(entity: Entity) -> list[tuple[str, list[Any]]]:
    """The entity's names grouped by writing system, Latin first."""
    groups: dict[str, list[Any]] = {}
    for name in entity.names:
        groups.setdefault(dominant_script(name.value), []).append(name)
    return sorted(groups.items(), key=lambda item: (item[0] != "latin", item[0]))


@dataclass(frozen=True)
class HistoryRow:
    version: ListVersion
    change: str  # "first seen", "unchanged", "changed", "removed"
    fields: tuple[str, ...] = ()


def entity_history(store: SQLStore, entity_id: str) -> list[HistoryRow]:
    """Each stored version of the entity's list: present or not, and which fields changed."""
    seen = store.entity_history(entity_id)
    if not seen:
        return []
    dataset = seen[0][0].dataset
    digests = {version.id: digest for version, digest in seen}
    rows: list[HistoryRow] = []
    previous: str | None = None
    started = False
    for version in sorted(store.versions(dataset), key=lambda v: v.id):
        digest = digests.get(version.id)
        if digest is None:
            if started and previous is not None:
                rows.append(HistoryRow(version, "removed"))
            previous = None
            continue
        if not started or previous is None:
            rows.append(HistoryRow(version, "first seen" if not started else "listed again"))
        elif digest != previous:
            rows.append(HistoryRow(version, "changed",
                                   tuple(store.changed_fields(previous, digest))))
        else:
            rows.append(HistoryRow(version, "unchanged"))
        started = True
        previous = digest
    return list(reversed(rows))


def latest_entity(store: SQLStore, entity_id: str) -> Entity | None:
    """The current entry, or (for an entry since removed) its last stored content."""
    entity = store.entity(entity_id)
    if entity is not None:
        return entity
    seen = store.entity_history(entity_id)
    return store.entity(entity_id, seen[-1][0].id) if seen else None


SHIPMENT_KEYS = ("shipment", "shipments")


def shipment_of(hit: dict[str, Any]) -> dict[str, Any] | None:
    """The shipment an alert came from, when the hit carries one (risk screening)."""
    for key in SHIPMENT_KEYS:
        value = hit.get(key)
        if isinstance(value, dict):
            return value
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return value[0]
    return None


def shipment_flags(hit: dict[str, Any]) -> list[dict[str, Any]]:
    """Red flags attached to the hit or to its shipment, each a dict (code, weight, ...)."""
    shipment = shipment_of(hit) or {}
    flags = hit.get("flags") or shipment.get("flags") or []
    return [f if isinstance(f, dict) else {"code": str(f)} for f in flags]


def shipment_goods(hit: dict[str, Any]) -> list[dict[str, Any]]:
    shipment = shipment_of(hit) or {}
    goods = hit.get("goods") or shipment.get("goods") or []
    if isinstance(goods, dict):
        goods = [goods]
    return [g for g in goods if isinstance(g, dict)]
