"""The bundled lists as entities: every list under ``../shared/data/lists`` read by its parser.

The benchmark screens against exactly what a user gets after ``dualwatch lists load`` of the
bundled folder, read straight from the parsers (no store), so a parser change shows up here.
"""

from __future__ import annotations

from pathlib import Path

from dualwatch.model import Entity
from dualwatch.sources.registry import discover

ROOT = Path(__file__).resolve().parents[2]
LISTS = (ROOT / ".." / "shared" / "data" / "lists").resolve()


def load_entities(root: Path = LISTS) -> list[Entity]:
    """All entities of all bundled lists, in a stable order."""
    entities: list[Entity] = []
    for fmt, path in discover(root):
        entities.extend(fmt.read(path).entities)
    return entities
