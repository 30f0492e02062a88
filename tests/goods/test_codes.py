"""Commodity codes: HS 2022 validation, national extensions, HS 2017 successors, CHPL tiers."""

import pytest

from dualwatch.errors import InvalidCodeError
from dualwatch.goods import check, chpl_tier


def test_hs6_with_dots_is_a_chpl_tier_1_code() -> None:
    info = check("8542.31")
    assert info.hs6 == "854231"
    assert info.chpl_tier == "1"
    assert "integrated circuits" in (info.tier_meaning or "")


@pytest.mark.parametrize("code,national", [
    ("85423190", "90"),  # EU CN8
    ("8542.31.0000", "0000"),  # US HTS10
    ("8542 31 900 0", "9000"),  # EAEU TN VED, spaced
])
def test_national_extensions_keep_their_hs6(code: str, national: str) -> None:
    info = check(code)
    assert info.hs6 == "854231"
    assert info.national == national


def test_heading_lists_the_chpl_subheadings_under_it() -> None:
    info = check("8482")
    assert info.level == 4
    assert [c.hs6 for c in info.chpl] == ["848210", "848220", "848230", "848250"]


def test_hs2017_code_maps_to_its_successor() -> None:
    info = check("880330")
    assert info.hs6 == "880730"
    assert info.hs2017 == "880330"
    assert info.chpl_tier == "3.B"


def test_split_hs2017_code_lists_successors_and_possible_chpl() -> None:
    info = check("854140")
    assert info.hs6 is None
    assert "854149" in info.successors
    assert [c.hs6 for c in info.chpl] == ["854149"]


def test_non_chpl_code_has_no_tier() -> None:
    info = check("8473.30")
    assert info.chpl_tier is None and not info.on_chpl
    assert chpl_tier("847330") is None
    assert chpl_tier("8457.10") == "4.B"


@pytest.mark.parametrize("code,message", [
    ("8542.99", "not an HS 2022 subheading"),
    ("85A2", "not a commodity code"),
    ("85423", "5 digits"),
    ("8599", "no HS 2022 heading"),
    ("", "empty"),
])
def test_invalid_codes_get_clear_errors(code: str, message: str) -> None:
    with pytest.raises(InvalidCodeError, match=message):
        check(code)
