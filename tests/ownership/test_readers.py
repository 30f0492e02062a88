"""The relation readers on the bundled register samples, and their errors on broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.relations import Link, Party
from dualwatch.sources import ftm_relations
from tests.ownership.conftest import ZALA


def test_ftm_cluster_reads_ownership_directorship_and_family() -> None:
    parsed = ftm_relations.read(ZALA)
    items = list(parsed.items)
    links = [i for i in items if isinstance(i, Link)]
    parties = {i.key: i for i in items if isinstance(i, Party)}
    kinds = sorted({link.kind for link in links})
    assert kinds == ["directorship", "family", "ownership"]
    assert sum(link.kind == "ownership" for link in links) == 14
    assert parties["inn:183111242406"].name == "Aleksandr Vyacheslavovich Zakharov"
    shares = sorted(link.share_low for link in links if link.share_low is not None)
    assert shares == [1, 2, 48, 49, 50, 51, 75, 100, 100, 100]
    assert parsed.meta["skipped"] == str(41 + 11 + 1)  # Sanction, Address, Passport


def _broken(tmp_path: Path, percentage: str) -> Path:
    lines = ZALA.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        data = json.loads(line)
        if data["schema"] == "Ownership" and data["properties"].get("percentage"):
            data["properties"]["percentage"] = [percentage]
            lines[number] = json.dumps(data, ensure_ascii=False)
            broken = tmp_path / "cluster.ftm.json"
            broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return broken
    raise AssertionError("no ownership with a percentage")


def test_a_percentage_that_is_no_number_names_line_and_field(tmp_path: Path) -> None:
    path = _broken(tmp_path, "seventy")
    with pytest.raises(SourceError) as error:
        list(ftm_relations.read(path).items)
    assert error.value.field == "percentage" and error.value.line is not None
    assert "'seventy' is not a percentage" in str(error.value)
