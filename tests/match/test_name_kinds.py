"""Each kind of real name variation the matcher must hold on, with real names.

The examples are listed parties as the OFAC, UN and EU lists write them, and the way public
records and news write the same people and companies. A kind that is no error (a part left out,
a title, a legal form glued on, another alphabet) must alert at the recommended threshold; a
kind that is evidence against (another patronymic, another distinctive word) must score below
the same name without it.
"""

import pytest

from dualwatch.match import DEFAULT_THRESHOLD, Query, build_index, compare, match_batch
from dualwatch.model import Entity, NameKind
from dualwatch.names import normalize_name

SAME = [
    # A patronymic present on one side only.
    ("Ramzan Kadyrov", "Ramzan Akhmatovich KADYROV", "Person"),
    # Titles, honorifics and vessel prefixes.
    ("Mr Nicolas Maduro", "Nicolas MADURO", None),
    ("President Vladimir Putin", "Vladimir Vladimirovich PUTIN", None),
    ("Sheikh Hassan Dahir Aweys", "Hassan Dahir AWEYS", "Person"),
    ("Mullah Naim BARICH", "Naim BARICH", None),
    ("M/V Sea Honest", "SEA HONEST", None),
    # Legal forms glued, abbreviated or in another language.
    ("SiemensAG", "Siemens AG", None),
    ("Almaz-Antey JSC", "Akciová společnost Almaz-Antěj", None),
    ("Prime Shipping s.r.o.", "Prime Shipping LLC", "Company"),
    ("Nokia Oyj", "Nokia Corporation", "Company"),
    # Words joined or split.
    ("AlisherUsmanov", "Alisher Burhanovich USMANOV", None),
    ("RamiMakhlouf", "Rami MAKHLOUF", None),
    # Digits for letters, numbers as words.
    ("Ig0r Sech1n", "Igor Ivanovich SECHIN", None),
    ("First Bank", "1st Bank", None),
    ("Forty-Four Holding", "44 Holding", None),
    # Nicknames and diminutives.
    ("Bill Browder", "William Browder", "Person"),
    ("Sasha Ivanov", "Aleksandr IVANOV", "Person"),
    # East Slavic and Baltic forms, case endings.
    ("Volodymyr Zelensky", "Vladimir Zelensky", "Person"),
    ("Уладзімір Пуцін", "Vladimir PUTIN", "Person"),
    ("Sergejs Lavrovs", "Sergey LAVROV", "Person"),
    ("Vladimiras Putinas", "Vladimir PUTIN", "Person"),
    ("Nikolaj Patrusjev", "Nikolay PATRUSHEV", "Person"),
    ("Andrej Vladimirovitj TJERNYSJOV", "Andrey Vladimirovich CHERNYSHYOV", "Person"),
    # Foreign names written in other scripts.
    ("Μπαράκ Ομπάμα", "Barack Obama", "Person"),
    ("ברק אובמה", "Barack Obama", "Person"),
    ("ולדימיר פוטין", "Vladimir PUTIN", "Person"),
    ("باراك أوباما", "Barack Obama", "Person"),
    ("Վլադիմիր Պուտին", "Vladimir PUTIN", "Person"),
    ("ვლადიმერ პუტინი", "Vladimir PUTIN", "Person"),
    ("Πούτιν", "PUTIN", "Person"),
]


@pytest.mark.parametrize(("query", "listed", "schema"), SAME)
def test_variation_that_is_no_error_alerts(query: str, listed: str, schema: str | None) -> None:
    result = compare(query, listed, schema)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation


def test_conflicting_patronymic_is_evidence_against() -> None:
    same = compare("Sergey Viktorovich LAVROV", "Sergey Viktorovich LAVROV").score
    without = compare("Sergey LAVROV", "Sergey Viktorovich LAVROV").score
    other = compare("Sergey Ivanovich LAVROV", "Sergey Viktorovich LAVROV")
    assert other.score < without <= same
    assert "patronymic_differs" in {f.name for f in other.features}


def test_a_missing_part_costs_less_than_a_replaced_one() -> None:
    missing = compare("Nicolas Maduro", "Nicolas MADURO MOROS", "Person").score
    replaced = compare("Nicolas Moros", "Nicolas MADURO ROSALES", "Person").score
    assert replaced < missing


def test_one_other_hangul_syllable_is_another_name() -> None:
    # Passport-style readings write 정 and 종 alike ("jong"): the Hangul tells them apart.
    assert compare("김정은", "김 정은").score >= DEFAULT_THRESHOLD
    assert compare("김종은", "김정은").score < DEFAULT_THRESHOLD


def test_another_sector_word_in_a_company_name_is_evidence_against() -> None:
    same = compare("Harbin Electric Equipment Corporation",
                   "HARBIN ELECTRIC EQUIPMENT CORPORATION").score
    other = compare("Harbin Electric Equipment Corporation",
                    "Harbin Electric Engineering Corporation")
    assert other.score < same
    assert "sector_differs" in {f.name for f in other.features}


def test_explanation_adds_up_and_shows_words_as_spelt() -> None:
    result = compare("Bill Browder", "William BROWDER", "Person")
    assert "bill~william" in result.explanation
    sum_shown = float(result.explanation.rsplit(" = ", 1)[1].split(";")[0])
    from dualwatch.match.scoring import probability, weights

    total = weights()["bias"] + sum(f.value * f.weight for f in result.features)
    assert abs(total - sum_shown) < 0.01
    assert abs(probability(total) - result.score) < 0.01


def test_titles_are_marked_not_compared() -> None:
    kinds = [t.kind for t in normalize_name("President Vladimir Putin", "Person")[0].tokens]
    assert kinds == ["title", "name", "name"]
    # A word that is a title stays a name where it is the only word.
    assert [t.kind for t in normalize_name("Sheikh", "Person")[0].tokens] == ["name"]


def test_hyphenated_cyrillic_name_is_screened() -> None:
    # The EU list writes the concern in Cyrillic, Czech and English; OFAC in English.
    entity = Entity(id="eu-fsf-7439", schema="LegalEntity", dataset="eu_fsf", source_id="7439")
    for name in ("Sociedade por ações Almaz-Antey, sociedade de defesa aérea e espacial",
                 "Akciová společnost Almaz-Antěj",
                 "Акционерное общество ‘Концерн воздушно-космической обороны “Алмаз — Антей”’",
                 "Almaz-Antey corp"):
        entity.add_name(name, NameKind.ALIAS)
    other = Entity(id="eu-fsf-1", schema="LegalEntity", dataset="eu_fsf", source_id="1")
    other.add_name("Severo-Zapadny regionalny centr koncerna VKO Almaz-Antej", NameKind.PRIMARY)
    index = build_index([entity, other])
    hits = match_batch([Query("q", "Алмаз-Антей")], index)[0]
    assert hits and hits[0].entity_id == "eu-fsf-7439"
