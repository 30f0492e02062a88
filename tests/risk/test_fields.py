"""Column mapping: aliases, --map pairs and YAML files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualwatch.errors import InputError
from dualwatch.risk.fields import parse_mapping, resolve_columns


def test_common_column_names_are_recognised() -> None:
    found = resolve_columns(["Consignee", "Consignee Address", "TNVED", "Ship Date",
                             "Shipper", "Goods Description"])
    assert found == {"importer": "Consignee", "importer_address": "Consignee Address",
                     "hs_code": "TNVED", "date": "Ship Date", "exporter": "Shipper",
                     "description": "Goods Description"}


def test_user_mapping_wins_over_aliases() -> None:
    found = resolve_columns(["Buyer", "Consignee"], parse_mapping("importer=Buyer"))
    assert found["importer"] == "Buyer"


def test_yaml_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "map.yml"
    path.write_text("columns:\n  importer: Kunde\n  value: Betrag EUR\n")
    assert parse_mapping(str(path)) == {"importer": "Kunde", "value": "Betrag EUR"}


def test_mapping_to_a_missing_column_says_which() -> None:
    with pytest.raises(InputError, match="Kunde"):
        resolve_columns(["Buyer"], {"importer": "Kunde"})


def test_unknown_field_in_mapping() -> None:
    with pytest.raises(InputError, match="unknown shipment field"):
        resolve_columns(["Buyer"], {"purchaser": "Buyer"})
