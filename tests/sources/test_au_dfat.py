"""Australia's DFAT Consolidated List, the official XLSX: on the bundled file and on variants."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import openpyxl
import pytest

from dualwatch.errors import SourceError
from dualwatch.model import CountryRole, Entity, NameKind
from dualwatch.sources import au_dfat
from dualwatch.sources.base import read_head
from dualwatch.sources.registry import detect
from tests.conftest import LISTS, LISTS_EXTRA

WORKBOOK = LISTS_EXTRA / "au_dfat_sanctions" / "regulation8_consolidated.xlsx"


@cache
def _entities() -> dict[str, Entity]:
    return {e.source_id: e for e in au_dfat.read(WORKBOOK).entities}


def test_bundled_workbook_is_detected_and_versioned_by_its_latest_control_date() -> None:
    assert detect(WORKBOOK) is au_dfat
    parsed = au_dfat.read(WORKBOOK)
    assert (parsed.dataset, parsed.version, parsed.version_source) == (
        "au_dfat_sanctions", "2024-11-11", "publisher")
    assert len(_entities()) == 3062  # distinct references (2, 2a, 2b... are one target)


def test_rows_of_one_reference_are_one_target_with_its_names() -> None:
    akhund = _entities()["2"]
    assert akhund.schema == "Person"
    assert [(n.value, n.kind) for n in akhund.names] == [
        ("MOHAMMAD HASSAN AKHUND", NameKind.PRIMARY),
        ("محمد حسن أخوند", NameKind.ORIGINAL_SCRIPT)]
    assert akhund.birth_dates == ["1955", "1958", "1945", "1950"]  # "a) Approx. 1955- 1958 b)..."
    assert akhund.countries[0].code == "af"
    assert akhund.countries[0].role == CountryRole.NATIONALITY
    assert akhund.programs == ["1988 (Taliban)"]


def test_russia_autonomous_listing_with_date_cell_and_listing_date() -> None:
    glazyev = next(e for e in _entities().values() if e.caption.startswith("Sergey Yur’yevich"))
    assert glazyev.birth_dates == ["1961-01-01"]
    assert glazyev.listed_on == "2014-06-19"
    assert glazyev.programs == ["Autonomous (Russia)"]
    assert "Serhiy Yuriyovych HLAZEV" in [n.value for n in glazyev.names]


def test_other_formats_are_not_taken_for_the_dfat_list() -> None:
    for path in (LISTS / "us_trade_csl" / "consolidated.csv", Path("examples/counterparties.csv")):
        assert not au_dfat.sniff(path, read_head(path))


def _small_copy(tmp_path: Path, edit: tuple[int, int, object] | None = None) -> Path:
    """The header and first 20 rows of the real workbook, with one cell changed."""
    source = openpyxl.load_workbook(WORKBOOK, read_only=True)
    rows = [list(r[:12]) for r in source.worksheets[0].iter_rows(max_row=21, values_only=True)]
    source.close()
    if edit is not None:
        row, column, value = edit
        rows[row - 1][column] = value
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)  # type: ignore[union-attr]
    path = tmp_path / "regulation8_consolidated.xlsx"
    book.save(path)
    return path


def test_a_small_copy_reads_like_the_original(tmp_path: Path) -> None:
    entities = list(au_dfat.read(_small_copy(tmp_path)).entities)
    assert entities[0].names == _entities()["2"].names


def test_unknown_name_type_names_line_and_field(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        list(au_dfat.read(_small_copy(tmp_path, (5, 3, "Nickname"))).entities)
    assert (err.value.line, err.value.field) == (5, "Name Type")


def test_bad_reference_names_line_and_field(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        list(au_dfat.read(_small_copy(tmp_path, (7, 0, "x-7"))).entities)
    assert (err.value.line, err.value.field) == (7, "Reference")


def test_missing_column_is_refused_on_line_one(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        au_dfat.read(_small_copy(tmp_path, (1, 10, "Regimes")))
    assert (err.value.line, err.value.field) == (1, "Committees")
