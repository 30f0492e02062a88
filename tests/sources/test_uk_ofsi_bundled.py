"""The UK OFSI ConList.csv as published (14 April 2025): partial dates, groups, non-Latin names."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import Entity, NameKind
from dualwatch.sources import uk_ofsi
from tests.conftest import LISTS_EXTRA

CONLIST = LISTS_EXTRA / "gb_hmt_sanctions" / "ConList.csv"


@cache
def _entities() -> dict[str, Entity]:
    return {e.source_id: e for e in uk_ofsi.read(CONLIST).entities}


def test_whole_published_file_loads_with_its_publisher_date() -> None:
    parsed = uk_ofsi.read(CONLIST)
    assert (parsed.version, parsed.version_source) == ("2025-04-14", "publisher")
    assert len(_entities()) == 4688  # distinct Group IDs in the file


def test_year_only_and_month_year_birth_dates_keep_their_precision() -> None:
    assert _entities()["12510"].birth_dates == ["1955"]  # line 115: DOB "1955"
    assert _entities()["13754"].birth_dates == ["1962-09"]  # line 3012: DOB "09/1962"


def test_chinese_name_of_a_listed_firm_is_kept_as_original_script() -> None:
    autel = next(e for e in _entities().values() if e.caption == "AUTEL ROBOTICS CO., LTD.")
    assert ("道通机器人有限公司", NameKind.ORIGINAL_SCRIPT, "zh") in [
        (n.value, n.kind, n.lang) for n in autel.names]
    non_latin = [e for e in _entities().values()
                 if any(n.kind == NameKind.ORIGINAL_SCRIPT for n in e.names)]
    assert len(non_latin) > 1000


def _variant(tmp_path: Path, line: int, old: str, new: str) -> Path:
    lines = CONLIST.read_text("utf-8-sig").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / "ConList.csv"
    path.write_text("".join(lines), "utf-8")
    return path


@pytest.mark.parametrize("bad", ["13/1955", "1955-03", "19555"])
def test_a_date_that_is_none_names_line_and_field(tmp_path: Path, bad: str) -> None:
    path = _variant(tmp_path, 115, ",1955,", f",{bad},")
    with pytest.raises(SourceError) as err:
        list(uk_ofsi.read(path).entities)
    assert (err.value.line, err.value.field) == (115, "DOB")
    assert str(path) in str(err.value)


def test_a_broken_new_file_leaves_the_loaded_version_current(tmp_path: Path) -> None:
    from dualwatch import lists
    from dualwatch.store.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "store.sqlite") as store:
        [first] = lists.load_path(store, CONLIST)
        broken = _variant(tmp_path, 115, ",1955,", ",13/1955,")
        broken_text = broken.read_text("utf-8").replace("Last Updated,14/04/2025",
                                                        "Last Updated,21/04/2025", 1)
        broken.write_text(broken_text, "utf-8")
        with pytest.raises(SourceError) as err:
            list(lists.load_path(store, broken))
        assert (err.value.line, err.value.field) == (115, "DOB")
        current = store.version("gb_hmt_sanctions")
        assert (current.id, current.version) == (first.version.id, "2025-04-14")
        assert store.entity("gb_hmt_sanctions-12510") is not None
