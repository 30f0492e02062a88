"""Load every bundled list through the project's parsers (for the dev benchmark and fitting)."""

from __future__ import annotations

from pathlib import Path

from dualwatch.model import Entity
from dualwatch.sources.registry import discover

LISTS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "lists"


def all_entities(root: Path = LISTS) -> list[Entity]:
    entities: list[Entity] = []
    for fmt, path in discover(root):
        entities.extend(fmt.read(path).entities)
    return entities
