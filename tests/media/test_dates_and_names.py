"""Dates, names and quotes on small sentences: the rules one at a time."""

from __future__ import annotations

from dualwatch.media.dates import article_dates, find_dates, parse_date
from dualwatch.media.entities import extract_mentions
from dualwatch.media.quotes import extract_quotes


def test_dates_in_english_russian_and_chinese() -> None:
    assert parse_date("20 Apr, 2024 23:50") == "2024-04-20"
    assert parse_date("on Feb. 24") == "--02-24"
    assert parse_date("12 марта 2025 года") == "2025-03-12"
    assert parse_date("2025年3月5日，公司表示") == "2025-03-05"
    assert find_dates("said Monday") == [("said Monday", "W0")]


def test_weekdays_resolve_backwards_for_news_and_forwards_for_plans() -> None:
    said = article_dates(["Blinken said Monday that talks went well."], "2023-06-20")
    assert [d.date for d in said if d.kind == "event"] == ["2023-06-19"]
    plans = article_dates(["He will travel to Beijing on Wednesday."], "2024-04-20")
    assert [d.date for d in plans if d.kind == "event"] == ["2024-04-24"]


def test_partial_dates_take_the_year_of_the_captions() -> None:
    dates = article_dates(["He met Xi on June 19."], None, ["A photo on June 15, 2023."])
    assert dates[0].date == "2023-06-19" and dates[0].kind == "event"


def test_titles_pinyin_names_and_surname_mentions() -> None:
    sentences = ["Chinese Foreign Minister Qin Gang met Deputy Secretary of State Kurt Campbell.",
                 "Campbell said the talks were frank, and Wang Yi agreed.",
                 "Later, Campbell left for Hong Kong."]
    people = {m.name: m for m in extract_mentions(sentences, "en") if m.kind == "person"}
    assert people["Qin Gang"].role == "Foreign Minister"
    assert people["Kurt Campbell"].count == 3 and "Wang Yi" in people
    assert "Hong Kong" not in people  # a place, though "Hong" is a Chinese surname


def test_russian_and_chinese_names_and_companies() -> None:
    ru = extract_mentions(["Генеральный директор Иван Петров заявил, что ООО «Техпром» "
                           "закупало станки в Москве."], "ru")
    assert ("person", "Иван Петров") in {(m.kind, m.name) for m in ru}
    assert ("company", "ООО «Техпром»") in {(m.kind, m.name) for m in ru}
    assert ("place", "Moscow") in {(m.kind, m.name) for m in ru}
    zh = extract_mentions(["外交部发言人毛宁表示，深圳市华强电子有限公司与此无关。"], "zh")
    assert ("person", "毛宁") in {(m.kind, m.name) for m in zh}
    assert ("company", "深圳市华强电子有限公司") in {(m.kind, m.name) for m in zh}


def test_a_quote_continues_with_its_speaker_and_he_is_the_last_subject() -> None:
    paragraphs = ["Pentagon press secretary Brig. Gen. Patrick Ryder spoke on Friday.",
                  "“It would prolong this conflict,” he said. “It would cause suffering.”",
                  "“We will see,” Ryder added."]
    mentions = extract_mentions(paragraphs, "en")
    quotes = extract_quotes(paragraphs, "en", mentions)
    assert [q.speaker for q in quotes] == ["Patrick Ryder"] * 3


def test_quoted_names_are_not_quotes() -> None:
    paragraphs = ["Blinken said Washington supports the “One China” policy."]
    assert extract_quotes(paragraphs, "en", extract_mentions(paragraphs, "en")) == []
