"""Matcher behaviour on small entities written like the parsers' output."""

import pickle

from dualwatch.match import DEFAULT_THRESHOLD, Query, build_index, compare, match_batch
from dualwatch.model import Entity, NameKind


def _entity(id_: str, schema: str, *names: str, dataset: str = "us_ofac_sdn",
            dob: str | None = None, inn: str | None = None,
            weak: tuple[str, ...] = ()) -> Entity:
    e = Entity(id=f"{dataset}-{id_}", schema=schema, dataset=dataset, source_id=id_)
    e.add_name(names[0], NameKind.PRIMARY)
    for n in names[1:]:
        e.add_name(n, NameKind.ALIAS)
    for n in weak:
        e.add_name(n, NameKind.WEAK_ALIAS)
    if dob:
        e.birth_dates.append(dob)
    if inn:
        e.add_identifier("inn", inn)
    return e


ENTITIES = [
    _entity("1", "Company", "OOO TEKHNOPROM", inn="7707083893"),
    _entity("2", "Company", "Shenzhen Huawei Technology Co Ltd", dataset="us_trade_csl"),
    _entity("3", "Company", "Shenzhen Zhongxing Technology Co Ltd", dataset="us_trade_csl"),
    _entity("4", "Person", "Abdulhai SALEK", dob="1965", weak=("Haji Sahib",)),
    _entity("QDi.4", "Person", "ABDULHAI SALEK", dataset="un_sc_sanctions", dob="1965"),
    _entity("5", "Vessel", "SALEK"),
    _entity("6", "Person", "Ivan Petrovich Sidorov", dob="1970-03-01"),
]
INDEX = build_index(ENTITIES)


def _hits(**kw: object) -> list:
    return match_batch([Query(id="q", **kw)], INDEX)[0]  # type: ignore[arg-type]


def test_cyrillic_query_finds_latin_listing_with_legal_form_class() -> None:
    hits = _hits(name="ООО «Технопром»", schema="Company")
    assert hits and hits[0].entity_id == "us_ofac_sdn-1"
    assert "legal_form" in {f.name for f in hits[0].features}


def test_legal_form_difference_alone_does_not_separate() -> None:
    assert compare("TEHNOPROM LLC", "OOO Tekhnoprom").score >= DEFAULT_THRESHOLD
    assert compare("TEHNOPROM JSC", "OOO Tekhnoprom").score >= DEFAULT_THRESHOLD


def test_same_legal_form_and_sector_words_do_not_make_a_match() -> None:
    hits = _hits(name="Shenzhen Zhongxing Technology Co Ltd", schema="Company")
    assert [h.entity_id for h in hits] == ["us_trade_csl-3"]


def test_chinese_script_query_matches_english_listing() -> None:
    hits = _hits(name="深圳市华为技术有限公司")
    assert hits[0].entity_id == "us_trade_csl-2"
    assert hits[0].matched_name == "Shenzhen Huawei Technology Co Ltd"


def test_entries_of_one_party_are_grouped_with_all_sources() -> None:
    hits = _hits(name="SALEK, ABDULHAI", schema="Person", birth_date="1965")
    assert len(hits) == 1
    assert set(hits[0].sources) == {"us_ofac_sdn:4", "un_sc_sanctions:QDi.4"}
    assert set(hits[0].datasets) == {"us_ofac_sdn", "un_sc_sanctions"}


def test_person_never_matches_vessel() -> None:
    hits = _hits(name="SALEK", schema="Vessel")
    assert [h.schema for h in hits] == ["Vessel"]


def test_birth_date_mismatch_lowers_and_match_raises() -> None:
    same = _hits(name="Ivan Sidorov", schema="Person", birth_date="1970-03-01")
    other = match_batch([Query("q", "Ivan Sidorov", "Person", birth_date="1988-11-12")],
                        INDEX, threshold=0.0)[0]
    assert same and other
    assert same[0].score > other[0].score
    assert other[0].score < DEFAULT_THRESHOLD


def test_identifier_equality_is_strong_evidence() -> None:
    hits = _hits(name="Tekhnoprom-Service", schema="Company", identifiers=("INN 7707083893",))
    assert hits and hits[0].entity_id == "us_ofac_sdn-1"
    assert any(f.name == "identifier" for f in hits[0].features)


def test_weak_alias_does_not_alert_alone() -> None:
    assert _hits(name="Haji Sahib", schema="Person") == []


def test_hits_explain_themselves() -> None:
    hit = _hits(name="OOO TEKHNOPROM")[0]
    assert "TEKHNOPROM" in hit.explanation and hit.features


def test_index_is_picklable_and_matching_is_deterministic() -> None:
    copy = pickle.loads(pickle.dumps(INDEX))
    q = [Query("a", "Abdulhai Salek"), Query("b", "Shenzhen Huawei")]
    assert match_batch(q, copy, threshold=0.1) == match_batch(q, INDEX, threshold=0.1)


def test_cross_script_names() -> None:
    assert compare("Владимир Путин", "Vladimir Putin").score > 0.95
    assert compare("محمد علي", "Mohamed Ali").score > 0.9
    assert compare("习近平", "Xi Jinping").score > 0.55


def test_korean_name_in_hanja_reads_the_korean_way() -> None:
    assert compare("金正恩", "Kim Jong Un").score >= 0.75


def test_japanese_name_in_kanji_reads_the_japanese_way() -> None:
    assert compare("山田太郎", "Yamada Taro").score >= 0.70
    assert compare("田中花子", "Tanaka Hanako").score >= 0.85


def test_one_word_meets_two_written_apart() -> None:
    assert compare("عبد الله", "Abdullah").score >= 0.85
    assert compare("박지성", "Park Ji Sung").score >= 0.40
    assert compare("KIM JONGUN", "Kim Jong Un", "Person").score >= DEFAULT_THRESHOLD


def test_roman_numerals_and_numbers_must_agree() -> None:
    assert compare("ARK III", "ARGO I", "Vessel").score < 0.1
    assert compare("ARGO III", "ARGO I", "Vessel").score < DEFAULT_THRESHOLD
    assert compare("ARGO 3", "ARGO III", "Vessel").score >= DEFAULT_THRESHOLD


def test_one_short_fuzzy_word_is_not_a_match() -> None:
    assert compare("ARK", "ARGO", "Vessel").score < DEFAULT_THRESHOLD


def test_state_corporation_with_expanded_name_alerts() -> None:
    score = compare("Rostec State Corporation",
                    "Rostec (Russian Technologies State Corporation)").score
    assert score >= DEFAULT_THRESHOLD


def test_a_different_distinctive_word_sinks_shared_sector_words_and_forms() -> None:
    assert compare("Kestanmar Tech Solutions Sdn. Bhd.", "Vast Solution Sdn Bhd.").score < 0.1
    assert compare("Ystidor Components Ltd.", "Y-Sing Components Limited").score < 0.1


def test_missing_patronymic_still_matches_a_person() -> None:
    assert compare("Ivan Petrovich Sidorov", "Sidorov Ivan", "Person").score >= DEFAULT_THRESHOLD
    hits = _hits(name="Sidorov Ivan", schema="Person")
    assert hits and hits[0].entity_id == "us_ofac_sdn-6"


def test_legal_form_in_any_script_or_place_matches() -> None:
    for name in ("OOO Tekhnoprom", "ООО «Технопром»", "Tekhnoprom LLC"):
        hits = _hits(name=name)
        assert hits and hits[0].entity_id == "us_ofac_sdn-1", name


def test_legal_form_in_parentheses_is_not_a_name_of_its_own() -> None:
    # South African "(Pty) Ltd" and Singaporean "Pte Ltd" are legal forms: two different firms
    # sharing them are not one party, and one firm written with and without them is.
    assert compare("Veluven Agro (Pty) Ltd", "Grace Air (Pty) Ltd", "Company").score < 0.05
    assert compare("Foo (S) Pte Ltd", "Bar (S) Pte Ltd", "Company").score < 0.05
    assert compare("Grace Air Pty Ltd", "Grace Air (Pty) Ltd", "Company").score >= DEFAULT_THRESHOLD


def test_latin_spelling_must_have_the_long_vowels_arabic_script_writes() -> None:
    # EU list: حسین جلالی listed as Hossein JALALI. احسان جلیلی (Ehsan Jalili) has the same
    # consonants, but alef and ya where Hossein Jalali has "ei" and "a".
    same = compare("حسین جلالی", "Hossein JALALI", "Person").score
    other = compare("احسان جلیلی", "Hossein JALALI", "Person").score
    assert same >= DEFAULT_THRESHOLD > other


def test_both_names_in_arabic_script_compare_their_spellings() -> None:
    # Skeletons alone would pair شادروان (Shadravan) with حیدرنیا (Heydarnia): "shdrvn"/"hdrn".
    assert compare("علیرضا شادروان", "علیرضا حیدرنیا", "Person").score < DEFAULT_THRESHOLD
    assert compare("علیرضا حیدرنیا", "علیرضا حیدرنیا", "Person").score >= DEFAULT_THRESHOLD


def test_shortest_reading_wins_a_tie_for_the_last_candidate_places() -> None:
    # Many listed names share the one distinctive word of the query; the listed name with no
    # other word must not be crowded out of the candidates by longer ones.
    target = _entity("t", "Company", "PJSC 'UNITED COMPANY'", dataset="us_ofac_cons")
    crowd = [_entity(f"u{i}", "Company", f"UNITED {word}{i} GROUP LLC")
             for i, word in enumerate(["AVIA", "SHIP", "ENGI", "META", "CHEM", "TRAD"] * 12)]
    index = build_index([target, *crowd])
    hits = match_batch([Query(id="q", name="Public Joint Stock Company 'UNITED COMPANY'",
                              schema="Company")], index)[0]
    assert hits and hits[0].entity_ids == (target.id,)


def test_birth_dates_in_the_same_year_but_other_months_disagree() -> None:
    from dualwatch.match.evidence import date_agreement

    # OFAC gives "DOB Dec 1959" (month precision); a query born 19 September 1959 is not him.
    assert date_agreement("1959-09-19", ("1959-12",))[0] < 0
    assert date_agreement("1959-12-19", ("1959-12",))[0] > 0
    assert date_agreement("1959-09-19", ("1959",))[0] == 1.0
    assert date_agreement("1960-09-19", ("1959-12",))[0] == 0.0
    assert date_agreement("1966-09-19", ("1959-12",))[0] == -1.0


def test_numbered_vessels_stay_two_parties() -> None:
    # OFAC lists the vessels BICENTENARIO VI and BICENTENARIO VII; folding reads both numerals
    # alike, which must neither merge the two entries nor drop the second name.
    six = _entity("v6", "Vessel", "BICENTENARIO VI")
    seven = _entity("v7", "Vessel", "BICENTENARIO VII")
    index = build_index([six, seven])
    assert len(index.groups) == 2
    hits = match_batch([Query(id="q", name="BICENTENARIO VII", schema="Vessel")], index)[0]
    assert hits[0].entity_ids == (seven.id,) and hits[0].score >= DEFAULT_THRESHOLD


def test_a_name_as_listed_never_scores_below_a_misspelling_of_it() -> None:
    # OFAC 45859 is listed as OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU FAM ROBOTIKS with the
    # alias FAM ROBOTICS LLC: screening the listed name must find that name, not the alias.
    for listed, misspelt in (("OOO FAM ROBOTIKS", "OOO FAM ROBOTICS"),
                             ("Majory LLP", "Majoy LLP"), ("Mvizion LLC", "Mvizon LLC"),
                             ("TALASSA SHIPPING DMCC", "TALASA SHIPPING DMCC")):
        exact = compare(listed, listed, "Company").score
        assert exact >= compare(listed, misspelt, "Company").score, listed
    entity = _entity("45859", "Company", "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU FAM "
                     "ROBOTIKS", weak=("FAM ROBOTICS LLC",))
    index = build_index([entity])
    hits = match_batch([Query(id="q", name=entity.names[0].value, schema="Company")], index)[0]
    assert hits and hits[0].matched_name == entity.names[0].value
