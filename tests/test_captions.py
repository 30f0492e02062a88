"""Captions: the English or Latin name of an entry, without stress marks, on real EU entries."""

from __future__ import annotations

import json

from dualwatch import ftm
from dualwatch.captions import without_stress
from dualwatch.model import Entity, Name, NameKind
from tests.conftest import LISTS, LISTS_EXTRA


def _eu_fsf(*ids: str) -> dict[str, Entity]:
    found = {}
    with (LISTS / "ftm" / "eu_fsf.ftm.json").open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            if data["id"] in ids:
                found[data["id"]] = ftm.entity_from_ftm(data)
    return found


def test_eu_entries_are_captioned_by_their_english_name() -> None:
    entries = _eu_fsf("eu-fsf-138993", "eu-fsf-138212", "eu-fsf-135909")
    assert entries["eu-fsf-138993"].caption == "JSC Tactical Missiles Corporation"  # not Polish
    assert entries["eu-fsf-138212"].caption == "Oleg Vladimirovich DERIPASKA"  # not Czech
    assert entries["eu-fsf-135909"].caption == "Vladimir Vladimirovich PUTIN"  # not Cyrillic


def test_latin_primary_names_of_other_lists_stay() -> None:
    entity = Entity("x-1", "Company", "x", "1", names=[
        Name("KIM TONG MY’ONG", NameKind.PRIMARY), Name("Kim Tong-Myong", NameKind.ALIAS)])
    assert entity.caption == "KIM TONG MY’ONG"
    turkish = Entity("x-2", "Company", "x", "2", names=[
        Name("Transeurope Bilişim Diş Ticaret Limited Şirketi", NameKind.PRIMARY),
        Name("Trans Europe Bilisim Dis Ticaret Ltd Sti", NameKind.ALIAS)])
    assert turkish.caption == "Transeurope Bilişim Diş Ticaret Limited Şirketi"


def test_stress_marks_go_and_chinese_firms_read_in_latin() -> None:
    assert without_stress("Влади́мир ПУ́ТИН") == "Владимир ПУТИН"
    assert without_stress("Oleg Děripaska") == "Oleg Děripaska"
    only_cyrillic = Entity("x-3", "Person", "x", "3",
                           names=[Name("Влади́мир ПУ́ТИН", NameKind.PRIMARY)])
    assert only_cyrillic.caption == "Владимир ПУТИН"
    with (LISTS_EXTRA / "ftm" / "cn_sanctions.ftm.json").open(encoding="utf-8") as fh:
        first = ftm.entity_from_ftm(json.loads(fh.readline()))
    assert first.caption.isascii()
