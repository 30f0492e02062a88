"""Country groups for the route checks, and country names in a file turned into ISO codes.

``data/country_groups.csv`` says which countries are sanctioned destinations (Russia, Belarus)
and which are common transshipment points, each with the guidance that names it. Country
columns in shipment files hold names, codes or local spellings; each distinct value is coded
once with :func:`dualwatch.countries.to_code` and joined back in DuckDB.
"""

from __future__ import annotations

import re
from functools import cache

import duckdb

from dualwatch.countries import name_of, to_code
from dualwatch.risk.duck import column_values, table_from_rows
from dualwatch.risk.fields import ROLES
from dualwatch.risk.tables import read_table

COUNTRY_FIELDS = (*(f"{role}_country" for role in ROLES), "origin_country", "departure_country",
                  "destination_country")
TRANSIT_SPLIT = re.compile(r"\s*(?:;|\||,|>|->|→|/)\s*")


@cache
def groups() -> dict[str, dict[str, str]]:
    """{group: {code: guidance naming it}}."""
    table: dict[str, dict[str, str]] = {}
    for row in read_table("country_groups.csv"):
        table.setdefault(row["group"], {})[row["code"]] = row["named_in"]
    return table


def country_label(code: str) -> str:
    return name_of(code)


def code_countries(con: duckdb.DuckDBPyConnection, present: frozenset[str]) -> None:
    """Tables ``country_codes(raw, code)`` and ``transit_codes(raw, codes[])``."""
    fields = [f for f in COUNTRY_FIELDS if f in present]
    raws: set[str] = set()
    for field in fields:
        raws.update(column_values(con, f"SELECT DISTINCT {field} FROM shipments"))
    table_from_rows(con, "country_codes", [("raw", "VARCHAR"), ("code", "VARCHAR")],
                    ((raw, to_code(raw)) for raw in sorted(raws)))
    transits = (column_values(con, "SELECT DISTINCT transit_countries FROM shipments")
                if "transit_countries" in present else [])
    rows = []
    for raw in transits:
        codes = [to_code(part) for part in TRANSIT_SPLIT.split(raw) if part.strip()]
        rows.append((raw, ";".join(c for c in codes if c)))
    table_from_rows(con, "transit_raw", [("raw", "VARCHAR"), ("codes", "VARCHAR")], rows)
    con.execute("CREATE OR REPLACE TABLE transit_codes AS SELECT raw, "
                "CASE WHEN codes IS NULL THEN []::VARCHAR[] ELSE string_split(codes, ';') END "
                "AS codes FROM transit_raw")
