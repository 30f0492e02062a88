"""One article in, its findings out: dates, names, goods, risk topics and quotes.

The steps are independent readers of the same sentences; this module only sequences them and
takes the credit lines ("Reporting by ...", "... contributed to this report") out of the text,
since the people they name wrote the article rather than appear in it.
"""

from __future__ import annotations

import re

from dualwatch.media.dates import article_dates
from dualwatch.media.entities import extract_mentions
from dualwatch.media.gazetteer import ListGazetteer
from dualwatch.media.model import Article, ArticleAnalysis, Mention
from dualwatch.media.quotes import extract_quotes
from dualwatch.media.text import language, paragraphs, sentences
from dualwatch.media.topics import find_goods, find_topics

_CREDIT = re.compile(r"^\(?\s*(?:reporting|writing|editing|additional reporting)\s+by\b|"
                     r"contributed to this (?:report|article|story)", re.IGNORECASE)
_CREDIT_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)+")


def _without_credits(article: Article, paras: list[str]) -> list[str]:
    kept = []
    for paragraph in paras:
        if _CREDIT.search(paragraph):
            for name in _CREDIT_NAME.findall(paragraph):
                if name not in article.authors and not name.startswith(("Reporting", "Editing")):
                    article.authors.append(name)
            article.removed.append(f"credits: {paragraph}")
            continue
        kept.append(paragraph)
    return kept


def _without_names(sents: list[str], mentions: list[Mention]) -> list[str]:
    """The sentences with the names of companies and organisations blanked out, so that the
    goods an article speaks of are not read from a name ("3HC Semiconductors")."""
    forms = sorted({f for m in mentions if m.kind in ("company", "organisation")
                    for f in m.forms if f}, key=len, reverse=True)
    if not forms:
        return sents
    pattern = re.compile("|".join(re.escape(f) for f in forms))
    return [pattern.sub(lambda m: " " * len(m.group(0)), s) for s in sents]


def analyze_article(article: Article, gazetteer: ListGazetteer | None = None) -> ArticleAnalysis:
    """Everything the text of one article says, without screening."""
    paras = _without_credits(article, paragraphs(article.text))
    lang = language(article.text)
    sents = [s for p in paras for s in sentences(p)]
    body_sents = sents[1:] if article.title and sents and sents[0] == article.title else sents
    mentions = extract_mentions(sents, lang, gazetteer)
    return ArticleAnalysis(
        article=article, language=lang,
        dates=article_dates(body_sents, article.published, article.captions),
        mentions=mentions, goods=find_goods(_without_names(sents, mentions)),
        topics=find_topics(sents, lang),
        quotes=extract_quotes(paras, lang, mentions))
