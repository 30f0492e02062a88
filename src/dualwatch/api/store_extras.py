"""Store queries the API needs that the store does not offer yet: key listing and revocation,
and caption search with a list filter and paging.

They run on the store's own SQL layer (``store.db``) so they work on SQLite and PostgreSQL
alike, and every change is audited in the same transaction, as the store's own changes are.
They belong in :mod:`dualwatch.store.monitoring` and :mod:`dualwatch.store.sql`; they live here
until they move.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from dualwatch.store.sql import SQLStore


@dataclass(frozen=True)
class KeyInfo:
    owner: str
    role: str
    created_at: str
    fingerprint: str  # the first characters of the key's hash, to tell one owner's keys apart


def list_api_keys(store: SQLStore) -> list[KeyInfo]:
    rows = store.db.all("SELECT owner, role, created_at, key_hash FROM api_keys "
                        "ORDER BY owner, created_at")
    return [KeyInfo(r[0], r[1], r[2], r[3][:12]) for r in rows]


def revoke_api_keys(store: SQLStore, owner: str, actor: str) -> int:
    """Delete every key of ``owner``; returns how many there were."""
    with store.db.transaction():
        rows = store.db.all("SELECT key_hash FROM api_keys WHERE owner=?", (owner,))
        if rows:
            store.db.execute("DELETE FROM api_keys WHERE owner=?", (owner,))
            store.audit(actor, "api_key_revoked", f"key:{owner}", {"owner": owner,
                                                                    "keys": len(rows)})
    return len(rows)


def key_fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_entities(store: SQLStore, text: str, datasets: list[str] | None = None,
                    schema: str | None = None, limit: int = 10,
                    offset: int = 0) -> tuple[int, list[str]]:
    """(total, entity ids) of current entities whose caption contains ``text``."""
    where = "lv.current=1 AND lower(ve.caption) LIKE ? ESCAPE '\\'"
    args: list[Any] = [_like_pattern(text)]
    if datasets is not None:
        where += f" AND lv.dataset IN ({','.join('?' * len(datasets))})"
        args.extend(datasets)
    if schema is not None:
        where += " AND ve.schema = ?"
        args.append(schema)
    joined = ("FROM version_entities ve JOIN list_versions lv ON lv.id = ve.version_id "
              f"WHERE {where}")
    count = store.db.one(f"SELECT COUNT(*) {joined}", args)
    rows = store.db.all(f"SELECT ve.entity_id {joined} ORDER BY ve.caption, ve.entity_id "
                        "LIMIT ? OFFSET ?", [*args, limit, offset])
    return (int(count[0]) if count else 0), [r[0] for r in rows]
