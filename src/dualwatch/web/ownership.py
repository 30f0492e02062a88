"""The ownership card of the case and entity pages: owners up, holdings down, with shares.

Both pages call :func:`dualwatch.ownership.show`, the same core call as ``dualwatch ownership
show``; a party no loaded relation names has no card.
"""

from __future__ import annotations

from dualwatch import ownership
from dualwatch.errors import NotFoundError
from dualwatch.ownership import OWNERSHIP_DATASET, OwnershipView
from dualwatch.store.relations import Relations
from dualwatch.store.sql import SQLStore


def view_for(store: SQLStore, entity_id: str, rules: str = "ofac") -> OwnershipView | None:
    """The ownership view of a list entry or of a party found through its owners, or None."""
    if not Relations(store.db).current_ids():
        return None
    ident = entity_id.removeprefix(f"{OWNERSHIP_DATASET}-")
    try:
        return ownership.show(store, ident, rules)
    except NotFoundError:
        return None
