"""List status and versions for every key; loading list files for admins only.

Admins load files from the server's lists folder (``dualwatch serve --lists-dir``), named by a
path relative to it: the API never reads a file outside that folder. A new version re-screens,
at once, the portfolio counterparties it can affect (:meth:`dualwatch.monitor.Monitor.
after_list_change`), and the load is audited under the admin's key.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam

from dualwatch import lists as lists_lib
from dualwatch.api.deps import Admin, State, Store, Viewer
from dualwatch.api.models import ListLoad, ListLoadResult, ListVersionOut, MonitorReportOut
from dualwatch.api.routes.common import errors
from dualwatch.monitor import Monitor
from dualwatch.store.base import ListVersion

router = APIRouter(prefix="/lists", tags=["Lists"])


def _version(version: ListVersion) -> ListVersionOut:
    return ListVersionOut.model_validate(asdict(version))


@router.get("", summary="The current version of each list", response_model=list[ListVersionOut],
            responses=errors())
def status(key: Viewer, store: Store) -> list[ListVersionOut]:
    return [_version(v) for v in store.current_versions()]


@router.get("/{dataset}/versions", summary="Every stored version of one list",
            response_model=list[ListVersionOut], responses=errors(404))
def versions(
    key: Viewer, store: Store,
    dataset: Annotated[str, PathParam(max_length=100, pattern=r"^[A-Za-z0-9_.-]+$",
                                      examples=["us_ofac_sdn"])],
) -> list[ListVersionOut]:
    found = store.versions(dataset)
    if not found:
        raise HTTPException(404, f"no version of list {dataset!r} is stored")
    return [_version(v) for v in found]


def _inside(folder: Path | None, relative: str) -> Path:
    if folder is None:
        raise HTTPException(409, "this server has no lists folder; start it with "
                                 "'dualwatch serve --lists-dir FOLDER'")
    root = folder.resolve()
    target = (root / relative).resolve()
    if Path(relative).is_absolute() or not target.is_relative_to(root):
        raise HTTPException(400, "path: must lie inside the server's lists folder")
    if not target.exists():
        raise HTTPException(404, f"path: {relative!r} does not exist in the lists folder")
    return target


@router.post("/load", summary="Load list files from the server's lists folder (admin)",
             response_model=list[ListLoadResult], responses=errors(400, 404, 409))
def load(body: ListLoad, key: Admin, store: Store, state: State) -> list[ListLoadResult]:
    """Load a list file, or every list file under a folder, each in one transaction; a file
    already stored changes nothing. Each new version re-screens the portfolios at once."""
    path = _inside(state.settings.lists_dir, body.path)
    planned = lists_lib.plan(path, body.format)
    root = path if state.settings.lists_dir is None else state.settings.lists_dir.resolve()
    for item in planned:  # a symlink inside the folder may point out of it
        if not item.path.resolve().is_relative_to(root):
            raise HTTPException(400, f"path: {item.path.name} links to a file outside the "
                                     "server's lists folder")
    results: list[ListLoadResult] = []
    for item in planned:
        before = {v.dataset: v.id for v in store.current_versions()}
        loaded = lists_lib.load_one(store, item, body.dataset, body.version,
                                    allow_shrink=body.allow_shrink)
        version = loaded.version
        report = None
        if not loaded.unchanged:
            monitor = Monitor(store, state.indexes.get(store), actor=key.owner)
            done = monitor.after_list_change(version.dataset, before.get(version.dataset),
                                             version.id)
            report = MonitorReportOut.model_validate({**asdict(done),
                                                      "seconds": round(done.seconds, 3)})
        store.audit(key.owner, "list_load_requested", f"list:{version.dataset}",
                    {"path": body.path, "version_id": version.id,
                     "unchanged": loaded.unchanged})
        results.append(ListLoadResult(version=_version(version), unchanged=loaded.unchanged,
                                      added=loaded.added, removed=loaded.removed,
                                      changed=loaded.changed, monitoring=report))
    return results
