"""The EU Official Journal annexes and China's lists as FtM entities with Sanction records."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import Entity
from dualwatch.sources import ftm_jsonl
from tests.conftest import LISTS_EXTRA

EU_JOURNAL = LISTS_EXTRA / "ftm" / "eu_journal_sanctions.ftm.json"
CHINA = LISTS_EXTRA / "ftm" / "cn_sanctions.ftm.json"


@cache
def _eu() -> dict[str, Entity]:
    return {e.source_id: e for e in ftm_jsonl.read(EU_JOURNAL).entities}


def test_eu_annex_iv_entity_carries_its_export_control_listing() -> None:
    ausay = next(e for e in _eu().values() if e.caption == "Guangzhou Ausay Technology Co Limited")
    [annex_iv] = ausay.sanctions
    assert (annex_iv.program, annex_iv.measure, annex_iv.start_date) == (
        "EU-RUS 32014R0833 Annex IV", "export-control", "2024-02-23")
    assert annex_iv.reference is not None and annex_iv.reference.startswith("32014R0833 Annex IV")
    assert [(i.type, i.value) for i in ausay.identifiers] == [("uscc", "91440101MA5ALQNR86")]
    assert "广州欧赛科技有限公司" in [n.value for n in ausay.names]
    assert [c.code for c in ausay.countries] == ["cn"]


def test_every_eu_entity_has_a_listing_and_annex_iv_counts_921() -> None:
    entities = _eu().values()
    assert len(entities) == 7941  # 7,970 listed things less 29 assets (not parties)
    assert all(e.sanctions for e in entities)
    annex_iv = [e for e in entities
                if any(s.program == "EU-RUS 32014R0833 Annex IV" for s in e.sanctions)]
    assert len(annex_iv) == 921


def test_eu_dates_written_day_first_are_read() -> None:
    abdollahi = next(e for e in _eu().values() if e.caption == "ABDOLLAHI Hamed")
    assert abdollahi.birth_dates == ["1960-08-11"]  # "11.8.1960" in the file


def test_china_lists_export_control_and_countermeasures_with_versions_from_listings() -> None:
    parsed = ftm_jsonl.read(CHINA)
    entities = list(parsed.entities)
    assert (parsed.dataset, parsed.version_source) == ("cn_sanctions", "latest-listing")
    assert parsed.version == max(s.start_date or "" for e in entities for s in e.sanctions)
    measures = {s.measure for e in entities for s in e.sanctions}
    assert measures == {"export-control", "countermeasure"}
    uel = [e for e in entities if any(s.program == "UEL" for s in e.sanctions)]
    assert uel and all(s.measure == "export-control" for e in uel for s in e.sanctions
                       if s.program == "UEL")


def _with_broken_sanction(tmp_path: Path, key: str) -> tuple[Path, int]:
    lines = CHINA.read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if '"Sanction"' in line)
    record = json.loads(lines[number - 1])
    del record["properties"][key]
    lines[number - 1] = json.dumps(record, ensure_ascii=False)
    path = tmp_path / "cn_sanctions.ftm.json"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path, number


@pytest.mark.parametrize("key", ["entity", "program"])
def test_sanction_without_entity_or_program_names_line_and_field(tmp_path: Path,
                                                                 key: str) -> None:
    path, number = _with_broken_sanction(tmp_path, key)
    with pytest.raises(SourceError) as err:
        ftm_jsonl.read(path)
    assert (err.value.line, err.value.field) == (number, key)
