"""High-risk shipments become alerts in a portfolio's queue, decided like screening hits.

An assessment ranks a file; a compliance team works a queue. Every shipment assessed **high**
is recorded as an alert of the portfolio (one per shipment id: a second assessment of the same
file updates it, never duplicates it) whose hit carries the shipment, its goods and each red
flag with its evidence, so that the case page shows why it was raised. A shipment whose flags
include a listed party is filed under that list entry, so the case page shows the entry too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dualwatch.errors import InputError
from dualwatch.risk import engine
from dualwatch.risk.engine import Assessment, Progress
from dualwatch.risk.fields import ROLES
from dualwatch.risk.flags import Weights
from dualwatch.risk.parties import ListContext
from dualwatch.store.sql import SQLStore

ALERT_LEVEL = "high"
SHIPMENT_FIELDS = ("id", "date", "exporter", "importer", "end_user", "destination_country",
                   "hs_code", "description", "value", "currency", "score", "level",
                   "level_basis")
ROUTE_FIELDS = ("exporter_country", "importer_country", "origin_country", "transit_countries")
CLOSED = ("false_positive", "confirmed")


@dataclass
class ShipmentAlerts:
    """What raising the alerts of one assessment did."""

    portfolio: str
    high: int = 0
    new_alerts: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"high": self.high, "new_alerts": len(self.new_alerts),
                "updated": len(self.updated), "unchanged": len(self.unchanged)}


def _rows(assessment: Assessment) -> list[dict[str, Any]]:
    con = assessment.con
    if con is None:
        raise InputError(assessment.path, "the assessment is closed")
    codes = list(assessment.weights.flags)
    extra = ", ".join(f"f_{c}, e_{c}" for c in codes)
    parties = " OR ".join(f"(p.name = s.{r} AND p.cc IS NOT DISTINCT FROM s.{r}_cc)"
                          for r in ROLES)
    route = ", ".join(f"s.{f}" for f in ROUTE_FIELDS)
    cursor = con.execute(f"""SELECT a.*, s.tier, s.hs6, s.tier_source, {route},
                                    lp.entity_id AS listed_id, lp.entity_name AS listed_name
                             FROM (SELECT _row, rank, {', '.join(SHIPMENT_FIELDS)}, {extra}
                                   FROM assessed WHERE level = ?) a
                             JOIN s USING (_row)
                             LEFT JOIN LATERAL (
                                 SELECT p.entity_id, p.entity_name FROM party_info p
                                 WHERE p.entity_id IS NOT NULL AND ({parties})
                                 ORDER BY p.score DESC LIMIT 1) lp ON true
                             ORDER BY a.rank""", [ALERT_LEVEL])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _hit(row: dict[str, Any], assessment: Assessment) -> dict[str, Any]:
    flags = [{"code": flag.code, "weight": flag.weight,
              "strength": round(float(row[f"f_{flag.code}"]), 3),
              "detail": row[f"e_{flag.code}"], "description": flag.description,
              "guidance": flag.guidance}
             for flag in assessment.weights.flags.values()
             if (row.get(f"f_{flag.code}") or 0) > 0]
    shipment = {k: (str(row[k]) if row[k] is not None and k != "score" else row[k])
                for k in (*SHIPMENT_FIELDS, *ROUTE_FIELDS)}
    goods = [{"hs_code": row["hs_code"], "hs6": row["hs6"], "chpl_tier": row["tier"],
              "tier_from": row["tier_source"], "description": row["description"]}]
    party = row["importer"] or row["exporter"] or f"shipment {row['id']}"
    listed = bool(row.get("f_listed_party")) and row.get("listed_id")
    return {
        "kind": "shipment", "query_id": f"shipment:{row['id']}", "query_name": party,
        "entity_id": row["listed_id"] if listed else f"shipment:{row['id']}",
        "entity_name": row["listed_name"] if listed else "red flags of diversion",
        "entity_ids": [row["listed_id"]] if listed else [],
        "score": float(row["score"]), "matched_name": "", "schema": "",
        "explanation": f"{row['level']}: {row['level_basis']}",
        "shipment": shipment, "flags": flags, "goods": goods,
        "source_file": assessment.path.name,
    }


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def raise_shipment_alerts(store: SQLStore, portfolio: str, assessment: Assessment,
                          actor: str) -> ShipmentAlerts:
    """Record every high shipment of ``assessment`` as an alert of ``portfolio``.

    Idempotent: the alert of a shipment id is created once, updated when its flags or score
    change, and reopened when it was closed and the evidence changed.
    """
    report = ShipmentAlerts(portfolio)
    rows = _rows(assessment)
    report.high = len(rows)
    with store.db.transaction():
        store.ensure_portfolio(portfolio)
        for row in rows:
            hit = _hit(row, assessment)
            external_id, entity_id = hit["query_id"], hit["entity_id"]
            digest = _digest({k: v for k, v in hit.items() if k != "source_file"})
            existing = store.find_alert(portfolio, external_id, entity_id)
            if existing is None:
                alert_id = store.save_alert(portfolio, external_id, entity_id, "open",
                                            hit["score"], hit, digest, {},
                                            f"shipment assessed high ({hit['explanation']})")
                report.new_alerts.append(alert_id)
            elif existing.counterparty_hash == digest:
                report.unchanged.append(existing.id)
            else:
                status = "open" if existing.status in CLOSED else existing.status
                store.save_alert(portfolio, external_id, entity_id, status, hit["score"], hit,
                                 digest, {}, "shipment assessed again: flags or score changed",
                                 existing.id)
                report.updated.append(existing.id)
        store.audit(actor, "shipment_assessment", f"portfolio:{portfolio}",
                    {"file": assessment.path.name, "rows": assessment.rows,
                     **assessment.levels, **report.summary()})
    return report


def assess_shipments(store: SQLStore, path: Path, lists: ListContext, *,
                     mapping: dict[str, str] | None = None, weights: Weights | None = None,
                     portfolio: str | None = None, actor: str = "dualwatch",
                     progress: Progress | None = None
                     ) -> tuple[Assessment, ShipmentAlerts | None]:
    """The one call behind ``shipments assess`` and ``POST /shipments/assess``: assess a file
    and, with a portfolio, raise its high shipments as alerts. The caller closes the
    assessment."""
    result = engine.assess(path, lists, mapping, weights, progress)
    if portfolio is None:
        return result, None
    try:
        return result, raise_shipment_alerts(store, portfolio, result, actor)
    except BaseException:
        result.close()
        raise
