"""Levels set by the guidance's rules, the line of business from a party's own history, prices
judged against their own spread, and no silent empty result."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from dualwatch.errors import InputError
from dualwatch.risk import engine
from dualwatch.risk.engine import Assessment
from dualwatch.risk.parties import ListContext

COLUMNS = ("shipment_id", "date", "exporter", "exporter_country", "consignee",
           "consignee_country", "consignee_incorporated", "payer", "payer_country",
           "destination_country", "hs_code", "goods_description", "quantity", "unit", "value",
           "currency")
BASE = {"exporter": "Aldmark Components GmbH", "exporter_country": "Germany",
        "consignee": "Brenvik Electronics Oy", "consignee_country": "Finland",
        "consignee_incorporated": "2001-03-14", "destination_country": "Finland",
        "quantity": "100", "unit": "pcs", "value": "1000", "currency": "USD"}


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for number, row in enumerate(rows, 1):
            full = {**BASE, "date": f"2023-01-{number:02d}", **row}
            writer.writerow({c: full.get(c, "") for c in COLUMNS})
    return path


def _shipment(sid: str, hs: str, text: str, **fields: str) -> dict[str, str]:
    return {"shipment_id": sid, "hs_code": hs, "goods_description": text, **fields}


@pytest.fixture(scope="module")
def assessed(tmp_path_factory: pytest.TempPathFactory,
             lists: ListContext) -> Iterator[Assessment]:
    uae = {"consignee": "Falcon Trade Bridge", "consignee_country": "United Arab Emirates",
           "destination_country": "United Arab Emirates"}
    rows = [
        # CHPL goods to a transshipment country with one indicator: a consignee formed in 2023.
        _shipment("ONE", "854231", "Microcontrollers", **uae, consignee_incorporated="2023-03-01"),
        # ... and with two: also paid from a third country.
        _shipment("TWO", "854231", "Microcontrollers", **uae, consignee_incorporated="2023-03-01",
                  payer="Orient Pay Ltd", payer_country="Seychelles"),
        # CHPL goods to a hub, no indicator: context alone is low.
        _shipment("HUB", "854231", "Microcontrollers", **uae),
        # CHPL goods to Russia: decisive. Furniture to Russia: not.
        _shipment("RU1", "854232", "DRAM memory", consignee="Vostok Trade LLC",
                  consignee_country="Russia", destination_country="Russia"),
        _shipment("RU2", "940360", "Wooden tables", consignee="Vostok Trade LLC",
                  consignee_country="Russia", destination_country="Russia"),
        # A payer in Russia for goods that go to Kazakhstan; and one for goods to Russia.
        _shipment("PAY", "848210", "Ball bearings", consignee="Steppe Machinery TOO",
                  consignee_country="Kazakhstan", destination_country="Kazakhstan",
                  payer="Uralsnab LLC", payer_country="Russia"),
        _shipment("PRU", "940360", "Wooden tables", consignee="Vostok Trade LLC",
                  consignee_country="Russia", destination_country="Russia",
                  payer="Vostok Trade LLC", payer_country="Russia"),
    ]
    # An appliance trader's history (chapters 84 and 85), then integrated circuits.
    appliances = {"exporter": "Kestrel Home Appliances Ltd", "exporter_country": "China"}
    rows += [_shipment(f"APP{n}", hs, text, **appliances) for n, (hs, text) in enumerate(
        [("845011", "Washing machines"), ("841821", "Refrigerators"),
         ("850811", "Vacuum cleaners"), ("851660", "Microwave ovens")])]
    rows.append(_shipment("APPX", "854231", "Microcontrollers", **appliances, **uae))
    # An electronics distributor's history (connectors), then integrated circuits.
    parts = {"exporter": "Shenzhen Bright Parts Co Ltd", "exporter_country": "China"}
    rows += [_shipment(f"ELE{n}", "853650", "Switches", **parts) for n in range(4)]
    rows.append(_shipment("ELEX", "854231", "Microcontrollers", **parts, **uae))
    # Optics sold at prices that spread over two orders of magnitude, and one 3.5x the median.
    spread = ["10", "30", "100", "300", "1000", "3000", "100", "30", "300"]
    rows += [_shipment(f"OPT{n}", "901380", "Optical devices", value=v, quantity="1")
             for n, v in enumerate(spread)]
    rows.append(_shipment("OPTX", "901380", "Optical devices", value="350", quantity="1"))
    # Bearings at a steady price, and one at four times it.
    steady = ["100", "101", "99", "100", "102", "98"]
    rows += [_shipment(f"BRG{n}", "848220", "Tapered roller bearings", value=v, quantity="1")
             for n, v in enumerate(steady)]
    rows.append(_shipment("BRGX", "848220", "Tapered roller bearings", value="400",
                          quantity="1"))
    path = _write(tmp_path_factory.mktemp("levels") / "shipments.csv", rows)
    result = engine.assess(path, lists)
    yield result
    result.close()


def _row(a: Assessment, sid: str) -> dict[str, object]:
    assert a.con is not None
    cursor = a.con.execute("SELECT * FROM assessed WHERE id = ?", [sid])
    row = cursor.fetchone()
    assert row is not None, sid
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def _flags(a: Assessment, sid: str) -> set[str]:
    text = str(_row(a, sid)["flags"] or "")
    return {part.split("(")[0] for part in text.split("; ") if part}


def test_chpl_to_a_hub_with_one_indicator_is_at_least_medium(assessed: Assessment) -> None:
    row = _row(assessed, "ONE")
    assert row["level"] == "medium"
    assert "1 indicator(s): new_company" in str(row["level_basis"])


def test_chpl_to_a_hub_with_two_indicators_is_high(assessed: Assessment) -> None:
    row = _row(assessed, "TWO")
    assert row["level"] == "high"
    assert "new_company" in str(row["level_basis"])
    assert "third_country_payer" in str(row["level_basis"])


def test_chpl_to_a_hub_without_an_indicator_is_low(assessed: Assessment) -> None:
    assert _row(assessed, "HUB")["level"] == "low"


def test_chpl_goods_to_russia_are_decisive_and_furniture_is_not(assessed: Assessment) -> None:
    assert _row(assessed, "RU1")["level"] == "high"
    assert _row(assessed, "RU1")["level_basis"] == "decisive flag: destination_russia"
    assert _row(assessed, "RU2")["level"] != "high"


def test_payer_in_russia_for_goods_sent_elsewhere(assessed: Assessment) -> None:
    assert "russian_party" in _flags(assessed, "PAY")
    assert "Uralsnab" in str(_row(assessed, "PAY")["e_russian_party"])
    assert _row(assessed, "PAY")["level"] in ("medium", "high")
    assert "russian_party" not in _flags(assessed, "PRU")


def test_appliance_trader_turning_to_chips_is_out_of_line(assessed: Assessment) -> None:
    assert "line_of_business" in _flags(assessed, "APPX")
    evidence = str(_row(assessed, "APPX")["e_line_of_business"])
    assert "Kestrel" in evidence and "4 shipments" in evidence and "electronics" in evidence


def test_electronics_distributor_selling_chips_is_in_line(assessed: Assessment) -> None:
    assert "line_of_business" not in _flags(assessed, "ELEX")


def test_price_within_a_wide_spread_is_not_an_anomaly(assessed: Assessment) -> None:
    assert "price_anomaly" not in _flags(assessed, "OPTX")


def test_price_far_above_a_steady_median_is_an_anomaly(assessed: Assessment) -> None:
    assert "price_anomaly" in _flags(assessed, "BRGX")
    evidence = str(_row(assessed, "BRGX")["e_price_anomaly"])
    assert "4.0x the median 100.00" in evidence


def test_file_with_no_shipment_column_is_an_error(tmp_path: Path,
                                                  lists: ListContext) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Kunde,Betrag\nAlpha GmbH,100\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"other\.csv.*Kunde, Betrag.*--map"):
        engine.assess(path, lists)
