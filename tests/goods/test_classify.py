"""Classification of real-world descriptions in English, Russian and Chinese."""

import pytest

from dualwatch.goods import categories_for_text, classify


@pytest.mark.parametrize("text,hs6,tier", [
    ("IC MCU 32BIT 1MB FLASH 100LQFP", "854231", "1"),
    ("STM32F407VGT6", "854231", "1"),
    ("ATMEGA328P-AU", "854231", "1"),
    ("XC7A35T-1CPG236C", "854239", "1"),
    ("GRM188R71H104KA93D", "853224", "2"),
    ("Deep groove ball bearing 6205-2RS", "848210", "3.B"),
    ("GNSS receiver module u-blox NEO-M8N", "852691", "2"),
    ("Микросхемы интегральные электронные: микроконтроллеры ATMEGA328P-AU", "854231", "1"),
    ("Подшипники роликовые конические 30205", "848220", "3.B"),
    ("Станок токарный с ЧПУ", "845811", "4.B"),
    ("Конденсаторы танталовые TAJB107K010RNJ", "853221", "2"),
    ("单片机 GD32F103C8T6", "854231", "1"),
    ("数控铣床 XK7132", "845961", "4.B"),
    ("示波器 数字示波器", "903020", "4.A"),
    ("钽电容 10UF 16V", "853221", "2"),
])
def test_chpl_goods_are_found_with_their_tier(text: str, hs6: str, tier: str) -> None:
    result = classify(text)
    assert result.top is not None
    assert result.top.hs6 == hs6
    assert result.chpl_tier == tier
    assert result.top.evidence_words


@pytest.mark.parametrize("text", [
    "Ball bearing drawer slides full extension 450mm",
    "Направляющие шариковые для ящиков 400 мм",
    "三节钢珠滑轨 抽屉",
    "Aluminium electrolytic capacitor 1000uF 25V",
    "Memory card microSD 64GB",
    "Чайник электрический 1,8 л",
    "普通车床 C6140",
])
def test_look_alikes_are_not_chpl(text: str) -> None:
    assert classify(text).chpl_tier is None


def test_microcontroller_declared_as_spare_parts_is_a_contradiction() -> None:
    result = classify("Spare parts for industrial controller, STM32F407VGT6",
                      declared_hs="8473.30")
    assert result.contradiction is not None
    assert result.contradiction.severity == "high"
    assert result.contradiction.described == "854231"


def test_consistent_declaration_has_no_contradiction() -> None:
    assert classify("Подшипник шариковый 6205-2RS", declared_hs="8482.10.10").contradiction is None


def test_vague_text_raises_no_contradiction() -> None:
    assert classify("spare parts", declared_hs="847330").contradiction is None


def test_general_goods_use_the_nomenclature() -> None:
    codes = [c.hs6 for c in classify("copper cathodes 99.99% purity").candidates]
    assert codes[0] == "740311"


def test_language_is_detected() -> None:
    assert classify("Подшипник").language == "ru"
    assert classify("轴承").language == "zh"
    assert classify("bearing").language == "en"


def test_categories_in_news_prose() -> None:
    tiers = [h.tier for h in categories_for_text(
        "New restrictions cover machine tools, microelectronics and optics")]
    assert tiers == ["4.B", "1", "3.B"]
    assert [h.tier for h in categories_for_text("поставки станков и микросхем")] == ["4.B", "1"]
    assert [h.tier for h in categories_for_text("出口机床和集成电路")] == ["4.B", "1"]
