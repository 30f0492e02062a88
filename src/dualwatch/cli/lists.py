"""``dualwatch lists``: load, update, inspect and compare sanctions and export-control lists."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dualwatch import lists as lists_lib
from dualwatch.cli.monitor import rescreen_after_loads
from dualwatch.cli.ownership import alerts_after_change
from dualwatch.countries import name_of
from dualwatch.errors import NotFoundError, OfflineError, OlderVersionError
from dualwatch.model import Entity, NameKind
from dualwatch.sources.registry import FORMATS
from dualwatch.store import Store, open_store

console = Console()


@click.group()
def lists() -> None:
    """Load, update and inspect the lists you screen against.

    \b
    Examples:
      dualwatch lists load ../shared/data/lists ../shared/data/lists-extra
      dualwatch lists load sdn.csv --format ofac_csv
      dualwatch lists status
      dualwatch lists diff us_ofac_sdn               # previous version -> current
      dualwatch lists show us_ofac_sdn-36
      dualwatch lists enrich lei-records.xml      # names from LEI records or a registry
    """


def _counting(entities: Iterator[Entity], progress: Progress, task: object) -> Iterator[Entity]:
    for entity in entities:
        progress.advance(task)  # type: ignore[arg-type]
        yield entity


@lists.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)),
              help="Read every file as this format instead of detecting it.")
@click.option("--dataset",
              help="List id to store under (default: from the file, e.g. us_ofac_sdn).")
@click.option("--version", "version", help="Version label (default: the publisher's date).")
@click.option("--allow-older", is_flag=True,
              help="Make a version current even when it is older than the current one.")
@click.option("--allow-shrink", is_flag=True,
              help="Accept a version that drops over 30% of the current one's entries "
                   "(recorded with the version).")
def load(paths: tuple[Path, ...], format_name: str | None, dataset: str | None,
         version: str | None, allow_older: bool, allow_shrink: bool) -> None:
    """Load list files, or every list file under folders (recursively).

    Each list is loaded in one transaction: it becomes current only when fully parsed, and a
    failure leaves the version you had. Loading a file already stored changes nothing. A file
    older than the current version (by the publisher's date) is refused, the other lists are
    loaded, and the command exits with status 1; --allow-older loads it. Either way the audit
    log records it. A version that drops over 30% of the current one's entries is refused (and
    the refusal audited) unless --allow-shrink: that is far likelier a truncated file than a
    real change.
    """
    started = time.perf_counter()
    planned = [item for path in paths for item in lists_lib.plan(path, format_name)]
    table = Table("list", "version", "entities", "added", "removed", "changed", "note",
                  title="Loaded")
    refused: list[str] = []
    with open_store() as store, Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), disable=not sys.stderr.isatty(),
    ) as progress:
        for item in planned:
            parsed = item.format.read(item.path, dataset)
            if version is not None:
                parsed.version, parsed.version_source = version, "user"
            task = progress.add_task(f"{parsed.dataset} ({item.path.name})", total=None)
            parsed.entities = _counting(parsed.entities, progress, task)
            try:
                result = store.load(parsed, allow_older=allow_older, allow_shrink=allow_shrink)
            except OlderVersionError as exc:
                refused.append(str(exc))
                continue
            v = result.version
            note = "already loaded, unchanged" if result.unchanged else ""
            table.add_row(v.dataset, v.version, f"{v.entity_count:,}",
                          str(result.added), str(result.removed), str(result.changed), note)
        console.print(table)
        console.print(f"{len(planned)} list(s) in {time.perf_counter() - started:.1f} s")
        rescreen_after_loads(store)
        alerts_after_change(store, "list changed")
    for reason in refused:
        click.secho(f"refused: {reason}", fg="red", err=True)
    if refused:
        sys.exit(1)


@lists.command()
@click.argument("file", type=click.Path(path_type=Path))
def enrich(file: Path) -> None:
    """Add names and identifiers from a reference file to the listed entities it identifies.

    FILE is GLEIF LEI-CDF XML (LEI records: legal names in their own language, the USCC as the
    registration id) or a registry extract CSV (columns name, other_names, lang, uscc, lei, inn,
    ogrn). A record is linked only by a shared identifier or a name exactly as listed, never by
    a guess; each added name keeps its source, which hits resting on it cite. Enriching again
    from a file of the same name replaces what it added; a file that cannot be read changes
    nothing.

    \b
    Example:
      dualwatch lists enrich lei-records.xml
    """
    from dualwatch import enrich as enrich_lib

    with open_store() as store:
        result = enrich_lib.enrich(store, file)
    console.print(f"{result.file} ({result.format}): {result.records} record(s), "
                  f"{result.linked} linked to listed entities; {result.names_added} name(s) and "
                  f"{result.identifiers_added} identifier(s) added")
    if result.unlinked:
        console.print(f"not linked (no shared identifier or exact listed name): "
                      f"{len(result.unlinked)}")


@lists.command()
@click.option("--tries", type=click.IntRange(1, 10), default=3, show_default=True,
              help="Attempts per file when the server fails or times out.")
@click.option("--allow-older", is_flag=True,
              help="Make a downloaded version current even when older than the current one.")
def update(tries: int, allow_older: bool) -> None:
    """Download the current official files from the publishers and load those that changed.

    Sources: OFAC (SDN and consolidated), UN Security Council, EU FSF, UK OFSI, trade.gov CSL,
    Australia's DFAT list, OpenSanctions exports (EU Official Journal, China). Each file is
    asked for only if it changed since the last download (ETag, Last-Modified), retried when
    the server fails, checked against its announced length and the publisher's SHA-256 where
    one is published, and replaced only when complete. One line per list says what happened.
    Without network access this says so and keeps the stored lists.
    """
    with open_store() as store:
        try:
            outcome = lists_lib.update(store, tries=tries, allow_older=allow_older)
        except OfflineError as exc:
            console.print(f"[yellow]offline: {exc}; the stored lists are kept.[/]")
            sys.exit(1)
        for dataset, message in outcome.messages:
            style = "yellow" if message.startswith("failed") else None
            console.print(f"{dataset}: {message}", style=style, markup=False, highlight=False)
        rescreen_after_loads(store)
        alerts_after_change(store, "list changed")
    if outcome.failed:
        sys.exit(1)


@lists.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--all", "show_all", is_flag=True, help="Every stored version, not only current.")
def status(as_json: bool, show_all: bool) -> None:
    """Show each list: its version (publisher's date), entity counts and when it was loaded."""
    with open_store() as store:
        versions = store.versions() if show_all else store.current_versions()
    if as_json:
        click.echo(json.dumps([v.__dict__ for v in versions], indent=2, default=str))
        return
    if not versions:
        console.print("No list is loaded. Load the bundled ones with:\n"
                      "  dualwatch lists load ../shared/data/lists")
        return
    table = Table("list", "version", "entities", "of which", "loaded (UTC)", title="Lists")
    for v in versions:
        table.add_row(v.dataset + ("" if v.current or not show_all else " (old)"),
                      v.version + ("" if v.version_source == "publisher"
                                   else f"\n({v.version_source})"),
                      f"{v.entity_count:,}", _breakdown(v.stats),
                      v.loaded_at.replace("T", " ")[:16] + f"\n#{v.id}")
    console.print(table)


def _breakdown(stats: dict[str, Any]) -> str:
    """Entities per schema and per sub-list (with the file's row count where it differs)."""
    lines = [f"{k}: {n:,}" for k, n in stats.get("schemata", {}).items()]
    for sublist, count in stats.get("sublists", {}).items():
        rows = stats.get(sublist)
        label = sublist.split(" - ")[0]
        extra = f" ({int(rows):,} rows)" if rows and str(rows) != str(count) else ""
        lines.append(f"{label}: {count:,}{extra}")
    warnings = stats.get("warnings")
    if warnings:
        lines.append(f"{len(str(warnings).splitlines())} warning(s): lists status --json")
    return "\n".join(lines)


@lists.command()
@click.argument("dataset")
@click.option("--from", "old", help="Older version: id, version label or date (default: previous).")
@click.option("--to", "new", help="Newer version: id, version label or date (default: current).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output with field values.")
def diff(dataset: str, old: str | None, new: str | None, as_json: bool) -> None:
    """Show what was added, removed and changed between two versions of a list."""
    with open_store() as store:
        d = store.diff(dataset, old, new)
    if as_json:
        click.echo(json.dumps({
            "dataset": d.dataset, "old": d.old.version if d.old else None,
            "new": d.new.version,
            "added": [c.__dict__ for c in d.added], "removed": [c.__dict__ for c in d.removed],
            "changed": [c.__dict__ for c in d.changed],
        }, indent=2, ensure_ascii=False, default=str))
        return
    old_label = f"{d.old.version} (#{d.old.id})" if d.old else "nothing"
    console.print(f"[bold]{dataset}[/]: {old_label} -> {d.new.version} (#{d.new.id}): "
                  f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed")
    for label, changes in (("+", d.added), ("-", d.removed), ("~", d.changed)):
        for change in changes[:200]:
            extra = f"  [{', '.join(change.fields)}]" if change.fields else ""
            console.print(f" {label} {change.entity_id}  {change.caption}{extra}", markup=False)
        if len(changes) > 200:
            console.print(f"   ... and {len(changes) - 200} more (use --json for all)")


def _entity_table(entity: Entity, store: Store) -> Table:
    table = Table(show_header=False, title=f"{entity.caption}  ({entity.schema})",
                  title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("id", entity.id)
    source = f"{entity.dataset}:{entity.source_id}  version {entity.version}"
    if entity.sublist:
        source += f"  ({entity.sublist})"
    table.add_row("list entry", source)
    for kind in NameKind:
        values = [n.value for n in entity.names if n.kind == kind]
        if values:
            table.add_row(kind.value.replace("_", " "), "\n".join(values))
    rows: list[tuple[str, list[str]]] = [
        ("programs", entity.programs),
        ("countries", [f"{name_of(c.code)} ({c.role.value})" for c in entity.countries]),
        ("identifiers", [f"{i.type.upper()} {i.value}" + (f" ({i.country.upper()})"
                                                         if i.country else "")
                         + (f" — {i.note}" if i.note else "") for i in entity.identifiers]),
        ("birth dates", entity.birth_dates), ("birth places", entity.birth_places),
        ("incorporated", entity.incorporation_dates),
        ("addresses", [a.full for a in entity.addresses]),
        ("linked to", [f"{r.kind}: {r.target_name}" for r in entity.relations]),
        ("websites", entity.websites), ("emails", entity.emails), ("phones", entity.phones),
        ("listed on", [entity.listed_on] if entity.listed_on else []),
        ("notes", entity.notes), ("source", [entity.source_url] if entity.source_url else []),
    ]
    for label, values in rows:
        if values:
            table.add_row(label, "\n".join(values))
    history = store.entity_history(entity.id)
    if history:
        seen = []
        last = None
        for version, digest in history:
            seen.append(f"{version.version} (#{version.id})" + (" changed" if last and
                                                                 digest != last else ""))
            last = digest
        table.add_row("in versions", ", ".join(seen))
    return table


@lists.command()
@click.argument("entity_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "ftm"]), default="table",
              help="table for people, json (canonical) or ftm (FollowTheMoney) for programs.")
def show(entity_id: str, fmt: str) -> None:
    """Show one listed entity: names in every script, identifiers, programs, addresses."""
    with open_store() as store:
        entity = store.entity(entity_id)
        if entity is None:
            _total, near = store.search_entities(entity_id, limit=10)
            hint = "".join(f"\n  {eid}  {caption} ({ds})" for eid, caption, ds in near)
            raise NotFoundError(f"no current entity with id {entity_id!r}"
                                + (f"; entities named like it:{hint}" if hint else ""))
        if fmt == "json":
            click.echo(json.dumps(entity.to_dict(), indent=2, ensure_ascii=False))
        elif fmt == "ftm":
            click.echo(json.dumps(entity.to_ftm(), ensure_ascii=False))
        else:
            console.print(_entity_table(entity, store))


@lists.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="FollowTheMoney JSON lines file to write.")
@click.option("--lists", "datasets", help="Comma-separated list ids (default: all current).")
def export(output: Path, datasets: str | None) -> None:
    """Write the current lists as FollowTheMoney entity JSON lines (OpenSanctions' format)."""
    wanted = datasets.split(",") if datasets else None
    count = 0
    tmp = output.with_suffix(output.suffix + ".tmp")
    with open_store() as store, tmp.open("w", encoding="utf-8") as fh:
        for entity in store.current_entities(wanted):
            fh.write(json.dumps(entity.to_ftm(), ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(output)
    console.print(f"wrote {count:,} entities to {output}")
