"""The red-flag table and the weights that turn flags into a score.

Each red flag is a row of ``data/red_flags.csv``: a code, a default weight, the fields it needs,
what it means and the guidance it comes from. A shipment's score is the sum of
``weight x strength`` over its flags, capped at 1, so every point of a score can be traced to a
named flag. Users change weights, level thresholds and CHPL tier strengths in a YAML or CSV file
(``--weights``) without touching code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from dualwatch.errors import InputError
from dualwatch.risk.tables import read_table

LEVELS = ("high", "medium", "low")
ROLES = ("decisive", "decisive_chpl", "indicator", "context")


@dataclass(frozen=True)
class RedFlag:
    code: str
    weight: float
    needs: str
    description: str
    guidance: str
    role: str = "indicator"  # how the flag sets the level: one of ROLES

    @property
    def decisive(self) -> bool:
        return self.role == "decisive"


@dataclass(frozen=True)
class Weights:
    """Flag weights, level thresholds (lowest score of each level) and CHPL tier strengths."""

    flags: dict[str, RedFlag]
    levels: dict[str, float]
    tiers: dict[str, float] = field(default_factory=dict)

    def weight(self, code: str) -> float:
        return self.flags[code].weight

    def level(self, score: float) -> str:
        if score >= self.levels["high"]:
            return "high"
        if score >= self.levels["medium"]:
            return "medium"
        return "low"


@cache
def red_flags() -> dict[str, RedFlag]:
    """The packaged red-flag table, by code, in table order."""
    flags = {row["code"]: RedFlag(row["code"], float(row["weight"]), row["needs"],
                                  row["description"], row["guidance"], row["role"])
             for row in read_table("red_flags.csv")}
    unknown = [f.code for f in flags.values() if f.role not in ROLES]
    if unknown:
        raise ValueError(f"red_flags.csv: {unknown[0]} has a role outside {ROLES}")
    return flags


def default_weights() -> Weights:
    levels = {row["level"]: float(row["min_score"]) for row in read_table("levels.csv")}
    tiers = {row["tier"]: float(row["strength"]) for row in read_table("chpl_tier_weights.csv")}
    return Weights(dict(red_flags()), levels, tiers)


def load_weights(path: Path | None) -> Weights:
    """Default weights, changed by a YAML file (``weights:``, ``levels:``, ``tiers:``) or a
    CSV file with ``code,weight`` columns."""
    weights = default_weights()
    if path is None:
        return weights
    if not path.exists():
        raise InputError(path, "weights file not found")
    if path.suffix.lower() == ".csv":
        from dualwatch import tables

        changes: dict[str, Any] = {"weights": {row.get("code", ""): row.get("weight", "")
                                               for _, row in tables.read_rows(
                                                   path, required=("code", "weight"))}}
    else:
        changes = _read_yaml(path)
    return _apply(weights, changes, path)


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(path, "expected sections `weights:`, `levels:` and/or `tiers:`")
    return data


def _number(path: Path, section: str, key: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(path, f"{section}.{key}: {value!r} is not a number",
                         field=key) from None
    if not 0 <= number <= 1:
        raise InputError(path, f"{section}.{key}: {number} is outside [0, 1]", field=key)
    return number


def _apply(weights: Weights, changes: Mapping[str, Any], path: Path) -> Weights:
    unknown = set(changes) - {"weights", "levels", "tiers"}
    if unknown:
        raise InputError(path, f"unknown section {sorted(unknown)[0]!r}; use weights, levels, "
                               "tiers")
    flags = dict(weights.flags)
    for code, value in (changes.get("weights") or {}).items():
        if code not in flags:
            raise InputError(path, f"unknown red flag {code!r}; known: {', '.join(flags)}",
                             field=str(code))
        flags[code] = replace(flags[code], weight=_number(path, "weights", code, value))
    levels = dict(weights.levels)
    for level, value in (changes.get("levels") or {}).items():
        if level not in ("high", "medium"):
            raise InputError(path, f"unknown level {level!r}; set high and/or medium",
                             field=str(level))
        levels[level] = _number(path, "levels", level, value)
    if levels["medium"] > levels["high"]:
        raise InputError(path, "levels: medium must not be above high")
    tiers = dict(weights.tiers)
    for tier, value in (changes.get("tiers") or {}).items():
        if str(tier) not in tiers:
            raise InputError(path, f"unknown CHPL tier {tier!r}; known: {', '.join(tiers)}",
                             field=str(tier))
        tiers[str(tier)] = _number(path, "tiers", str(tier), value)
    return Weights(flags, levels, tiers)
