"""A decision per message, with every hit and its field, against the real SDN entries."""

from __future__ import annotations

from pathlib import Path

from dualwatch.risk.payment_lists import PaymentLists
from dualwatch.risk.payments import Decision, decision_rows, screen_messages
from dualwatch.sources.messages import read_file, read_text

FIXTURES = Path("tests/fixtures/payments")


def _decide(name: str, lists: PaymentLists) -> dict[str, Decision]:
    return {d.ref: d for d in screen_messages(read_file(FIXTURES / name), lists)}


def _reasons(decision: Decision, kind: str) -> list[str]:
    return [h.reason for h in decision.hits if h.kind == kind]


def test_listed_bic_of_the_creditor_agent_holds_and_names_field_and_entry(
        payment_lists: PaymentLists) -> None:
    decisions = _decide("pacs008.xml", payment_lists)
    listed = decisions["DEUT20240315-0001/E2E-INV-2024-118"]
    assert listed.decision == "hold"
    assert "creditor agent BIC SABRRUMM = us_ofac_sdn:17018" in _reasons(listed, "bic")
    bic_hit = next(h for h in listed.hits if h.kind == "bic")
    assert bic_hit.field == "CdtTrfTxInf[1]/CdtrAgt"


def test_vessel_imo_in_remittance_text_and_listed_creditor_name_hold(
        payment_lists: PaymentLists) -> None:
    listed = _decide("pacs008.xml", payment_lists)["DEUT20240315-0001/E2E-INV-2024-118"]
    assert any("IMO 9187629 = us_ofac_sdn:15036" in r for r in _reasons(listed, "vessel"))
    names = [h for h in listed.hits if h.kind == "name" and h.role == "creditor"]
    assert names and names[0].entity_id == "us_ofac_sdn-16806" and names[0].severity == "hold"
    assert any("sanctioned destination" in r for r in _reasons(listed, "country"))


def test_ordinary_payments_are_released(payment_lists: PaymentLists) -> None:
    assert _decide("pacs008.xml", payment_lists)[
        "DEUT20240315-0001/E2E-INV-2024-119"].decision == "release"
    rent = _decide("pain001.xml", payment_lists)["PAIN-2024-06-11-01/RENT-2024-06"]
    assert rent.decision == "release" and rent.hits == ()
    good = _decide("malformed_mt.txt", payment_lists)["GOOD-3"]
    assert good.decision == "release"


def test_chpl_goods_to_a_transshipment_point_are_reviewed_not_held(
        payment_lists: PaymentLists) -> None:
    decision = _decide("pain001.xml", payment_lists)["PAIN-2024-06-11-01/PO-88123"]
    assert decision.decision == "review"
    assert any("tier 1" in r for r in _reasons(decision, "goods"))
    assert any(h.severity == "note" and "transshipment" in h.reason for h in decision.hits)


def test_letter_of_credit_with_chpl_goods_to_novorossiysk_is_held(
        payment_lists: PaymentLists) -> None:
    decision = _decide("mt700.txt", payment_lists)["LC-ICBK-240077"]
    assert decision.decision == "hold"
    assert [h.field for h in decision.hits if h.kind == "route"] == ["45A"]
    assert any("NOVOROSSIYSK" in r for r in _reasons(decision, "country"))


def test_occupied_region_in_an_address_or_port_holds(payment_lists: PaymentLists) -> None:
    decision = _decide("mt710.txt", payment_lists)["DB-ADV-90812"]
    occupied = [h for h in decision.hits if "occupied region" in h.reason]
    assert {h.field for h in occupied} == {"50", "44F"}
    assert all(h.severity == "hold" for h in occupied)


def test_bic_of_another_branch_of_a_listed_bank_is_the_same_institution(
        payment_lists: PaymentLists) -> None:
    text = ("{1:F01DEUTDEFFAXXX0000000000}{2:I103DEUTDEFFXXXXN}{4:\n:20:BRANCH-1\n"
            ":32A:240410EUR100,00\n:50K:ACME GMBH\n:57A:SABRRU2P\n:59:/123\nIVAN PETROV\n-}")
    (decision,) = screen_messages(read_text(text, "x.txt"), payment_lists)
    (hit,) = [h for h in decision.hits if h.kind == "institution"]
    assert decision.decision == "hold" and hit.field == "57A"
    assert "institution SABRRU = us_ofac_sdn:17018" in hit.reason


def test_belarusian_bank_in_a_cover_payment_holds_both_sequences(
        payment_lists: PaymentLists) -> None:
    decision = _decide("mt202cov.txt", payment_lists)["COV202-5521"]
    assert decision.decision == "hold"
    assert {h.field for h in decision.hits if h.kind == "bic"} == {"58A", "57A"}
    assert any(h.role == "beneficiary customer (underlying)" and h.kind == "name"
               for h in decision.hits)


def test_errors_stay_in_place_and_rows_cover_every_message(
        payment_lists: PaymentLists) -> None:
    decisions = screen_messages(read_file(FIXTURES / "malformed_mt.txt"), payment_lists)
    assert [d.decision for d in decisions] == ["error", "error", "release", "error"]
    rows = decision_rows(decisions)
    assert [r["ref"] for r in rows] == ["#1", "BADAMOUNT-2", "GOOD-3", "BADBIC-4"]
    assert "field '57A'" in str(rows[3]["reason"])


def test_a_party_named_with_a_legal_form_is_screened_as_an_organisation(
        payment_lists: PaymentLists) -> None:
    text = ("{1:F01DEUTDEFFAXXX0000000000}{2:I103DEUTDEFFXXXXN}{4:\n:20:LEGAL-1\n"
            ":32A:240410EUR100,00\n:50K:ACME GMBH\n:59:/123\nBUROVAYA KOMPANIYA EURASIA LLC\n"
            "MOSCOW\n-}")
    (decision,) = screen_messages(read_text(text, "x.txt"), payment_lists)
    (hit,) = [h for h in decision.hits if h.kind == "name"]
    assert hit.sources == ("us_ofac_sdn:44151",) and hit.severity == "hold"
