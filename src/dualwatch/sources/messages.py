"""Payment and trade-finance messages as screening reads them, whatever their format.

A bank's systems speak ISO 20022 XML (``pacs.008``, ``pacs.009``, ``pain.001``) and SWIFT MT
(``MT103``, ``MT202``/``MT202COV``, ``MT700``/``MT710``). Each reader (:mod:`.iso20022`,
:mod:`.swift_mt`) turns one transaction or one MT message into a :class:`Message`: its parties
and agents with the field each came from, its free texts and its places. Screening then needs
to know nothing of the formats. A malformed message becomes a
:class:`~dualwatch.errors.MessageError` in the stream, in its place, and the next one is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dualwatch.errors import MessageError

# ISO 9362: 4 letters institution, 2 letters country, 2 location, optional 3 branch.
BIC = re.compile(r"^[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}([A-Z0-9]{3})?$")
IBAN = re.compile(r"^([A-Z]{2})[0-9]{2}[A-Z0-9]{11,30}$")
# Messages larger than this are refused: no payment message comes near it.
MAX_MESSAGE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Party:
    """A party or agent of a message, as the message names it.

    ``role`` is a person's word for it ("creditor agent", "beneficiary"); ``field`` is where it
    is in the message (an element path such as ``CdtTrfTxInf[1]/CdtrAgt`` or an MT tag such as
    ``57A``), so that a hit can say where it came from. ``country`` is an ISO alpha-2 code in
    lower case, from the address or the IBAN; an agent's BIC carries its own country.
    ``name_wrapped`` is the other reading of a name that may go on in the next line.
    """

    role: str
    field: str
    name: str | None = None
    address: str | None = None
    country: str | None = None
    bic: str | None = None
    identifiers: tuple[str, ...] = ()
    agent: bool = False
    name_wrapped: str | None = None  # the name read on into the next line (MT free format)


@dataclass(frozen=True, slots=True)
class Text:
    """Free text of a message (remittance information, field 70/72, goods 45A)."""

    label: str
    field: str
    value: str
    goods: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """A place a message names for the route: a port, a place of dispatch or destination."""

    label: str
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Message:
    """One payment or credit to decide on: a transaction of an ISO 20022 message, or one MT."""

    ref: str
    type: str
    source: str
    parties: tuple[Party, ...]
    texts: tuple[Text, ...] = ()
    places: tuple[Place, ...] = ()
    amount: str | None = None
    currency: str | None = None


Read = Message | MessageError


def bic_country(bic: str) -> str:
    """The country of a BIC (its fifth and sixth characters), lower case."""
    return bic[4:6].lower()


def iban_country(account: str | None) -> str | None:
    """The country of an IBAN, or None when the account is not one."""
    if not account:
        return None
    found = IBAN.match(account.replace(" ", "").upper())
    return found.group(1).lower() if found else None


def kind_of(text: str) -> str | None:
    """``iso20022`` or ``swift_mt`` from the first characters of a file, or None."""
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if head.startswith("<"):
        return "iso20022"
    if head.startswith("{1:") or head.startswith(":20:") or head.startswith("{2:"):
        return "swift_mt"
    return None


def read_text(text: str, source: str) -> Iterator[Read]:
    """Every message in ``text`` (one file or one API body), errors in their place."""
    from dualwatch.sources import iso20022, swift_mt

    kind = kind_of(text)
    if kind == "iso20022":
        yield from iso20022.read(text, source)
    elif kind == "swift_mt":
        yield from swift_mt.read(text, source)
    else:
        yield MessageError(source, "neither ISO 20022 XML (starts with '<') nor a SWIFT MT "
                           "message (starts with '{1:' or ':20:')")


def read_file(path: Path) -> Iterator[Read]:
    """Every message in the file at ``path``; an unreadable file is one error."""
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE_BYTES * 16:
            yield MessageError(path, f"file is {size / 1e6:,.0f} MB; split it into files of "
                               f"at most {MAX_MESSAGE_BYTES * 16 / 1e6:,.0f} MB")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield MessageError(path, f"cannot read file: {exc.strerror}")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield MessageError(path, f"not UTF-8 text (byte {exc.start}); payment messages are "
                           "UTF-8 XML or SWIFT FIN text")
        return
    yield from read_text(text, path.name)
