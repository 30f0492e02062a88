"""The relation readers on the bundled register samples, and their errors on broken files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import Entity, Identifier
from dualwatch.relations import Link, Party
from dualwatch.risk.ownership import OwnershipGraph, rule_set
from dualwatch.sources import egrul, ftm_relations, gleif_rr, uk_psc
from tests.ownership.conftest import OWNERSHIP, ZALA


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


EGRUL = OWNERSHIP / "ru_egrul"
GLEIF = OWNERSHIP / "gleif"
PSC = OWNERSHIP / "uk_psc"


def _read_all(module: Any, paths: list[Path]) -> tuple[list[Party], list[Link]]:
    items = [i for p in paths for i in module.read(p).items]
    return ([i for i in items if isinstance(i, Party)],
            [i for i in items if isinstance(i, Link)])


def test_egrul_extracts_read_founders_shares_and_officers_from_windows_1251() -> None:
    files = sorted(EGRUL.glob("*.xml"))
    assert all(egrul.sniff(f, f.read_bytes()[:4096]) for f in files)
    parties, links = _read_all(egrul, files)
    companies = [p.key for p in parties if p.source_id]
    assert len(companies) == 498 and len(set(companies)) == 435  # some in several extracts
    owned = [link for link in links if link.kind == "ownership"]
    assert len(owned) == 593 and sum(link.share_low is None for link in owned) == 39
    assert all(0 <= (link.share_low or 0) <= 100 for link in owned)
    assert sum(link.kind == "directorship" for link in links) == 495
    names = {p.name for p in parties}
    assert 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "УФР"' in names  # decoded from cp1251


def test_egrul_share_that_is_no_number_names_company_and_field(tmp_path: Path) -> None:
    source = sorted(EGRUL.glob("*.xml"))[0]
    raw = source.read_bytes()
    start = raw.index("<Процент>".encode("cp1251"))
    end = raw.index("</Процент>".encode("cp1251"), start)
    broken = tmp_path / source.name
    broken.write_bytes(raw[:start] + "<Процент>сто".encode("cp1251") + raw[end:])
    with pytest.raises(SourceError) as error:
        list(egrul.read(broken).items)
    assert error.value.field == "Процент" and (error.value.element or "").startswith("СвЮЛ ИНН=")


def test_gleif_rr_direct_parents_are_control_with_their_percentage() -> None:
    files = sorted(GLEIF.glob("rr-*.xml"))
    assert not gleif_rr.sniff(GLEIF / "lei-data.xml", (GLEIF / "lei-data.xml").read_bytes())
    parties, links = _read_all(gleif_rr, files)
    assert all(p.key.startswith("lei:") and len(p.key) == 24 for p in parties)
    control = [link for link in links if link.kind == "control"]
    assert len(control) == 1 + 3 + 4  # IS_DIRECTLY_CONSOLIDATED_BY in the three files
    shares = sorted(link.share_low for link in links if link.kind == "ownership")
    assert shares and all(0 < s <= 100 for s in shares if s is not None)


def test_gleif_rr_broken_lei_is_an_error(tmp_path: Path) -> None:
    source = GLEIF / "rr-data.xml"
    broken = tmp_path / "rr-data.xml"
    broken.write_text(source.read_text(encoding="utf-8").replace(
        "<rr:NodeID>001GPB6A9XPE8XJICC14</rr:NodeID>", "<rr:NodeID>001GPB</rr:NodeID>", 1),
        encoding="utf-8")
    with pytest.raises(SourceError) as error:
        list(gleif_rr.read(broken).items)
    assert error.value.field == "StartNode" and error.value.element == "RelationshipRecord #1"


def test_uk_psc_bands_and_control() -> None:
    parties, links = _read_all(uk_psc, sorted(PSC.glob("*.json")))
    by_nature = {link.role: link for link in links}
    band = by_nature["ownership-of-shares-25-to-50-percent"]
    assert band.kind == "ownership" and band.share_high == 50 and 25 < (band.share_low or 0) < 26
    top = by_nature["ownership-of-shares-75-to-100-percent"]
    assert (top.share_low, top.share_high) == (75, 100)
    assert by_nature["right-to-appoint-and-remove-directors"].kind == "control"
    corporate = {p.name: p for p in parties}["Clientlogic Holding Limited"]
    assert corporate.key == "registration:gb:3530981"
    names = {p.key: p.name for p in parties if p.source_id == p.name}
    assert "registration:gb:8209948" in {p.key for p in parties}
    assert names  # PSC records name the company by number only; company data names it


def test_uk_psc_corporate_owner_on_a_list_blocks_its_company() -> None:
    parties, links = _read_all(uk_psc, [PSC / "psc-data-8.json"])
    listed = Entity(id="gb_hmt_sanctions-1", schema="Company", dataset="gb_hmt_sanctions",
                    source_id="1")
    listed.add_name("CLIENTLOGIC HOLDING LIMITED")
    listed.identifiers.append(Identifier("registration", "03530981", "gb"))
    graph = OwnershipGraph.from_records(parties, links, [listed], as_of="2025-01-01")
    graph.evaluate(rule_set("uk"))
    verdict = graph.verdict("registration:gb:4120481")
    assert verdict is not None and verdict.basis == "owned" and verdict.blocked_share == 75
    assert verdict.ownership.startswith("75-100% by CLIENTLOGIC HOLDING LIMITED "
                                        "(gb_hmt_sanctions:1)")
