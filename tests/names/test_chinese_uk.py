"""Every Chinese firm on the UK consolidated list is found by its Chinese name as a Chinese bank,
exporter or customs officer writes it: Traditional or Simplified, with or without the city in
front and the legal form behind (UK list, ../shared/data/lists-extra/gb_hmt_sanctions)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import opencc
import pytest

from dualwatch.match import MatchIndex, Query, build_index, match_batch
from dualwatch.model import Entity
from dualwatch.names.tables import read_table
from dualwatch.sources import uk_ofsi

UK_LIST = Path("../shared/data/lists-extra/gb_hmt_sanctions/ConList.csv")
HAN = re.compile(r"[\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
LEGAL_ENDINGS = ("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司")

pytestmark = pytest.mark.skipif(not UK_LIST.exists(), reason="shared UK list not present")


@cache
def _uk() -> tuple[list[Entity], MatchIndex]:
    entities = list(uk_ofsi.read(UK_LIST).entities)
    return entities, build_index(entities)


def _chinese_firms() -> list[tuple[str, str]]:
    entities, _ = _uk()
    return [(e.id, n.value) for e in entities if e.schema != "Person" for n in e.names
            if HAN.search(n.value) and not KANA.search(n.value)]


def _places() -> tuple[str, ...]:
    places = [t for r in read_table("name_words.csv") if r["kind"] == "place"
              for t in r["zh"].split("|") if t and t != "中国"]  # cities and provinces
    return tuple(sorted(places, key=len, reverse=True))


def _variants(name: str) -> set[str]:
    """The name in both scripts, without its legal form, without its city, without both."""
    simplified = opencc.OpenCC("t2s").convert(name)
    traditional = opencc.OpenCC("s2t").convert(name)
    out = set()
    for written in (name, simplified, traditional):
        bare = written
        for ending in LEGAL_ENDINGS:
            if bare.endswith(ending):
                bare = bare[: -len(ending)]
                break
        for form in (written, bare):
            out.add(form)
            short = opencc.OpenCC("t2s").convert(form)
            for place in _places():
                if short.startswith(place):
                    cut = len(place) + (1 if short[len(place):len(place) + 1] in "市省" else 0)
                    if len(form) - cut >= 2:
                        out.add(form[cut:])
                    break
    return out


def test_the_uk_list_carries_its_chinese_firms() -> None:
    firms = _chinese_firms()
    assert len({entity_id for entity_id, _ in firms}) >= 20  # 23 in the 2025-04-14 file
    assert any(name == "东莞圣寅数控设备有限公司" for _, name in firms)


def test_each_uk_chinese_firm_found_in_both_scripts_with_and_without_city_and_legal_form() -> None:
    _, index = _uk()
    missed = []
    for entity_id, name in _chinese_firms():
        variants = sorted(_variants(name))
        results = match_batch([Query(id=v, name=v, schema="Company") for v in variants], index)
        for variant, hits in zip(variants, results, strict=True):
            if not hits or entity_id not in hits[0].entity_ids:
                missed.append((name, variant, [h.entity_name for h in hits[:1]]))
    assert not missed, missed


def test_japanese_and_korean_names_on_the_uk_list_find_their_entry() -> None:
    entities, index = _uk()
    native = [(e.id, e.schema, n.value) for e in entities for n in e.names
              if KANA.search(n.value) or re.search(r"[\uac00-\ud7af]", n.value)]
    assert len(native) >= 5
    queries = [Query(id=str(i), name=name, schema=schema)
               for i, (_, schema, name) in enumerate(native)]
    results = match_batch(queries, index)
    missed = [name for (entity_id, _, name), hits in zip(native, results, strict=True)
              if not hits or entity_id not in hits[0].entity_ids]
    assert not missed, missed
