"""News analysis end to end: read articles, analyse each, screen the names, group events.

This is the library call behind ``dualwatch news analyze``: articles in, an :class:`Analysis`
out, with screening against a match index of the lists (and of the user's portfolio) when given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from dualwatch.match import MatchIndex
from dualwatch.media.analysis import analyze_article
from dualwatch.media.events import build_events
from dualwatch.media.gazetteer import ListGazetteer
from dualwatch.media.lookup import screen_mentions
from dualwatch.media.model import Analysis, Article
from dualwatch.media.reader import read_articles
from dualwatch.model import Entity


def analyze(articles: Sequence[Article], index: MatchIndex | None = None,
            gazetteer: ListGazetteer | None = None,
            portfolio: MatchIndex | None = None, portfolio_name: str | None = None,
            threshold: float | None = None, lists: Iterable[str] = ()) -> Analysis:
    """Analyse articles; screen their names when an index of the lists or portfolio is given."""
    analyses = [analyze_article(a, gazetteer) for a in articles]
    for item in analyses:
        if index is not None:
            item.hits += screen_mentions(item.mentions, index, "lists", threshold)
        if portfolio is not None:
            item.hits += screen_mentions(item.mentions, portfolio, "portfolio", threshold)
        item.hits.sort(key=lambda h: (-h.score, h.mention))
    return Analysis(articles=analyses, events=build_events(analyses),
                    lists_checked=sorted(set(lists)), portfolio=portfolio_name)


def analyze_paths(paths: Sequence[Path], entities: Iterable[Entity] | None = None,
                  **options: object) -> Analysis:
    """Read and analyse files; ``entities`` (list entries) feed the name gazetteer."""
    gazetteer = ListGazetteer(entities) if entities is not None else None
    return analyze(read_articles(list(paths)), gazetteer=gazetteer, **options)  # type: ignore[arg-type]
