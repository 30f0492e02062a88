"""What news analysis produces: articles, their findings, and events across outlets.

Plain dataclasses with ``to_dict`` so the CLI can write JSON and the report can read the same
structure; every finding keeps the sentence it rests on, so a person can check it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One news report as read from a file: text with web furniture removed."""

    id: str
    title: str
    body: str
    source: str  # file path (and line, for JSON lines)
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date, possibly partial ("2023")
    authors: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # boilerplate lines dropped
    captions: list[str] = field(default_factory=list)  # photo captions, kept out of the body

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.title else self.body


@dataclass
class Mention:
    """A person, organisation, company, country or place named in an article."""

    kind: str  # person | organisation | company | country | place
    name: str  # the canonical form (full name, ISO code for countries)
    forms: list[str] = field(default_factory=list)  # as written
    count: int = 0
    role: str | None = None  # a title ("Secretary of State") or place kind
    code: str | None = None  # country code where known
    via: str = ""  # how it was found: title, gazetteer, pattern, list, ...
    sentence: str = ""  # first sentence that names it


@dataclass
class DateMention:
    text: str
    date: str  # ISO, possibly partial ("06-19" when the year is unknown: "--06-19")
    kind: str  # published | event | other
    sentence: str = ""


@dataclass
class TopicHit:
    topic: str
    sentences: list[str] = field(default_factory=list)


@dataclass
class GoodsHit:
    phrase: str
    tier: str
    tier_name: str = ""
    hs_codes: list[str] = field(default_factory=list)
    sentence: str = ""


@dataclass
class Quote:
    text: str
    speaker: str | None
    sentence: str = ""
    fragment: bool = False  # a few quoted words inside reported speech


@dataclass
class ListHit:
    """A screening hit for one mention, against the lists or the user's portfolio."""

    mention: str
    kind: str
    against: str  # lists | portfolio
    score: float
    entity_id: str
    entity_name: str
    schema: str
    matched_name: str
    sources: list[str] = field(default_factory=list)
    explanation: str = ""


@dataclass
class ArticleAnalysis:
    article: Article
    language: str
    dates: list[DateMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    goods: list[GoodsHit] = field(default_factory=list)
    topics: list[TopicHit] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    hits: list[ListHit] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]

    @property
    def event_date(self) -> str | None:
        for d in self.dates:
            if d.kind == "event":
                return d.date
        return None


@dataclass
class Fact:
    """Something reported about an event, and which articles report it."""

    kind: str  # person, place, country, organisation, company, topic, goods, date, statement
    value: str
    articles: list[str] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)  # article id -> sentence


@dataclass
class QuoteVariant:
    """The same statement by the same speaker quoted in different words by different outlets."""

    speaker: str
    versions: dict[str, str]  # article id -> quote text
    similarity: float
    differences: list[str] = field(default_factory=list)  # "could provide → may be providing"
    note: str = ""


@dataclass
class Event:
    id: str
    title: str
    date: str | None
    articles: list[str]
    shared: list[Fact] = field(default_factory=list)
    partial: list[Fact] = field(default_factory=list)
    quote_variants: list[QuoteVariant] = field(default_factory=list)
    wording: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    articles: list[ArticleAnalysis]
    events: list[Event]
    lists_checked: list[str] = field(default_factory=list)
    portfolio: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for item, analysis in zip(out["articles"], self.articles, strict=True):
            item["event_date"] = analysis.event_date
        return out
