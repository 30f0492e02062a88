"""The FastAPI application: a thin HTTP layer over the library, created by :func:`create_app`.

Each route translates a request into one library call (``dualwatch.match``, ``dualwatch.monitor``,
the store's portfolio, case and audit methods, ``dualwatch.lists``) and its result into a typed
response; the business rules stay in the library. The factory takes the store URL so that tests
and deployments point one app at one store; everything else an app holds between requests is in
:class:`~dualwatch.api.state.AppState`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from dualwatch import __version__
from dualwatch.api import errors
from dualwatch.api.limits import MAX_BODY_BYTES, BodyLimit
from dualwatch.api.models import Health
from dualwatch.api.routes import ROUTERS
from dualwatch.api.security import AuthenticateFirst, SecurityHeaders
from dualwatch.api.state import AppState, Settings
from dualwatch.store.sessions import MAX_FAILURES

DESCRIPTION = """\
Sanctions and export-control screening, portfolio monitoring and case handling.

Every endpoint except `/healthz` needs an API key, sent as `Authorization: ApiKey <key>`,
`Authorization: Bearer <key>` or `X-API-Key: <key>`. Roles: a **viewer** reads; an **analyst**
also screens, imports portfolios and decides on cases; an **admin** also loads lists and
manages keys. Keys are created with `dualwatch keys create --owner NAME --role ROLE`.

`/match`, `/search` and `/entities` follow the shapes of yente (OpenSanctions), so its
clients work unchanged. Requests are limited to 10 MB and 1,000 queries.
"""

TAGS = [
    {"name": "Matching", "description": "yente-compatible matching, search and entity lookup."},
    {"name": "Screening", "description": "Batches of counterparties against the lists."},
    {"name": "Goods", "description": "Commodity codes and the Common High Priority List."},
    {"name": "Payments", "description": "Payment and trade-finance messages: release, review "
                                        "or hold."},
    {"name": "Shipments", "description": "Shipments ranked by red flags of diversion; high "
                                         "ones raised as alerts."},
    {"name": "Portfolios", "description": "Counterparties under continuous monitoring."},
    {"name": "Alerts and cases", "description": "Hits to review and the decisions on them."},
    {"name": "Lists", "description": "Which list versions are loaded; loading (admin)."},
    {"name": "Audit", "description": "The hash-chained audit log."},
    {"name": "API keys", "description": "Keys and roles (admin)."},
    {"name": "Service", "description": "Health."},
]


def create_app(store_url: str | None = None, *, lists_dir: Path | None = None,
               preload: bool = False, pool_size: int = 8,
               allowed_auth_failures: int = MAX_FAILURES) -> FastAPI:
    """The API over the store at ``store_url`` (default: ``$DUALWATCH_DB`` or the SQLite file
    in ``$DUALWATCH_HOME``). ``lists_dir`` is the folder admins may load list files from;
    ``preload`` builds the match index of all lists before the first request is served."""
    settings = Settings(store_url=store_url, lists_dir=lists_dir, preload=preload,
                        pool_size=pool_size, allowed_auth_failures=allowed_auth_failures)
    state = AppState(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.preload:
            await run_in_threadpool(state.preload)
        await run_in_threadpool(state.resume)
        yield
        state.close()

    app = FastAPI(title="dualwatch", version=__version__, description=DESCRIPTION,
                  openapi_tags=TAGS, lifespan=lifespan)
    app.state.dualwatch = state
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(AuthenticateFirst)
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/healthz", tags=["Service"], summary="Is the service up?", response_model=Health)
    def healthz() -> Health:
        """Needs no key and reads nothing."""
        return Health()

    _mount_web_pages(app)
    return app


def _mount_web_pages(app: FastAPI) -> None:
    """The analysts' web pages (``dualwatch.web``, outside the OpenAPI document) under /web."""
    try:
        from dualwatch.web import mount_web
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("dualwatch.web"):
            return
        raise
    mount_web(app)
