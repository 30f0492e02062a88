"""Pieces several routers share: documented error answers and list selections."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path

from dualwatch.api.models import ErrorResponse

DEFAULT_DATASET = "default"


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers a route may give, for its OpenAPI entry (400 for an unreadable
    request, 401, 403 and 429 always)."""
    described = {
        400: "The input is wrong; the message says where.",
        401: "No API key, or an unknown one.",
        403: "The key's role does not allow this.",
        404: "Not found.",
        409: "Not possible in the current state (e.g. no list loaded, a decision the case "
             "workflow does not allow).",
        413: "The request is too large; the message names the limit.",
        429: "Too many unknown API keys from this address lately; retry after the time given.",
        503: "The store is unavailable.",
    }
    wanted = sorted({400, 401, 403, 429, 503, *statuses})
    return {s: {"model": ErrorResponse, "description": described[s]} for s in wanted}


DatasetPath = Annotated[str, Path(
    pattern=r"^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$", max_length=1_000,
    description="`default` for every loaded list, or list ids separated by commas "
                "(e.g. `us_ofac_sdn,eu_fsf`).", examples=["default"])]


def selection(dataset: str) -> list[str] | None:
    """``default`` → every list (None); otherwise the list ids named."""
    names = [d for d in dataset.split(",") if d]
    if not names or names == [DEFAULT_DATASET]:
        return None
    return list(dict.fromkeys(names))
