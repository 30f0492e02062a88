"""The UN consolidated list XML parser, on the bundled list and on small fixtures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dualwatch.errors import SourceError
from dualwatch.model import CountryRole, NameKind
from dualwatch.sources import un_sc
from dualwatch.sources.base import read_head

BUNDLED = Path("../shared/data/lists/un_sc/consolidated.xml")
FIXTURES = Path("tests/fixtures/un_sc")
OTHER_FORMATS = [
    Path("../shared/data/lists/us_trade_csl/consolidated.csv"),
    Path("../shared/data/lists/ftm/eu_fsf.ftm.json"),
    Path("tests/fixtures/eu_fsf/eu_fsf_sample.xml"),
    Path("tests/fixtures/uk_ofsi/ConList.csv"),
]


def _sample() -> dict[str, object]:
    return {e.source_id: e for e in un_sc.read(FIXTURES / "un_sample.xml").entities}


def test_bundled_list_has_730_people_and_273_other_entities() -> None:
    parsed = un_sc.read(BUNDLED)
    schemas = Counter(e.schema for e in parsed.entities)
    assert schemas["Person"] == 730
    assert sum(schemas.values()) - schemas["Person"] == 273
    assert set(schemas) <= {"Person", "Organization", "Company"}
    assert parsed.dataset == "un_sc_sanctions"
    assert (parsed.version, parsed.version_source) == ("2026-02-27", "publisher")


def test_bundled_ids_are_unique_and_prefixed_with_the_dataset() -> None:
    ids = [e.id for e in un_sc.read(BUNDLED).entities]
    assert len(ids) == len(set(ids)) == 1003
    assert all(i.startswith("un_sc_sanctions-") for i in ids)


def test_person_names_aliases_by_quality_and_original_script() -> None:
    ri = _sample()["KPi.025"]
    assert ri.id == "un_sc_sanctions-KPi.025"
    assert ri.schema == "Person"
    assert ri.caption == "RI WON HO"
    kinds = {n.value: n.kind for n in ri.names}
    assert kinds["Ri Won-ho"] == NameKind.ALIAS
    assert kinds["Won Ho"] == NameKind.WEAK_ALIAS
    assert kinds["리원호"] == NameKind.ORIGINAL_SCRIPT


def test_person_dates_places_countries_documents_programs() -> None:
    ri = _sample()["KPi.025"]
    assert ri.birth_dates == ["1964-07-17"]
    assert ri.birth_places == ["Pyongyang, Democratic People's Republic of Korea"]
    assert {(c.code, c.role) for c in ri.countries} == {
        ("kp", CountryRole.NATIONALITY), ("kp", CountryRole.BIRTH), ("sy", CountryRole.ADDRESS)}
    [passport] = ri.identifiers
    assert (passport.type, passport.value, passport.country) == ("passport", "381310014", "kp")
    assert ri.programs == ["DPRK", "KPi.025"]
    assert ri.listed_on == "2016-11-30"
    assert ri.addresses[0].city == "Damascus"


def test_between_dates_give_every_year_and_titles_are_kept() -> None:
    qasim = _sample()["TAi.165"]
    assert qasim.birth_dates == ["1975", "1976"]
    assert qasim.titles == ["Haji"]
    assert qasim.identifiers == []  # the document has no NUMBER; kept as a note
    assert any("tazkira" in n for n in qasim.notes)


def test_entities_are_companies_when_named_like_one_else_organizations() -> None:
    sample = _sample()
    komid, adf = sample["KPe.001"], sample["CDe.001"]
    assert komid.schema == "Company"
    assert adf.schema == "Organization"
    kinds = {n.value: n.kind for n in komid.names}
    assert kinds["CHANGGWANG SINYONG CORPORATION"] == NameKind.ALIAS
    assert kinds["NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION"] == NameKind.FORMER


def test_sniff_accepts_the_un_list_and_rejects_other_formats() -> None:
    assert un_sc.sniff(BUNDLED, read_head(BUNDLED))
    for path in OTHER_FORMATS:
        assert not un_sc.sniff(path, read_head(path)), path


def test_truncated_xml_names_file_and_line() -> None:
    path = FIXTURES / "truncated.xml"
    with pytest.raises(SourceError) as err:
        list(un_sc.read(path).entities)
    assert err.value.path == str(path)
    assert err.value.line is not None and err.value.line > 1


def test_wrong_root_element_is_refused_before_reading_entities() -> None:
    with pytest.raises(SourceError, match="SANCTIONS_LIST") as err:
        un_sc.read(FIXTURES / "wrong_root.xml")
    assert err.value.element == "SANCTIONS_LIST"


def test_json_file_given_as_un_xml_is_refused() -> None:
    with pytest.raises(SourceError, match="malformed XML") as err:
        un_sc.read(Path("tests/fixtures/ftm/sample.ftm.json"))
    assert err.value.line == 1


def test_bad_date_names_record_and_field() -> None:
    with pytest.raises(SourceError) as err:
        list(un_sc.read(FIXTURES / "bad_listed_on.xml").entities)
    assert err.value.field == "LISTED_ON"
    assert "KPi.025" in (err.value.element or "")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "consolidated.xml"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match="empty"):
        un_sc.read(empty)


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "consolidated.xml"
    bad.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST>\n'
                    b"<INDIVIDUALS><INDIVIDUAL><FIRST_NAME>\xff\xfe</FIRST_NAME>")
    with pytest.raises(SourceError) as err:
        list(un_sc.read(bad).entities)
    assert err.value.line == 3
