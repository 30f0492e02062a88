"""Reading articles: formats, web furniture, metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualwatch.errors import InputError
from dualwatch.media import read_articles
from dualwatch.media.reader import read_file

SHARED_NEWS = Path("../shared/news")
FIXTURES = Path("tests/fixtures/news/articles")


def test_icon_labels_comment_prompts_and_copyright_lines_are_removed() -> None:
    articles = {a.id: a for a in read_articles([SHARED_NEWS])}
    rt = articles["003_380a6bcfb61e28a6"]
    assert "icon" not in rt.body
    assert rt.title == "Blinken to warn China against helping Russia in Ukraine conflict"
    assert rt.published == "2024-04-20"
    hill = articles["000_e2bcb7ccc95d32e3"]
    assert "Leave a Comment" not in hill.body
    assert "For the latest news" not in hill.body
    assert any(r.startswith("comment prompt") for r in hill.removed)
    wire = articles["001_e7f88a5580847172"]
    assert "Copyright" not in wire.body and not wire.body.startswith("(")
    assert wire.published == "2023"  # the copyright year is kept as a hint


def test_photo_credits_and_captions_leave_the_body() -> None:
    epoch = read_file(SHARED_NEWS / "004_a2a60f7b03f5b55b.txt")[0]
    assert "Getty Images" not in epoch.body
    assert epoch.authors == ["Aldgra Fredly"]
    assert any("Great Hall of the People" in c for c in epoch.captions)
    assert "0:00" not in epoch.body and "Updated:" not in epoch.body


def test_byline_is_an_author_not_a_mention() -> None:
    reuters = read_file(SHARED_NEWS / "002_ce517c1cf79bbb30.txt")[0]
    assert reuters.authors == ["Humeyra Pamuk"]
    assert not reuters.body.startswith("By ")


def test_html_meta_tags_and_navigation() -> None:
    page = read_file(FIXTURES / "caijing_like_limbach.html")[0]
    assert page.title == "被列入欧盟制裁名单的中国企业回应"
    assert page.outlet == "财经观察" and page.published == "2025-03-05"
    assert page.url == "https://caijing.example/limbach"
    assert "首页" not in page.body and "版权所有" not in page.body


def test_markdown_front_matter_links_and_emphasis() -> None:
    md = read_file(FIXTURES / "ledger_drone_engines.md")[0]
    assert md.title == "Brussels blacklists Chinese suppliers of Russian drone engines"
    assert (md.outlet, md.published, md.authors) == ("The Ledger", "2025-02-24", ["Tom Brandt"])
    assert "**" not in md.body and "](" not in md.body and "European Commission" in md.body
    assert "Subscribe" not in md.body and "Related articles" not in md.body


def test_json_lines_fields() -> None:
    records = read_file(FIXTURES / "later_package.jsonl")
    assert [r.id for r in records] == ["harbor-2026", "courier-2026"]
    courier = records[1]
    assert courier.outlet == "Evening Courier" and courier.published == "2026-02-23"
    assert "<p>" not in courier.body and "Share this article" not in courier.body


def test_json_lines_without_body_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"title": "ok", "body": "text"}) + "\n"
                    + json.dumps({"title": "no body"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_file(path)
    assert "line 2" in str(err.value) and "body" in str(err.value)


def test_unknown_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "article.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unknown article file type"):
        read_file(path)


def test_headline_inside_a_page_header_is_the_title() -> None:
    from dualwatch.media.reader import from_html

    page = from_html("<html><head><title>Site | Home</title></head><body><article><header>"
                     "<h1>Real headline</h1><nav>Menu</nav></header><p>The story itself.</p>"
                     "</article></body></html>", "page.html", "page")
    assert page.title == "Real headline" and page.body == "The story itself."
