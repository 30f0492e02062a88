"""The matcher's boundary types: what a caller asks (Query) and what it gets (Hit, Comparison).

Every hit carries the named features that produced its score and a readable line, so that an
analyst can see why it alerted without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    """A party to screen. ``schema`` is a FollowTheMoney schema, or None for any."""

    id: str
    name: str
    schema: str | None = None
    countries: tuple[str, ...] = ()
    birth_date: str | None = None
    identifiers: tuple[str, ...] = ()
    address: str | None = None


@dataclass(frozen=True)
class Feature:
    """One named part of a score: its value, its weight in the score, and what it saw."""

    name: str
    value: float
    weight: float
    detail: str


@dataclass(frozen=True)
class Hit:
    """A listed entity (possibly several list entries of one party) matching a query."""

    query_id: str
    query_name: str
    score: float
    entity_id: str
    entity_name: str
    schema: str
    matched_name: str
    sources: tuple[str, ...]
    features: tuple[Feature, ...]
    explanation: str
    datasets: tuple[str, ...]
    entity_ids: tuple[str, ...]
    measures: tuple[str, ...] = ()  # what the listings behind the hit mean (model.MEASURES)
    listings: tuple[str, ...] = ()  # each listing cited: list, programme, measure, date


@dataclass(frozen=True)
class Comparison:
    """The score of two names against each other, with its features."""

    name1: str
    name2: str
    score: float
    features: tuple[Feature, ...]
    explanation: str
