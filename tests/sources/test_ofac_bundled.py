"""The bundled real OFAC lists (../shared/data/lists) read end to end."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dualwatch.model import Entity, Identifier
from dualwatch.sources import ofac
from dualwatch.sources.ofac_remarks import parse_remarks, split_remarks

LISTS = Path("../shared/data/lists")
SDN = LISTS / "us_ofac_sdn" / "sdn.csv"
CONS = LISTS / "us_ofac_cons" / "cons_prim.csv"

pytestmark = pytest.mark.skipif(not SDN.exists(), reason="bundled lists not available")


@pytest.fixture(scope="module")
def sdn() -> dict[str, Entity]:
    # Reading speed is measured in benchmarks/load_lists.py, never asserted here.
    return {e.source_id: e for e in ofac.read(SDN).entities}


@pytest.fixture(scope="module")
def cons() -> dict[str, Entity]:
    return {e.source_id: e for e in ofac.read(CONS).entities}


def test_sdn_list_has_all_its_entries(sdn: dict[str, Entity]) -> None:
    assert len(sdn) == 14_965
    assert Counter(e.schema for e in sdn.values())["Person"] == 6_854


def test_consolidated_list_has_all_its_entries(cons: dict[str, Entity]) -> None:
    assert len(cons) == 442
    assert all(e.dataset == "us_ofac_cons" for e in cons.values())


def test_gazprombank_identifiers_are_inn_ogrn_lei_swift(cons: dict[str, Entity]) -> None:
    bank = cons["17016"]  # continued in cons_comments.csv
    assert "RUSSIA-EO14024" in bank.programs
    assert Identifier("inn", "7744001497", "ru", "Tax ID No.") in bank.identifiers
    assert Identifier("ogrn", "1027700167110", "ru", "Registration Number") in bank.identifiers
    assert Identifier("lei", "253400WSS48YWMBUA688", None, "Legal Entity Number") \
        in bank.identifiers
    assert Identifier("swift", "GAZPRUMM", None, "SWIFT/BIC") in bank.identifiers
    assert bank.schema == "Company"


def test_russia_program_vessel_has_its_imo(sdn: dict[str, Entity]) -> None:
    ship = sdn["34940"]  # BALTIC LEADER
    assert ship.schema == "Vessel" and "RUSSIA-EO14024" in ship.programs
    assert [(i.type, i.value) for i in ship.identifiers] == [("imo", "9220639")]
    assert [c.code for c in ship.countries] == ["ru"]


def test_russia_program_chinese_company_has_its_uscc(sdn: dict[str, Entity]) -> None:
    company = sdn["40477"]  # CHANGSHA TIANYI SPACE SCIENCE AND TECHNOLOGY RESEARCH INSTITUTE
    assert Identifier("uscc", "914301003206989977", "cn",
                      "Unified Social Credit Code (USCC)") in company.identifiers


def test_russia_program_person_has_passport_and_inn(sdn: dict[str, Entity]) -> None:
    person = sdn["21164"]  # KOVALCHUK, Kirill Mikhailovich
    typed = {(i.type, i.value, i.country) for i in person.identifiers}
    assert ("passport", "643267034", "ru") in typed
    assert ("inn", "773600308808", "ru") in typed
    assert person.birth_dates == ["1968-12-22"]


def test_most_russia_program_entries_get_typed_identifiers(sdn: dict[str, Entity]) -> None:
    russia = [e for e in sdn.values() if "RUSSIA-EO14024" in e.programs]
    typed = [e for e in russia if any(i.type != "other" for i in e.identifiers)]
    assert len(russia) == 4_439
    assert len(typed) >= 3_400


def test_few_remark_fragments_are_left_unparsed() -> None:
    fragments = unparsed = 0
    for entity_remarks in _raw_remarks(SDN):
        fragments += len(split_remarks(entity_remarks))
        unparsed += len(parse_remarks(entity_remarks).unparsed)
    assert fragments > 60_000
    assert unparsed / fragments < 0.01


def _raw_remarks(path: Path) -> list[str]:
    import csv

    with path.open(encoding="cp1252", newline="") as fh:
        return [row[11] for row in csv.reader(fh) if len(row) == 12 and row[11].strip() != "-0-"]
