"""``dualwatch serve`` (the HTTP API) and ``dualwatch keys`` (its API keys)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from dualwatch.store import open_store
from dualwatch.store.monitoring import ROLES
from dualwatch.store.sql import SQLStore

console = Console()


@contextmanager
def _sql_store(url: str | None) -> Iterator[SQLStore]:
    store = open_store(url)
    try:
        if not isinstance(store, SQLStore):
            raise click.UsageError("API keys need a SQL store")
        yield store
    finally:
        store.close()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--db", "store_url", metavar="URL",
              help="Store: a SQLite path or postgresql:// URL (default: $DUALWATCH_DB, else "
                   "the SQLite file in $DUALWATCH_HOME).")
@click.option("--lists-dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Folder admins may load list files from (POST /lists/load).")
@click.option("--pool-size", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Store connections kept open.")
@click.option("--no-preload", is_flag=True,
              help="Build the match index at the first request instead of at start.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str, port: int, store_url: str | None, lists_dir: Path | None, pool_size: int,
          no_preload: bool, log_level: str) -> None:
    """Run the HTTP API: yente-compatible /match, screening, portfolios, alerts and cases,
    list status and loading, audit verification. Every request needs an API key
    (create one with `dualwatch keys create`). The OpenAPI document is at /openapi.json and
    its browsable form at /docs.

    \b
    Example:
      dualwatch keys create --owner alice --role analyst
      dualwatch serve --port 8000 --lists-dir ../shared/data/lists
      curl -H "Authorization: ApiKey $KEY" localhost:8000/lists
    """
    import uvicorn

    from dualwatch.api import create_app

    app = create_app(store_url, lists_dir=lists_dir, preload=not no_preload,
                     pool_size=pool_size)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


@click.group()
def keys() -> None:
    """Create, list and revoke the API's keys.

    \b
    Examples:
      dualwatch keys create --owner alice --role analyst
      dualwatch keys list
      dualwatch keys revoke alice
    """


@keys.command("create")
@click.option("--owner", required=True, help="Who holds the key; decisions are recorded "
                                             "under this name.")
@click.option("--role", required=True, type=click.Choice(ROLES),
              help="viewer reads; analyst also screens and decides; admin also loads lists "
                   "and manages keys.")
@click.option("--db", "store_url", metavar="URL", help="Store (default: as for serve).")
def create(owner: str, role: str, store_url: str | None) -> None:
    """Create a key and print it once (only its hash is stored)."""
    with _sql_store(store_url) as store:
        key = store.create_api_key(owner, role, actor="cli")
    click.echo(key)
    click.echo(f"key for {owner} ({role}) created; it is not shown again", err=True)


@keys.command("list")
@click.option("--db", "store_url", metavar="URL", help="Store (default: as for serve).")
def list_keys(store_url: str | None) -> None:
    """Owners, roles and creation times of the keys (never the keys)."""
    with _sql_store(store_url) as store:
        found = store.list_api_keys()
    table = Table("owner", "role", "created", "fingerprint")
    for info in found:
        table.add_row(info.owner, info.role, info.created_at, info.fingerprint)
    console.print(table)


@keys.command("revoke")
@click.argument("owner")
@click.option("--db", "store_url", metavar="URL", help="Store (default: as for serve).")
def revoke(owner: str, store_url: str | None) -> None:
    """Revoke every key of OWNER."""
    with _sql_store(store_url) as store:
        count = store.revoke_api_keys(owner, "cli")
    if not count:
        raise click.ClickException(f"no key of {owner!r}")
    click.echo(f"{count} key(s) of {owner} revoked", err=True)
