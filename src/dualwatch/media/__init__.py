"""Adverse media: what the press reports about counterparties and the goods they trade.

``analyze_paths(paths, entities)`` reads articles (text, HTML, Markdown, JSON lines), finds in
each the dates, people, organisations, companies, countries, places, CHPL goods categories,
risk topics and quotes, screens the names against the lists and a portfolio, and groups the
articles into events whose reports it compares. ``render_report`` makes the HTML page.
No model is downloaded: names come from reference tables, the lists' own names and patterns.
"""

from dualwatch.media.analysis import analyze_article
from dualwatch.media.events import build_events, group_events
from dualwatch.media.gazetteer import ListGazetteer
from dualwatch.media.lookup import portfolio_index, screen_mentions
from dualwatch.media.model import (
    Analysis,
    Article,
    ArticleAnalysis,
    DateMention,
    Event,
    Fact,
    GoodsHit,
    ListHit,
    Mention,
    Quote,
    QuoteVariant,
    TopicHit,
)
from dualwatch.media.pipeline import analyze, analyze_paths
from dualwatch.media.reader import read_articles
from dualwatch.media.report import render_report

__all__ = [
    "Analysis",
    "Article",
    "ArticleAnalysis",
    "DateMention",
    "Event",
    "Fact",
    "GoodsHit",
    "ListGazetteer",
    "ListHit",
    "Mention",
    "Quote",
    "QuoteVariant",
    "TopicHit",
    "analyze",
    "analyze_article",
    "analyze_paths",
    "build_events",
    "group_events",
    "portfolio_index",
    "read_articles",
    "render_report",
    "screen_mentions",
]
