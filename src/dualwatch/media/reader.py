"""Reading news articles from files: plain text, HTML, Markdown and JSON lines.

Every input becomes an :class:`Article` with a title, a body cleaned of web furniture and what
the file says about outlet, URL, authors and publication date. JSON lines carry those as fields
(``title, body, url, outlet, published``); HTML as meta tags; text and Markdown in their first
lines (a byline "By ...", a date line). Nothing is fetched.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from dualwatch.errors import InputError
from dualwatch.media.boilerplate import clean_lines
from dualwatch.media.dates import parse_date
from dualwatch.media.model import Article

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | MARKDOWN_SUFFIXES | JSONL_SUFFIXES
_BYLINE = re.compile(r"^(?:by|автор:?|作者[:：]?)\s+(.{3,80})$", re.IGNORECASE)
_NAME_LINE = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}$")


def read_articles(paths: list[Path]) -> list[Article]:
    """All articles in the given files and folders (folders are read recursively, sorted)."""
    articles: list[Article] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower()
                           in SUFFIXES - {""} and p.name.lower() != "readme.md")
            articles.extend(a for f in files for a in read_file(f))
        elif path.is_file():
            articles.extend(read_file(path))
        else:
            raise InputError(path, "no such file or folder")
    return articles


def read_file(path: Path) -> list[Article]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(path, f"unknown article file type {suffix!r}; use .txt, .html, .md "
                               "or .jsonl")
    try:
        raw = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if suffix in JSONL_SUFFIXES:
        return list(_read_jsonl(path, raw))
    if suffix in HTML_SUFFIXES:
        return [from_html(raw, str(path), path.stem)]
    if suffix in MARKDOWN_SUFFIXES:
        return [from_markdown(raw, str(path), path.stem)]
    return [from_text(raw, str(path), path.stem)]


def _records(path: Path, raw: str) -> list[tuple[int, object]]:
    """(line, record) pairs: JSON lines, or a ``.json`` file holding one array of records."""
    if path.suffix.lower() == ".json" and raw.lstrip().startswith("["):
        try:
            return [(1, item) for item in json.loads(raw)]
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON ({exc.msg})", line=exc.lineno) from exc
    out: list[tuple[int, object]] = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON ({exc.msg})", line=number) from exc
    return out


def _read_jsonl(path: Path, raw: str) -> list[Article]:
    out = []
    for number, record in _records(path, raw):
        if not isinstance(record, dict):
            raise InputError(path, "each line must be a JSON object", line=number)
        body = record.get("body")
        if not isinstance(body, str) or not body.strip():
            raise InputError(path, "missing or empty body", line=number, field="body")
        source = f"{path}:{number}"
        ident = str(record.get("id") or f"{path.stem}-{number}")
        text = html_to_text(body)[1] if re.search(r"<(p|div|br|span)\b", body) else body
        title = str(record.get("title") or "")
        article = from_text(f"{title}\n\n{text}" if title else text, source, ident)
        article.url = record.get("url") or None
        article.outlet = record.get("outlet") or None
        if record.get("published"):
            article.published = parse_date(str(record["published"])) or str(record["published"])
        out.append(article)
    return out


def from_text(raw: str, source: str, ident: str) -> Article:
    """An article from extracted page text: first real line is the title."""
    cleaned = clean_lines(raw.splitlines())
    lines = cleaned.lines
    while lines and not lines[0]:
        lines.pop(0)
    authors: list[str] = []
    published: str | None = None
    while lines and (not lines[0] or _date_line(lines[0])):
        line = lines.pop(0)
        if line and published is None:
            published = _date_line(line)
            cleaned.removed.append(f"date line: {line}")
    title = lines.pop(0) if lines else ""
    body: list[str] = []
    in_header = True
    for line in lines:
        if in_header and line and len(line.split()) >= 20:
            in_header = False
        if in_header and line:
            byline = _BYLINE.match(line)
            if byline:
                authors.extend(_split_names(byline.group(1)))
                continue
            date_only = _date_line(line)
            if date_only and published is None:
                published = date_only
                cleaned.removed.append(f"date line: {line}")
                continue
            if _NAME_LINE.match(line) and not any(body):
                authors.append(line)
                continue
            if line.casefold() == title.casefold():
                continue
        body.append(line)
    if published is None and cleaned.copyright_year:
        published = cleaned.copyright_year
    text = "\n".join(body).strip()
    return Article(id=ident, title=title, body=re.sub(r"\n{3,}", "\n\n", text), source=source,
                   published=published, authors=authors, outlet=cleaned.copyright_holder,
                   removed=cleaned.removed, captions=cleaned.captions)


def _date_line(line: str) -> str | None:
    """The full date a short line consists of ("20 Apr, 2024 23:50"), else None."""
    if len(line) > 40:
        return None
    found = parse_date(line)
    return found if found and not found.startswith("--") else None


def _split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",| and | и |、", text) if n.strip()]


def from_markdown(raw: str, source: str, ident: str) -> Article:
    meta: dict[str, str] = {}
    front = re.match(r"^---\n(.*?)\n---\n", raw, re.DOTALL)
    if front:
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            meta[key.strip().casefold()] = value.strip().strip("\"'")
        raw = raw[front.end():]
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", raw)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"^\s{0,3}(?:#{1,6}\s*|>\s?|[-*+]\s+(?=\S))", "", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1", r"\2", text)
    if meta.get("title"):
        text = f"{meta['title']}\n\n{text}"
    article = from_text(text, source, ident)
    _apply_meta(article, meta)
    return article


def _apply_meta(article: Article, meta: dict[str, str]) -> None:
    article.url = meta.get("url") or article.url
    article.outlet = meta.get("outlet") or meta.get("site_name") or article.outlet
    published = meta.get("published") or meta.get("date")
    if published:
        article.published = parse_date(published) or published
    if meta.get("author"):
        article.authors = _split_names(meta["author"])


class _HTMLText(HTMLParser):
    SKIP: ClassVar[set[str]] = {"script", "style", "nav", "header", "footer", "aside", "form",
                                "button", "svg", "noscript", "iframe", "select", "menu",
                                "figure"}
    BLOCK: ClassVar[set[str]] = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                                 "tr", "blockquote", "section", "article", "figcaption", "time",
                                 "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.skip = 0
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").casefold()
            names = {"og:site_name": "outlet", "article:published_time": "published",
                     "og:url": "url", "author": "author", "og:title": "title", "date": "date"}
            if key in names and values.get("content"):
                self.meta.setdefault(names[key], values["content"])
        elif tag == "link" and values.get("rel") == "canonical" and values.get("href"):
            self.meta.setdefault("url", values["href"])
        if tag in self.SKIP:
            self.skip += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.in_h1:
            self.h1 += data  # the headline, even inside a skipped <header>
        if self.skip:
            return
        self.parts.append(data)


def html_to_text(raw: str) -> tuple[dict[str, str], str]:
    """(meta, text): the page's meta tags and its visible text, one block per line."""
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    meta = dict(parser.meta)
    meta.setdefault("title", " ".join((parser.h1 or parser.title).split()))
    return meta, "\n".join(line for line in lines if line)


def from_html(raw: str, source: str, ident: str) -> Article:
    meta, text = html_to_text(raw)
    title = meta.get("title", "")
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    article = from_text(text, source, ident)
    _apply_meta(article, meta)
    return article


def article_id(article: Article) -> str:
    return hashlib.sha1(article.text.encode()).hexdigest()[:12]
