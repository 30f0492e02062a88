"""What the lists contribute to payment screening, built once and reused for every message.

Beyond the match index (names), a payment needs three lookups the name matcher does not do:

* BICs: OFAC remarks, the EU and UK files carry the SWIFT/BIC codes of listed banks. A BIC in a
  message equal to a listed one (eight characters, or eleven with the branch) is an exact hit;
  one whose first six characters (bank and country) are those of a listed BIC is the same
  institution, another branch or location;
* IMO numbers of listed vessels, for the free text of a payment ("FREIGHT MV ... IMO 9187629");
* the names of listed companies, organisations and vessels as they are written in free text
  (the news gazetteer's n-gram table, :class:`dualwatch.media.gazetteer.ListGazetteer`).

The whole context is cached on disk beside the match index and keyed like it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dualwatch.match import MatchIndex
from dualwatch.media.gazetteer import ListGazetteer
from dualwatch.model import Entity
from dualwatch.store import Store

_BIC_IN_TEXT = re.compile(r"\b([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")
_DIGITS = re.compile(r"\d{7}")


@dataclass(frozen=True, slots=True)
class Listed:
    """A list entry an identifier points to."""

    entity_id: str
    caption: str
    source: str  # dataset:source_id, as hits name their sources
    value: str  # the identifier as listed


@dataclass
class ListTables:
    """The BIC, IMO and free-text tables of a set of list entries."""

    bics: dict[str, list[Listed]] = field(default_factory=dict)  # BIC8 or BIC11 -> entries
    institutions: dict[str, list[Listed]] = field(default_factory=dict)  # first six -> entries
    imos: dict[str, list[Listed]] = field(default_factory=dict)
    gazetteer: ListGazetteer = field(default_factory=lambda: ListGazetteer(()))

    @classmethod
    def from_entities(cls, entities: Iterable[Entity]) -> ListTables:
        listed = list(entities)
        built = cls(gazetteer=ListGazetteer(listed))
        for entity in listed:
            built.add(entity)
        return built

    def add(self, entity: Entity) -> None:
        source = f"{entity.dataset}:{entity.source_id}"
        for ident in entity.identifiers:
            if ident.type == "swift":
                for bic in _BIC_IN_TEXT.findall(ident.value.upper()):
                    entry = Listed(entity.id, entity.caption, source, bic)
                    self.bics.setdefault(bic, []).append(entry)
                    if bic.endswith("XXX"):
                        self.bics.setdefault(bic[:8], []).append(entry)
                    self.institutions.setdefault(bic[:6], []).append(entry)
            elif ident.type == "imo":
                for number in _DIGITS.findall(ident.value):
                    self.imos.setdefault(number, []).append(
                        Listed(entity.id, entity.caption, source, number))
        if entity.schema == "Vessel":
            for name in entity.names:
                self.gazetteer.add(name.value)

    def bic(self, bic: str) -> list[Listed]:
        """Entries listing exactly this BIC (BIC11 ``XXX`` is its head office, the BIC8)."""
        found = self.bics.get(bic, [])
        if not found and len(bic) == 11:
            found = self.bics.get(bic[:8], []) if bic.endswith("XXX") else []
        return found

    def institution(self, bic: str) -> list[Listed]:
        """Entries whose BIC names the same institution (first six characters)."""
        return self.institutions.get(bic[:6], [])


@dataclass(frozen=True)
class PaymentLists:
    """The match index and the tables of the same list versions, with the alert threshold."""

    index: MatchIndex
    tables: ListTables
    threshold: float | None = None

    @classmethod
    def from_entities(cls, entities: Iterable[Entity],
                      threshold: float | None = None) -> PaymentLists:
        from dualwatch.match import build_index

        listed = list(entities)
        return cls(build_index(listed), ListTables.from_entities(listed), threshold)


def load_tables(store: Store, datasets: Iterable[str] | None = None) -> ListTables:
    """The BIC, IMO and free-text tables of the store's current lists, cached on disk."""
    from dualwatch.cache import disk_cached
    from dualwatch.screening import index_key

    wanted = list(datasets) if datasets is not None else None
    code = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:8]
    return disk_cached("payment-lists", f"{index_key(store, wanted)}-{code}", ListTables,
                       lambda: ListTables.from_entities(store.current_entities(wanted)))


def load_payment_lists(store: Store, datasets: Iterable[str] | None = None,
                       threshold: float | None = None) -> PaymentLists:
    """The payment context of the store's current lists, from the disk cache when fresh."""
    from dualwatch.screening import load_index

    wanted = list(datasets) if datasets is not None else None
    return PaymentLists(load_index(store, wanted), load_tables(store, wanted), threshold)
