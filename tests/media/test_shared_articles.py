"""The five sample articles of ../shared/news: events, main names, goods, quotes."""

from __future__ import annotations

from typing import Any

import pytest

from dualwatch.media import Analysis, ArticleAnalysis

ARTICLES = ("000_e2bcb7ccc95d32e3", "001_e7f88a5580847172", "002_ce517c1cf79bbb30",
            "003_380a6bcfb61e28a6", "004_a2a60f7b03f5b55b")


def _article(analysis: Analysis, ident: str) -> ArticleAnalysis:
    return next(a for a in analysis.articles if a.article.id == ident)


def test_the_june_2023_visit_is_one_event_and_the_april_2024_trip_another(
        shared_analysis: Analysis, shared_expected: dict[str, Any]) -> None:
    groups = sorted(sorted(e.articles) for e in shared_analysis.events)
    assert groups == sorted(sorted(g) for g in shared_expected["events"])
    dates = {tuple(sorted(e.articles)): e.date for e in shared_analysis.events}
    assert dates[("003_380a6bcfb61e28a6",)] == "2024-04-24"
    assert "2023-06-19" in dates.values()


@pytest.mark.parametrize("ident", ARTICLES)
def test_main_people_places_countries_and_goods(shared_analysis: Analysis,
                                                shared_expected: dict[str, Any],
                                                ident: str) -> None:
    found = _article(shared_analysis, ident)
    expected = shared_expected["articles"][ident]
    assert set(expected["people"]) <= {m.name for m in found.of_kind("person")}
    assert set(expected["places"]) <= {m.name for m in found.of_kind("place")}
    assert set(expected["countries"]) <= {m.name for m in found.of_kind("country")}
    assert [g.tier for g in found.goods] == expected["goods_tiers"]
    assert set(expected["topics"]) <= {t.topic for t in found.topics}
    for key in ("published", "event_date"):
        if key in expected:
            value = found.article.published if key == "published" else found.event_date
            assert value == expected[key]
    if "authors" in expected:
        assert found.article.authors[:len(expected["authors"])] == expected["authors"]


def test_bylines_and_credits_are_not_people_of_the_story(shared_analysis: Analysis) -> None:
    reuters = _article(shared_analysis, "002_ce517c1cf79bbb30")
    people = {m.name for m in reuters.of_kind("person")}
    assert not people & {"Humeyra Pamuk", "Patricia Zengerle", "Jonathan Oatis"}
    assert "Patricia Zengerle" in reuters.article.authors


def test_surnames_count_towards_the_full_name_and_titles_are_roles(
        shared_analysis: Analysis) -> None:
    hill = _article(shared_analysis, "000_e2bcb7ccc95d32e3")
    blinken = next(m for m in hill.of_kind("person") if m.name == "Antony Blinken")
    assert blinken.count >= 6 and blinken.role == "Secretary of State"
    assert hill.of_kind("person")[0].name == "Antony Blinken"


def test_goods_of_the_rt_article_map_to_chpl_tiers_with_hs_codes(
        shared_analysis: Analysis) -> None:
    rt = _article(shared_analysis, "003_380a6bcfb61e28a6")
    goods = {g.phrase: g for g in rt.goods}
    assert goods["machine tools"].tier == "4.B" and "845710" in goods["machine tools"].hs_codes
    assert goods["microelectronics"].tier == "1" and "854231" in goods["microelectronics"].hs_codes
    assert goods["optics"].tier == "3.B"


def test_topics_carry_their_supporting_sentences(shared_analysis: Analysis) -> None:
    epoch = _article(shared_analysis, "004_a2a60f7b03f5b55b")
    lethal = next(t for t in epoch.topics if t.topic == "lethal aid")
    assert any("lethal aid to Russia" in s for s in lethal.sentences)


def test_quotes_have_their_speakers(shared_analysis: Analysis) -> None:
    reuters = _article(shared_analysis, "002_ce517c1cf79bbb30")
    speakers = {q.text[:30]: q.speaker for q in reuters.quotes}
    assert speakers["We oppose the unfair prohibitio"[:30]] == "Liu Pengyu"
    assert speakers["With regard to lethal aid to Ru"[:30]] == "Antony Blinken"
    epoch = _article(shared_analysis, "004_a2a60f7b03f5b55b")
    by_text = {q.text[:20]: q.speaker for q in epoch.quotes}
    assert by_text["It would prolong thi"] == "Patrick Ryder"  # "he added" after Ryder
    rt = _article(shared_analysis, "003_380a6bcfb61e28a6")
    assert {q.speaker for q in rt.quotes} >= {"Mao Ning", "Kurt Campbell"}
    assert all(q.speaker for q in rt.quotes)


def test_quote_variants_between_outlets_are_reported(shared_analysis: Analysis,
                                                     shared_expected: dict[str, Any]) -> None:
    event = next(e for e in shared_analysis.events if len(e.articles) == 4)
    blinken = [v for v in event.quote_variants if v.speaker == "Antony Blinken"]
    differences = " ".join(d for v in blinken for d in v.differences)
    for a, b in shared_expected["quote_differences"]:
        assert a in differences and b in differences, (a, b)
    assert all(v.note for v in blinken)
    paraphrase = [v for v in blinken if "000_e2bcb7ccc95d32e3" in v.note]
    assert paraphrase, "The Hill's version of the lethal-aid quote differs from two agreeing ones"


def test_shared_and_partial_facts(shared_analysis: Analysis) -> None:
    event = next(e for e in shared_analysis.events if len(e.articles) == 4)
    shared = {(f.kind, f.value) for f in event.shared}
    assert {("person", "Antony Blinken"), ("person", "Xi Jinping"), ("place", "Beijing"),
            ("topic", "lethal aid")} <= shared
    partial = {(f.kind, f.value): f.articles for f in event.partial}
    assert partial[("country", "tw")] == ["001_e7f88a5580847172", "004_a2a60f7b03f5b55b"]
    assert ("person", "Liu Pengyu") in partial
    assert any(f.kind == "statement" and "vigilant" in f.value for f in event.partial)


def test_wording_differences_name_the_outlets(shared_analysis: Analysis,
                                              shared_expected: dict[str, Any]) -> None:
    event = next(e for e in shared_analysis.events if len(e.articles) == 4)
    wording = " ".join(event.wording)
    for word in shared_expected["wording"]:
        assert word in wording
