"""Shared fixtures: list context from a bundled list, a generated file and its assessment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dualwatch.model import Entity
from dualwatch.risk import engine, synth
from dualwatch.risk.parties import ListContext
from dualwatch.sources.registry import discover

LISTS = Path("../shared/data/lists")
CSL = LISTS / "us_trade_csl"
FIXTURES = Path("tests/fixtures/risk")


@pytest.fixture(scope="session")
def listed_entities() -> list[Entity]:
    if not CSL.exists():
        pytest.skip(f"bundled lists not found at {CSL}")
    return [e for fmt, path in discover(CSL) for e in fmt.read(path).entities]


@pytest.fixture(scope="session")
def lists(listed_entities: list[Entity]) -> ListContext:
    return ListContext.from_entities(listed_entities)


@pytest.fixture(scope="session")
def fixture_assessment(lists: ListContext) -> Iterator[engine.Assessment]:
    result = engine.assess(FIXTURES / "shipments.csv", lists)
    yield result
    result.close()


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory,
              listed_entities: list[Entity]) -> synth.SynthResult:
    folder = tmp_path_factory.mktemp("synth")
    return synth.generate(folder / "shipments.csv", 2000, listed_entities, seed=7,
                          planted_share=0.05)


@pytest.fixture(scope="session")
def synthetic_assessment(synthetic: synth.SynthResult,
                         lists: ListContext) -> Iterator[engine.Assessment]:
    result = engine.assess(synthetic.path, lists)
    yield result
    result.close()
