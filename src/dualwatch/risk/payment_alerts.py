"""Payments held or sent to review become alerts in a queue of their own.

They are stored with the other alerts (the same table, case workflow and audit log), under the
portfolio :data:`QUEUE`, one alert per message: the case page shows the decision and every hit
with its field, and a reviewer decides on it as on any case. Screening the same message again
updates its alert and keeps the reviewer's status.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from dualwatch.risk.payments import Decision
from dualwatch.store.sql import SQLStore

QUEUE = "payments"
ALERT_SCORE = {"hold": 1.0, "review": 0.5}


def alert_hit(decision: Decision) -> dict[str, object]:
    """What the queue and the case page show of a decision."""
    top = decision.hits[0]
    entity_ids = list(dict.fromkeys(h.entity_id for h in decision.hits if h.entity_id))
    sources = list(dict.fromkeys(s for h in decision.hits for s in h.sources))
    return {"query_name": f"{decision.type} {decision.ref}",
            "entity_name": top.entity_name or top.reason,
            "sources": ";".join(sources), "entity_ids": entity_ids,
            "explanation": "\n".join(h.reason for h in decision.hits),
            "payment": decision.as_dict()}


def raise_alerts(store: SQLStore, decisions: Iterable[Decision], actor: str) -> list[int]:
    """Save an alert for each review or hold (one transaction); returns the alert ids."""
    ids: list[int] = []
    with store.db.transaction():
        for d in decisions:
            if d.decision not in ALERT_SCORE:
                continue
            hit = alert_hit(d)
            digest = hashlib.sha256(json.dumps(hit["payment"], sort_keys=True,
                                               ensure_ascii=False).encode()).hexdigest()
            existing = store.find_alert(QUEUE, d.ref, QUEUE)
            status = existing.status if existing else "open"
            because = f"payment {d.decision}: {d.hits[0].reason}"
            alert_id = store.save_alert(QUEUE, d.ref, QUEUE, status, ALERT_SCORE[d.decision],
                                        hit, digest, {}, because,
                                        existing.id if existing else None)
            if existing is None:
                store.audit(actor, "payment_alert", f"alert:{alert_id}",
                            {"message": d.ref, "type": d.type, "decision": d.decision})
            ids.append(alert_id)
    return ids
