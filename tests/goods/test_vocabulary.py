"""General-goods vocabulary, alternatives in the top 5 and negation in the HS index."""

import pytest

from dualwatch.errors import SourceError
from dualwatch.goods import classify
from dualwatch.goods.alternatives import related_headings
from dualwatch.goods.hs_index import words_of
from dualwatch.goods.lexicon import vocabulary_entries
from dualwatch.goods.nomenclature import nomenclature


@pytest.mark.parametrize("text,hs6", [
    ("women's leather ankle boots", "640391"),
    ("kids sneakers", "640411"),
    ("A4 printing paper 70gsm", "480256"),
    ("3-ply toilet tissue", "481810"),
    ("galvanised steel sheet in coils", "721049"),
    ("hex bolts M12 zinc plated", "731815"),
    ("sencha green tea 100 g", "090210"),
    ("ground turmeric powder", "091030"),
    ("refined palm olein", "151190"),
    ("paracetamol tablets 500 mg", "300490"),
    ("cotton bed sheets", "630231"),
    ("office swivel chair", "940139"),
    ("car brake discs", "870830"),
    ("caustic soda pearls", "281511"),
])
def test_english_general_goods(text: str, hs6: str) -> None:
    result = classify(text)
    assert result.top is not None and result.top.hs6 == hs6
    assert result.chpl_tier is None


@pytest.mark.parametrize("text,hs6", [
    ("лекарственный препарат в капсулах", "300490"),
    ("кроссовки мужские", "640411"),
    ("туалетная бумага", "481810"),
    ("арматура стальная А500С", "721420"),
    ("чай зеленый листовой", "090210"),
    ("подсолнечное масло", "151219"),
    ("шины для грузовиков", "401120"),
    ("стиральная машина", "845011"),
    ("карбамид", "310210"),
])
def test_russian_general_goods(text: str, hs6: str) -> None:
    result = classify(text)
    assert result.top is not None and result.top.hs6 == hs6


@pytest.mark.parametrize("text,hs6", [
    ("运动鞋", "640411"),
    ("复印纸 A4", "480256"),
    ("螺纹钢", "721420"),
    ("速溶咖啡", "210111"),
    ("棕榈油", "151190"),
    ("洗衣机", "845011"),
    ("尿素", "310210"),
    ("沙发", "940161"),
    ("刹车片", "870830"),
])
def test_chinese_general_goods(text: str, hs6: str) -> None:
    result = classify(text)
    assert result.top is not None and result.top.hs6 == hs6


def test_a_heading_word_reaches_every_subheading_and_the_typical_one_leads() -> None:
    result = classify("shoes")
    codes = [c.hs6 for c in result.candidates]
    assert codes[0] == "640399"
    assert {code[:4] for code in codes} >= {"6403", "6402"}
    assert any("heading 6403" in e.note for e in result.candidates[0].evidence)


def test_the_words_of_a_description_pick_the_subheading_under_a_heading_word() -> None:
    leather = classify("men's leather shoes with rubber soles").top
    canvas = classify("canvas shoes with rubber soles").top
    assert leather is not None and leather.hs6[:4] == "6403"
    assert canvas is not None and canvas.hs6 == "640419"


def test_material_words_are_glossed_in_russian_and_chinese() -> None:
    for text in ("обувь кожаная", "皮鞋"):
        top = classify(text).top
        assert top is not None and top.hs6[:4] == "6403"


def test_packing_words_do_not_make_goods_bags() -> None:
    top = classify("frozen shrimp 500g bag").top
    assert top is not None and top.hs6[:2] == "03"


def test_other_subheadings_of_the_heading_are_offered_residual_first() -> None:
    codes = [c.hs6 for c in classify("raw cane sugar").candidates]
    siblings = [code for code in codes if code[:4] == "1701"]
    assert siblings[:2] == ["170114", "170199"]


def test_one_place_in_the_top_five_goes_to_another_heading() -> None:
    result = classify("frozen cod fillets")
    codes = [c.hs6 for c in result.candidates]
    assert codes[0][:4] == "0304"
    assert len(codes) == 5 and codes[-1][:4] != "0304"
    assert "030363" in codes  # whole frozen cod, the neighbour a customs officer rules out


def test_related_headings_table_is_symmetric_for_footwear_and_valid() -> None:
    related = related_headings()
    assert ("6404" in dict(related["6403"])) and ("6403" in dict(related["6404"]))
    entries = nomenclature().entries
    for heading, pairs in related.items():
        assert heading in entries
        assert all(other in entries for other, _ in pairs)


def test_negated_words_do_not_answer_the_plain_word() -> None:
    assert "not_coil" in words_of("flat-rolled, not in coils")
    assert "coil" not in words_of("flat-rolled, not in coils")
    assert words_of("non-alloy steel") == ["not_alloy", "steel"]


def test_vocabulary_rows_expand_to_terms_with_a_typical_share() -> None:
    rows = [{"target": "0902", "typical": "090230", "weight": "3",
             "en": "tea|tea bags", "ru": "чай", "zh": "茶叶"}]
    entries = vocabulary_entries(rows, "test.csv")
    assert ("tea", "en", "0902", 3.0) in entries
    assert ("tea bags", "en", "090230", 1.5) in entries
    assert ("чай", "ru", "0902", 3.0) in entries
    assert ("茶叶", "zh", "090230", 1.5) in entries


@pytest.mark.parametrize("row,field", [
    ({"target": "09", "typical": "", "weight": "3", "en": "x", "ru": "", "zh": ""}, "target"),
    ({"target": "0902", "typical": "090121", "weight": "3", "en": "x", "ru": "", "zh": ""},
     "typical"),
    ({"target": "0902", "typical": "", "weight": "much", "en": "x", "ru": "", "zh": ""},
     "weight"),
])
def test_bad_vocabulary_rows_are_refused_with_the_field(row: dict[str, str], field: str) -> None:
    with pytest.raises(SourceError) as info:
        vocabulary_entries([row], "test.csv")
    assert info.value.field == field
    assert "test.csv" in str(info.value)


def test_every_packaged_vocabulary_target_is_in_hs_2022() -> None:
    entries = nomenclature().entries
    targets = {target for _, _, target, _ in vocabulary_entries()}
    assert targets and all(target in entries for target in targets)
    assert {lang for _, lang, _, _ in vocabulary_entries()} == {"en", "ru", "zh"}
