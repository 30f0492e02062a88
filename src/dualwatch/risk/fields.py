"""The shipment fields dualwatch understands, and how a user's columns map onto them.

A shipment file names its columns as its source system does ("Consignee", "TNVED", "Ship
Date"). Each field has known aliases (``data/fields.csv``); per-party attributes are columns
named ``ROLE_ATTRIBUTE`` (``importer_address``, ``payer_email``). A user maps anything else
once, with ``--map importer=Buyer,date=Ship Date`` or a small YAML file (``field: column``).
A field without a column is simply absent: the checks that need it do not run, and say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from dualwatch.errors import InputError
from dualwatch.risk.tables import read_table

ROLES = ("exporter", "importer", "end_user", "notify_party", "forwarder", "payer")
ROLE_LABELS = {"exporter": "exporter", "importer": "consignee", "end_user": "end user",
               "notify_party": "notify party", "forwarder": "forwarder", "payer": "payer"}


@cache
def _base_fields() -> dict[str, tuple[str, ...]]:
    return {row["field"]: tuple(a for a in row["aliases"].split(";") if a)
            for row in read_table("fields.csv")}


@cache
def _attributes() -> dict[str, tuple[str, ...]]:
    return {row["attribute"]: tuple(a for a in row["aliases"].split(";") if a)
            for row in read_table("party_attributes.csv")}


@cache
def all_fields() -> tuple[str, ...]:
    """Every field name, base fields first, then ROLE_ATTRIBUTE fields."""
    extra = tuple(f"{role}_{attr}" for role in ROLES for attr in _attributes())
    return tuple(_base_fields()) + extra


def _key(column: str) -> str:
    return "_".join(column.strip().lstrip("\ufeff").casefold().replace("-", " ").split())


@cache
def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for field, aliases in _base_fields().items():
        for alias in (field, *aliases):
            table.setdefault(_key(alias), field)
    for role in ROLES:
        role_names = {role, *(a for a in _base_fields()[role] if "_" not in a)}
        for attr, aliases in _attributes().items():
            for name in role_names:
                for alias in (attr, *aliases):
                    table.setdefault(_key(f"{name}_{alias}"), f"{role}_{attr}")
    return table


def resolve_columns(columns: Iterable[str], mapping: Mapping[str, str] | None = None,
                    where: str | Path = "input") -> dict[str, str]:
    """{field: column of the file} for the fields found, user mapping first, then aliases."""
    columns = list(columns)
    by_key = {_key(c): c for c in columns}
    resolved: dict[str, str] = {}
    for field, column in (mapping or {}).items():
        if field not in all_fields():
            raise InputError(where, f"unknown shipment field {field!r} in the mapping; "
                                    "see `dualwatch shipments fields`", field=field)
        found = by_key.get(_key(column))
        if found is None:
            raise InputError(where, f"the mapping names column {column!r} for {field}, "
                                    f"but the file has no such column (columns: "
                                    f"{', '.join(columns)})", field=field)
        resolved[field] = found
    taken = set(resolved.values())
    aliases = _alias_table()
    for key, column in by_key.items():
        known = aliases.get(key)
        if known is not None and known not in resolved and column not in taken:
            resolved[known] = column
            taken.add(column)
    return resolved


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``--map`` value: ``FIELD=COLUMN,...``, or the path of a YAML file ``field: column``."""
    if not spec:
        return {}
    path = Path(spec)
    if path.suffix.lower() in (".yml", ".yaml") or (path.exists() and "=" not in spec):
        return _read_yaml_mapping(path)
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        if "=" not in part:
            raise InputError("--map", f"expected FIELD=COLUMN or a YAML file, got {part!r}")
        field, column = (x.strip() for x in part.split("=", 1))
        mapping[field.casefold()] = column
    return mapping


def _read_yaml_mapping(path: Path) -> dict[str, str]:
    import yaml

    if not path.exists():
        raise InputError(path, "mapping file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(path, f"not valid YAML: {exc}",
                         line=line + 1 if line is not None else None) from exc
    if isinstance(data, dict) and isinstance(data.get("columns"), dict):
        data = data["columns"]
    if not isinstance(data, dict):
        raise InputError(path, "expected `field: column` pairs (optionally under `columns:`)")
    return {str(k).casefold(): str(v) for k, v in data.items() if v is not None}
