"""Our own test articles: listed companies named in English, Russian and Chinese are found on
the bundled lists; events, people, places, goods and quotes as in expected.json."""

from __future__ import annotations

from typing import Any

import pytest

from dualwatch.media import Analysis, ArticleAnalysis

IDS = ("northwire_drone_engines", "ledger_drone_engines", "vedomosti_like_mostotrest",
       "caijing_like_limbach", "harbor-2026", "courier-2026")


def _article(analysis: Analysis, ident: str) -> ArticleAnalysis:
    return next(a for a in analysis.articles if a.article.id == ident)


@pytest.mark.parametrize("ident", IDS)
def test_listed_companies_are_found_on_the_lists(own_analysis: Analysis,
                                                 own_expected: dict[str, Any],
                                                 ident: str) -> None:
    found = _article(own_analysis, ident)
    hits = {h.entity_id for h in found.hits if h.against == "lists" and h.kind == "company"}
    assert set(own_expected["articles"][ident]["companies_on_lists"]) <= hits


@pytest.mark.parametrize("ident", IDS)
def test_extraction_matches_expected(own_analysis: Analysis, own_expected: dict[str, Any],
                                     ident: str) -> None:
    found = _article(own_analysis, ident)
    expected = own_expected["articles"][ident]
    assert found.language == expected["language"]
    assert set(expected["people"]) <= {m.name for m in found.of_kind("person")}
    assert set(expected["places"]) <= {m.name for m in found.of_kind("place")}
    assert set(expected["countries"]) <= {m.name for m in found.of_kind("country")}
    assert set(expected["goods_tiers"]) <= {g.tier for g in found.goods}
    assert set(expected["topics"]) <= {t.topic for t in found.topics}
    assert set(expected["quote_speakers"]) <= {q.speaker for q in found.quotes}
    assert found.event_date == expected["event_date"]
    for key in ("outlet", "published", "authors"):
        if key in expected:
            assert getattr(found.article, key) == expected[key]


def test_events_group_outlets_and_keep_a_later_listing_apart(
        own_analysis: Analysis, own_expected: dict[str, Any]) -> None:
    groups = sorted(sorted(e.articles) for e in own_analysis.events)
    assert groups == sorted(sorted(g) for g in own_expected["events"])


def test_reworded_quotes_of_one_spokesperson_are_flagged(own_analysis: Analysis,
                                                         own_expected: dict[str, Any]) -> None:
    for item in own_expected["quote_variants"]:
        event = next(e for e in own_analysis.events if sorted(e.articles) == item["event"])
        assert any(v.speaker == item["speaker"] and len(v.versions) == 2
                   for v in event.quote_variants)


def test_hits_carry_scores_and_explanations(own_analysis: Analysis) -> None:
    ru = _article(own_analysis, "vedomosti_like_mostotrest")
    hit = next(h for h in ru.hits if h.entity_id == "eu-fsf-117767")
    assert hit.mention == "ПАО «Мостотрест»" and 0 < hit.score <= 1 and hit.explanation
    zh = _article(own_analysis, "caijing_like_limbach")
    assert any(m.name == "厦门林巴贺航空发动机股份有限公司" and m.via in ("list", "legal form")
               for m in zh.of_kind("company"))
