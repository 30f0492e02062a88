"""Benchmark: single planted patterns in a file built apart from ``dualwatch shipments synth``.

The generator in ``dualwatch.risk.synth`` plants schemes whose flags come combined, and its
clean trade was written together with the rules; a score on it says little about files from
elsewhere. This file is built differently and is only ever reported, never tuned on:

- clean trade draws real HS 2022 subheadings (``hs2022.csv``) with their official text as the
  description, prices from a log-normal spread per code, parties named from a word list of
  its own, and the ordinary noise of real trade: established electronics distributors in
  transshipment countries buying CHPL goods, new consignees, third-country payers, logistics
  firms receiving harmless goods;
- each planted shipment is CHPL goods to a transshipment country carrying ONE pattern of the
  FinCEN/BIS guidance: a listed consignee (a real Entity List name, rewritten), a CHPL
  description under a harmless code, a Russian end user or notify party with a newly formed
  forwarder, a price 4-10 times the code's usual one, a payer in Russia, an exporter whose
  history is furniture, textiles or appliances now shipping CHPL goods.

Run from the repository root: ``python benchmarks/shipments/single_patterns.py [--rows 20000]``.
Results: ``benchmarks/results/shipments_single_patterns.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dualwatch.model import Entity
from dualwatch.risk import engine
from dualwatch.risk.parties import ListContext
from dualwatch.sources.registry import discover

SHARED = Path("../shared/data")
RESULTS = Path("benchmarks/results")
HUBS = ("United Arab Emirates", "Turkey", "Kazakhstan", "Hong Kong", "Armenia", "Kyrgyzstan")
ORDINARY = ("Germany", "France", "Italy", "Japan", "United States", "Poland", "Finland", "Spain")
SOURCES = ("China", "Taiwan", "Germany", "United States", "Japan", "South Korea", "Malaysia")
WORDS = ("Nordic", "Atlas", "Vega", "Summit", "Harbor", "Crescent", "Pioneer", "Orion", "Lumen",
         "Granite", "Silver", "Meridian", "Cobalt", "Aurora", "Falcon", "Zenith", "Cedar",
         "Horizon", "Beacon", "Sterling", "Pacific", "Ember", "Tundra", "Solace", "Quartz")
TRADES = {"electronics": "Electronics", "furniture": "Furniture", "textiles": "Textiles",
          "appliances": "Home Appliances", "food": "Foods", "chemicals": "Chemicals"}
FORMS = {"United Arab Emirates": "FZE", "Turkey": "Ltd. Sti.", "Kazakhstan": "TOO",
         "Hong Kong": "Limited", "Armenia": "LLC", "Kyrgyzstan": "OsOO", "China": "Co., Ltd.",
         "Germany": "GmbH", "Finland": "Oy", "Russia": "OOO"}
CHAPTERS = {"furniture": ("94",), "textiles": ("61", "62", "63"), "food": ("19", "20", "21"),
            "chemicals": ("32", "34", "38"),
            "appliances": ("8418", "8450", "8508", "8509", "8516")}
PATTERNS = ("listed_consignee", "chpl_description_harmless_code", "russian_end_user_new_forwarder",
            "price_4_10x", "payer_in_russia", "exporter_line_shift")
COLUMNS = ("shipment_id", "date", "exporter", "exporter_country", "consignee",
           "consignee_country", "consignee_incorporated", "end_user", "end_user_country",
           "notify_party", "notify_party_country", "forwarder", "forwarder_country",
           "forwarder_incorporated", "payer", "payer_country", "origin_country",
           "destination_country", "hs_code", "goods_description", "quantity", "unit", "value",
           "currency")


@dataclass
class Firm:
    name: str
    country: str
    trade: str
    incorporated: str


def _hs_codes() -> dict[str, str]:
    with (SHARED / "goods" / "hs2022.csv").open(encoding="utf-8") as fh:
        return {r["hscode"]: r["description"] for r in csv.DictReader(fh) if r["level"] == "6"}


def _chpl() -> dict[str, str]:
    with (SHARED / "goods" / "chpl_2024-02.csv").open(encoding="utf-8") as fh:
        return {r["hs6"]: r["hs2022_description"] for r in csv.DictReader(fh)}


class Generator:
    def __init__(self, rows: int, listed: list[Entity], seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows = rows
        self.hs = _hs_codes()
        self.chpl = _chpl()
        self.by_trade = {trade: [c for c in self.hs if c.startswith(prefixes)
                                 and c not in self.chpl]
                         for trade, prefixes in CHAPTERS.items()}
        self.by_trade["electronics"] = list(self.chpl) + [
            c for c in self.hs if c.startswith(("8536", "8544", "8473")) and c not in self.chpl]
        self.base_price = {c: math.exp(self.rng.uniform(0, 7)) for c in self.hs}
        self.listed = [e for e in listed if e.schema != "Person" and any(
            a.country in ("ae", "tr", "hk", "kz", "am", "cn") for a in e.addresses)]
        self.out: list[dict[str, str]] = []
        self.labels: list[tuple[str, str]] = []
        self.firms = {trade: [self._firm(trade, self.rng.choice(SOURCES)) for _ in range(40)]
                      for trade in TRADES}
        self.buyers = [self._firm(self.rng.choice(list(TRADES)),
                                  self.rng.choice(HUBS + ORDINARY)) for _ in range(400)]

    def _firm(self, trade: str, country: str, new: bool = False) -> Firm:
        name = f"{self.rng.choice(WORDS)} {self.rng.choice(WORDS)} {TRADES[trade]} " \
               f"{FORMS.get(country, 'Ltd')}"
        year = self.rng.randint(2022, 2023) if new else self.rng.randint(1990, 2019)
        return Firm(name, country, trade, f"{year}-{self.rng.randint(1, 12):02d}-15")

    def _day(self, n: int) -> str:
        return (date(2023, 1, 1) + timedelta(days=n * 365 // max(self.rows, 1))).isoformat()

    def _line(self, exporter: Firm, buyer: Firm, hs: str, **extra: str) -> dict[str, str]:
        qty = self.rng.choice((1, 5, 10, 50, 100, 500))
        price = self.base_price[hs] * math.exp(self.rng.gauss(0, 0.4))
        row = {"shipment_id": f"S{len(self.out) + 1:06d}", "date": self._day(len(self.out)),
               "exporter": exporter.name, "exporter_country": exporter.country,
               "consignee": buyer.name, "consignee_country": buyer.country,
               "consignee_incorporated": buyer.incorporated, "origin_country": exporter.country,
               "destination_country": buyer.country, "hs_code": hs,
               "goods_description": self.hs[hs], "quantity": str(qty), "unit": "pcs",
               "value": f"{qty * price:.2f}", "currency": "USD"}
        row.update(extra)
        return row

    def clean(self) -> dict[str, str]:
        rng = self.rng
        buyer = rng.choice(self.buyers)
        exporter = rng.choice(self.firms[buyer.trade])
        row = self._line(exporter, buyer, rng.choice(self.by_trade[buyer.trade]))
        noise = rng.random()
        if noise < 0.04:  # a parent company elsewhere pays
            row.update(payer=f"{rng.choice(WORDS)} Holdings Ltd",
                       payer_country=rng.choice(ORDINARY))
        elif noise < 0.08:  # a young firm buying ordinary goods
            row["consignee_incorporated"] = f"2023-0{rng.randint(1, 9)}-01"
        elif noise < 0.10 and row["hs_code"] not in self.chpl:  # a forwarder takes harmless goods
            row.update(consignee=f"{rng.choice(WORDS)} Logistics {FORMS.get(buyer.country, 'Ltd')}")
        return row

    def plant(self, pattern: str) -> dict[str, str]:
        rng = self.rng
        hub = rng.choice(HUBS)
        buyer = self._firm("electronics", hub)
        exporter = rng.choice(self.firms["electronics"])
        hs = rng.choice(list(self.chpl))
        if pattern == "listed_consignee":
            entity = rng.choice(self.listed)
            name = entity.caption
            name = rng.choice((name.upper(), name.title(), name.replace(",", ""),
                               name.replace("Co., Ltd.", "Company Limited").replace(
                                   "Limited", "Ltd")))
            return self._line(exporter, Firm(name, hub, "electronics", buyer.incorporated), hs)
        if pattern == "chpl_description_harmless_code":
            harmless = rng.choice(self.by_trade[rng.choice(("furniture", "textiles", "food"))])
            row = self._line(exporter, buyer, harmless)
            row["goods_description"] = self.chpl[hs]
            return row
        if pattern == "russian_end_user_new_forwarder":
            russian = self._firm("electronics", "Russia")
            forwarder = self._firm("food", hub, new=True)
            role = rng.choice(("end_user", "notify_party"))
            return self._line(exporter, buyer, hs, **{
                role: russian.name, f"{role}_country": "Russia",
                "forwarder": forwarder.name.replace("Foods", "Freight"),
                "forwarder_country": hub, "forwarder_incorporated": forwarder.incorporated})
        if pattern == "price_4_10x":
            row = self._line(exporter, buyer, hs)
            row["value"] = f"{float(row['value']) * rng.uniform(4, 10):.2f}"
            return row
        if pattern == "payer_in_russia":
            return self._line(exporter, buyer, hs, payer=self._firm("food", "Russia").name,
                              payer_country="Russia")
        shifter = rng.choice(self.firms[rng.choice(("furniture", "textiles", "appliances"))])
        return self._line(shifter, buyer, hs)

    def generate(self, planted_share: float) -> None:
        planted_rows = int(self.rows * planted_share)
        plan = [PATTERNS[i % len(PATTERNS)] for i in range(planted_rows)]
        self.rng.shuffle(plan)
        # Planted rows sit in the second half of the year, so that every exporter whose line
        # shifts has a history before it.
        slots = sorted(self.rng.sample(range(self.rows // 2, self.rows), planted_rows))
        planned = dict(zip(slots, plan, strict=True))
        for n in range(self.rows):
            pattern = planned.get(n)
            row = self.plant(pattern) if pattern else self.clean()
            self.out.append(row)
            if pattern:
                self.labels.append((row["shipment_id"], pattern))

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS)
            writer.writeheader()
            for row in self.out:
                writer.writerow({c: row.get(c, "") for c in COLUMNS})


def _evaluate(assessment: engine.Assessment, labels: dict[str, str]) -> dict[str, object]:
    assert assessment.con is not None
    levels = dict(assessment.con.execute("SELECT id, level FROM assessed").fetchall())
    per: dict[str, Counter[str]] = {p: Counter() for p in PATTERNS}
    for sid, pattern in labels.items():
        per[pattern][levels[sid]] += 1
    high = {s for s, lv in levels.items() if lv == "high"}
    flagged = {s for s, lv in levels.items() if lv in ("high", "medium")}
    planted = set(labels)
    return {
        "planted": len(planted), "rows": len(levels),
        "recall_high": round(len(high & planted) / len(planted), 4),
        "precision_high": round(len(high & planted) / max(len(high), 1), 4),
        "recall_high_or_medium": round(len(flagged & planted) / len(planted), 4),
        "precision_high_or_medium": round(len(flagged & planted) / max(len(flagged), 1), 4),
        "patterns": {p: {lv: c[lv] for lv in ("high", "medium", "low")} | {"n": sum(c.values())}
                     for p, c in per.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    entities = [e for folder in ("us_trade_csl", "us_ofac_sdn")
                for fmt, path in discover(SHARED / "lists" / folder)
                for e in fmt.read(path).entities]
    generator = Generator(args.rows, entities, args.seed)
    generator.generate(planted_share=0.12)
    work = Path("benchmarks/results/single_patterns.tmp")
    work.mkdir(parents=True, exist_ok=True)
    path = work / "shipments.csv"
    generator.write(path)
    lists = ListContext.from_entities(entities)
    started = time.perf_counter()
    assessment = engine.assess(path, lists)
    seconds = time.perf_counter() - started
    result = _evaluate(assessment, dict(generator.labels)) | {"seconds": round(seconds, 1)}
    assessment.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "shipments_single_patterns.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = ["# Shipments: single planted patterns, file built apart from the synth generator",
             "", f"{result['rows']:,} rows, {result['planted']:,} planted (seed {args.seed}); "
             f"assessed in {result['seconds']} s.", "",
             "| measure | value |", "|---|---:|"]
    for key in ("recall_high", "precision_high", "recall_high_or_medium",
                "precision_high_or_medium"):
        lines.append(f"| {key.replace('_', ' ')} | {result[key]} |")
    lines += ["", "| pattern (CHPL goods to a hub) | n | high | medium | low |",
              "|---|---:|---:|---:|---:|"]
    patterns = result["patterns"]
    assert isinstance(patterns, dict)
    for pattern, counts in patterns.items():
        lines.append(f"| {pattern} | {counts['n']} | {counts['high']} | {counts['medium']} | "
                     f"{counts['low']} |")
    (RESULTS / "shipments_single_patterns.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
