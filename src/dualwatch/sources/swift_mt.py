"""SWIFT MT messages: MT103, MT202 and MT202COV, MT700 and MT710.

A FIN message is blocks ``{1:...}`` (sender's logical terminal), ``{2:...}`` (message type and
receiver), ``{3:...}`` (``{119:COV}`` marks a cover payment), ``{4:`` the text, ``-}``. The text
is fields ``:TAG:value``, a tag being two digits and an option letter; the option says how a
party is written (SWIFT MT standards, category 1, 2 and 7 message reference guides):

* ``A``: optional ``/party identifier`` line, then a BIC;
* ``D``, ``K`` and no letter (``59``, MT700 ``50``): optional ``/account`` line, then name and
  address in up to four lines of 35 characters;
* ``F``: a party identifier line, then numbered lines ``1/`` name, ``2/`` address,
  ``3/`` country and town (``RU/MOSCOW``), ``4/``-``8/`` dates, places and numbers;
* ``B``: a location, ``C``: a clearing code.

Sequence B of an MT202COV (from its ``50a``) is the underlying customer transfer, whose roles
are marked "(underlying)". The sender and receiver BICs of the header are agents too.
A file may hold several messages, one after the other; each problem (no block 4, no field 20,
an option a tag does not have, a BIC that is not one, an amount that is not one) is an error
naming the message and the tag, and the next message is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dualwatch.countries import to_code
from dualwatch.errors import MessageError
from dualwatch.sources.messages import (
    BIC,
    Message,
    Party,
    Place,
    Read,
    Text,
    bic_country,
    iban_country,
)

FORMAT = "swift_mt"
_START = re.compile(r"(?=\{1:)")
_BLOCK1 = re.compile(r"\{1:F\d\d([A-Z0-9]{12})")
_BLOCK2 = re.compile(r"\{2:([IO])(\d{3})([^}]*)\}")
_BLOCK3 = re.compile(r"\{3:((?:\{[^{}]*\})*)\}")
_BLOCK4 = re.compile(r"\{4:\s*\n(.*?)\n-\}", re.DOTALL)
_FIELD = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
_AMOUNT = re.compile(r"^(\d{6})?([A-Z]{3})(\d{1,14}(?:,\d{0,5})?)$")
_STRUCTURED_COUNTRY = re.compile(r"^([A-Z]{2})/")

# (tag number, message kind) -> (role, what the field is); kind "" for every type.
ROLES: dict[str, dict[str, tuple[str, str]]] = {
    "103": {"50": ("ordering customer", "party"), "52": ("ordering institution", "agent"),
            "53": ("sender's correspondent", "agent"),
            "54": ("receiver's correspondent", "agent"),
            "55": ("third reimbursement institution", "agent"),
            "56": ("intermediary institution", "agent"),
            "57": ("account with institution", "agent"),
            "59": ("beneficiary customer", "party")},
    "202": {"52": ("ordering institution", "agent"), "53": ("sender's correspondent", "agent"),
            "54": ("receiver's correspondent", "agent"),
            "56": ("intermediary", "agent"), "57": ("account with institution", "agent"),
            "58": ("beneficiary institution", "agent"),
            "50": ("ordering customer", "party"), "59": ("beneficiary customer", "party")},
    "700": {"50": ("applicant", "party"), "59": ("beneficiary", "party"),
            "51": ("applicant bank", "agent"), "41": ("available with", "agent"),
            "42": ("drawee", "agent"), "53": ("reimbursing bank", "agent"),
            "57": ("advise through bank", "agent"),
            "58": ("requested confirmation party", "agent")},
    "710": {"50": ("applicant", "party"), "59": ("beneficiary", "party"),
            "52": ("issuing bank", "agent"), "51": ("applicant bank", "agent"),
            "41": ("available with", "agent"), "42": ("drawee", "agent"),
            "53": ("reimbursing bank", "agent"), "57": ("advise through bank", "agent"),
            "58": ("requested confirmation party", "agent")},
}
TEXTS = {"70": ("remittance information", False), "72": ("sender to receiver information", False),
         "72Z": ("sender to receiver information", False),
         "77B": ("regulatory reporting", False), "45A": ("description of goods", True),
         "46A": ("documents required", False), "47A": ("additional conditions", False),
         "78": ("instructions to the paying bank", False),
         "49G": ("special payment conditions", False)}
PLACES = {"44A": "place of taking in charge, dispatch or receipt",
          "44E": "port of loading or airport of departure",
          "44F": "port of discharge or airport of destination",
          "44B": "place of final destination or delivery"}
OPTIONS = {"A", "B", "C", "D", "F", "K", ""}
WRAP_AT = 30  # a first line this long (of 35) is taken to be a wrapped name
SUPPORTED = {"103": "MT103", "202": "MT202", "700": "MT700", "710": "MT710"}


@dataclass
class _Mt:
    source: str
    ref: str
    fields: list[tuple[str, str]]

    def fail(self, tag: str, reason: str) -> MessageError:
        return MessageError(self.source, reason, ref=self.ref, field=tag)

    def bic(self, tag: str, raw: str) -> str:
        value = raw.strip().upper()
        if not BIC.match(value):
            raise self.fail(tag, f"{raw.strip()!r} is not a BIC (8 or 11 letters and digits)")
        return value


def _fields(body: str) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        found = _FIELD.match(line)
        if found:
            fields.append((found.group(1), found.group(2)))
        elif fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value}\n{line}")
    return fields


def _country_of_lines(lines: list[str]) -> str | None:
    """A country written as the last address line does ("MOSCOW, RUSSIA", "RU/MOSCOW")."""
    for line in reversed(lines):
        found = _STRUCTURED_COUNTRY.match(line)
        if found and to_code(found.group(1)):
            return to_code(found.group(1))
        for part in reversed(re.split(r"[,;]", line)):
            part = part.strip()
            if len(part) > 3 and (code := to_code(part)):
                return code
    return None


def _party(mt: _Mt, tag: str, value: str, role: str, agent: bool,
           option: str | None = None) -> Party:
    option = tag[2:] if option is None else option
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    account = None
    if lines and lines[0].startswith("/") and option != "F":
        account = lines.pop(0).lstrip("/").removeprefix("C/").removeprefix("D/").strip()
    iban = iban_country(account)
    if option == "A":
        if not lines:
            raise mt.fail(tag, "option A needs a BIC")
        bic = mt.bic(tag, lines[0])
        return Party(role, tag, bic=bic, country=bic_country(bic), agent=agent,
                     identifiers=(account,) if account else ())
    if option == "F":
        return _structured(mt, tag, lines, role, agent)
    if option == "C" or not lines:
        return Party(role, tag, identifiers=(account,) if account else (), agent=agent,
                     country=iban)
    if option == "B":
        return Party(role, tag, address=" ".join(lines), agent=agent, country=iban)
    if tag.startswith("41") or tag.startswith("42"):
        lines = [line for line in lines if not line.startswith("BY ")]
    if not lines:
        raise mt.fail(tag, "no name in the field")
    address = lines[1:]
    return Party(role, tag, name=lines[0], name_wrapped=_wrapped_name(lines),
                 address=", ".join(address) or None,
                 country=_country_of_lines(address) or iban, agent=agent,
                 identifiers=(account,) if account else ())


def _wrapped_name(lines: list[str]) -> str | None:
    """The name read on into the second line, when the first is full enough to be wrapped.

    Lines hold 35 characters, so a long name ("JOINT STOCK COMPANY CONCERN RADIO" /
    "ELECTRONIC TECHNOLOGIES") goes on in the next line; whether it does cannot be told from
    the text ("SHENZHEN BRIGHT STAR TECHNOLOGY CO" / "NANSHAN DISTRICT"), so both readings
    are screened.
    """
    if len(lines) > 1 and len(lines[0]) >= WRAP_AT and not any(c.isdigit() for c in lines[1]) \
            and _country_of_lines([lines[1]]) is None:
        return f"{lines[0]} {lines[1]}"
    return None


def _structured(mt: _Mt, tag: str, lines: list[str], role: str, agent: bool) -> Party:
    """Option F: party identifier, then numbered lines (1/ name, 2/ address, 3/ CC/town)."""
    if not lines:
        raise mt.fail(tag, "option F needs a party identifier line")
    ident = lines.pop(0).lstrip("/")
    names, address, country = [], [], None
    for line in lines:
        number, _, rest = line.partition("/")
        if number == "1":
            names.append(rest)
        elif number in ("2", "8"):
            address.append(rest)
        elif number == "3":
            code = rest.partition("/")[0]
            country = to_code(code)
            if country is None:
                raise mt.fail(tag, f"line 3/ starts with {code!r}, not an ISO country code")
            address.append(rest.partition("/")[2])
        elif number not in ("4", "5", "6", "7"):
            raise mt.fail(tag, f"option F line {line!r} does not start with 1/ to 8/")
    if not names:
        raise mt.fail(tag, "option F needs a name line (1/)")
    return Party(role, tag, name=" ".join(names), address=", ".join(address) or None,
                 country=country or iban_country(ident), identifiers=(ident,), agent=agent)


def _header_agents(mt: _Mt, text: str, kind: str) -> list[Party]:
    agents = []
    block1 = _BLOCK1.search(text)
    block2 = _BLOCK2.search(text)
    sender = receiver = None
    if block2 and block2.group(1) == "I":
        receiver = block2.group(3)[:12]
        sender = block1.group(1) if block1 else None
    elif block2:
        sender = block2.group(3)[10:22]
        receiver = block1.group(1) if block1 else None
    for role, lt in (("sender", sender), ("receiver", receiver)):
        if lt and len(lt) == 12:
            bic = lt[:8] + (lt[9:12] if lt[9:12] != "XXX" else "")
            if BIC.match(bic):
                agents.append(Party(role, "block 1" if role == "sender" else "block 2",
                                    bic=bic, country=bic_country(bic), agent=True))
    return agents


def _message(text: str, source: str, number: int) -> Message:
    block2 = _BLOCK2.search(text)
    block4 = _BLOCK4.search(text)
    position = f"#{number}"
    if block4 is None:
        body = text if text.lstrip().startswith(":20:") else None
        if body is None:
            raise MessageError(source, "no text block {4: ... -}", ref=position, field="4")
    else:
        body = block4.group(1)
    fields = _fields(body)
    ref = next((v.strip() for t, v in fields if t == "20"), None)
    if not ref:
        raise MessageError(source, "field 20 (reference) is missing", ref=position, field="20")
    if block2 is None:
        kind_code = "700" if any(t == "45A" for t, _ in fields) else "103"
        if not any(t in ("50A", "50F", "50K", "45A", "59") for t, _ in fields):
            raise MessageError(source, "no block 2: the message type is unknown", ref=ref,
                               field="2")
    else:
        kind_code = block2.group(2)
    if kind_code not in SUPPORTED:
        raise MessageError(source, f"MT{kind_code} is not a payment or documentary credit "
                           "message dualwatch reads (MT103, MT202, MT202COV, MT700, MT710)",
                           ref=ref, field="2")
    block3 = _BLOCK3.search(text)
    cover = bool(block3 and "{119:COV}" in block3.group(1))
    kind = "MT202COV" if kind_code == "202" and cover else SUPPORTED[kind_code]
    mt = _Mt(source, ref, fields)
    return _build(mt, text, kind_code, kind)


def _build(mt: _Mt, text: str, kind_code: str, kind: str) -> Message:
    parties = _header_agents(mt, text, kind_code)
    texts: list[Text] = []
    places: list[Place] = []
    amount = currency = None
    sequence_b = False
    roles = ROLES[kind_code]
    for tag, value in mt.fields:
        number, option = tag[:2], tag[2:]
        if kind_code == "202" and number == "50":
            sequence_b = True
        if tag in TEXTS:
            label, goods = TEXTS[tag]
            joined = " ".join(line.strip() for line in value.split("\n") if line.strip())
            if joined:
                texts.append(Text(label, tag, joined, goods))
        elif tag in PLACES:
            if value.strip():
                places.append(Place(PLACES[tag], tag, " ".join(value.split())))
        elif tag == "50B" and kind_code == "710":
            parties.append(_party(mt, tag, value, "non-bank issuer", False, option="D"))
        elif number in roles:
            role, what = roles[number]
            if option not in OPTIONS:
                raise mt.fail(tag, f"option {option} is not defined for field {number}")
            if sequence_b and kind_code == "202":
                role = f"{role} (underlying)"
            parties.append(_party(mt, tag, value, role, what == "agent"))
        elif tag in ("32A", "32B"):
            amount, currency = _amount(mt, tag, value)
    return Message(ref=mt.ref, type=kind, source=mt.source, parties=tuple(parties),
                   texts=tuple(texts), places=tuple(places), amount=amount, currency=currency)


def _amount(mt: _Mt, tag: str, value: str) -> tuple[str, str]:
    found = _AMOUNT.match(value.strip())
    if not found or (tag == "32A") != bool(found.group(1)):
        shape = "YYMMDD, currency and amount" if tag == "32A" else "currency and amount"
        raise mt.fail(tag, f"{value.strip()!r} is not {shape} (e.g. 240315EUR1000,00)")
    return found.group(3).replace(",", ".").rstrip("."), found.group(2)


def split(text: str) -> list[str]:
    """The messages of a file: each starts at ``{1:``; a file of bare text blocks is one."""
    parts = [p for p in _START.split(text) if p.strip()]
    return parts or [text]


def read(text: str, source: str) -> Iterator[Read]:
    """Every MT message in ``text``, errors in their place."""
    for number, part in enumerate(split(text), start=1):
        try:
            yield _message(part, source, number)
        except MessageError as exc:
            yield exc
