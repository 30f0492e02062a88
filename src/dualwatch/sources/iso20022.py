"""ISO 20022 payment messages: pacs.008, pacs.009 and pain.001 XML.

Each credit transfer transaction (``CdtTrfTxInf``) is one message to decide on: its parties
(``Dbtr``, ``Cdtr``, ``UltmtDbtr``, ``UltmtCdtr``, ``InitgPty``), its agents (``DbtrAgt``,
``CdtrAgt``, ``IntrmyAgt1-3``, ``PrvsInstgAgt1-3``, ``InstgAgt``, ``InstdAgt``; in pacs.009 the
debtor and creditor are institutions too) and, for a cover payment (pacs.009 COV), the
underlying customer transfer (``UndrlygCstmrCdtTrf``). Element names follow the published
message definitions (ISO 20022 message definition reports, versions 001.02 to 001.12); both
``BIC`` (older versions) and ``BICFI`` are read, namespaces are ignored, and a business
application header envelope around the ``Document`` is accepted.

A transaction that breaks the definitions (no creditor, a BIC that is not one, a country that
is not two letters, an amount that is not a number) is an error naming the element path, and
the other transactions of the message are still read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace

from dualwatch.errors import MessageError
from dualwatch.sources.messages import (
    BIC,
    Message,
    Party,
    Read,
    Text,
    bic_country,
    iban_country,
)

FORMAT = "iso20022"
ROOTS = {"FIToFICstmrCdtTrf": "pacs.008", "FICdtTrf": "pacs.009",
         "CstmrCdtTrfInitn": "pain.001"}
PARTIES = (("InitgPty", "initiating party"), ("UltmtDbtr", "ultimate debtor"),
           ("Dbtr", "debtor"), ("Cdtr", "creditor"), ("UltmtCdtr", "ultimate creditor"))
AGENTS = (("InstgAgt", "instructing agent"), ("InstdAgt", "instructed agent"),
          ("PrvsInstgAgt1", "previous instructing agent 1"),
          ("PrvsInstgAgt2", "previous instructing agent 2"),
          ("PrvsInstgAgt3", "previous instructing agent 3"),
          ("DbtrAgt", "debtor agent"), ("IntrmyAgt1", "intermediary agent 1"),
          ("IntrmyAgt2", "intermediary agent 2"), ("IntrmyAgt3", "intermediary agent 3"),
          ("CdtrAgt", "creditor agent"))
FI_PARTIES = (("Dbtr", "debtor institution"), ("Cdtr", "creditor institution"))
ADDRESS_PARTS = ("Dept", "SubDept", "StrtNm", "BldgNb", "BldgNm", "Flr", "PstBx", "Room",
                 "PstCd", "TwnNm", "TwnLctnNm", "DstrctNm", "CtrySubDvsn")
AMOUNT = re.compile(r"^\d{1,18}(\.\d{1,5})?$")
COUNTRY = re.compile(r"^[A-Z]{2}$")


def _strip_namespaces(root: ET.Element) -> None:
    for elem in root.iter():
        if isinstance(elem.tag, str) and "}" in elem.tag:
            elem.tag = elem.tag.rsplit("}", 1)[1]


def _text(elem: ET.Element | None, path: str) -> str | None:
    if elem is None:
        return None
    found = elem.find(path)
    if found is None or found.text is None:
        return None
    value = " ".join(found.text.split())
    return value or None


def _all_text(elem: ET.Element | None, path: str) -> list[str]:
    if elem is None:
        return []
    return [" ".join(e.text.split()) for e in elem.findall(path) if e.text and e.text.strip()]


class _Tx:
    """Reads one transaction; every problem raises MessageError naming the element."""

    def __init__(self, source: str, ref: str, where: str) -> None:
        self.source = source
        self.ref = ref
        self.where = where

    def fail(self, element: str, reason: str) -> MessageError:
        return MessageError(self.source, reason, ref=self.ref, element=f"{self.where}/{element}")

    def bic(self, elem: ET.Element, path: str, element: str) -> str | None:
        raw = _text(elem, path)
        if raw is None:
            return None
        value = raw.replace(" ", "").upper()
        if not BIC.match(value):
            raise self.fail(f"{element}/{path}", f"{raw!r} is not a BIC (8 or 11 letters and "
                            "digits: bank, country, location, branch)")
        return value

    def address(self, adr: ET.Element | None, element: str) -> tuple[str | None, str | None]:
        """(address text, country code) of a ``PstlAdr``."""
        if adr is None:
            return None, None
        parts = [v for p in ADDRESS_PARTS if (v := _text(adr, p))]
        parts += _all_text(adr, "AdrLine")
        country = _text(adr, "Ctry")
        if country is not None and not COUNTRY.match(country):
            raise self.fail(f"{element}/PstlAdr/Ctry",
                            f"{country!r} is not an ISO 3166 country code (two capitals)")
        return (", ".join(parts) or None), (country.lower() if country else None)

    def party(self, elem: ET.Element, tag: str, role: str,
              account: ET.Element | None) -> Party:
        address, country = self.address(elem.find("PstlAdr"), tag)
        idents = [v for p in ("Id/OrgId/LEI", "Id/OrgId/Othr/Id", "Id/PrvtId/Othr/Id")
                  for v in _all_text(elem, p)]
        bic = (self.bic(elem, "Id/OrgId/AnyBIC", tag) or
               self.bic(elem, "Id/OrgId/BICOrBEI", tag))
        residence = _text(elem, "CtryOfRes")
        iban = _text(account, "Id/IBAN") if account is not None else None
        country = country or (residence.lower() if residence else None) or iban_country(iban)
        name = _text(elem, "Nm")
        if name is None and not idents and bic is None:
            raise self.fail(tag, "a party needs a name (Nm) or an identification (Id)")
        return Party(role=role, field=f"{self.where}/{tag}", name=name, address=address,
                     country=country, bic=bic, identifiers=tuple(idents))

    def agent(self, elem: ET.Element, tag: str, role: str) -> Party:
        fin = elem.find("FinInstnId")
        if fin is None:
            raise self.fail(tag, "an agent needs its financial institution (FinInstnId)")
        bic = self.bic(fin, "BICFI", tag) or self.bic(fin, "BIC", tag)
        address, country = self.address(fin.find("PstlAdr"), f"{tag}/FinInstnId")
        idents = [v for p in ("LEI", "ClrSysMmbId/MmbId", "Othr/Id") for v in _all_text(fin, p)]
        name = _text(fin, "Nm")
        if bic is None and name is None and not idents:
            raise self.fail(f"{tag}/FinInstnId", "an agent needs a BIC (BICFI), a name (Nm) "
                            "or a member identification")
        return Party(role=role, field=f"{self.where}/{tag}", name=name, address=address,
                     country=country or (bic_country(bic) if bic else None), bic=bic,
                     identifiers=tuple(idents), agent=True)

    def amount(self, tx: ET.Element) -> tuple[str | None, str | None]:
        for path in ("IntrBkSttlmAmt", "Amt/InstdAmt", "InstdAmt"):
            elem = tx.find(path)
            if elem is None:
                continue
            value = (elem.text or "").strip()
            if not AMOUNT.match(value):
                raise self.fail(path, f"amount {value!r} is not a decimal number")
            return value, elem.get("Ccy")
        return None, None


def _parties(reader: _Tx, holder: ET.Element | None, with_agents: bool = True,
             fi_parties: bool = False) -> list[Party]:
    if holder is None:
        return []
    found: list[Party] = []
    if fi_parties:
        for tag, role in FI_PARTIES:
            elem = holder.find(tag)
            if elem is not None:
                found.append(reader.agent(elem, tag, role))
    else:
        for tag, role in PARTIES:
            elem = holder.find(tag)
            if elem is not None:
                found.append(reader.party(elem, tag, role, holder.find(f"{tag}Acct")))
    if with_agents:
        for tag, role in AGENTS:
            elem = holder.find(tag)
            if elem is not None:
                found.append(reader.agent(elem, tag, role))
    return found


def _texts(reader: _Tx, holder: ET.Element | None, prefix: str = "") -> list[Text]:
    if holder is None:
        return []
    where = f"{reader.where}/{prefix}"
    texts = [Text("remittance information", f"{where}RmtInf/Ustrd", v)
             for v in _all_text(holder, "RmtInf/Ustrd")]
    texts += [Text("remittance information", f"{where}RmtInf/Strd/AddtlRmtInf", v)
              for v in _all_text(holder, "RmtInf/Strd/AddtlRmtInf")]
    for tag, label in (("InstrForCdtrAgt/InstrInf", "instruction for creditor agent"),
                       ("InstrForNxtAgt/InstrInf", "instruction for next agent"),
                       ("Purp/Prtry", "purpose"),
                       ("RgltryRptg/Dtls/Inf", "regulatory reporting")):
        texts += [Text(label, f"{where}{tag}", v) for v in _all_text(holder, tag)]
    return texts


def _transaction(source: str, kind: str, msg_id: str, number: int, tx: ET.Element,
                 header: list[Party], payment_info: ET.Element | None) -> Message:
    tx_id = (_text(tx, "PmtId/EndToEndId") or _text(tx, "PmtId/TxId") or
             _text(tx, "PmtId/InstrId") or str(number))
    ref = f"{msg_id}/{tx_id}"
    reader = _Tx(source, ref, f"CdtTrfTxInf[{number}]")
    parties = list(header)
    if payment_info is not None:
        outer = _Tx(source, ref, "PmtInf")
        parties += _parties(outer, payment_info)
    fi = kind == "pacs.009"
    parties += _parties(reader, tx, fi_parties=fi)
    if fi and tx.find("Cdtr") is None:
        raise reader.fail("Cdtr", "pacs.009 needs the creditor institution (Cdtr)")
    if not fi and tx.find("Cdtr") is None:
        raise reader.fail("Cdtr", "a credit transfer needs its creditor (Cdtr)")
    if kind == "pacs.008" and tx.find("Dbtr") is None:
        raise reader.fail("Dbtr", "pacs.008 needs its debtor (Dbtr)")
    texts = _texts(reader, tx)
    cover = tx.find("UndrlygCstmrCdtTrf")
    if cover is not None:
        under = _Tx(source, ref, f"CdtTrfTxInf[{number}]/UndrlygCstmrCdtTrf")
        parties += [replace(p, role=f"{p.role} (underlying)") for p in _parties(under, cover)]
        texts += _texts(under, cover)
    amount, currency = reader.amount(tx)
    return Message(ref=ref, type=kind, source=source, parties=tuple(parties),
                   texts=tuple(texts), amount=amount, currency=currency)


def _documents(root: ET.Element) -> list[ET.Element]:
    if root.tag == "Document":
        return [root]
    return list(root.iter("Document"))


def _read_document(doc: ET.Element, source: str) -> Iterator[Read]:
    body = next((child for child in doc if child.tag in ROOTS), None)
    if body is None:
        names = ", ".join(child.tag for child in doc) or "nothing"
        yield MessageError(source, f"Document holds {names}; expected one of "
                           f"{', '.join(ROOTS)} (pacs.008, pacs.009, pain.001)",
                           element="Document")
        return
    kind = ROOTS[body.tag]
    msg_id = _text(body, "GrpHdr/MsgId")
    if msg_id is None:
        yield MessageError(source, "the group header has no message identification",
                           element=f"{body.tag}/GrpHdr/MsgId")
        return
    group = _Tx(source, msg_id, "GrpHdr")
    try:
        header = _parties(group, body.find("GrpHdr"))
    except MessageError as exc:
        yield exc
        return
    if kind == "pain.001":
        infos = body.findall("PmtInf")
        if not infos:
            yield MessageError(source, "pain.001 holds no payment information (PmtInf)",
                               ref=msg_id, element=f"{body.tag}/PmtInf")
        number = 0
        for info in infos:
            for tx in info.findall("CdtTrfTxInf"):
                number += 1
                yield _safe(source, kind, msg_id, number, tx, header, info)
        return
    txs = body.findall("CdtTrfTxInf")
    if not txs:
        yield MessageError(source, f"{kind} holds no transaction (CdtTrfTxInf)", ref=msg_id,
                           element=f"{body.tag}/CdtTrfTxInf")
    for number, tx in enumerate(txs, start=1):
        yield _safe(source, kind, msg_id, number, tx, header, None)


def _safe(source: str, kind: str, msg_id: str, number: int, tx: ET.Element,
          header: list[Party], info: ET.Element | None) -> Read:
    try:
        return _transaction(source, kind, msg_id, number, tx, header, info)
    except MessageError as exc:
        return exc


def read(text: str, source: str) -> Iterator[Read]:
    """Every transaction of the ISO 20022 document(s) in ``text``."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        yield MessageError(source, f"malformed XML at column {column + 1}: "
                           f"{str(exc).split(': line')[0]}", line=line)
        return
    _strip_namespaces(root)
    documents = _documents(root)
    if not documents:
        yield MessageError(source, f"no ISO 20022 Document element (root is {root.tag})",
                           element=root.tag)
        return
    for doc in documents:
        yield from _read_document(doc, source)
