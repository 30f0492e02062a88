"""How much one request may ask for, and the refusal of bodies that are too large.

A service screening for others must not be brought down by one oversized or malformed request.
Every string a client sends has a length limit and may not hold control characters (they have no
place in names or reasons, and PostgreSQL refuses NUL); batches have a count limit checked before
any work starts; the request body is cut off at :data:`MAX_BODY_BYTES` while it is read, whether
or not the client announced its length. Each refusal is a 4xx answer that says which limit.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import HTTPException
from pydantic import StringConstraints
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_QUERIES = 1_000  # /match and /screen queries per request
MAX_COUNTERPARTIES = 5_000  # counterparties per portfolio import request
MAX_NAMES_PER_QUERY = 10
MAX_RESULTS = 100  # hits per query
MAX_PAGE = 1_000  # rows per page of alerts, counterparties, audit records
MAX_OFFSET = 10_000_000
MAX_ID = 2_147_483_647  # alert ids are 32-bit integers on PostgreSQL

# Printable text: tab, line feed and carriage return allowed; other C0 controls and DEL not.
_PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


Name = Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=_PRINTABLE)]
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=_PRINTABLE)]
LongText = Annotated[str, StringConstraints(max_length=2_000, pattern=_PRINTABLE)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2_000, pattern=_PRINTABLE)]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_PRINTABLE)]
Word = Annotated[str, StringConstraints(max_length=100, pattern=_PRINTABLE)]
PathText = Annotated[str, StringConstraints(min_length=1, max_length=1_000, pattern=_PRINTABLE)]
PropertyValue = Annotated[str, StringConstraints(max_length=1_000, pattern=_PRINTABLE)]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=100,
                                        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


def check_count(what: str, count: int, limit: int) -> None:
    """413 when a batch holds more items than one request may."""
    if count > limit:
        raise HTTPException(413, f"too many {what} in one request: {count:,}; the limit is "
                                 f"{limit:,} — split the batch")


class _TooLarge(HTTPException):
    """Raised from the body reader; FastAPI passes HTTP exceptions through as they are."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large: the limit is {limit // (1024 * 1024)} "
                              "MB — split the batch")


class BodyLimit:
    """ASGI middleware: answer 413 once a request body passes ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _refuse(send, 400, "the Content-Length header is not a number")
                return
            if int(declared) > self.limit:
                await _refuse(send, 413, _TooLarge(self.limit).detail)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge as exc:
            if not started:
                await _refuse(send, 413, exc.detail)


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
