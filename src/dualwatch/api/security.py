"""HTTP hardening around the whole app: authentication before any body is read, and the
headers that keep browsers from sniffing, framing or running injected content.

FastAPI reads and parses a request's JSON body before it runs the dependencies that check the
API key, so a request without a valid key would learn from a 400 or 422 how its body was
judged. :class:`AuthenticateFirst` answers such requests 401 (or 429 when throttled) before the
body is read, with the same check the routes use (:func:`dualwatch.api.deps.authenticate`).
"""

from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dualwatch.api.deps import authenticate

# Paths that need no key, or check their own (the web pages use sessions).
OPEN_PATHS = ("/healthz", "/docs", "/redoc", "/openapi.json", "/web", "/favicon.ico")
BODY_METHODS = (b"POST", b"PUT", b"PATCH", b"DELETE")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
# The interactive API docs load Swagger UI and ReDoc from their CDN with inline scripts.
CSP_EXEMPT = ("/docs", "/redoc")


def _open(path: str) -> bool:
    return path == "/" or any(path == p or path.startswith(p + "/") for p in OPEN_PATHS)


class AuthenticateFirst:
    """ASGI middleware: a body-carrying API request without a valid key is refused unread."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method", "").encode()
        if scope["type"] != "http" or method not in BODY_METHODS or _open(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers") or []}
        client = scope["client"][0] if scope.get("client") else "unknown"
        state = scope["app"].state.dualwatch

        def check() -> None:
            with state.pool.borrow() as store:
                authenticate(store, client, scope["path"], headers.get("authorization"),
                             headers.get("x-api-key"), state.settings.allowed_auth_failures)

        try:
            await run_in_threadpool(check)
        except HTTPException as exc:
            await _answer(send, exc)
            return
        await self.app(scope, receive, send)


async def _answer(send: Send, exc: HTTPException) -> None:
    body = json.dumps({"detail": exc.detail}).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in (exc.headers or {}).items()]
    await send({"type": "http.response.start", "status": exc.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware: nosniff, no framing, a strict Content-Security-Policy on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exempt = any(scope["path"].startswith(p) for p in CSP_EXEMPT)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"same-origin")]
                if not exempt:
                    headers.append((b"content-security-policy", CSP.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
