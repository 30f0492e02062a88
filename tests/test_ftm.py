"""Canonical entity <-> FollowTheMoney JSON translation."""

from __future__ import annotations

from pathlib import Path

from dualwatch.ftm import canonical_id, entity_from_ftm, entity_to_ftm, legal_entity_schema
from dualwatch.model import CountryRole, Entity, NameKind
from dualwatch.sources import eu_fsf, ftm_jsonl, uk_ofsi, un_sc


def _roundtrip(entity: Entity) -> Entity:
    return Entity.from_ftm(entity.to_ftm(), entity.dataset)


def _same_core(before: Entity, after: Entity) -> None:
    assert after.id == before.id
    assert after.schema == before.schema
    assert {n.value for n in after.names} == {n.value for n in before.names}
    assert {(i.type, i.value) for i in after.identifiers} == {
        (i.type, i.value) for i in before.identifiers}
    assert {c.code for c in after.countries} == {c.code for c in before.countries}
    assert after.birth_dates == before.birth_dates
    assert after.incorporation_dates == before.incorporation_dates
    assert after.listed_on == before.listed_on
    assert after.programs == before.programs


def test_roundtrip_keeps_names_identifiers_countries_and_dates() -> None:
    sources = [
        ftm_jsonl.read(Path("tests/fixtures/ftm/sample.ftm.json")).entities,
        eu_fsf.read(Path("tests/fixtures/eu_fsf/eu_fsf_sample.xml")).entities,
        uk_ofsi.read(Path("tests/fixtures/uk_ofsi/ConList.csv")).entities,
        un_sc.read(Path("tests/fixtures/un_sc/un_sample.xml")).entities,
    ]
    for entities in sources:
        for entity in entities:
            _same_core(entity, _roundtrip(entity))


def test_roundtrip_keeps_name_kinds_and_country_roles_ftm_can_say() -> None:
    entity = next(ftm_jsonl.read(Path("tests/fixtures/ftm/sample.ftm.json")).entities)
    after = _roundtrip(entity)
    assert [(n.value, n.kind) for n in after.names] == [(n.value, n.kind) for n in entity.names]
    assert after.countries == entity.countries


def test_to_ftm_writes_typed_fields_as_ftm_properties() -> None:
    entity = Entity(id="eu_fsf-139410", schema="Company", dataset="eu_fsf", source_id="139410")
    entity.add_name("Joint Stock Company Mikron", NameKind.PRIMARY)
    entity.add_name("Mikron", NameKind.WEAK_ALIAS)
    entity.add_name("АО Микрон", NameKind.ORIGINAL_SCRIPT)
    entity.add_identifier("inn", "7735007358", "ru")
    entity.add_identifier("uscc", "91440300MA5DEXAMP1")
    entity.add_country("ru", CountryRole.JURISDICTION)
    entity.add_country("ae", CountryRole.ADDRESS)
    entity.listed_on = "2023-02-25"
    data = entity_to_ftm(entity)
    assert data["id"] == "eu_fsf-139410"
    assert data["datasets"] == ["eu_fsf"]
    props = data["properties"]
    assert props["name"] == ["Joint Stock Company Mikron"]
    assert props["weakAlias"] == ["Mikron"]
    assert props["alias"] == ["АО Микрон"]
    assert props["innCode"] == ["7735007358"]
    assert props["registrationNumber"] == ["91440300MA5DEXAMP1"]
    assert props["jurisdiction"] == ["ru"] and props["country"] == ["ae"]
    assert props["createdAt"] == ["2023-02-25"]
    back = entity_from_ftm(data)
    assert ("uscc", "91440300MA5DEXAMP1") in {(i.type, i.value) for i in back.identifiers}


def test_aircraft_is_airplane_in_ftm() -> None:
    plane = Entity(id="x-1", schema="Aircraft", dataset="x", source_id="1")
    plane.add_name("RA-96022", NameKind.PRIMARY)
    plane.add_identifier("aircraft_tail", "RA-96022")
    data = plane.to_ftm()
    assert data["schema"] == "Airplane"
    assert data["properties"]["registrationNumber"] == ["RA-96022"]
    back = Entity.from_ftm(data)
    assert back.schema == "Aircraft"
    assert [(i.type, i.value) for i in back.identifiers] == [("aircraft_tail", "RA-96022")]


def test_canonical_id_keeps_dataset_prefixed_ids() -> None:
    assert canonical_id("eu-fsf-13", "eu_fsf") == "eu-fsf-13"
    assert canonical_id("us_dod_1260h-abc", "us_dod_1260h") == "us_dod_1260h-abc"
    assert canonical_id("NK-abc", "eu_fsf") == "eu_fsf-NK-abc"


def test_legal_forms_mark_companies() -> None:
    assert legal_entity_schema("OOO Ромашка") == "Company"
    assert legal_entity_schema("King Pai Technology Co., Ltd.") == "Company"
    assert legal_entity_schema("深圳市某某电子有限公司 公司") == "Company"
    assert legal_entity_schema("Allied Democratic Forces") == "Organization"
    assert legal_entity_schema("Hizballah", "LegalEntity") == "LegalEntity"
