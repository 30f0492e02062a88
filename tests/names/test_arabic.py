"""Arabic-script names: long vowels kept in the reading, and checked against Latin spellings.

Pairs from the EU list (names given in Persian with their Latin aliases) and the UN list.
"""

import pytest

from dualwatch.names import fold, normalize_name
from dualwatch.names.arabic import arabic_to_latin
from dualwatch.names.tokens import long_vowels_disagree


def _one(name: str) -> str:
    (form,) = normalize_name(name, "Person")
    (token,) = form.tokens
    return token.fold


def test_ayn_and_hamza_do_not_split_a_word() -> None:
    assert _one("اسماعیل") == "asmail"  # Esmail; anyascii alone reads "sm`yl": two words
    assert _one("سعید") == "sid"
    assert arabic_to_latin("عبدالله") == "bdllh"  # the article's alef inside a word is silent


@pytest.mark.parametrize(("arabic", "latin"), [
    ("حسین", "Hossein"), ("حسین", "Hussein"), ("جلالی", "Jalali"), ("محمدی", "Mohammadi"),
    ("عبدالله", "Abdullah"), ("عبدالله", "Abdallah"), ("اسماعیل", "Ismail"), ("سعید", "Saeed"),
    ("موسی", "Musa"), ("یوسف", "Yusuf"), ("داوود", "Davood"), ("شمشیری", "Shamshiri"),
    ("أحمد", "Ahmad"), ("إبراهيم", "Ibrahim"), ("فاطمه", "Fatemeh"), ("احسان", "Ehsan"),
])
def test_spellings_of_one_name_agree(arabic: str, latin: str) -> None:
    assert not long_vowels_disagree(_one(arabic), fold(latin.lower()))


@pytest.mark.parametrize(("arabic", "latin"), [
    ("احسان", "Hossein"),  # Ehsan: alef after s where Hossein writes "ei"
    ("جلیلی", "Jalali"),  # Jalili
    ("سارا", "Suri"),  # Sara
    ("محمدی", "Muhammad"),  # Mohammadi: the final ya is not written in the Latin
    ("حسین", "Hasan"),
])
def test_names_with_the_same_consonants_but_other_long_vowels_disagree(arabic: str,
                                                                       latin: str) -> None:
    assert long_vowels_disagree(_one(arabic), fold(latin.lower()))


def test_vowel_marks_read_as_the_unmarked_spelling() -> None:
    from dualwatch.names import normalize_name

    marked = normalize_name("مُحَمَّد", "Person")[0].tokens[0].fold
    assert marked == normalize_name("محمد", "Person")[0].tokens[0].fold


def test_given_names_with_the_same_consonants_stay_apart() -> None:
    from dualwatch.names.given_names import other_given_name

    def fold(word: str) -> str:
        from dualwatch.names import normalize_name

        return normalize_name(word, "Person")[0].tokens[0].fold

    assert other_given_name(fold("محمد"), fold("Mahmud"))  # Muhammad is not Mahmud
    assert not other_given_name(fold("محمود"), fold("Mahmoud"))
    assert not other_given_name(fold("محمد"), fold("Mohammed"))
    assert other_given_name(fold("نوره"), fold("Noori"))  # Noura is not Nuri
    assert not other_given_name(fold("حمید"), fold("Hamid"))  # Persian ya, both readings
    assert not other_given_name(fold("حامد"), fold("Hamid"))
    assert not other_given_name(fold("شمشیری"), fold("Shamshiri"))  # not in the table
