"""Listed companies named in news as reporters write them: without the legal form, without the
"(HK)" qualifier, after a "-based" prefix, with a digit first, in a list joined by "and"; and no
goods read from inside a company's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualwatch.match import build_index
from dualwatch.media import ListGazetteer, analyze
from dualwatch.media.model import Article
from dualwatch.model import Entity
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


def _entities_named(*words: str) -> list[Entity]:
    wanted = [w.casefold() for w in words]
    return [e for folder in ("us_ofac_sdn", "us_trade_csl")
            for fmt, path in discover(LISTS / folder) for e in fmt.read(path).entities
            if e.schema != "Person" and any(w in e.caption.casefold() for w in wanted)]


def test_event_date_is_the_action_not_the_background() -> None:
    text = ("Xi Jinping and Vladimir Putin announced a \"no limits\" partnership on Feb. 4, 2022. "
            "The U.S. Commerce Department on Thursday added 3HC Semiconductors to its "
            "Entity List, officials said.")
    article = Article("a", "", text, "test", published="2023-06-02")
    (analysis,) = analyze([article]).articles
    assert analysis.event_date == "2023-06-01"


def test_dateline_does_not_date_the_action() -> None:
    text = ("WASHINGTON, June 2 (Reuters) - The United States kept up pressure on suppliers of "
            "Russia's army. The Treasury designated Terra Tech on May 30, a spokesperson said.")
    article = Article("a", "", text, "test", published="2023-06-02")
    assert analyze([article]).articles[0].event_date == "2023-05-30"


def test_reports_of_one_designation_are_one_event_and_another_stays_apart() -> None:
    entities = _entities_named("TERRA TECH", "SATURN EK")
    index = build_index(entities)
    gazetteer = ListGazetteer(entities)
    articles = [
        Article("wire", "", "The Treasury on Thursday designated Terra Tech, a Moscow "
                "satellite imagery firm, for supporting the war.", "t", published="2023-06-02"),
        Article("paper", "", "Russian company Terra Tech was hit with U.S. sanctions on June "
                "1, the latest step against suppliers of images to the military.", "t",
                published="2023-06-03"),
        Article("later", "", "The Treasury on Tuesday designated Saturn EK, a Russian "
                "electronics distributor, for supplying the army.", "t",
                published="2023-11-08"),
    ]
    result = analyze(articles, index=index, gazetteer=gazetteer)
    groups = sorted(sorted(e.articles) for e in result.events)
    assert groups == [["later"], ["paper", "wire"]]
