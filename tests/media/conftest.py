"""Fixtures of news analysis: the sample articles, our own articles, and a list index.

The index is built once per session from the non-person entries of the bundled FtM lists (EU
FSF and DoD 1260H, about 1,300 entities), which hold the companies our test articles name in
English, Russian and Chinese; it takes a few seconds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dualwatch.match import MatchIndex, build_index
from dualwatch.media import Analysis, ListGazetteer, analyze, read_articles
from dualwatch.model import Entity
from dualwatch.sources.registry import discover

SHARED_NEWS = Path("../shared/news")
FTM_LISTS = Path("../shared/data/lists/ftm")
FIXTURES = Path("tests/fixtures/news")


@pytest.fixture(scope="session")
def list_entities() -> list[Entity]:
    entities: list[Entity] = []
    for fmt, path in discover(FTM_LISTS):
        entities += [e for e in fmt.read(path).entities if e.schema != "Person"]
    return entities


@pytest.fixture(scope="session")
def list_index(list_entities: list[Entity]) -> MatchIndex:
    return build_index(list_entities)


@pytest.fixture(scope="session")
def shared_analysis() -> Analysis:
    return analyze(read_articles([SHARED_NEWS]))


@pytest.fixture(scope="session")
def shared_expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "shared_expected.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def own_expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def own_analysis(list_entities: list[Entity], list_index: MatchIndex) -> Analysis:
    articles = read_articles([FIXTURES / "articles"])
    return analyze(articles, index=list_index, gazetteer=ListGazetteer(list_entities),
                   lists=["eu_fsf", "us_dod_1260h"])
