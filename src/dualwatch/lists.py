"""Library operations on lists: load files into the store, fetch current files, report status.

The CLI (``dualwatch lists ...``) and the API call these; nothing here prints.
"""

from __future__ import annotations

import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dualwatch.errors import DualwatchError
from dualwatch.sources.base import Download
from dualwatch.sources.registry import FORMATS, ListFormat, discover
from dualwatch.store import LoadResult, Store, home


@dataclass(frozen=True)
class PlannedLoad:
    format: ListFormat
    path: Path


def plan(path: Path, format_name: str | None = None) -> list[PlannedLoad]:
    """The lists found at ``path`` (file or folder), before anything is read."""
    found = [PlannedLoad(fmt, main) for fmt, main in discover(path, format_name)]
    if not found:
        raise DualwatchError(f"{path}: no list files found (looked for OFAC CSV, UN XML, EU FSF "
                             "XML, UK OFSI CSV, trade.gov CSL CSV, FollowTheMoney JSON lines, "
                             "DFAT XLSX)")
    return found


def load_one(store: Store, item: PlannedLoad, dataset: str | None = None,
             version: str | None = None, allow_older: bool = False) -> LoadResult:
    """Parse one list and store it as the new current version (all or nothing); a version
    older than the current one is refused (and audited) unless ``allow_older``."""
    parsed = item.format.read(item.path, dataset)
    if version is not None:
        parsed.version = version
        parsed.version_source = "user"
    return store.load(parsed, allow_older=allow_older)


def load_path(store: Store, path: Path, format_name: str | None = None,
              dataset: str | None = None, version: str | None = None,
              allow_older: bool = False) -> Iterator[LoadResult]:
    """Load every list at ``path``; each list is its own transaction."""
    for item in plan(path, format_name):
        yield load_one(store, item, dataset, version, allow_older)


def all_downloads() -> list[Download]:
    downloads: list[Download] = []
    for fmt in FORMATS.values():
        downloads.extend(getattr(fmt, "DOWNLOADS", ()))
    return downloads


class OfflineError(DualwatchError):
    """The publishers' servers cannot be reached."""


def fetch(download: Download, folder: Path, timeout: float = 30.0) -> Path:
    """Download one publisher file into ``folder``; the old copy is replaced only when complete."""
    target = folder / download.dataset / download.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    request = urllib.request.Request(download.url, headers={"User-Agent": "dualwatch"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, \
                tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            shutil.copyfileobj(response, tmp)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise OfflineError(f"cannot download {download.url}: {reason}") from exc
    Path(tmp.name).replace(target)
    return target


@dataclass
class UpdateResult:
    loaded: list[LoadResult]
    failed: list[tuple[Download, str]]


def update(store: Store, folder: Path | None = None,
           progress: Callable[[Download], None] | None = None,
           downloads: list[Download] | None = None) -> UpdateResult:
    """Fetch the current official files and load them; keeps the stored data when offline.

    A publisher that cannot be reached is reported and skipped; when none can be reached the
    whole update fails with :class:`OfflineError` and nothing changes.
    """
    folder = folder or home() / "downloads"
    fetched: set[Path] = set()
    failed: list[tuple[Download, str]] = []
    for download in downloads if downloads is not None else all_downloads():
        if progress is not None:
            progress(download)
        try:
            fetched.add(fetch(download, folder).parent)
        except OfflineError as exc:
            failed.append((download, str(exc)))
    if not fetched:
        reason = failed[0][1] if failed else "no download sources are configured"
        raise OfflineError(f"no publisher could be reached ({reason})")
    loaded: list[LoadResult] = []
    for dataset_folder in sorted(fetched):
        loaded.extend(load_path(store, dataset_folder))
    return UpdateResult(loaded, failed)
