"""Addresses, phones, emails and websites of listed entities, for the shared-contact check.

Front companies often reuse the premises, phone line or mailbox of a listed company. Each
listed entity's contacts are normalised once into a lookup (address: folded words; phone: the
last ten digits; email: lower case; website: the bare domain), and each distinct contact in a
shipment file is normalised the same way and looked up. Vague addresses (a city alone, no
street number) are left out: they would tie unrelated firms of the same city together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from anyascii import anyascii

from dualwatch.model import Entity

KINDS = ("address", "phone", "email", "website")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\D+")
_EMAIL = re.compile(r"[^@\s<>;,]+@[^@\s<>;,]+\.[a-z]{2,}")
MAX_ENTITIES_PER_CONTACT = 5  # a contact shared by more list entries is a registered agent


def norm_address(value: str) -> str | None:
    words = _NON_WORD.sub(" ", anyascii(value).casefold()).split()
    text = " ".join(words)
    if len(text) < 12 or not any(ch.isdigit() for ch in text) or len(words) < 3:
        return None
    return text


def norm_phone(value: str) -> str | None:
    digits = _DIGITS.sub("", value)
    if len(digits) < 8:
        return None
    return digits[-10:]


def norm_email(value: str) -> str | None:
    found = _EMAIL.search(value.casefold())
    return found.group(0) if found else None


def norm_website(value: str) -> str | None:
    text = value.strip().casefold()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("/", 1)[0].split("?", 1)[0]
    text = text.removeprefix("www.")
    return text if "." in text and len(text) > 3 else None


NORMALISERS: dict[str, Callable[[str], str | None]] = {
    "address": norm_address, "phone": norm_phone, "email": norm_email, "website": norm_website}


@dataclass(frozen=True)
class Listed:
    entity_id: str
    caption: str
    dataset: str
    value: str  # the contact as the list writes it


@dataclass
class ContactBook:
    """{(kind, normalised contact): listed entities having it}."""

    entries: dict[tuple[str, str], list[Listed]] = field(default_factory=dict)

    def add(self, kind: str, raw: str, entity: Entity) -> None:
        key = NORMALISERS[kind](raw)
        if key is None:
            return
        found = self.entries.setdefault((kind, key), [])
        if len(found) <= MAX_ENTITIES_PER_CONTACT and all(
                x.entity_id != entity.id for x in found):
            found.append(Listed(entity.id, entity.caption, entity.dataset, raw))

    def lookup(self, kind: str, raw: str) -> list[Listed]:
        key = NORMALISERS[kind](raw)
        if key is None:
            return []
        found = self.entries.get((kind, key), [])
        return [] if len(found) > MAX_ENTITIES_PER_CONTACT else found

    def __len__(self) -> int:
        return len(self.entries)


def build_contacts(entities: Iterable[Entity]) -> ContactBook:
    """The contact lookup over listed entities (read once per run)."""
    book = ContactBook()
    for entity in entities:
        for address in entity.addresses:
            book.add("address", address.full, entity)
        for phone in entity.phones:
            book.add("phone", phone, entity)
        for email in entity.emails:
            book.add("email", email, entity)
        for website in entity.websites:
            book.add("website", website, entity)
    return book
