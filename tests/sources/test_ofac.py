"""OFAC legacy CSV lists (dualwatch.sources.ofac): small fixtures in the official layout."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import CountryRole, Entity, Identifier, NameKind, Relation
from dualwatch.sources import ofac
from dualwatch.sources.base import file_date, read_head

FIXTURES = Path("tests/fixtures/ofac")
SDN_DIR = FIXTURES / "sdn"


def entities(path: Path) -> dict[str, Entity]:
    return {e.source_id: e for e in ofac.read(path).entities}


@pytest.fixture(scope="module")
def sdn() -> dict[str, Entity]:
    return entities(SDN_DIR / "sdn.csv")


# -- the format contract ---------------------------------------------------------------------------


def test_sniff_accepts_main_files_and_refuses_companions() -> None:
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        path = SDN_DIR / name
        assert ofac.sniff(path, read_head(path)) is (name == "sdn.csv")
    cons = FIXTURES / "cons" / "cons_prim.csv"
    assert ofac.sniff(cons, read_head(cons))
    assert not ofac.sniff(FIXTURES / "cons" / "cons_alt.csv",
                          read_head(FIXTURES / "cons" / "cons_alt.csv"))


def test_sniff_recognises_the_headerless_layout_under_another_name() -> None:
    path = FIXTURES / "headerless" / "sdn_2024-05-03.csv"
    assert ofac.sniff(path, read_head(path))
    assert not ofac.sniff(Path("list.csv"), b"name,country\r\nACME,Russia\r\n")
    assert not ofac.sniff(Path("other.csv"), b"36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n")


def test_companions_are_found_beside_the_main_file() -> None:
    assert sorted(p.name for p in ofac.companions(SDN_DIR / "sdn.csv")) == [
        "add.csv", "alt.csv", "sdn_comments.csv"]
    assert sorted(p.name for p in ofac.companions(FIXTURES / "cons" / "cons_prim.csv")) == [
        "cons_add.csv", "cons_alt.csv", "cons_comments.csv"]


def test_downloads_name_the_official_files_of_both_lists() -> None:
    names = {(d.dataset, d.filename) for d in ofac.DOWNLOADS}
    assert ("us_ofac_sdn", "sdn_comments.csv") in names
    assert ("us_ofac_cons", "cons_prim.csv") in names
    assert len(names) == 8
    assert all(d.url.startswith("https://sanctionslistservice.ofac.treas.gov/")
               for d in ofac.DOWNLOADS)


def test_read_describes_the_list_and_streams_entities() -> None:
    parsed = ofac.read(SDN_DIR / "sdn.csv")
    assert parsed.dataset == "us_ofac_sdn"
    assert parsed.format == "ofac_csv"
    assert parsed.version == file_date(SDN_DIR / "sdn.csv")
    assert parsed.version_source == "file-date"
    assert len(parsed.files) == 4
    first = next(parsed.entities)
    assert first.id == "us_ofac_sdn-306" and first.source_id == "306"
    assert len(list(parsed.entities)) == 9


def test_consolidated_files_are_the_us_ofac_cons_dataset() -> None:
    cons = entities(FIXTURES / "cons" / "cons_prim.csv")
    assert sorted(cons) == ["17014", "17016", "9639"]
    assert cons["17016"].id == "us_ofac_cons-17016"
    assert cons["9639"].programs == ["NS-PLC"]


# -- entities --------------------------------------------------------------------------------------


def test_schema_follows_the_sdn_type_and_legal_form(sdn: dict[str, Entity]) -> None:
    assert sdn["21164"].schema == "Person"
    assert sdn["4238"].schema == "Vessel"
    assert sdn["15431"].schema == "Aircraft"
    assert sdn["40477"].schema == "Company"  # "... CO. LTD"
    assert sdn["306"].schema == "Organization"  # BANCO NACIONAL DE CUBA
    assert sdn["27307"].schema == "Organization"  # LAZARUS GROUP


def test_person_keeps_list_name_and_gets_the_reordered_form(sdn: dict[str, Entity]) -> None:
    names = sdn["21164"].names
    assert names[0].value == "KOVALCHUK, Kirill Mikhailovich"
    assert names[0].kind == NameKind.PRIMARY
    assert ("Kirill Mikhailovich KOVALCHUK", NameKind.ALIAS) in [(n.value, n.kind) for n in names]
    assert ("Kyrylo Mykhaylovych KOVALCHUK", NameKind.ALIAS) in [(n.value, n.kind) for n in names]


def test_alt_file_gives_aliases_and_remarks_give_weak_aliases(sdn: dict[str, Entity]) -> None:
    kinds = {n.value: n.kind for n in sdn["306"].names}
    assert kinds == {"BANCO NACIONAL DE CUBA": NameKind.PRIMARY,
                     "NATIONAL BANK OF CUBA": NameKind.ALIAS, "BNC": NameKind.WEAK_ALIAS}


def test_programs_are_split(sdn: dict[str, Entity]) -> None:
    assert sdn["21164"].programs == ["UKRAINE-EO13661", "RUSSIA-EO14024"]


def test_addresses_give_address_countries(sdn: dict[str, Entity]) -> None:
    bank = sdn["306"]
    assert bank.addresses[0].full == "Zweierstrasse 35, Zurich CH-8022, Switzerland"
    assert bank.addresses[0].city == "Zurich"
    assert bank.addresses[0].country == "ch"
    assert {c.code for c in bank.countries if c.role == CountryRole.ADDRESS} == {
        "ch", "es", "jp", "pa"}


def test_vessel_columns_give_flag_owner_and_call_sign(sdn: dict[str, Entity]) -> None:
    tug = sdn["4238"]
    assert [(c.code, c.role) for c in tug.countries] == [("cu", CountryRole.FLAG)]
    assert Relation("owner", "Samir de Navegacion S.A.") in tug.relations
    assert Identifier("other", "CL2192", None, "Call Sign") in tug.identifiers
    assert "Vessel type: Tug" in tug.notes


def test_remarks_continue_in_the_comments_file(sdn: dict[str, Entity]) -> None:
    names = {n.value for n in sdn["27307"].names}
    assert "WHOIS HACKING TEAM" in names  # cut at 1,000 characters, finished in the comments
    assert "APPLEWORM" in names


def test_remark_identifiers_are_typed_on_entities(sdn: dict[str, Entity]) -> None:
    types = {(i.type, i.value) for i in sdn["17249"].identifiers}
    assert types == {("inn", "5008000322"), ("ogrn", "1025001202544"), ("okpo", "07504318")}
    assert sdn["15496"].birth_dates == ["1929", "1930"]


# -- warnings and errors ---------------------------------------------------------------------------


def test_rows_for_unknown_ent_nums_are_skipped_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    parsed = ofac.read(FIXTURES / "orphans" / "sdn.csv")
    with caplog.at_level(logging.WARNING, logger="dualwatch.sources.ofac"):
        result = list(parsed.entities)
    assert [e.source_id for e in result] == ["36"]
    assert [n.value for n in result[0].names] == ["AEROCARIBBEAN AIRLINES", "AERO-CARIBBEAN"]
    assert "alt.csv: 1 row(s) refer to an ent_num not in sdn.csv (first at line 2)" \
        in caplog.text
    assert "add.csv: 1 row(s)" in caplog.text
    assert "sdn_comments.csv: 1 row(s)" in caplog.text
    assert parsed.meta["warnings"].count("\n") == 2


def read_error(folder: str, name: str = "sdn.csv") -> SourceError:
    with pytest.raises(SourceError) as caught:
        list(ofac.read(FIXTURES / "bad" / folder / name).entities)
    return caught.value


def test_wrong_column_count_names_line_and_missing_field() -> None:
    error = read_error("wrong_columns")
    assert (error.line, error.field) == (2, "Remarks")
    assert "expected 12 comma-separated fields" in str(error)
    assert str(error).startswith(str(FIXTURES / "bad" / "wrong_columns" / "sdn.csv"))


def test_non_numeric_ent_num_is_an_error() -> None:
    error = read_error("ent_num")
    assert (error.line, error.field) == (2, "ent_num")
    assert "'17A3'" in str(error)


def test_undecodable_bytes_name_line_and_field() -> None:
    error = read_error("bytes")
    assert (error.line, error.field) == (2, "SDN_Name")
    assert "0x81" in str(error)


def test_truncated_quoted_field_names_line_and_field() -> None:
    error = read_error("truncated")
    assert (error.line, error.field) == (2, "Remarks")
    assert "not closed" in str(error)


def test_quote_left_open_mid_file_is_caught_on_its_line() -> None:
    error = read_error("open_quote")
    assert (error.line, error.field) == (1, "Remarks")


def test_empty_file_and_file_without_records_are_errors() -> None:
    with pytest.raises(SourceError, match="file is empty"):
        ofac.read(FIXTURES / "bad" / "empty" / "sdn.csv")
    assert "holds no records" in str(read_error("eof_only"))


def test_unknown_sdn_type_is_an_error() -> None:
    error = read_error("sdn_type")
    assert (error.line, error.field) == (1, "SDN_Type")


def test_wrong_column_count_in_a_companion_names_the_companion() -> None:
    error = read_error("alt_columns")
    assert error.path.endswith("alt.csv")
    assert (error.line, error.field) == (2, "alt_remarks")
