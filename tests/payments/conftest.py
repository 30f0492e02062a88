"""Payment screening against the real OFAC SDN file: its Russian and Belarusian programmes and
every entry carrying a SWIFT/BIC code or an IMO number (about a third of the file, so the
session fixture builds in seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualwatch.model import Entity
from dualwatch.risk.payment_lists import PaymentLists
from dualwatch.sources.registry import discover

SDN = Path("../shared/data/lists/us_ofac_sdn")
FIXTURES = Path("tests/fixtures/payments")


def _wanted(entity: Entity) -> bool:
    if any(i.type in ("swift", "imo") for i in entity.identifiers):
        return True
    return any(p.startswith(("RUSSIA", "BELARUS", "UKRAINE")) for p in entity.programs)


@pytest.fixture(scope="session")
def sdn_entities() -> list[Entity]:
    if not SDN.exists():
        pytest.skip(f"bundled lists not found at {SDN}")
    return [e for fmt, path in discover(SDN) for e in fmt.read(path).entities if _wanted(e)]


@pytest.fixture(scope="session")
def payment_lists(sdn_entities: list[Entity]) -> PaymentLists:
    return PaymentLists.from_entities(sdn_entities)
