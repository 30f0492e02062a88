"""Login and logout: an API key in, a signed session cookie out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from dualwatch.web.context import using_store
from dualwatch.web.render import page
from dualwatch.web.session import (
    COOKIE,
    MAX_AGE,
    check_form,
    end_session,
    read_user,
    start_session,
)

router = APIRouter()


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (never another host) may follow a login."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@router.get("/login", name="web_login_form")
def login_form(request: Request, next: str | None = None) -> Response:
    return page(request, "login.html", read_user(request), next=_safe_next(next) or "")


@router.post("/login", name="web_login")
def login(request: Request, api_key: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "") -> Response:
    client = request.client.host if request.client else "unknown"
    with using_store(request) as store:
        if store.throttled(client):
            return page(request, "login.html", None, status_code=429,
                        next=_safe_next(next) or "",
                        error="Too many failed logins from your address: wait 15 minutes.")
        found = store.api_key(api_key.strip()) if api_key.strip() else None
        if found is None:
            store.record_auth_failure(client, "web login", "unknown API key")
    if found is None:
        return page(request, "login.html", None, status_code=401, next=_safe_next(next) or "",
                    error="That API key is not known. Check it, or ask an administrator "
                          "for a key.")
    target = _safe_next(next) or str(request.url_for("web_alerts"))
    response = RedirectResponse(target, status_code=303)
    cookie = start_session(request, found.owner, found.role, api_key.strip())
    response.set_cookie(COOKIE, cookie, max_age=MAX_AGE, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    return response


@router.post("/logout", name="web_logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    user = read_user(request)
    if user is not None:
        check_form(user, csrf)
        end_session(request)
    response = RedirectResponse(str(request.url_for("web_login_form")), status_code=303)
    response.delete_cookie(COOKIE)
    return response
