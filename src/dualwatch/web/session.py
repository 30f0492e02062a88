"""Who is looking: a server-side session opened with an API key, and what the role allows.

An analyst logs in with the same API key the REST API takes; the key itself is never kept. The
session (the key's owner, role and fingerprint, a per-session token that every form posts back
so that another site cannot make a logged-in browser decide a case) is a row in the store
(:mod:`dualwatch.store.sessions`); the cookie carries only its random id, signed with the app's
secret (``$DUALWATCH_SECRET``, or a random one kept in ``$DUALWATCH_HOME``). Logging out deletes
the row, so a copied cookie stops working; each page also checks that the key still exists, so
revoking a key ends its sessions at once.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from fastapi import HTTPException
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request

from dualwatch.store import home
from dualwatch.store.monitoring import key_fingerprint
from dualwatch.web.context import using_store

COOKIE = "dualwatch_session"
MAX_AGE = 12 * 3600  # a working day; then the analyst logs in again
DECIDERS = ("analyst", "admin")


@dataclass(frozen=True)
class WebUser:
    owner: str
    role: str
    csrf: str
    fingerprint: str = ""

    @property
    def can_decide(self) -> bool:
        return self.role in DECIDERS


def _secret() -> str:
    explicit = os.environ.get("DUALWATCH_SECRET")
    if explicit:
        return explicit
    path = home() / "web-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(f"{path}.{os.getpid()}.tmp")
        tmp.write_text(secrets.token_hex(32), encoding="ascii")
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text(encoding="ascii").strip()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_secret(), salt="dualwatch-web-session")


def start_session(request: Request, owner: str, role: str, key: str) -> str:
    """The cookie value for a user who just logged in with ``key``."""
    with using_store(request) as store:
        session_id = store.start_session(owner, role, key_fingerprint(key),
                                         timedelta(seconds=MAX_AGE))
    return _serializer().dumps({"sid": session_id})


def _session_id(request: Request) -> str | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("sid"), str):
        return None
    return str(data["sid"])


def read_user(request: Request) -> WebUser | None:
    session_id = _session_id(request)
    if session_id is None:
        return None
    with using_store(request) as store:
        found = store.session(session_id)
    if found is None:
        return None
    return WebUser(found.owner, found.role, found.csrf, found.fingerprint)


def end_session(request: Request) -> None:
    session_id = _session_id(request)
    if session_id is not None:
        with using_store(request) as store:
            store.end_session(session_id)


def _key_still_valid(request: Request, user: WebUser) -> bool:
    with using_store(request) as store:
        return any(k.owner == user.owner and k.role == user.role
                   and k.fingerprint == user.fingerprint for k in store.list_api_keys())


def login_required(request: Request) -> WebUser:
    """Dependency: the logged-in user, or a redirect to the login page."""
    user = read_user(request)
    if user is None or not _key_still_valid(request, user):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        login = str(request.url_for("web_login_form"))
        raise HTTPException(status_code=303, headers={"Location": f"{login}?next={quote(target)}"})
    return user


def check_form(user: WebUser, token: str) -> None:
    """A state-changing form must carry the session's token."""
    if not secrets.compare_digest(user.csrf, token):
        raise HTTPException(status_code=403, detail="the form is out of date; reload the page")


def check_decider(user: WebUser) -> None:
    if not user.can_decide:
        raise HTTPException(status_code=403,
                            detail=f"{user.owner} is a {user.role}: only analysts decide cases")
