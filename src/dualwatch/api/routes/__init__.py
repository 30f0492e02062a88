"""The API's routers, one module per resource; ``ROUTERS`` is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter

from dualwatch.api.routes import (
    alerts,
    audit,
    goods,
    keys,
    lists,
    matching,
    payments,
    portfolios,
    screening,
    shipments,
)

ROUTERS: tuple[APIRouter, ...] = (
    matching.router,
    screening.router,
    payments.router,
    goods.router,
    shipments.router,
    portfolios.router,
    alerts.router,
    lists.router,
    audit.router,
    keys.router,
)
