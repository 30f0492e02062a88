"""Ad-hoc screening: paste names or upload a file, read the hits, download them as CSV or XLSX.

The upload is read by :func:`dualwatch.tables.read_rows` under its own file name (so an error
names the file the analyst chose), rows become queries through
:func:`dualwatch.screening.query_from_row`, and :func:`dualwatch.match.match_batch` screens them
against the same index the API uses. Results are written once with
:func:`dualwatch.tables.write_rows` to a folder of the user's own, from which they download for
``RESULTS_KEPT_S`` (the names screened are personal data: they are not kept longer); the upload
itself lives in a temporary folder removed once read.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from dualwatch import tables
from dualwatch.errors import DualwatchError, InputError
from dualwatch.match import DEFAULT_THRESHOLD, Query, match_batch
from dualwatch.screening import HIT_COLUMNS, hit_row, query_from_row
from dualwatch.store import home
from dualwatch.web.context import index_of, using_store
from dualwatch.web.render import page
from dualwatch.web.session import WebUser, check_form, login_required

router = APIRouter()
User = Annotated[WebUser, Depends(login_required)]

MAX_NAMES = 5000
MAX_UPLOAD = 20 * 1024 * 1024
FORMATS = {"csv": "text/csv",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
RESULTS_KEPT_S = 24 * 3600


def purge_old_results(now: float | None = None) -> int:
    """Delete every user's results older than ``RESULTS_KEPT_S``; returns how many."""
    root = home() / "web" / "screening"
    cutoff = (time.time() if now is None else now) - RESULTS_KEPT_S
    purged = 0
    for folder in root.glob("*/*") if root.exists() else ():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                purged += 1
        except OSError:
            continue  # removed meanwhile by another request
    return purged


def _results_dir(user: WebUser, token: str) -> Path:
    owner = re.sub(r"[^A-Za-z0-9_-]", "_", user.owner)[:64] or "user"
    return home() / "web" / "screening" / owner / token


def _pasted(text: str) -> list[Query]:
    names = [line.strip() for line in text.splitlines() if line.strip()]
    if len(names) > MAX_NAMES:
        raise InputError("pasted names", f"{len(names)} names; paste at most {MAX_NAMES} "
                                         "or upload a file")
    return [query_from_row(i + 1, {"id": str(i + 1), "name": name}, "pasted names")
            for i, name in enumerate(names)]


def _uploaded(upload: UploadFile, folder: Path) -> list[Query]:
    name = Path(upload.filename or "upload.csv").name
    name = re.sub(r"[^\w.\- ]", "_", name) or "upload.csv"
    path = folder / name
    with path.open("wb") as fh:
        shutil.copyfileobj(upload.file, fh, length=1 << 20)
    if path.stat().st_size > MAX_UPLOAD:
        raise InputError(name, f"file is over {MAX_UPLOAD // (1024 * 1024)} MB; "
                               "use dualwatch screen for large files")
    try:
        return [query_from_row(line, row, name)
                for line, row in tables.read_rows(path, ("name",))]
    except InputError as exc:  # name the file the analyst chose, not our temporary copy
        raise InputError(name, exc.reason, line=exc.line, field=exc.field) from exc


@router.get("/screening", name="web_screening")
def form(request: Request, user: User) -> Response:
    return page(request, "screening.html", user, section="screening",
                threshold=DEFAULT_THRESHOLD, names="")


@router.post("/screening", name="web_screen")
def screen(request: Request, user: User, names: Annotated[str, Form()] = "",
           threshold: Annotated[str, Form()] = "",
           file: Annotated[UploadFile | None, File()] = None,
           csrf: Annotated[str, Form()] = "") -> Response:
    check_form(user, csrf)
    purge_old_results()
    try:
        cut = float(threshold) if threshold.strip() else DEFAULT_THRESHOLD
    except ValueError:
        cut = DEFAULT_THRESHOLD
    context: dict[str, Any] = {"section": "screening", "threshold": cut, "names": names}
    with tempfile.TemporaryDirectory(prefix="dualwatch-upload-") as tmp:
        try:
            if file is not None and file.filename:
                queries = _uploaded(file, Path(tmp))
                context["source"] = Path(file.filename).name
            else:
                queries = _pasted(names)
                context["source"] = "pasted names"
            if not queries:
                raise InputError(context["source"], "no names to screen")
            with using_store(request) as store:
                index = index_of(request, store)
        except DualwatchError as exc:
            return page(request, "screening.html", user, status_code=400, error=str(exc),
                        **context)
        except HTTPException as exc:  # the API's index cache: no list loaded
            return page(request, "screening.html", user, status_code=exc.status_code,
                        error=str(exc.detail), **context)
    results = match_batch(queries, index, cut)
    rows = [hit_row(hit) for hits in results for hit in hits]
    token = secrets.token_urlsafe(18)
    folder = _results_dir(user, token)
    folder.mkdir(parents=True, exist_ok=True)
    for fmt in FORMATS:
        tables.write_rows(folder / f"hits.{fmt}", HIT_COLUMNS, rows)
    screened = [(query, hits) for query, hits in zip(queries, results, strict=True)]
    return page(request, "screening.html", user, screened=screened, token=token,
                with_hits=sum(1 for hits in results if hits), hits=len(rows), **context)


@router.get("/screening/{token}/hits.{fmt}", name="web_screening_download")
def download(request: Request, token: str, fmt: str, user: User) -> Response:
    if fmt not in FORMATS or not _TOKEN.match(token):
        return page(request, "error.html", user, status_code=404, message="no such result")
    purge_old_results()
    path = _results_dir(user, token) / f"hits.{fmt}"
    if not path.exists():
        return page(request, "error.html", user, status_code=404,
                    message="these results are no longer kept; screen again")
    return FileResponse(path, media_type=FORMATS[fmt], filename=f"dualwatch-hits.{fmt}")
