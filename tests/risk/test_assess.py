"""Red flags on a small hand-written file: each flag fires where it should, with evidence."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dualwatch.errors import InputError
from dualwatch.risk import engine
from dualwatch.risk.engine import Assessment
from dualwatch.risk.flags import load_weights
from dualwatch.risk.parties import ListContext

FIXTURE = Path("tests/fixtures/risk/shipments.csv")


def _row(a: Assessment, sid: str) -> dict[str, object]:
    assert a.con is not None
    cursor = a.con.execute("SELECT * FROM assessed WHERE id = ?", [sid])
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    assert row is not None, sid
    return dict(zip(names, row, strict=True))


def _flags(a: Assessment, sid: str) -> set[str]:
    text = str(_row(a, sid)["flags"] or "")
    return {part.split("(")[0] for part in text.split("; ") if part}


def test_listed_consignee_of_chpl_goods_is_high(fixture_assessment: Assessment) -> None:
    row = _row(fixture_assessment, "L01")
    assert {"listed_party", "chpl_goods", "destination_russia"} <= _flags(fixture_assessment,
                                                                          "L01")
    assert row["level"] == "high"
    assert "3DiVi" in str(row["e_listed_party"]) and "us_trade_csl" in str(row["e_listed_party"])


def test_address_of_a_listed_entity_is_a_shared_contact(fixture_assessment: Assessment) -> None:
    assert "shared_contact" in _flags(fixture_assessment, "S01")
    assert "3DiVi" in str(_row(fixture_assessment, "S01")["e_shared_contact"])


def test_forwarder_consignee_paid_from_a_third_country(fixture_assessment: Assessment) -> None:
    flags = _flags(fixture_assessment, "W01")
    assert {"forwarder_consignee", "third_country_payer", "transshipment_route",
            "chpl_goods"} <= flags
    assert "Hong Kong" in str(_row(fixture_assessment, "W01")["e_third_country_payer"])


def test_new_company_with_russian_end_user(fixture_assessment: Assessment) -> None:
    flags = _flags(fixture_assessment, "N01")
    assert {"new_company", "destination_russia", "transshipment_route"} <= flags
    assert "2022-11-15" in str(_row(fixture_assessment, "N01")["e_new_company"])


def test_microcontrollers_declared_as_furniture(fixture_assessment: Assessment) -> None:
    flags = _flags(fixture_assessment, "M01")
    assert {"description_mismatch", "chpl_goods"} <= flags
    assert "description" in str(_row(fixture_assessment, "M01")["e_chpl_goods"])


def test_furniture_trader_starting_microcontrollers(fixture_assessment: Assessment) -> None:
    flags = _flags(fixture_assessment, "F05")
    assert {"line_of_business", "chpl_spike", "chpl_goods", "transshipment_route"} <= flags
    assert _row(fixture_assessment, "F05")["level"] == "high"
    assert "94" in str(_row(fixture_assessment, "F05")["e_line_of_business"])


def test_overpaid_microcontrollers(fixture_assessment: Assessment) -> None:
    assert "price_anomaly" in _flags(fixture_assessment, "P01")
    assert "x the median" in str(_row(fixture_assessment, "P01")["e_price_anomaly"])


def test_ordinary_trade_stays_low(fixture_assessment: Assessment) -> None:
    for sid in ("B01", "B02", "B06", "F01"):
        assert _row(fixture_assessment, sid)["level"] == "low", sid


def test_score_is_the_capped_sum_of_weighted_strengths(
        fixture_assessment: Assessment) -> None:
    weights = fixture_assessment.weights
    row = _row(fixture_assessment, "W01")
    total = sum(weights.weight(code) * float(row[f"f_{code}"]) for code in weights.flags)
    assert float(row["score"]) == pytest.approx(min(1.0, total), abs=1e-3)


def test_missing_columns_switch_checks_off(tmp_path: Path, lists: ListContext) -> None:
    small = tmp_path / "small.csv"
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT shipment_id, consignee, consignee_country, hs_code "
                    f"FROM read_csv('{FIXTURE}', all_varchar=true)) TO '{small}' (HEADER)")
    result = engine.assess(small, lists)
    try:
        assert {"price_anomaly", "shared_contact", "new_company", "chpl_spike",
                "third_country_payer", "description_mismatch"} <= set(result.not_run)
        assert "value" in result.not_run["price_anomaly"]
        assert "listed_party" not in result.not_run
        assert result.levels["high"] + result.levels["medium"] + result.levels["low"] == 17
    finally:
        result.close()


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_other_formats_give_the_same_scores(tmp_path: Path, lists: ListContext,
                                            fixture_assessment: Assessment,
                                            suffix: str) -> None:
    other = tmp_path / f"shipments{suffix}"
    fmt = "FORMAT parquet" if suffix == ".parquet" else "FORMAT json"
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM read_csv('{FIXTURE}', all_varchar=true)) "
                    f"TO '{other}' ({fmt})")
    result = engine.assess(other, lists)
    try:
        assert result.con is not None and fixture_assessment.con is not None
        query = "SELECT id, score FROM assessed ORDER BY id"
        assert result.con.execute(query).fetchall() == \
            fixture_assessment.con.execute(query).fetchall()
    finally:
        result.close()


def test_weights_file_changes_the_score_not_the_guidance(tmp_path: Path,
                                                         lists: ListContext) -> None:
    weights_file = tmp_path / "weights.yml"
    weights_file.write_text("weights:\n  listed_party: 0\nlevels:\n  high: 0.9\n")
    result = engine.assess(FIXTURE, lists, weights=load_weights(weights_file))
    try:
        row = _row(result, "L01")
        assert "listed_party(0.00)" in str(row["flags"])
        # Switched off, the listed party sets no level; CHPL memory chips bound for Russia
        # are still high by the guidance, whatever the score thresholds say.
        assert row["level"] == "high"
        assert row["level_basis"] == "decisive flag: destination_russia"
    finally:
        result.close()


def test_bad_weights_file_names_the_flag(tmp_path: Path) -> None:
    weights_file = tmp_path / "weights.yml"
    weights_file.write_text("weights:\n  no_such_flag: 0.3\n")
    with pytest.raises(InputError, match="no_such_flag"):
        load_weights(weights_file)


def test_unreadable_file_is_an_input_error(tmp_path: Path, lists: ListContext) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match=r"broken\.parquet"):
        engine.assess(broken, lists)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl", ".xlsx"])
def test_output_formats(tmp_path: Path, fixture_assessment: Assessment, suffix: str) -> None:
    out = tmp_path / f"ranked{suffix}"
    assert engine.write_output(fixture_assessment, out) == 17
    assert out.stat().st_size > 0
