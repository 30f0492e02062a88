"""Descriptions that name no goods get no confident code: they need a person."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch.cli import main
from dualwatch.goods import classify
from dualwatch.goods.tables import read_table
from dualwatch.goods.vague import too_vague

HMRC_VAGUE = Path("../shared/data/goods/training/uk_hmrc_references/vague_terms.csv")


@pytest.mark.parametrize("text", [
    "parts", "Spare parts", "GOODS", "samples", "accessories", "10 pcs spare parts",
    "engine parts", "household goods", "clothing", "Запчасти", "样品",
])
def test_generic_descriptions_need_a_person(text: str) -> None:
    result = classify(text)
    assert too_vague(text)
    assert not result.confident
    assert result.needs_person and "too vague" in result.needs_person


@pytest.mark.parametrize("text", [
    "STM32F407VGT6", "spare parts STM32F407VGT6", "Deep groove ball bearing 6205-2RS",
    "leather shoes", "set of kitchen knives", "Подшипник шариковый 6205-2RS",
    "car parts for BMW X5 front brake pads",
])
def test_named_goods_are_not_vague(text: str) -> None:
    assert too_vague(text) is None
    assert classify(text).confident


def test_every_english_term_is_on_the_customs_list() -> None:
    """The shipped table is a selection of HMRC's list, not words of our own."""
    norm = lambda s: " ".join(re.findall(r"[a-z]+", s.lower()))  # noqa: E731
    with HMRC_VAGUE.open(encoding="utf-8") as handle:
        listed = {norm(row[0]) for row in csv.reader(handle) if row}
    english = [row["term"] for row in read_table("vague_terms.csv") if row["lang"] == "en"]
    assert english and [t for t in english if t not in listed] == []


def test_cli_says_a_vague_description_needs_a_person() -> None:
    result = CliRunner().invoke(main, ["goods", "classify", "spare parts"])
    assert result.exit_code == 0, result.output
    assert "needs a person" in result.output
    as_json = CliRunner().invoke(main, ["goods", "classify", "spare parts", "--json"])
    assert '"needs_person": "too vague' in as_json.output


def test_an_answer_close_to_another_heading_needs_a_person() -> None:
    """"oil" fits lamps, crude oil and cosmetics alike: no heading leads."""
    result = classify("oil")
    assert result.top is not None and not result.confident
    assert result.needs_person and result.needs_person.startswith("not sure")


def test_a_part_number_leads_its_heading_clearly() -> None:
    result = classify("STM32F407VGT6")
    assert result.confident and result.margin >= 3.0
