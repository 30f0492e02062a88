"""The OFAC Remarks column read into typed facts (dualwatch.sources.ofac_remarks)."""

from __future__ import annotations

from dualwatch.model import Country, CountryRole, Identifier, Name, NameKind, Relation
from dualwatch.sources.ofac_remarks import parse_dates, parse_remarks, split_remarks


def test_remarks_split_on_semicolons_and_lose_the_closing_stop() -> None:
    assert split_remarks("DOB 1962; POB Shati.") == ["DOB 1962", "POB Shati"]
    assert split_remarks("nationality possibly Palestinian;arrested 23 Apr 2002") == [
        "nationality possibly Palestinian", "arrested 23 Apr 2002"]
    assert split_remarks(None) == []


def test_birth_dates_become_iso_partial_dates() -> None:
    assert parse_dates("12 Mar 1964") == ["1964-03-12"]
    assert parse_dates("Mar 1964") == ["1964-03"]
    assert parse_dates("circa 1955") == ["1955"]
    assert parse_dates("1960 to 1962") == ["1960", "1961", "1962"]
    assert parse_dates("01 Jan 1960 to 31 Dec 1961") == ["1960", "1961"]
    assert parse_dates("05 Mar 1970 to 09 Mar 1970") == ["1970-03-05", "1970-03-09"]


def test_person_remarks_give_dates_places_countries_gender() -> None:
    facts = parse_remarks("DOB 22 Dec 1968; POB Moscow, Russia; alt. POB St. Petersburg, "
                          "Russia; nationality Russia; citizen Russia; Gender Male.")
    assert facts.birth_dates == ["1968-12-22"]
    assert facts.birth_places == ["Moscow, Russia", "St. Petersburg, Russia"]
    assert Country("ru", CountryRole.BIRTH) in facts.countries
    assert Country("ru", CountryRole.NATIONALITY) in facts.countries
    assert Country("ru", CountryRole.CITIZENSHIP) in facts.countries
    assert facts.gender == "male"
    assert facts.unparsed == []


def test_russian_tax_and_registration_numbers_are_inn_and_ogrn() -> None:
    facts = parse_remarks("Tax ID No. 7744001497 (Russia); Legal Entity Number "
                          "253400WSS48YWMBUA688; Registration Number 1027700167110 (Russia); "
                          "Government Gazette Number 09804148 (Russia); SWIFT/BIC GAZPRUMM.")
    assert Identifier("inn", "7744001497", "ru", "Tax ID No.") in facts.identifiers
    assert Identifier("ogrn", "1027700167110", "ru", "Registration Number") in facts.identifiers
    assert Identifier("lei", "253400WSS48YWMBUA688", None, "Legal Entity Number") \
        in facts.identifiers
    assert Identifier("okpo", "09804148", "ru", "Government Gazette Number") in facts.identifiers
    assert Identifier("swift", "GAZPRUMM", None, "SWIFT/BIC") in facts.identifiers


def test_numbers_without_country_are_inn_or_ogrn_only_when_check_digits_hold() -> None:
    facts = parse_remarks("Registration ID 1025001202544; Tax ID No. 5008000322.")
    assert [i.type for i in facts.identifiers] == ["ogrn", "inn"]
    facts = parse_remarks("Tax ID No. 5008000323; Tax ID No. 2564117759 (Ukraine).")
    assert [i.type for i in facts.identifiers] == ["tax_id", "tax_id"]


def test_chinese_uscc_vessel_imo_and_mmsi() -> None:
    facts = parse_remarks("Unified Social Credit Code (USCC) 914301003206989977 (China); "
                          "Vessel Registration Identification IMO 9220639; MMSI 273419230.")
    assert Identifier("uscc", "914301003206989977", "cn",
                      "Unified Social Credit Code (USCC)") in facts.identifiers
    assert [(i.type, i.value) for i in facts.identifiers[1:]] == [
        ("imo", "9220639"), ("mmsi", "273419230")]


def test_passport_keeps_country_and_issue_and_expiry_dates() -> None:
    facts = parse_remarks("Passport 643267034 (Russia) issued 12 Mar 2014 expires 12 Mar 2024.")
    assert facts.identifiers == [Identifier(
        "passport", "643267034", "ru", "Passport; issued 2014-03-12; expires 2024-03-12")]


def test_quoted_akas_are_weak_and_fkas_are_former_names() -> None:
    facts = parse_remarks("a.k.a. 'BNC'; f.k.a. 'ANA I'; a.k.a. 'ABU-'UMAR'.")
    assert facts.names == [Name("BNC", NameKind.WEAK_ALIAS), Name("ANA I", NameKind.FORMER),
                           Name("ABU-'UMAR", NameKind.WEAK_ALIAS)]


def test_contacts_links_and_dates_of_companies() -> None:
    facts = parse_remarks("Website www.sberbank.ru; Email Address bank@abr.ru; Phone Number "
                          "982188526300; Organization Established Date 31 Jul 1990; "
                          "Listing Date (EO 14024 Directive 3): 24 Feb 2022; "
                          "Linked To: PSB LIZING OOO.")
    assert facts.websites == ["www.sberbank.ru"]
    assert facts.emails == ["bank@abr.ru"]
    assert facts.phones == ["982188526300"]
    assert facts.incorporation_dates == ["1990-07-31"]
    assert facts.listing_dates == ["2022-02-24"]
    assert facts.relations == [Relation("linked_to", "PSB LIZING OOO")]


def test_secondary_sanctions_tags_are_kept_as_notes() -> None:
    text = ("Secondary sanctions risk: See Section 11 of Executive Order 14024; Additional "
            "Sanctions Information - Subject to Secondary Sanctions.")
    facts = parse_remarks(text)
    assert facts.notes == ["Secondary sanctions risk: See Section 11 of Executive Order 14024",
                           "Additional Sanctions Information - Subject to Secondary Sanctions"]
    assert facts.unparsed == []


def test_unknown_identifier_labels_are_kept_as_other_with_the_label() -> None:
    facts = parse_remarks("Fishing Licence No. FL-2231 (Peru); Minister of Defense; "
                          "presidential advisor.")
    assert facts.identifiers == [Identifier("other", "FL-2231", "pe", "Fishing Licence No.")]
    assert facts.titles == ["Minister of Defense"]
    assert facts.notes == ["presidential advisor"]
    assert [label for label, _ in facts.unparsed] == ["Fishing Licence No.", "presidential advisor"]


def test_digital_currency_addresses_keep_the_currency_in_the_note() -> None:
    facts = parse_remarks("Digital Currency Address - XBT 1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL.")
    assert facts.identifiers == [Identifier(
        "other", "1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL", None, "Digital Currency Address - XBT")]
