"""The page templates and the few display filters they use.

Templates live in ``templates/`` beside this module and are autoescaped; every page extends
``base.html``. Filters only format (numbers, times, scripts); they decide nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from dualwatch.names.scripts import dominant_script, to_ascii
from dualwatch.ownership import share_words
from dualwatch.web.session import WebUser

HERE = Path(__file__).parent
STATUS_LABELS = {"open": "Open", "under_review": "Under review", "confirmed": "Confirmed match",
                 "false_positive": "False positive", "escalated": "Escalated"}
ACTION_LABELS = {"open": "Reopen", "under_review": "Take under review",
                 "confirmed": "Confirm match", "false_positive": "Clear as false positive",
                 "escalated": "Escalate"}


def _score(value: Any) -> str:
    return f"{float(value):.2f}"


def _when(value: str | None) -> str:
    """An ISO timestamp as "2025-05-03 14:02" (UTC), for tables."""
    if not value:
        return ""
    return value.replace("T", " ")[:16]


def _latin(text: str) -> str:
    """The Latin reading of a name written in another script (empty when already Latin)."""
    return "" if dominant_script(text) == "latin" else to_ascii(text)


def _web_link(url: str | None) -> str:
    """A URL from list data as a link target only if it is http(s): a list could carry a
    ``javascript:`` or ``data:`` URL, which must never become a clickable link."""
    if not url:
        return ""
    parsed = urlsplit(url.strip())
    return url.strip() if parsed.scheme.lower() in ("http", "https") and parsed.netloc else ""


templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters.update(holding=lambda h: share_words(h.link), score=_score,
                             when=_when, script=dominant_script, latin=_latin,
                             web_link=_web_link,
                             status_label=lambda s: STATUS_LABELS.get(s, s))
templates.env.globals.update(STATUS_LABELS=STATUS_LABELS, ACTION_LABELS=ACTION_LABELS)


def page(request: Request, name: str, user: WebUser | None, status_code: int = 200,
         **context: Any) -> Response:
    """Render ``name`` with the user and the current section for the navigation."""
    return templates.TemplateResponse(request, name, {"user": user, **context},
                                      status_code=status_code)
