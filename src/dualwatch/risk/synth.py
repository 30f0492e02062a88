"""Realistic synthetic shipment files with planted evasion schemes and known labels.

Real trade data with confirmed diversion cases cannot be published, so tests and benchmarks
use generated files: ordinary trade between invented firms (furniture, food, machinery,
electronics distributors...) across 40 countries, with the confounders a real file has (CHPL
items sold legally to Turkey or the UAE, logistics firms as consignees of harmless goods,
companies founded last year, parent companies paying for subsidiaries, typing errors in
values, harmless goods to Russia), and, hidden in it, shipments that follow the evasion
schemes of ``data/synth_schemes.csv``. Schemes involving listed parties use real names,
addresses and phones of entities on the loaded lists, written with small variations.

The labels go to a separate file (``shipment_id,scheme``), so the shipment file looks like an
ordinary export from a customs or trade-data system.
"""

from __future__ import annotations

import csv
import itertools
import math
import random
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from dualwatch.errors import InputError
from dualwatch.goods.nomenclature import chpl_tier
from dualwatch.model import Entity
from dualwatch.risk.contacts import norm_address, norm_email, norm_phone
from dualwatch.risk.tables import read_table

COLUMNS = ("shipment_id", "date", "exporter", "exporter_country", "consignee",
           "consignee_country", "consignee_address", "consignee_phone", "consignee_email",
           "consignee_website", "consignee_incorporated", "end_user", "end_user_country",
           "notify_party", "notify_party_country", "forwarder", "forwarder_country", "payer",
           "payer_country", "origin_country", "departure_country", "transit_countries",
           "destination_country", "hs_code", "goods_description", "quantity", "unit", "value",
           "currency")
START, END = date(2023, 1, 1), date(2024, 12, 31)
INVASION = date(2022, 2, 24)
CHPL_CATEGORIES = ("electronics", "machinery", "instruments")
HARMLESS_CODES = ("940360", "950300", "610910", "940330", "870899")
HUBS = ("tr", "ae", "kz", "am", "ge", "kg", "uz", "hk", "rs", "in", "cn")
LISTED_COUNTRIES = frozenset({"ru", "by", "cn", "hk", "ae", "tr", "am", "kg", "kz", "uz", "ge",
                              "in", "rs", "ir", "sg", "tw"})
CURRENCY_RATES = {"USD": 1.0, "EUR": 0.92, "CNY": 7.1}


@dataclass(frozen=True)
class Item:
    category: str
    hs6: str
    unit: str
    price: float
    descriptions: tuple[str, ...]
    tier: str | None


@dataclass(frozen=True)
class Party:
    name: str
    country: str
    category: str = "trading"
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    incorporated: str = ""


@dataclass(frozen=True)
class ListedParty:
    entity_id: str
    name: str
    country: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""


@dataclass
class SynthResult:
    path: Path
    labels: Path
    rows: int
    planted: int
    schemes: Counter[str] = field(default_factory=Counter)
    listed_used: int = 0


def listed_pool(entities: Iterable[Entity]) -> tuple[list[ListedParty], list[ListedParty]]:
    """Listed firms with a usable Latin name, and those with a specific contact."""
    names: list[ListedParty] = []
    contacts: list[ListedParty] = []
    for entity in entities:
        if entity.schema not in ("Company", "Organization", "LegalEntity"):
            continue
        country = next((c.code for c in entity.countries if c.code in LISTED_COUNTRIES), None)
        country = country or next((a.country for a in entity.addresses
                                   if a.country in LISTED_COUNTRIES), None)
        name = entity.caption
        if country is None or not name.isascii() or not 2 <= len(name.split()) <= 7:
            continue
        party = ListedParty(entity.id, name, country)
        names.append(party)
        address = next((a.full for a in entity.addresses if norm_address(a.full)
                        and (a.country in (None, country))), "")
        phone = next((p for p in entity.phones if norm_phone(p)), "")
        email = next((e for e in entity.emails if norm_email(e)), "")
        if address or phone or email:
            contacts.append(replace(party, address=address, phone=phone, email=email))
    names.sort(key=lambda p: p.entity_id)
    contacts.sort(key=lambda p: p.entity_id)
    return names, contacts


class _Tables:
    """The generator's reference tables, read once."""

    def __init__(self) -> None:
        self.items: dict[str, list[Item]] = {}
        for row in read_table("synth_goods.csv"):
            item = Item(row["category"], row["hs6"], row["unit"], float(row["price_usd"]),
                        tuple(row["descriptions"].split("|")), chpl_tier(row["hs6"]))
            self.items.setdefault(item.category, []).append(item)
        self.countries = {row["code"]: row for row in read_table("synth_countries.csv")}
        parts: dict[str, list[str]] = {}
        for row in read_table("synth_names.csv"):
            parts.setdefault(row["kind"], []).append(row["value"])
        self.parts = parts
        forms: dict[str, list[str]] = {}
        for row in read_table("synth_legal_forms.csv"):
            forms.setdefault(row["group"], []).append(row["form"])
        self.legal_forms = forms
        self.schemes = {row["scheme"]: float(row["share"]) for row in read_table(
            "synth_schemes.csv")}


class Generator:
    """Builds parties and shipments from one seeded random source (same seed, same file)."""

    def __init__(self, rows: int, listed: Sequence[ListedParty],
                 contacts: Sequence[ListedParty], seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.t = _Tables()
        self.rows_wanted = rows
        self.listed = list(listed)
        self.contacts = list(contacts)
        self.names: set[str] = set()
        self.rows: list[list[str]] = []
        self.labels: dict[int, str] = {}
        self.listed_used: set[str] = set()
        codes = list(self.t.countries)
        self.exporter_countries = codes
        self.exporter_weights = [float(self.t.countries[c]["exporter_weight"]) for c in codes]
        self.importer_weights = [float(self.t.countries[c]["importer_weight"]) for c in codes]
        self.categories = sorted(self.t.items)
        self.harmless: dict[str, list[Item]] = {}
        self._populate()

    # -- parties ---------------------------------------------------------------------------
    def _brand(self) -> str:
        p = self.t.parts
        return (self.rng.choice(p["onset"]) + self.rng.choice(p["middle"])
                + self.rng.choice(p["coda"]))

    def _incorporated(self, new: bool) -> str:
        if new:
            day = INVASION + timedelta(days=self.rng.randint(20, (START - INVASION).days + 500))
        else:
            day = date(1992, 1, 1) + timedelta(days=self.rng.randint(0, 10500))
        return day.isoformat()

    def party(self, category: str, country: str, *, logistics: bool = False,
              new: bool = False) -> Party:
        row = self.t.countries[country]
        while True:
            brand = self._brand()
            word = self.rng.choice(self.t.parts["logistics" if logistics
                                                else f"industry:{category}"])
            form = self.rng.choice(row["legal_forms"].split("|"))
            name = f"{brand} {word} {form}"
            if name not in self.names:
                self.names.add(name)
                break
        domain = re.sub(r"[^a-z]", "", brand.casefold()) + "-" + re.sub(
            r"[^a-z]", "", word.casefold())[:8] + "." + (country if country != "us" else "com")
        city = self.rng.choice(row["cities"].split("|"))
        street = self.rng.choice(row["streets"].split("|"))
        address = f"{street} {self.rng.randint(1, 240)}, {city}, {row['name']}"
        phone = f"+{row['phone']} {self.rng.randint(10, 99)} {self.rng.randint(100, 999)} " \
                f"{self.rng.randint(1000, 9999)}"
        return Party(name, country, "trading" if logistics else category, address, phone,
                     f"info@{domain}", f"www.{domain}", self._incorporated(new))

    def _populate(self) -> None:
        n = self.rows_wanted
        rng = self.rng
        self.exporters: dict[str, list[Party]] = {c: [] for c in self.categories}
        for _ in range(max(60, n // 150)):
            category = rng.choice(self.categories)
            country = rng.choices(self.exporter_countries, self.exporter_weights)[0]
            self.exporters[category].append(self.party(category, country))
        self.importers: list[Party] = []
        for _ in range(max(120, n // 60)):
            country = rng.choices(self.exporter_countries, self.importer_weights)[0]
            categories = [c for c in self.categories
                          if country != "ru" or c not in CHPL_CATEGORIES]
            self.importers.append(self.party(rng.choice(categories), country,
                                             new=rng.random() < 0.08))
        self.importer_cumulative = list(itertools.accumulate(
            1.0 / (i + 1) ** 0.8 for i in range(len(self.importers))))
        self.forwarders = [self.party("trading", rng.choices(self.exporter_countries,
                                                             self.importer_weights)[0],
                                      logistics=True) for _ in range(max(20, n // 2000))]
        self.parents = [self.party("trading", rng.choices(self.exporter_countries,
                                                          self.exporter_weights)[0])
                        for _ in range(max(10, n // 5000))]

    # -- shipments ------------------------------------------------------------------------
    def _date(self, low: date = START, high: date = END) -> date:
        return low + timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def _amount(self, item: Item, exporter: Party, factor: float = 1.0) -> tuple[str, str, str]:
        rng = self.rng
        currency = ("CNY" if exporter.country == "cn" and rng.random() < 0.5 else
                    "EUR" if rng.random() < 0.3 else "USD")
        price = item.price * CURRENCY_RATES[currency] * math.exp(rng.gauss(0, 0.25)) * factor
        target = 40000 * math.exp(rng.gauss(0, 0.9))
        quantity = max(1, round(target / (item.price * CURRENCY_RATES[currency])))
        return str(quantity), f"{quantity * price:.2f}", currency

    def _country_name(self, code: str) -> str:
        row = self.t.countries.get(code)
        if row is None:
            return code.upper()
        return row["name"] if self.rng.random() < 0.92 else code.upper()

    def add(self, *, exporter: Party, consignee: Party, item: Item, when: date,
            label: str | None = None, end_user: Party | None = None,
            notify: Party | None = None, payer: Party | None = None,
            transit: Sequence[str] = (), destination: str | None = None,
            declared: str | None = None, price_factor: float = 1.0) -> None:
        rng = self.rng
        forwarder = rng.choice(self.forwarders) if rng.random() < 0.6 else None
        if notify is None and rng.random() < 0.3:
            notify = forwarder or rng.choice(self.forwarders)
        payer = payer or consignee
        quantity, value, currency = self._amount(item, exporter, price_factor)
        if label is None and rng.random() < 0.001:
            value = f"{float(value) * 100:.2f}"  # a typing error in the value
        name = self._country_name
        origin = exporter.country if rng.random() < 0.9 else rng.choice(("cn", "tw", "my", "de"))
        self.rows.append([
            "", when.isoformat(), exporter.name, name(exporter.country), consignee.name,
            name(consignee.country), consignee.address, consignee.phone, consignee.email,
            consignee.website, consignee.incorporated, end_user.name if end_user else "",
            name(end_user.country) if end_user else "", notify.name if notify else "",
            name(notify.country) if notify else "", forwarder.name if forwarder else "",
            name(forwarder.country) if forwarder else "", payer.name, name(payer.country),
            name(origin), name(exporter.country), "; ".join(name(c) for c in transit),
            name(destination or consignee.country), declared or self._hs_text(item.hs6),
            rng.choice(item.descriptions), quantity, item.unit, value, currency])
        if label is not None:
            self.labels[len(self.rows) - 1] = label

    def _hs_text(self, hs6: str) -> str:
        style = self.rng.random()
        if style < 0.5:
            return hs6
        if style < 0.8:
            return f"{hs6[:4]}.{hs6[4:]}"
        return hs6 + f"{self.rng.randint(0, 99):02d}00"  # a national 10-digit line

    def _exporter_for(self, item: Item) -> Party:
        return self.rng.choice(self.exporters[item.category] or self.exporters["electronics"])

    def _chpl_item(self, tiers: Sequence[str] | None = None) -> Item:
        items = [i for c in CHPL_CATEGORIES for i in self.t.items[c] if i.tier
                 and (tiers is None or i.tier in tiers)]
        return self.rng.choice(items)

    def _benign_items(self, category: str) -> list[Item]:
        found = self.harmless.get(category)
        if found is None:
            found = self.harmless[category] = [i for i in self.t.items[category]
                                               if i.tier is None]
        return found

    def benign(self) -> None:
        rng = self.rng
        consignee = rng.choices(self.importers, cum_weights=self.importer_cumulative)[0]
        items = self.t.items[consignee.category]
        if consignee.category in CHPL_CATEGORIES and rng.random() < 0.6:
            items = self._benign_items(consignee.category)  # distributors sell both
        item = rng.choice(items)
        if item.tier is None and rng.random() < 0.03:
            consignee = rng.choice(self.forwarders)  # a forwarder receiving harmless goods
        payer = None
        if rng.random() < 0.04:
            payer = rng.choice(self.parents)  # a parent company pays
        end_user = consignee if rng.random() < 0.15 else None
        transit = [rng.choice(("nl", "sg", "ae", "tr", "de"))] if rng.random() < 0.1 else []
        transit = [c for c in transit if c != consignee.country]
        self.add(exporter=self._exporter_for(item), consignee=consignee, item=item,
                 when=self._date(), end_user=end_user, payer=payer, transit=transit)

    # -- planted schemes --------------------------------------------------------------------
    def _variant(self, name: str) -> str:
        rng = self.rng
        text = name
        for forms in self.t.legal_forms.values():
            for form in forms:
                pattern = re.compile(rf"(?<![A-Z]){re.escape(form)}(?![A-Z])", re.IGNORECASE)
                if pattern.search(text):
                    if rng.random() < 0.6:
                        text = pattern.sub(rng.choice(forms), text, count=1)
                    break
        if rng.random() < 0.4:
            text = text.replace('"', "").replace(",", "")
        if rng.random() < 0.5:
            text = text.title()
        return " ".join(text.split())

    def _listed(self) -> ListedParty:
        party = self.rng.choice(self.listed)
        self.listed_used.add(party.entity_id)
        return party

    def _listed_party(self, listed: ListedParty) -> Party:
        return Party(self._variant(listed.name), listed.country, "electronics")

    def _third_country(self, *avoid: str) -> Party:
        choices = [c for c in ("hk", "ae", "tr", "cn", "sg", "kz", "am", "ch", "cy")
                   if c in self.t.countries and c not in avoid]
        return self.party("trading", self.rng.choice(choices))

    def scheme_listed_party(self, count: int) -> None:
        listed = self._listed()
        role = self.rng.choices(("consignee", "end_user", "notify", "payer"), (5, 3, 1, 1))[0]
        party = self._listed_party(listed)
        hub = self.party("electronics", self.rng.choice(HUBS))
        consignee = party if role == "consignee" else hub
        for _ in range(count):
            item = self._chpl_item()
            self.add(exporter=self._exporter_for(item), consignee=consignee, item=item,
                     when=self._date(), label="listed_party",
                     end_user=party if role == "end_user" else None,
                     notify=party if role == "notify" else None,
                     payer=party if role == "payer" else None)

    def scheme_front_company(self, count: int) -> None:
        country = self.rng.choice(HUBS)
        front = self.party(self.rng.choice(("trading", "electronics")), country, new=True)
        russian = self.party("electronics", "ru")
        for _ in range(count):
            item = self._chpl_item()
            onward = self.rng.random() < 0.5
            self.add(exporter=self._exporter_for(item), consignee=front, item=item,
                     when=self._date(), label="front_company",
                     end_user=russian if onward else None,
                     destination="ru" if not onward else None,
                     transit=() if onward else (country,))

    def scheme_forwarder_consignee(self, count: int) -> None:
        country = self.rng.choice(HUBS)
        forwarder = self.party("trading", country, logistics=True)
        for _ in range(count):
            item = self._chpl_item()
            exporter = self._exporter_for(item)
            self.add(exporter=exporter, consignee=forwarder, item=item, when=self._date(),
                     label="forwarder_consignee",
                     payer=self._third_country(country, exporter.country))

    def scheme_shared_contact(self, count: int) -> None:
        listed = self.rng.choice(self.contacts)
        self.listed_used.add(listed.entity_id)
        base = self.party("electronics", listed.country if listed.country in
                          self.t.countries else self.rng.choice(HUBS))
        kinds = [k for k in ("address", "phone", "email") if getattr(listed, k)]
        kind = self.rng.choice(kinds)
        value = getattr(listed, kind)
        if kind == "address":
            value = value.upper() if self.rng.random() < 0.5 else value.replace(",", "")
        elif kind == "phone":
            digits = re.sub(r"\D", "", value)
            value = "+" + " ".join(digits[i:i + 3] for i in range(0, len(digits), 3))
        front = replace(base, **{kind: value})
        for _ in range(count):
            item = self._chpl_item()
            self.add(exporter=self._exporter_for(item), consignee=front, item=item,
                     when=self._date(), label="shared_contact")

    def scheme_mislabelled_goods(self, count: int) -> None:
        trader = self.party(self.rng.choice(("furniture", "toys", "textiles", "trading")),
                            self.rng.choice(HUBS))
        for _ in range(count):
            item = self._chpl_item(("1", "2", "3.A"))
            self.add(exporter=self._exporter_for(item), consignee=trader, item=item,
                     when=self._date(), label="mislabelled_goods",
                     declared=self.rng.choice(HARMLESS_CODES))

    def scheme_business_line_shift(self, count: int) -> None:
        category = self.rng.choice(("furniture", "textiles", "food", "toys"))
        trader = self.party(category, self.rng.choice(HUBS))
        first = self._date(START, date(2023, 9, 30))
        shift = (first + timedelta(days=self.rng.randint(150, 300))).replace(day=1)
        for _ in range(self.rng.randint(4, 10)):
            item = self.rng.choice(self.t.items[category])
            self.add(exporter=self._exporter_for(item), consignee=trader, item=item,
                     when=self._date(first, shift - timedelta(days=1)))
        for _ in range(count):
            item = self._chpl_item()
            self.add(exporter=self._exporter_for(item), consignee=trader, item=item,
                     when=self._date(shift, min(END, shift + timedelta(days=24))),
                     label="business_line_shift")

    def scheme_overpayment(self, count: int) -> None:
        buyer = self.party("electronics", self.rng.choice(HUBS))
        for _ in range(count):
            item = self._chpl_item()
            exporter = self._exporter_for(item)
            self.add(exporter=exporter, consignee=buyer, item=item, when=self._date(),
                     label="overpayment", price_factor=self.rng.uniform(4, 10),
                     payer=self._third_country(buyer.country, exporter.country))

    def scheme_combined(self, count: int) -> None:
        forwarder = self.party("trading", self.rng.choice(HUBS), logistics=True, new=True)
        russians = [p for p in self.listed if p.country == "ru"] or self.listed
        listed = self.rng.choice(russians)
        self.listed_used.add(listed.entity_id)
        end_user = self._listed_party(listed)
        for _ in range(count):
            item = self._chpl_item()
            self.add(exporter=self._exporter_for(item), consignee=forwarder, item=item,
                     when=self._date(), label="combined", end_user=end_user,
                     price_factor=self.rng.uniform(3.5, 6))

    def generate(self, planted_share: float) -> None:
        planted = round(self.rows_wanted * planted_share)
        schemes = self.t.schemes
        if planted and not self.listed:
            schemes = {k: v for k, v in schemes.items()
                       if k not in ("listed_party", "combined", "shared_contact")}
        if planted and not self.contacts:
            schemes = {k: v for k, v in schemes.items() if k != "shared_contact"}
        total = sum(schemes.values())
        for scheme, share in schemes.items():
            quota = round(planted * share / total)
            method = getattr(self, f"scheme_{scheme}")
            while quota > 0:
                count = min(quota, self.rng.randint(3, 12))
                method(count)
                quota -= count
        while len(self.rows) < self.rows_wanted:
            self.benign()


def generate(path: Path, rows: int, entities: Iterable[Entity], seed: int = 0,
             planted_share: float = 0.02, labels: Path | None = None) -> SynthResult:
    """Write ``rows`` shipments to ``path`` (.csv, .parquet, .jsonl or .xlsx) and the labels
    of the planted ones to ``labels`` (default: ``<path stem>.labels.csv`` beside it)."""
    if rows < 100:
        raise InputError(path, "generate at least 100 rows")
    if not 0 <= planted_share <= 0.5:
        raise InputError(path, "the planted share must be between 0 and 0.5")
    listed, contacts = listed_pool(entities)
    gen = Generator(rows, listed, contacts, seed)
    gen.generate(planted_share)
    order = sorted(range(len(gen.rows)), key=lambda i: gen.rows[i][1])
    width = len(str(len(order)))
    labels_path = labels or path.with_name(path.name.split(".")[0] + ".labels.csv")
    schemes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="dualwatch-synth-") as tmp:
        csv_path = path if path.suffix.lower() == ".csv" else Path(tmp) / "rows.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with csv_path.open("w", encoding="utf-8", newline="") as fh, \
                labels_path.open("w", encoding="utf-8", newline="") as lf:
            writer, label_writer = csv.writer(fh), csv.writer(lf)
            writer.writerow(COLUMNS)
            label_writer.writerow(("shipment_id", "scheme"))
            for number, index in enumerate(order, start=1):
                row = gen.rows[index]
                row[0] = f"SHP-{number:0{width}d}"
                writer.writerow(row)
                label = gen.labels.get(index)
                if label is not None:
                    label_writer.writerow((row[0], label))
                    schemes[label] += 1
        if csv_path != path:
            _convert(csv_path, path)
    return SynthResult(path, labels_path, len(order), sum(schemes.values()), schemes,
                       len(gen.listed_used))


def _convert(csv_path: Path, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from dualwatch import tables

        rows = (row for _, row in tables.read_rows(csv_path))
        tables.write_rows(path, [c.casefold() for c in COLUMNS], rows, "xlsx")
        return
    import duckdb

    from dualwatch.risk.duck import literal

    options = {".parquet": "FORMAT parquet", ".jsonl": "FORMAT json",
               ".ndjson": "FORMAT json"}.get(suffix)
    if options is None:
        raise InputError(path, "write .csv, .parquet, .jsonl or .xlsx")
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM read_csv({literal(str(csv_path))}, all_varchar=true))"
                    f" TO {literal(str(path))} ({options})")

