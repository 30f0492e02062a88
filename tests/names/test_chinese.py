"""Chinese organisation names read by meaning (CC-CEDICT and the organisation words table) and
names spelt in pinyin read as the Chinese they spell; Traditional and Simplified are one."""

from __future__ import annotations

from dualwatch.match import compare
from dualwatch.names import normalize_name
from dualwatch.names.chinese import meaning_readings, pinyin_meaning, simplified


def _texts(name: str) -> list[str]:
    return [f.text() for f in normalize_name(name, "Company")]


def test_place_and_product_words_read_in_english() -> None:
    forms = normalize_name("长江存储科技有限责任公司", "Company")
    assert "iangtse memori technologi" in [" ".join(t.fold for t in f.tokens) for f in forms]
    assert compare("长江存储科技有限责任公司", "Yangtze Memory Technologies Co., Ltd.",
                   schema="Company").score > 0.5


def test_institute_of_technology_from_the_organisation_words() -> None:
    assert "harbin institute technology" in _texts("哈尔滨工业大学")
    assert compare("哈尔滨工业大学", "Harbin Institute of Technology", schema="Company").score > 0.5


def test_traditional_and_simplified_read_alike() -> None:
    assert simplified("東莞聖寅數控設備有限公司") == "东莞圣寅数控设备有限公司"
    assert _texts("東莞聖寅數控設備有限公司") == _texts("东莞圣寅数控设备有限公司")


def test_a_personal_name_is_not_read_by_meaning() -> None:
    assert meaning_readings("习近平") == []
    assert normalize_name("习近平", "Person")[0].text() == "xi jinping"


def test_registered_name_in_pinyin_reads_as_the_chinese_it_spells() -> None:
    assert pinyin_meaning(["changxin", "cunchu", "jishu", "youxian", "gongsi"]) is not None
    assert pinyin_meaning(["long", "fang", "trading", "company"]) is None
    score = compare("Changxin Cunchu Jishu Youxian Gongsi", "ChangXin Memory Technologies, Inc.",
                    schema="Company").score
    assert score > 0.5


def test_unlisted_bank_is_not_read_as_a_listed_technology_firm() -> None:
    assert compare("中国建设银行股份有限公司", "China Construction Technology Co. Ltd.",
                   schema="Company").score < 0.3
