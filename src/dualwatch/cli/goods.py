"""``dualwatch goods``: check commodity codes and classify goods descriptions."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from dualwatch.errors import InputError
from dualwatch.goods import ControlCatalogue, check, classify
from dualwatch.goods.classify import Classification
from dualwatch.goods.codes import CodeInfo
from dualwatch.goods.nomenclature import nomenclature

_console = Console()


def _catalogue(paths: tuple[str, ...]) -> ControlCatalogue | None:
    return ControlCatalogue.load(*paths) if paths else None


def _controls(catalogue: ControlCatalogue | None, code: str) -> list[str]:
    if catalogue is None:
        return []
    return [f"{h.entry.list}:{h.entry.control_code}" + ("" if h.match == "covers" else "?")
            for h in catalogue.lookup(code)]


@click.group()
def goods() -> None:
    """HS codes, the CHPL (Feb 2024) and free-text goods classification."""


@goods.command("check")
@click.argument("codes", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--controls", "controls", multiple=True, type=click.Path(exists=True),
              help="Correlation CSV (hs_code,control_code,list,description); repeatable.")
def check_command(codes: tuple[str, ...], as_json: bool, controls: tuple[str, ...]) -> None:
    """Validate CODES (HS-2/4/6, CN8, HTS10, TN VED, China 10-digit) against HS 2022 and the CHPL.

    \b
    Examples:
      dualwatch goods check 8542.31 85423190 "8482 10 10 00" 854140
    """
    catalogue = _catalogue(controls)
    infos = [check(code) for code in codes]
    if as_json:
        out = [{**asdict(i), "controls": _controls(catalogue, i.code)} for i in infos]
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    table = Table(show_lines=True)
    for column in ("code", "HS 2022", "description", "CHPL", "notes"):
        table.add_column(column)
    for info in infos:
        table.add_row(info.query, info.hs6 or info.hs_code, info.description,
                      _chpl_cell(info), _notes(info, _controls(catalogue, info.code)))
    _console.print(table)


def _chpl_cell(info: CodeInfo) -> str:
    if info.chpl_tier:
        name = nomenclature().tiers[info.chpl_tier].name
        return f"[bold red]tier {info.chpl_tier}[/]: {name}"
    if info.chpl:
        return "may be: " + ", ".join(f"{c.hs6} (tier {c.tier})" for c in info.chpl)
    return "not listed"


def _notes(info: CodeInfo, controls: list[str]) -> str:
    parts = [p for p in (info.note, info.national_kind) if p]
    if controls:
        parts.append("controls: " + ", ".join(controls))
    return "\n".join(parts)


@goods.command("classify")
@click.argument("text", required=False)
@click.option("--declared", help="The declared HS or national code, to check against the text.")
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False),
              help="CSV with a 'text' column and optionally 'hs_code' (the declared code).")
@click.option("--output", "output_path", type=click.Path(dir_okay=False),
              help="Write results here (.csv or .json); default: the terminal.")
@click.option("--top", default=5, show_default=True, help="Candidates to show per text.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--controls", "controls", multiple=True, type=click.Path(exists=True),
              help="Correlation CSV (hs_code,control_code,list,description); repeatable.")
def classify_command(text: str | None, declared: str | None, input_path: str | None,
                     output_path: str | None, top: int, as_json: bool,
                     controls: tuple[str, ...]) -> None:
    """Rank HS 2022 subheadings for a goods description, with CHPL tiers and reasons.

    \b
    Examples:
      dualwatch goods classify "IC MCU 32BIT 1MB FLASH 100LQFP STM32F407VGT6"
      dualwatch goods classify "Подшипник 6205-2RS" --declared 8483.30
      dualwatch goods classify --input invoice.csv --output classified.csv
    """
    if (text is None) == (input_path is None):
        raise click.UsageError("give either TEXT or --input")
    catalogue = _catalogue(controls)
    rows = _read_rows(Path(input_path)) if input_path else [{"text": text or "",
                                                              "hs_code": declared or ""}]
    results = [(row, classify(row["text"], declared_hs=row.get("hs_code") or None, top=top))
               for row in rows]
    if output_path:
        _write(Path(output_path), results, catalogue)
        click.echo(f"{len(results)} descriptions classified -> {output_path}")
    elif as_json:
        click.echo(json.dumps([_record(r, catalogue) for _, r in results], ensure_ascii=False,
                              indent=1))
    else:
        for _, result in results:
            _print(result, catalogue)


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if "text" not in (reader.fieldnames or []):
            raise InputError(path, "missing column 'text' (optional: 'hs_code')", line=1)
        rows = []
        for number, row in enumerate(reader, start=2):
            if not (row.get("text") or "").strip():
                raise InputError(path, "empty description", line=number, field="text")
            rows.append({k: (v or "") for k, v in row.items() if k is not None})
        return rows


def _record(result: Classification, catalogue: ControlCatalogue | None) -> dict[str, object]:
    return {
        "text": result.text,
        "language": result.language,
        "chpl_tier": result.chpl_tier,
        "needs_person": result.needs_person,
        "margin": result.margin,
        "candidates": [{"hs6": c.hs6, "description": c.description, "score": c.score,
                        "tier": c.tier, "evidence": list(c.evidence_words),
                        "controls": _controls(catalogue, c.hs6)} for c in result.candidates],
        "declared": result.declared.code if result.declared else None,
        "contradiction": asdict(result.contradiction) if result.contradiction else None,
    }


def _write(path: Path, results: list[tuple[dict[str, str], Classification]],
           catalogue: ControlCatalogue | None) -> None:
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps([_record(r, catalogue) for _, r in results],
                                   ensure_ascii=False, indent=1), encoding="utf-8")
        return
    fields = ["text", "hs_code", "needs_person", "margin", "hs6", "description", "score",
              "chpl_tier", "evidence", "alternatives", "contradiction", "contradiction_reason",
              "controls"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for row, result in results:
            best, c = result.top, result.contradiction
            writer.writerow({
                "text": result.text, "hs_code": row.get("hs_code", ""),
                "needs_person": result.needs_person or "", "margin": result.margin,
                "hs6": best.hs6 if best else "", "description": best.description if best else "",
                "score": best.score if best else "", "chpl_tier": result.chpl_tier or "",
                "evidence": "; ".join(best.evidence_words) if best else "",
                "alternatives": " ".join(f"{x.hs6}:{x.score}" for x in result.candidates[1:]),
                "contradiction": c.severity if c else "",
                "contradiction_reason": c.reason if c else "",
                "controls": " ".join(_controls(catalogue, best.hs6)) if best else "",
            })


def _print(result: Classification, catalogue: ControlCatalogue | None) -> None:
    table = Table(title=result.text, show_lines=False)
    for column in ("HS-6", "description", "score", "CHPL", "evidence"):
        table.add_column(column)
    for c in result.candidates:
        controls = _controls(catalogue, c.hs6)
        table.add_row(c.hs6, c.description[:70], f"{c.score:.2f}",
                      f"[bold red]{c.tier}[/]" if c.tier else "",
                      ", ".join(c.evidence_words[:4]) + (f" | {' '.join(controls)}"
                                                         if controls else ""))
    _console.print(table)
    if result.needs_person:
        _console.print(f"[bold yellow]needs a person:[/] {result.needs_person}")
    if result.contradiction:
        colour = {"high": "red", "medium": "yellow"}.get(result.contradiction.severity, "cyan")
        _console.print(f"[{colour}]contradiction ({result.contradiction.severity}):[/] "
                       f"{result.contradiction.reason}")
