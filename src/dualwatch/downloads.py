"""Fetching a publisher's current file: conditional requests, retries, checksums.

``dualwatch lists update`` runs daily against servers that are sometimes slow, sometimes down and
mostly unchanged since yesterday. So each download:

* asks only for what changed: the ETag and Last-Modified of the last download are kept beside
  the file (``.<name>.fetch.json``) and sent back (If-None-Match, If-Modified-Since); a 304
  answer, or a body identical to the last one, means "not modified" and nothing is loaded;
* retries what may pass on a second try (connection errors, time-outs, HTTP 429 and 5xx) with a
  growing pause, and not what will not (404, 403...);
* checks what arrived: the length the server announced, and the SHA-256 the publisher gives
  where it gives one (``Download.checksum_url``, a ``sha256sum`` line); a mismatch keeps the old
  copy;
* replaces the previous copy only when complete, so an interrupted run leaves a usable file.

Each outcome carries one line for a person ("downloaded 2.1 MB, sha256 9f3a…"; "not modified
since ..."; "failed after 3 tries: HTTP 503 Service Unavailable").
"""

from __future__ import annotations

import hashlib
import http.client
import json
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dualwatch.sources.base import Download

RETRIABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Fetched:
    """What one download did: ``status`` is "downloaded", "not-modified" or "failed"."""

    download: Download
    status: str
    message: str
    path: Path | None = None
    sha256: str | None = None
    tries: int = 1


class _Failure(Exception):
    def __init__(self, message: str, retriable: bool) -> None:
        super().__init__(message)
        self.retriable = retriable


def _state_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.fetch.json")


def _read_state(target: Path) -> dict[str, Any]:
    path = _state_path(target)
    if not path.exists() or not target.exists():
        return {}
    try:
        state = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _open(url: str, headers: dict[str, str], timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": "dualwatch", **headers})
    try:
        return urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return exc
        raise _Failure(f"HTTP {exc.code} {exc.reason}", exc.code in RETRIABLE_STATUS) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _Failure(str(getattr(exc, "reason", exc)), True) from exc


def _published_checksum(download: Download, timeout: float) -> str | None:
    if download.checksum_url is None:
        return None
    with _open(download.checksum_url, {}, timeout) as response:
        text = response.read(4096).decode("ascii", "replace").strip()
    value = text.split()[0].lower() if text else ""
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise _Failure(f"{download.checksum_url} holds no SHA-256 checksum", False)
    return value


def _size(count: int) -> str:
    return f"{count / 1e6:,.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def _attempt(download: Download, target: Path, state: dict[str, Any],
             timeout: float) -> Fetched:
    headers = {}
    if state.get("etag"):
        headers["If-None-Match"] = str(state["etag"])
    if state.get("last_modified"):
        headers["If-Modified-Since"] = str(state["last_modified"])
    response = _open(download.url, headers, timeout)
    if getattr(response, "code", None) == 304:
        response.close()
        since = state.get("last_modified") or state.get("fetched_at", "the last download")
        return Fetched(download, "not-modified", f"not modified since {since}", target,
                       state.get("sha256"))
    expected = _published_checksum(download, timeout)
    digest = hashlib.sha256()
    count = 0
    with response, tempfile.NamedTemporaryFile(dir=target.parent, delete=False,
                                               prefix=f".{target.name}.") as tmp:
        try:
            for chunk in iter(lambda: response.read(1 << 20), b""):
                digest.update(chunk)
                tmp.write(chunk)
                count += len(chunk)
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            Path(tmp.name).unlink(missing_ok=True)
            raise _Failure(f"connection lost after {_size(count)}: {exc}", True) from exc
    partial = Path(tmp.name)
    announced = response.headers.get("Content-Length")
    sha256 = digest.hexdigest()
    problem = None
    if announced is not None and announced.isdigit() and int(announced) != count:
        problem = _Failure(f"truncated: {_size(count)} of the {_size(int(announced))} "
                           "announced", True)
    elif expected is not None and expected != sha256:
        problem = _Failure(f"checksum mismatch: the publisher gives {expected[:12]}…, the "
                           f"file is {sha256[:12]}…; the previous copy is kept", False)
    if problem is not None:
        partial.unlink(missing_ok=True)
        raise problem
    new_state = {"url": download.url, "etag": response.headers.get("ETag"),
                 "last_modified": response.headers.get("Last-Modified"), "sha256": sha256,
                 "bytes": count, "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if state.get("sha256") == sha256:
        partial.unlink(missing_ok=True)
        _state_path(target).write_text(json.dumps(new_state), "utf-8")
        return Fetched(download, "not-modified", f"unchanged ({_size(count)}, same SHA-256 "
                       "as the last download)", target, sha256)
    partial.replace(target)
    _state_path(target).write_text(json.dumps(new_state), "utf-8")
    verified = ", checksum verified" if expected else ""
    return Fetched(download, "downloaded",
                   f"downloaded {_size(count)}, sha256 {sha256[:12]}…{verified}", target, sha256)


def fetch(download: Download, folder: Path, timeout: float = 30.0, tries: int = 3,
          pause: float = 1.0) -> Fetched:
    """Fetch ``download`` into ``folder/dataset/filename`` (see the module docstring)."""
    target = folder / download.dataset / download.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    state = _read_state(target)
    for attempt in range(1, tries + 1):
        try:
            outcome = _attempt(download, target, state, timeout)
        except _Failure as exc:
            if not exc.retriable or attempt == tries:
                tried = f" after {attempt} tries" if attempt > 1 else ""
                return Fetched(download, "failed", f"failed{tried}: {exc}", tries=attempt)
            time.sleep(pause * 2 ** (attempt - 1))
            continue
        return Fetched(outcome.download, outcome.status, outcome.message, outcome.path,
                       outcome.sha256, attempt)
    raise AssertionError("unreachable")  # pragma: no cover
