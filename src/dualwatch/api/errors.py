"""The library's errors as HTTP answers: each a 4xx (or 503) with ``{"detail": message}``.

The library raises its own exceptions with messages written for a person; the API passes the
message on unchanged and picks the status from the kind of error, so a client can tell "you asked
for something that is not there" (404) from "not allowed in this state" (409) from "your input is
wrong" (400) from "the store failed" (503). Anything else is a bug: 500 with a neutral message,
the details in the server log. A 422 (the request does not fit the OpenAPI schema) keeps
FastAPI's shape, with long refused values shortened.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dualwatch.errors import DualwatchError, NotFoundError, SourceError, StoreError, WorkflowError

log = logging.getLogger("dualwatch.api")
_ECHO = 200  # characters of a refused value echoed back in a 422


def status_for(exc: DualwatchError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, WorkflowError):
        return 409
    if isinstance(exc, SourceError):
        return 400
    if isinstance(exc, StoreError):
        return 503  # the store cannot be reached or failed: not the client's doing
    return 400


class SafeJSONResponse(JSONResponse):
    """JSON with non-ASCII escaped: renders any string a client sent, lone surrogates too."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _shortened(error: dict[str, Any]) -> dict[str, Any]:
    value = error.get("input")
    if isinstance(value, str) and len(value) > _ECHO:
        error = {**error, "input": value[:_ECHO] + "..."}
    elif isinstance(value, (dict, list)) and len(json.dumps(jsonable_encoder(value))) > _ECHO:
        error = {k: v for k, v in error.items() if k != "input"}
    return error


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> SafeJSONResponse:
        errors = [_shortened(e) for e in jsonable_encoder(exc.errors())]
        return SafeJSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, exc: StarletteHTTPException) -> SafeJSONResponse:
        return SafeJSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=exc.headers)

    @app.exception_handler(DualwatchError)
    async def library_error(request: Request, exc: DualwatchError) -> SafeJSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return SafeJSONResponse({"detail": str(exc)}, status_code=status)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse({"detail": "internal error; the server log has the details"},
                            status_code=500)
