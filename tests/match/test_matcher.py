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


def test_birth_dates_one_slip_apart_are_neutral_two_slips_disagree() -> None:
    from dualwatch.match.evidence import date_agreement

    assert date_agreement("1974-02-06", ("1976", "1974-02-05"))[0] == 0.0  # a day typed off
    assert date_agreement("1975-04-03", ("1975-03-04",))[0] == 0.0  # day and month swapped
    assert date_agreement("1976-03-12", ("1975-03-12",))[0] == 0.0  # the year typed off
    assert date_agreement("1972", ("1971-05-18",))[0] == 0.0  # an approximate year
    # Carlos ALVARES (OFAC, born 1971-05-18) is not a Carlos Alvarez born 1972-08-30.
    assert date_agreement("1972-08-30", ("1971-05-18",))[0] == -1.0


def test_loosely_written_birth_dates_are_read_as_iso() -> None:
    from dualwatch.match.evidence import iso_date

    assert iso_date("1959-08-9") == "1959-08-09"
    assert iso_date("1959/8/09") == "1959-08-09"
    assert iso_date("09.08.1959") == "1959-08-09"
    assert iso_date("1959") == "1959"
    assert iso_date("9 Aug 1959") == "1959-08-09"  # as OFAC writes them
    assert iso_date("9 August 1959") == "1959-08-09"
    assert iso_date("Aug 1959") == "1959-08"
    assert iso_date("1959-13-01") == "1959"  # no month 13: the year alone is evidence
    assert iso_date("unknown") is None
    assert iso_date("") is None


def test_an_unpadded_birth_date_still_agrees() -> None:
    # The UN lists YU CHOL U born 1959-08-08; a screening file writing "1959-08-8" is him.
    listed = _entity("yu", "Person", "Chol U YU", dob="1959-08-08")
    index = build_index([listed])
    padded = match_batch([Query("a", "YU CHOL U", "Person", birth_date="1959-08-08")], index)
    loose = match_batch([Query("b", "YU CHOL U", "Person", birth_date="1959-08-8")], index)
    assert padded[0] and loose[0]
    assert loose[0][0].score == padded[0][0].score
    assert any(f.name == "birth_date" and f.value == 1.0 for f in loose[0][0].features)


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


def test_arabic_muhammad_does_not_meet_mahmud() -> None:
    # OFAC lists Mahmud ASHTARI (محمود); محمد اشتری is a Muhammad.
    assert compare("محمد اشتری", "Mahmud ASHTARI", "Person").score < DEFAULT_THRESHOLD
    assert compare("محمد اشتری", "Mohammad ASHTARI", "Person").score > 0.9
    assert compare("محمود اشتری", "Mahmud ASHTARI", "Person").score > 0.9


def test_a_syllable_read_from_han_or_hangul_is_not_a_typo() -> None:
    # 常 (Korean "sang") is not 姜 ("Kang"); 俊 "jun" is not 朱 "zhu"; 영식 is not 경성.
    assert compare("明哲 常", "Myong Chol Kang", "Person").score < DEFAULT_THRESHOLD
    assert compare("明哲 姜", "Myong Chol Kang", "Person").score > 0.9
    assert compare("俊 陈", "Zhu CHEN", "Person").score < DEFAULT_THRESHOLD
    assert compare("朱 陈", "Zhu CHEN", "Person").score > 0.9
    assert compare("영식 최", "최경성", "Person").score < DEFAULT_THRESHOLD
    assert compare("경성 최", "최경성", "Person").score > 0.7
    # Romanisations write one Korean vowel several ways: 성 is "Sung" as well as "Song".
    assert compare("박지성", "Park Ji Sung", "Person").score >= 0.4


def test_one_han_character_is_not_two_words_written_together() -> None:
    # 玲 reads "lyong" in Korean: one syllable, so it is not the "Li Yong" of LI Yong-ju (UN).
    assert compare("玲 朱", "LI Yong-ju", "Person").score < 0.1
    # A given name of two characters is two syllables: 병철 is the EU's "Pyong Chol".
    assert compare("병철 김", "Pyong Chol KIM", "Person").score > 0.9


def test_candidates_come_best_first_and_shortest_first_among_equals() -> None:
    # score_groups relies on this order (it decides which names of a party are scored).
    from dualwatch.match.candidates import candidates
    from dualwatch.match.matcher import _readings

    names = ["UNITED COMPANY", "UNITED AVIATION SOLUTIONS COMPANY", "UNITED SHIP COMPANY",
             "UNITED ENGINE BUILDING COMPANY OF RUSSIA"]
    index = build_index([_entity(f"c{i}", "Company", n) for i, n in enumerate(names)])
    lengths = [len(r.folds) for r in index.readings]
    assert lengths == sorted(lengths, reverse=True)
    found = candidates(_readings("UNITED COMPANY", "Company"), index)
    keys = [(-score, len(index.readings[rid].folds)) for score, rid in found]
    assert len(found) == 4 and keys == sorted(keys)


def test_two_swapped_letters_cost_half_an_edit() -> None:
    # The UN lists the Taliban commander FAIZ, born 1969; "AFIZ" is the commonest slip.
    listed = _entity("faiz", "Person", "FAIZ", dob="1969")
    index = build_index([listed, _entity("fariz", "Person", "FARIZ", dob="1969")])
    hits = match_batch([Query("q", "AFIZ", "Person", birth_date="1969")], index, threshold=0.0)
    assert hits[0][0].entity_id == listed.id
    assert "afiz~faiz" in hits[0][0].explanation
    swapped = compare("INNOCNET KAINA", "Innocent Kaina", "Person").score
    changed = compare("INNOCMET KAINA", "Innocent Kaina", "Person").score
    assert swapped > changed  # the same letters in another order, against another letter
    assert compare("Li Ming", "Il Ming", "Person").score < DEFAULT_THRESHOLD  # short: no swap


def test_the_fast_name_score_is_the_logit_of_the_written_out_features() -> None:
    # Every comparison is scored by name_logit; the features are written out for the best
    # name of each party only. Both must be the same number, to the last bit.
    from dualwatch.match.matcher import _name_part, _name_values, _readings
    from dualwatch.match.scoring import logit

    names = ["Vladimir Putin", "Владимир Путин", "PUTIN, Vladimir Vladimirovich", "محمد علي",
             "Mohamed Ali", "金正恩", "Kim Jong Un", "OOO Tekhnopromexport", "Техпромэкспорт АО",
             "BICENTENARIO VI", "BICENTENARIO VII", "Sberbank of Russia", "ARGO I", "ARK III"]
    for schema in ("Person", "Company", None):
        readings = [r for n in names for r in _readings(n, schema)]
        for a in readings:
            for b in readings:
                z, part = _name_part(a, b, organisation=schema == "Company")
                assert z == logit(_name_values(part)), (a.text, b.text)


def test_parties_left_out_early_could_not_have_reached_the_threshold() -> None:
    # match_one asks score_groups to skip parties whose score cannot reach the threshold; the
    # hits must be exactly those that scoring every party would give.
    from dualwatch.match.matcher import final_score, score_groups

    entities = [_entity("1", "Person", "Mohamed LAKHAL", dob="1970-02-05"),
                _entity("2", "Person", "Mohamed ALI", dob="1965"),
                _entity("3", "Person", "Ali MOHAMED", weak=("Abu Ali",)),
                _entity("4", "Company", "Mohamed Trading LLC")]
    index = build_index(entities)
    for name, dob in [("Mohamed Lakhal", "1970-02-05"), ("Mohamed Ali", None),
                      ("Abu Ali", None), ("Mohamed Lakhal", "1980-01-01")]:
        query = Query("q", name, birth_date=dob)
        for threshold in (0.05, 0.3, 0.6, 0.9):
            every = {index.groups[s.group].entity_ids[0] for s in score_groups(query, index)
                     if final_score(s, index) >= threshold}
            hits = {h.entity_id for h in match_batch([query], index, threshold)[0]}
            assert hits == every, (name, threshold)


def test_a_typing_error_hidden_by_folding_still_counts_as_one() -> None:
    # The CSL lists Mvizion LLC (Uzbekistan) and OFAC GREEN SHIPPING LTD.; folding writes x as
    # "ks" and merges "ee", which made one slip look like two.
    assert compare("Mxizion LLC", "Mvizion LLC", "Company").score > 0.9
    assert compare("SHIPPING GLREEN LTD.", "GREEN SHIPPING LTD.", "Company").score > 0.5
    # Two slips are not one.
    assert compare("Mxizon LLC", "Mvizion LLC", "Company").score < DEFAULT_THRESHOLD
