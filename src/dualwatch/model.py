"""Canonical entities: what every list parser yields and everything downstream reads.

The shape follows FollowTheMoney (the data model of OpenSanctions and yente) so that entities can
be written to and read from FtM JSON lines without loss of the fields screening needs. We keep
typed fields (names with their kind, identifiers with their type, countries with their role)
rather than FtM's flat property bag, because matching and explanation need to know *which* name
or identifier is which; :func:`Entity.to_ftm` and :func:`Entity.from_ftm` translate at the edge.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

SCHEMATA = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Aircraft")


class NameKind(StrEnum):
    """How a name relates to the entity; weak aliases must not alert on their own."""

    PRIMARY = "primary"
    ALIAS = "alias"
    WEAK_ALIAS = "weak_alias"
    FORMER = "former"
    ORIGINAL_SCRIPT = "original_script"


class CountryRole(StrEnum):
    """Why a country is attached to an entity (FtM: jurisdiction, nationality, country...)."""

    JURISDICTION = "jurisdiction"
    NATIONALITY = "nationality"
    CITIZENSHIP = "citizenship"
    ADDRESS = "address"
    BIRTH = "birth"
    FLAG = "flag"
    OTHER = "country"


@dataclass(frozen=True, slots=True)
class Name:
    value: str
    kind: NameKind = NameKind.PRIMARY
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Identifier:
    """A typed identifier; ``type`` is one of :data:`IDENTIFIER_TYPES` where known."""

    type: str
    value: str
    country: str | None = None
    note: str | None = None


IDENTIFIER_TYPES = {
    "inn": "Russian taxpayer number (INN)",
    "ogrn": "Russian state registration number (OGRN)",
    "kpp": "Russian tax registration reason code (KPP)",
    "okpo": "Russian classifier of enterprises (OKPO)",
    "uscc": "Chinese unified social credit code",
    "imo": "IMO ship or company number",
    "mmsi": "Maritime mobile service identity",
    "passport": "Passport number",
    "national_id": "National identification number",
    "tax_id": "Tax identification number",
    "registration": "Company registration number",
    "lei": "Legal Entity Identifier",
    "swift": "SWIFT/BIC code",
    "aircraft_serial": "Aircraft manufacturer serial number",
    "aircraft_tail": "Aircraft tail number",
    "other": "Other identifier",
}


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, lower case as in FtM ("ru"); "zz" when unknown
    role: CountryRole = CountryRole.OTHER


@dataclass(frozen=True, slots=True)
class Address:
    full: str
    city: str | None = None
    country: str | None = None  # ISO alpha-2, lower case


@dataclass(frozen=True, slots=True)
class Relation:
    """A link to another entity ("Linked To:", owner, director...), by name and maybe id."""

    kind: str
    target_name: str
    target_id: str | None = None


@dataclass(frozen=True, slots=True)
class Sanction:
    """One listing of an entity: who listed it under which programme, and what the listing means.

    ``measure`` is one of :data:`MEASURES` (the kind of restriction); ``program`` is the
    publisher's programme and annex ("EU-RUS 32014R0833 Annex IV"), ``reference`` the entry's
    number in it ("32014R0833 Annex IV No 12"), ``start_date`` the listing date (ISO, maybe
    partial). Lists without their own sanction records get them from ``measures.csv``.
    """

    program: str
    measure: str
    authority: str | None = None
    start_date: str | None = None
    reference: str | None = None
    reason: str | None = None
    source_url: str | None = None


MEASURES = {
    "asset-freeze": "asset freeze: no funds or economic resources may be made available",
    "export-control": "export restrictions: dual-use and listed goods need a licence or are "
                      "prohibited",
    "transport": "transport restrictions (ships, aircraft)",
    "financial": "financial restrictions (securities, loans, transactions)",
    "services": "ban on providing services",
    "investment": "investment ban",
    "procurement": "procurement ban (government contracts)",
    "travel-ban": "entry and transit ban",
    "countermeasure": "countermeasures of the listing state",
    "other": "listed; see the programme for the measure",
}


@dataclass(slots=True)
class Entity:
    """One list entry in canonical form.

    ``id`` is globally unique (``{dataset}-{source_id}``); ``source_id`` is the publisher's own
    key (OFAC ent_num, UN reference number, EU reference, CSL id) and ``dataset`` the list id
    (``us_ofac_sdn``, ``un_sc_sanctions``...). ``sublist`` keeps the finer source inside a
    consolidated file (e.g. "Entity List (EL) - Bureau of Industry and Security" in the CSL).
    Dates are ISO 8601 strings, possibly partial ("1971", "1971-05").
    """

    id: str
    schema: str
    dataset: str
    source_id: str
    names: list[Name] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    incorporation_dates: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    listed_on: str | None = None
    sublist: str | None = None
    gender: str | None = None
    titles: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source_url: str | None = None
    version: str | None = None  # the list version (publisher's date) it came from
    sanctions: list[Sanction] = field(default_factory=list)

    @property
    def caption(self) -> str:
        """The name a person should see first: the English or Latin one where the entry has
        one, else the primary name, without stress marks (see :mod:`dualwatch.captions`)."""
        from dualwatch.captions import caption

        return caption(self.names, self.id, self.schema)

    def add_name(self, value: str | None, kind: NameKind = NameKind.ALIAS,
                 lang: str | None = None) -> None:
        """Add a name once; blank values and exact duplicates are ignored."""
        if value is None:
            return
        value = " ".join(value.split())
        if not value or any(n.value == value for n in self.names):
            return
        self.names.append(Name(value, kind, lang))

    def add_identifier(self, type_: str, value: str | None, country: str | None = None,
                       note: str | None = None) -> None:
        if value is None or not value.strip():
            return
        ident = Identifier(type_, value.strip(), country, note)
        if ident not in self.identifiers:
            self.identifiers.append(ident)

    def add_country(self, code: str | None, role: CountryRole = CountryRole.OTHER) -> None:
        if not code:
            return
        country = Country(code.lower(), role)
        if country not in self.countries:
            self.countries.append(country)

    # -- serialisation -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        data = dict(data)
        data["names"] = [Name(n["value"], NameKind(n["kind"]), n.get("lang"))
                         for n in data.get("names", [])]
        data["countries"] = [Country(c["code"], CountryRole(c["role"]))
                             for c in data.get("countries", [])]
        data["addresses"] = [Address(**a) for a in data.get("addresses", [])]
        data["identifiers"] = [Identifier(**i) for i in data.get("identifiers", [])]
        data["relations"] = [Relation(**r) for r in data.get("relations", [])]
        data["sanctions"] = [Sanction(**s) for s in data.get("sanctions", [])]
        return cls(**data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))

    def content_hash(self) -> str:
        """Hash of the content without the version, so unchanged entries diff as unchanged."""
        data = self.to_dict()
        data.pop("version", None)
        if not data["sanctions"]:
            del data["sanctions"]  # entries stored before listings were kept hash the same
        raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()

    def to_ftm(self) -> dict[str, Any]:
        """FollowTheMoney entity JSON (the OpenSanctions export shape)."""
        from dualwatch import ftm

        return ftm.entity_to_ftm(self)

    @classmethod
    def from_ftm(cls, data: dict[str, Any], dataset: str | None = None) -> Entity:
        from dualwatch import ftm

        return ftm.entity_from_ftm(data, dataset)
