"""Fixtures: the bundled OFAC SDN entries and the real Zala Aero ownership cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualwatch.model import Entity
from dualwatch.relations import Link, Party
from dualwatch.sources import ftm_relations, ofac

SHARED = Path("../shared")
OWNERSHIP = SHARED / "data" / "ownership"
ZALA = OWNERSHIP / "ftm" / "zala_aero_cluster.ftm.json"


@pytest.fixture(scope="session")
def sdn() -> list[Entity]:
    parsed = ofac.read(SHARED / "data" / "lists" / "us_ofac_sdn" / "sdn.csv")
    return list(parsed.entities)


@pytest.fixture(scope="session")
def zala() -> tuple[list[Party], list[Link]]:
    items = list(ftm_relations.read(ZALA).items)
    return ([i for i in items if isinstance(i, Party)],
            [i for i in items if isinstance(i, Link)])
