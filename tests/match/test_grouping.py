"""Entries of several lists are one hit only when they are one party (real Sberbank entries)."""

from __future__ import annotations

import random
from functools import cache

from dualwatch.match.index import build_index
from dualwatch.model import Entity
from dualwatch.sources import au_dfat, ofac, uk_ofsi
from tests.conftest import LISTS, LISTS_EXTRA

PARENT = {"us_ofac_sdn:17018", "gb_hmt_sanctions:15076"}  # SWIFT SABRRUMM
SUBSIDIARY = {"us_ofac_sdn:18715", "au_dfat_sanctions:6771"}  # the Ukrainian bank, SABRUAUK


@cache
def _sberbank_entries() -> tuple[Entity, ...]:
    parsed = [ofac.read(LISTS / "us_ofac_sdn" / "sdn.csv"),
              uk_ofsi.read(LISTS_EXTRA / "gb_hmt_sanctions" / "ConList.csv"),
              au_dfat.read(LISTS_EXTRA / "au_dfat_sanctions" / "regulation8_consolidated.xlsx")]
    return tuple(e for p in parsed for e in p.entities
                 if any("sberbank" in n.value.casefold() for n in e.names))


def _groups(entities: list[Entity]) -> list[set[str]]:
    return [set(g.sources) for g in build_index(entities).groups]


def test_bank_and_its_subsidiary_with_other_swift_codes_stay_apart_in_any_order() -> None:
    entries = list(_sberbank_entries())
    for seed in range(3):
        random.Random(seed).shuffle(entries)
        groups = _groups(entries)
        assert PARENT in groups, seed
        assert SUBSIDIARY in groups, seed


def test_same_name_alone_joins_when_nothing_disagrees() -> None:
    entries = [e for e in _sberbank_entries()
               if f"{e.dataset}:{e.source_id}" in {"us_ofac_sdn:18716"}]
    copy = Entity("other_list-1", "Company", "other_list", "1", names=list(entries[0].names))
    assert {"us_ofac_sdn:18716", "other_list:1"} in _groups([*entries, copy])
