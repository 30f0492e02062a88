"""Listed companies named in news as reporters write them: without the legal form, without the
"(HK)" qualifier, after a "-based" prefix, with a digit first, in a list joined by "and"; and no
goods read from inside a company's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualwatch.media import ListGazetteer, analyze
from dualwatch.media.model import Article
from dualwatch.sources.registry import discover

LISTS = Path("../shared/data/lists")


@pytest.fixture(scope="module")
def gazetteer() -> ListGazetteer:
    entities = [e for folder in ("us_ofac_sdn", "us_trade_csl")
                for fmt, path in discover(LISTS / folder) for e in fmt.read(path).entities
                if e.schema != "Person"]
    return ListGazetteer(entities)


def _found(gazetteer: ListGazetteer, sentence: str) -> dict[str, str]:
    return {f.text: f.known.name for f in gazetteer.find(sentence)}


def test_listed_name_without_its_legal_form(gazetteer: ListGazetteer) -> None:
    found = _found(gazetteer, "Treasury also designated Terra Tech, a Russian provider of "
                              "satellite imagery, and Saturn EK.")
    assert found["Terra Tech"] == "JOINT STOCK COMPANY TERRA TECH"
    assert found["Saturn EK"] == "SATURN EK OOO"


def test_listed_name_without_its_place_qualifier(gazetteer: ListGazetteer) -> None:
    found = _found(gazetteer, "Speed Business Trading shipped integrated circuits to Russia.")
    assert found["Speed Business Trading"] == "Speed Business Trading (HK) Ltd."


def test_based_prefix_and_plural_are_read_through(gazetteer: ListGazetteer) -> None:
    found = _found(gazetteer, "Shenzhen-based Winninc Electronics sold the parts.")
    assert found == {"Winninc Electronics": "Winninc Electronic"}


def test_names_joined_by_and_stay_apart(gazetteer: ListGazetteer) -> None:
    found = _found(gazetteer, "The firms, 3HC Semiconductors and King-Pai Technology, were "
                              "added to the Entity List.")
    assert set(found) == {"3HC Semiconductors", "King-Pai Technology"}


def test_lower_case_words_are_not_a_listed_name(gazetteer: ListGazetteer) -> None:
    assert _found(gazetteer, "the speed business trading of asia pacific links") == {}


def test_no_goods_read_from_a_company_name(gazetteer: ListGazetteer) -> None:
    text = ("Washington added 3HC Semiconductors to its trade blacklist on Friday, the "
            "Commerce Department said.")
    about_chips = "The company shipped semiconductors to a Russian buyer."
    quiet = analyze([Article("a", "", text, "test")], gazetteer=gazetteer)
    assert quiet.articles[0].goods == []
    loud = analyze([Article("b", "", text + " " + about_chips, "test")], gazetteer=gazetteer)
    assert [g.tier for g in loud.articles[0].goods] == ["1"]
