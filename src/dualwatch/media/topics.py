"""Risk topics and goods categories that an article's sentences support.

A topic (sanctions evasion, dual-use exports, military end use, lethal aid, export controls) is
reported with every sentence that supports it, so an analyst reads the evidence rather than a
label; the phrases are in ``data/topics.csv``. Goods categories come from the goods module
(``categories_for_text``: "machine tools" → CHPL tier 4.B) with the HS codes of the tier.
"""

from __future__ import annotations

import re
from functools import cache

from dualwatch.goods import categories_for_text
from dualwatch.goods.nomenclature import nomenclature
from dualwatch.media.model import GoodsHit, TopicHit
from dualwatch.media.tables import read_table


@cache
def _topic_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for row in read_table("topics.csv"):
        if row["lang"] == lang:
            boundary = "" if lang == "zh" else r"\b"
            out.append((row["topic"], re.compile(f"{boundary}(?:{row['pattern']})",
                                                 re.IGNORECASE)))
    return tuple(out)


def find_topics(sentences: list[str], lang: str) -> list[TopicHit]:
    """Risk topics in order of first support, each with all its supporting sentences."""
    found: dict[str, TopicHit] = {}
    for sentence in sentences:
        for topic, pattern in _topic_patterns(lang):
            if pattern.search(sentence):
                hit = found.setdefault(topic, TopicHit(topic))
                if sentence not in hit.sentences:
                    hit.sentences.append(sentence)
    return list(found.values())


@cache
def _tier_codes(tier: str) -> tuple[str, ...]:
    """The HS-6 codes the CHPL puts in a tier."""
    return tuple(sorted(code for code, item_tier in nomenclature().chpl.items()
                        if item_tier == tier))


def _as_written(phrase: str, sentence: str) -> str:
    """The words of the sentence a stem phrase ("станк*") matched ("станки")."""
    if not phrase.endswith("*"):
        return phrase
    found = re.search(rf"(?<![\w]){re.escape(phrase[:-1])}\w*", sentence, re.IGNORECASE)
    return found.group(0) if found else phrase


def find_goods(sentences: list[str]) -> list[GoodsHit]:
    """CHPL goods categories named in the article, one per tier, with the naming sentence."""
    found: dict[str, GoodsHit] = {}
    for sentence in sentences:
        for hit in categories_for_text(sentence):
            if hit.tier not in found:
                found[hit.tier] = GoodsHit(_as_written(hit.phrase, sentence), hit.tier, hit.name,
                                           list(_tier_codes(hit.tier)), sentence)
    return list(found.values())
