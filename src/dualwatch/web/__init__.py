"""The analysts' web pages, served by ``dualwatch serve`` beside the REST API.

Server-rendered HTML (Jinja2) with a little progressive-enhancement script; every page calls the
same library functions as the API — store methods, :class:`dualwatch.monitor.Monitor`,
:func:`dualwatch.screening.load_index`, :func:`dualwatch.match.match_batch`,
:mod:`dualwatch.tables` — and holds no logic of its own. ``mount_web(app)`` adds the pages under
``/web`` to a FastAPI app; ``router`` is the same pages as an ``APIRouter``.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Match

from dualwatch.web import alerts, auth, dashboard, entities, lists, screening
from dualwatch.web.render import HERE

PREFIX = "/web"
STATIC = {"app.css": "text/css", "app.js": "text/javascript"}

router = APIRouter(prefix=PREFIX, include_in_schema=False)
for _module in (auth, alerts, entities, lists, screening, dashboard):
    router.include_router(_module.router)


@router.get("/", name="web_home")
def home(request: Request) -> Response:
    return RedirectResponse(str(request.url_for("web_alerts")), status_code=303)


@router.get("/static/{name}", name="web_static")
def static(name: str) -> Response:
    if name not in STATIC:
        return Response(status_code=404)
    return FileResponse(HERE / "static" / name, media_type=STATIC[name],
                        headers={"Cache-Control": "max-age=300"})


def _serves(app: FastAPI, path: str) -> bool:
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}
    return any(route.matches(scope)[0] == Match.FULL for route in app.router.routes)


def mount_web(app: FastAPI) -> FastAPI:
    """Add the web pages to ``app`` once (and send ``/`` to them when the app has no root)."""
    if getattr(app.state, "web_mounted", False):
        return app
    if not _serves(app, "/"):
        app.add_api_route("/", lambda: RedirectResponse(PREFIX + "/", status_code=303),
                          include_in_schema=False)
    app.include_router(router)
    app.state.web_mounted = True
    return app


__all__ = ["PREFIX", "mount_web", "router"]
