"""Library operations on lists: load files into the store, fetch current files, report status.

The CLI (``dualwatch lists ...``) and the API call these; nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dualwatch.downloads import fetch
from dualwatch.errors import DualwatchError, OfflineError, StaleListError
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
             version: str | None = None, allow_older: bool = False,
             allow_shrink: bool = False) -> LoadResult:
    """Parse one list and store it as the new current version (all or nothing); a version
    older than the current one is refused (and audited) unless ``allow_older``, one dropping
    over 30% of the current one's entries unless ``allow_shrink``."""
    parsed = item.format.read(item.path, dataset)
    if version is not None:
        parsed.version = version
        parsed.version_source = "user"
    return store.load(parsed, allow_older=allow_older, allow_shrink=allow_shrink)


def load_path(store: Store, path: Path, format_name: str | None = None,
              dataset: str | None = None, version: str | None = None,
              allow_older: bool = False, allow_shrink: bool = False) -> Iterator[LoadResult]:
    """Load every list at ``path``; each list is its own transaction."""
    for item in plan(path, format_name):
        yield load_one(store, item, dataset, version, allow_older, allow_shrink)


def all_downloads() -> list[Download]:
    downloads: list[Download] = []
    for fmt in FORMATS.values():
        downloads.extend(getattr(fmt, "DOWNLOADS", ()))
    return downloads



@dataclass
class UpdateResult:
    """What ``update`` did: one line per list, the versions loaded and the lists that failed."""

    loaded: list[LoadResult]
    failed: list[tuple[Download, str]]
    messages: list[tuple[str, str]] = field(default_factory=list)  # (dataset, what happened)


def update(store: Store, folder: Path | None = None,
           progress: Callable[[Download], None] | None = None,
           downloads: list[Download] | None = None, tries: int = 3, pause: float = 1.0,
           allow_older: bool = False) -> UpdateResult:
    """Fetch the current official files and load those that changed (see
    :mod:`dualwatch.downloads`); keeps the stored data when offline.

    A publisher that cannot be reached is reported and skipped; when none can be reached the
    whole update fails with :class:`OfflineError` and nothing changes. A file older than the
    current version is refused (and audited) unless ``allow_older``.
    """
    folder = folder or home() / "downloads"
    result = UpdateResult([], [])
    reached = 0
    for download in downloads if downloads is not None else all_downloads():
        if progress is not None:
            progress(download)
        fetched = fetch(download, folder, tries=tries, pause=pause)
        if fetched.status == "failed":
            result.failed.append((download, fetched.message))
            result.messages.append((download.dataset, fetched.message))
            continue
        reached += 1
        if fetched.status == "not-modified":
            result.messages.append((download.dataset, fetched.message))
            continue
        result.messages.append((download.dataset, fetched.message + _load_note(
            store, folder / download.dataset, allow_older, result)))
    if not reached:
        reason = result.failed[0][1] if result.failed else "no download sources are configured"
        raise OfflineError(f"no publisher could be reached ({reason})")
    return result


def _load_note(store: Store, dataset_folder: Path, allow_older: bool,
               result: UpdateResult) -> str:
    notes = []
    try:
        for loaded in load_path(store, dataset_folder, allow_older=allow_older):
            result.loaded.append(loaded)
            version = loaded.version
            notes.append(f"version {version.version}, {version.entity_count:,} entities"
                         + (" (already stored)" if loaded.unchanged else ""))
    except DualwatchError as exc:
        notes.append(f"not loaded: {exc}")
    return "; " + "; ".join(notes) if notes else ""


# -- staleness -----------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AGE = re.compile(r"^\s*(\d+)\s*([hdw]?)\s*$", re.IGNORECASE)
_AGE_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1),
              "": timedelta(days=1)}


def parse_age(text: str) -> timedelta:
    """"7d", "36h", "2w" (a bare number is days) as a duration."""
    match = _AGE.match(text)
    if match is None:
        raise DualwatchError(f"cannot read {text!r} as an age; write e.g. 7d, 36h or 2w")
    return int(match.group(1)) * _AGE_UNITS[match.group(2).lower()]


@dataclass(frozen=True)
class Stale:
    """A current list older than the policy allows."""

    dataset: str
    version: str
    age: timedelta

    def message(self, allowed: str) -> str:
        """One line for a person; ``allowed`` is the policy as written ("7d")."""
        return (f"{self.dataset} version {self.version} is {self.age.days} days old, over the "
                f"{allowed} allowed; run: dualwatch lists update")


def stale_lists(store: Store, max_age: timedelta, now: datetime | None = None,
                datasets: Iterable[str] | None = None) -> list[Stale]:
    """The current lists whose version (the publisher's date, else the day they were loaded)
    is older than ``max_age``."""
    now = now or datetime.now(tz=UTC)
    wanted = set(datasets) if datasets is not None else None
    found = []
    for version in store.current_versions():
        if wanted is not None and version.dataset not in wanted:
            continue
        day = version.version if _ISO_DAY.match(version.version) else version.loaded_at[:10]
        dated = datetime.fromisoformat(day).replace(tzinfo=UTC)
        if now - dated > max_age:
            found.append(Stale(version.dataset, version.version, now - dated))
    return found


def check_freshness(store: Store, max_age: str, datasets: Iterable[str] | None = None,
                    strict: bool = False) -> list[str]:
    """The staleness policy: one warning per current list older than ``max_age`` ("7d");
    with ``strict`` a stale list is an error (:class:`StaleListError`) instead."""
    allowed = parse_age(max_age)
    warnings = [s.message(max_age) for s in stale_lists(store, allowed, datasets=datasets)]
    if warnings and strict:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        raise StaleListError(f"{warnings[0]}{more}; screening stopped (--strict)")
    return warnings
