"""Payment message readers: ISO 20022 pacs.008, pacs.009, pain.001 and SWIFT MT103, MT202COV,
MT700, MT710, read from fixtures written after the published message definitions."""

from __future__ import annotations

from pathlib import Path

from dualwatch.errors import MessageError
from dualwatch.sources.messages import Message, Read, read_file, read_text

FIXTURES = Path("tests/fixtures/payments")


def _read(name: str) -> list[Read]:
    return list(read_file(FIXTURES / name))


def _messages(name: str) -> list[Message]:
    found = _read(name)
    assert all(isinstance(m, Message) for m in found), found
    return [m for m in found if isinstance(m, Message)]


def _role(message: Message, role: str) -> tuple[str | None, str | None, str | None]:
    party = next(p for p in message.parties if p.role == role)
    return party.name, party.bic, party.country


def test_pacs008_each_transaction_is_a_message_with_its_parties_and_agents() -> None:
    first, second = _messages("pacs008.xml")
    assert (first.ref, first.type) == ("DEUT20240315-0001/E2E-INV-2024-118", "pacs.008")
    assert (first.amount, first.currency) == ("48250.00", "EUR")
    assert _role(first, "creditor agent") == (None, "SABRRUMM", "ru")
    assert _role(first, "creditor") == ("OOO Volga Group", None, "ru")
    assert _role(first, "instructing agent")[1] == "DEUTDEFF"  # from the group header
    creditor_agent = next(p for p in first.parties if p.role == "creditor agent")
    assert creditor_agent.field == "CdtTrfTxInf[1]/CdtrAgt" and creditor_agent.agent
    assert [t.value for t in first.texts] == ["INVOICE 2024-118 FREIGHT MV ARTAVIL IMO 9187629"]
    assert _role(second, "creditor") == ("Transports Moreau et Fils SARL", None, "fr")


def test_pacs009_cover_reads_the_underlying_customer_transfer_inside_an_envelope() -> None:
    (message,) = _messages("pacs009_cov.xml")
    assert message.type == "pacs.009"
    assert _role(message, "creditor institution")[1:] == ("BLBBBY2X", "by")
    name, _, country = _role(message, "creditor (underlying)")
    assert name == "Joint Stock Company Concern Radio Electronic Technologies"
    assert country == "ru"
    assert any(t.field.endswith("UndrlygCstmrCdtTrf/RmtInf/Ustrd") for t in message.texts)


def test_pain001_payment_information_parties_apply_to_each_transaction() -> None:
    rent, goods = _messages("pain001.xml")
    for message in (rent, goods):
        assert _role(message, "debtor") == ("Aalborg Elektronik ApS", None, "dk")
        assert _role(message, "debtor agent")[1] == "DABADKKK"
    assert goods.ref == "PAIN-2024-06-11-01/PO-88123"
    assert _role(goods, "creditor") == ("Brightway Components Trading Limited", None, "hk")


def test_mt103_options_a_f_k_and_free_format_beneficiary() -> None:
    first, second = _messages("mt103.txt")
    assert (first.ref, first.type, first.amount) == ("MT103-0001", "MT103", "75400.00")
    assert _role(first, "ordering customer") == ("NORDWERK MASCHINENBAU AG", None, "de")
    assert _role(first, "beneficiary customer") == (
        "SHENZHEN BRIGHT STAR TECHNOLOGY CO", None, "cn")
    assert _role(first, "sender")[1] == "COBADEFF" and _role(first, "receiver")[1] == "BKCHCNBJ"
    assert _role(second, "ordering customer") == ("HELLMANN ANTRIEBSTECHNIK GMBH", None, "de")
    assert _role(second, "beneficiary customer") == ("OOO TRANSOIL", None, "ru")  # 59F 3/RU/
    assert _role(second, "account with institution")[1] == "ALFARUMM"
    assert {t.field for t in second.texts} == {"70", "72"}


def test_mt202cov_sequence_b_roles_are_the_underlying_transfer() -> None:
    (message,) = _messages("mt202cov.txt")
    assert message.type == "MT202COV"
    assert _role(message, "beneficiary institution")[1] == "BLBBBY2X"
    assert _role(message, "beneficiary customer (underlying)")[2] == "ru"


def test_mt700_and_mt710_read_applicant_beneficiary_ports_and_goods() -> None:
    (credit,) = _messages("mt700.txt")
    assert credit.type == "MT700" and credit.currency == "EUR"
    assert _role(credit, "applicant")[0] == "GUANGZHOU HONGDA ELECTRONICS TRADING CO"
    assert _role(credit, "available with")[1] == "DEUTDEFF"
    assert {p.field: p.value for p in credit.places}["44F"] == "NOVOROSSIYSK, RUSSIA"
    goods = next(t for t in credit.texts if t.field == "45A")
    assert goods.goods and "STM32F407VGT6" in goods.value
    (advice,) = _messages("mt710.txt")
    assert _role(advice, "issuing bank")[1] == "SABRRUMM"
    assert _role(advice, "available with")[0] == "ANY BANK IN GERMANY"  # "BY ..." line dropped


def test_a_malformed_transaction_names_its_element_and_the_others_are_read() -> None:
    found = _read("malformed.xml")
    assert [type(m).__name__ for m in found] == ["Message", "MessageError", "Message"]
    error = found[1]
    assert isinstance(error, MessageError)
    assert "BAD-0001/BROKEN-2" in str(error)
    assert "CdtTrfTxInf[2]/CdtrAgt/BICFI" in str(error)


def test_malformed_mt_messages_name_the_field_tag_and_never_stop_the_others() -> None:
    found = _read("malformed_mt.txt")
    kinds = [type(m).__name__ for m in found]
    assert kinds == ["MessageError", "MessageError", "Message", "MessageError"]
    assert "field '20'" in str(found[0]) and "message #1" in str(found[0])
    assert "message BADAMOUNT-2, field '32A'" in str(found[1])
    assert "message BADBIC-4, field '57A'" in str(found[3])


def test_broken_xml_and_unknown_text_are_one_error_each() -> None:
    (broken,) = read_text("<Document><FIToFICstmrCdtTrf>", "x.xml")
    assert isinstance(broken, MessageError) and "malformed XML" in str(broken)
    (other,) = read_text("name,country\nACME,DE\n", "x.csv")
    assert isinstance(other, MessageError) and "ISO 20022" in str(other)
    (wrong,) = read_text("<Document><CstmrPmtStsRpt/></Document>", "status.xml")
    assert isinstance(wrong, MessageError) and "pacs.008" in str(wrong)


def test_unsupported_mt_type_is_named() -> None:
    text = "{1:F01COBADEFFAXXX0000000000}{2:I940BKCHCNBJXXXXN}{4:\n:20:STMT\n-}"
    (error,) = read_text(text, "stmt.txt")
    assert isinstance(error, MessageError) and "MT940" in str(error)


def test_a_full_mt_name_line_is_also_read_on_into_the_next_line() -> None:
    (cover,) = _messages("mt202cov.txt")
    beneficiary = next(p for p in cover.parties if p.role.startswith("beneficiary customer"))
    assert beneficiary.name == "JOINT STOCK COMPANY CONCERN RADIO"
    assert beneficiary.name_wrapped == "JOINT STOCK COMPANY CONCERN RADIO ELECTRONIC TECHNOLOGIES"
    first, _ = _messages("mt103.txt")
    ordering = next(p for p in first.parties if p.role == "ordering customer")
    assert ordering.name_wrapped is None  # a short line is a whole name
