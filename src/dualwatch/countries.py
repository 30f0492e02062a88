"""Country names to ISO 3166-1 alpha-2 codes, the form FollowTheMoney uses ("ru", "cn").

Lists write countries as names ("Korea, North", "Russia", "Iran, Islamic Republic of"); matching and
risk rules compare codes. pycountry carries the ISO table; ``data/country_aliases.csv`` adds the
forms lists and trade documents use that ISO does not.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import pycountry


def _key(name: str) -> str:
    return " ".join(name.replace(".", " ").casefold().split())


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("dualwatch.data").joinpath("country_aliases.csv").read_text("utf-8")
    rows = (line for line in text.splitlines() if line and not line.startswith("#"))
    for row in csv.DictReader(rows):
        table[_key(row["name"])] = row["code"]
    return table


@cache
def to_code(name: str | None) -> str | None:
    """ISO alpha-2 code (lower case) for a country name or code, or None if unknown."""
    if not name:
        return None
    key = _key(name)
    if not key:
        return None
    alias = _aliases().get(key)
    if alias is not None:
        return alias
    if len(key) == 2 and pycountry.countries.get(alpha_2=key.upper()) is not None:
        return key
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2).lower()
    except LookupError:
        return None


def name_of(code: str) -> str:
    """A readable country name for a code ("ru" -> "Russian Federation")."""
    country = pycountry.countries.get(alpha_2=code.upper())
    return str(country.name) if country is not None else code.upper()
