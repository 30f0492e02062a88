"""Payment and trade-finance screening: a decision per message, with every hit and its field.

One call, :func:`screen`, serves the command line and the API. For each message it screens

* every agent's BIC against the BICs the lists carry (exact: hold; the same institution, first
  six characters, under another location or branch: hold);
* every party and named agent by name, address and country with the matcher (score at least
  :data:`HOLD_SCORE`: hold; from the alert threshold: review) and by identifier (hold);
* free text (remittance information, fields 70/72, goods 45A) for IMO numbers of listed vessels
  (hold), names of listed companies and vessels (review) and CHPL goods through the goods
  classifier (review; hold when the route touches Russia, Belarus or an occupied region);
* the countries of parties, BICs, addresses and ports against the country groups of
  ``risk/data/country_groups.csv``: sanctioned destinations review, occupied regions of Ukraine
  hold, transshipment points are noted.

The decision is ``hold`` if any hit holds, ``review`` if any reviews, else ``release``; a
message that could not be read is an ``error`` naming its field and never stops the others.
Names are screened in one batch per call, each distinct (name, country) once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache

from dualwatch.countries import to_code
from dualwatch.errors import MessageError
from dualwatch.match import DEFAULT_THRESHOLD, Hit, Query, match_batch
from dualwatch.match.evidence import identifier_keys
from dualwatch.names import normalize_name
from dualwatch.risk.payment_lists import PaymentLists
from dualwatch.risk.places import groups
from dualwatch.risk.tables import read_table
from dualwatch.sources.messages import Message, Party, Place, Read, Text
from dualwatch.store.sql import SQLStore

HOLD_SCORE = 0.7  # a name hit at or above this calibrated score holds the payment
SEVERITY = {"note": 0, "review": 1, "hold": 2}
DECISIONS = ("release", "review", "hold")
_IMO = re.compile(r"\bIMO[\s:.#No-]*(\d{7})\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
BATCH = 256


@dataclass(frozen=True, slots=True)
class PaymentHit:
    """One finding in one field of a message, and why it counts."""

    severity: str  # hold | review | note
    kind: str  # bic | institution | identifier | name | text_name | vessel | goods | country
    role: str
    field: str
    value: str
    reason: str
    score: float = 1.0
    entity_id: str | None = None
    entity_name: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """What to do with one message, and every hit behind it."""

    ref: str
    type: str
    source: str
    decision: str  # release | review | hold | error
    hits: tuple[PaymentHit, ...] = ()
    error: str | None = None
    amount: str | None = None
    currency: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# -- places and countries -------------------------------------------------------------------

@cache
def _route_places() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {row["name"].casefold(): row["code"] for row in read_table("route_places.csv")}
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)",
                         re.IGNORECASE)
    return pattern, table


@cache
def _group_of() -> dict[str, tuple[str, str]]:
    """{code: (group, guidance naming it)}; a code in several groups keeps the strictest."""
    order = ("transshipment", "sanctioned_destination", "occupied_region")
    found: dict[str, tuple[str, str]] = {}
    for group in order:
        for code, named_in in groups().get(group, {}).items():
            found[code] = (group, named_in)
    return found


GROUP_WORDS = {"sanctioned_destination": ("review", "sanctioned destination"),
               "occupied_region": ("hold", "occupied region of Ukraine"),
               "transshipment": ("note", "transshipment point")}


def places_in(text: str) -> list[tuple[str, str]]:
    """(written, code) of the route places and countries named in ``text``."""
    pattern, table = _route_places()
    found = [(m.group(0), table[m.group(0).casefold()]) for m in pattern.finditer(text)]
    words = _WORD.findall(text)
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if len(phrase) > 3 and (code := to_code(phrase)):
                found.append((phrase, code))
    return found


def _country_hit(role: str, field_: str, what: str, written: str,
                 code: str) -> PaymentHit | None:
    group = _group_of().get(code)
    if group is None:
        return None
    severity, words = GROUP_WORDS[group[0]]
    label = f" ({code.upper()})" if written.casefold() != code else ""
    return PaymentHit(severity, "country", role, field_, written,
                      f"{role} {what} {written}{label}: {words} ({group[1]})")


# -- the screening of one message -----------------------------------------------------------

@dataclass
class _Work:
    """The hits of one message, gathered field by field."""

    message: Message
    hits: list[PaymentHit] = field(default_factory=list)
    queries: list[tuple[Query, str, str, str, str]] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    seen: set[tuple[str, str]] = field(default_factory=set)

    def country(self, role: str, field_: str, what: str, written: str, code: str) -> None:
        """A country or region hit, once per field and code."""
        if (field_, code) in self.seen:
            return
        hit = _country_hit(role, field_, what, written, code)
        if hit is not None:
            self.seen.add((field_, code))
            self.hits.append(hit)
            self.codes.add(code)


@lru_cache(maxsize=50_000)
def _schema(name: str) -> str | None:
    """A party named with a legal form (LLC, Limited, ООО, GmbH...) is an organisation.

    Payment messages do not say whether a party is a person or a firm; the legal form in its
    name does, and it lets the matcher compare legal forms as such, wherever they stand.
    """
    forms = normalize_name(name)
    return "LegalEntity" if forms and forms[0].legal else None


def _bic_hits(work: _Work, party: Party, lists: PaymentLists) -> None:
    bic = party.bic
    if bic is None:
        return
    exact = lists.tables.bic(bic)
    if exact:
        work.hits.append(PaymentHit(
            "hold", "bic", party.role, party.field, bic,
            f"{party.role} BIC {bic} = {', '.join(e.source for e in exact)}",
            entity_id=exact[0].entity_id, entity_name=exact[0].caption,
            sources=tuple(e.source for e in exact)))
        return
    same = lists.tables.institution(bic)
    if same:
        listed = ", ".join(sorted({e.value for e in same}))
        work.hits.append(PaymentHit(
            "hold", "institution", party.role, party.field, bic,
            f"{party.role} BIC {bic}: institution {bic[:6]} = "
            f"{', '.join(e.source for e in same)} (listed BIC {listed})",
            entity_id=same[0].entity_id, entity_name=same[0].caption,
            sources=tuple(e.source for e in same)))


def _identifier_hits(work: _Work, party: Party, lists: PaymentLists) -> None:
    index = lists.index
    for raw in party.identifiers:
        groups_found = {g for key in identifier_keys(raw) for g in index.by_identifier.get(key, ())}
        for gid in sorted(groups_found):
            group = index.groups[gid]
            work.hits.append(PaymentHit(
                "hold", "identifier", party.role, party.field, raw,
                f"{party.role} identifier {raw} = {', '.join(group.sources)}",
                entity_id=group.entity_ids[0], entity_name=group.caption,
                sources=group.sources))


def _party(work: _Work, party: Party, lists: PaymentLists) -> None:
    _bic_hits(work, party, lists)
    _identifier_hits(work, party, lists)
    for name in (party.name, party.name_wrapped):
        if name:
            query = Query(id="", name=name, schema="Company" if party.agent else _schema(name),
                          countries=(party.country,) if party.country else (),
                          address=party.address)
            work.queries.append((query, "name", party.role, party.field, name))
    if party.country:
        what = "BIC country" if party.bic and not party.name else "country"
        work.country(party.role, party.field, what, party.country.upper(), party.country)
    if party.address:
        for written, code in places_in(party.address):
            work.country(party.role, party.field, "address names", written, code)


def _place(work: _Work, place: Place) -> None:
    for written, code in places_in(place.value):
        work.country(place.label, place.field, "is", written, code)


@lru_cache(maxsize=20_000)
def _chpl(text: str) -> tuple[str, str, float, str] | None:
    """(hs6, tier, score, deciding words) when the text describes CHPL goods, else None."""
    from dualwatch.goods import classify
    from dualwatch.risk.goodsinfo import DESCRIPTION_MIN_SCORE

    result = classify(text, top=1)
    if not result.candidates:
        return None
    top = result.candidates[0]
    if top.tier is None or top.score < DESCRIPTION_MIN_SCORE:
        return None
    words = ", ".join(top.evidence_words)[:80]
    return top.hs6, top.tier, top.score, words


def _text(work: _Work, text: Text, lists: PaymentLists) -> None:
    for number in _IMO.findall(text.value):
        for entry in lists.tables.imos.get(number, []):
            work.hits.append(PaymentHit(
                "hold", "vessel", text.label, text.field, f"IMO {number}",
                f"{text.label} IMO {number} = {entry.source} ({entry.caption})",
                entity_id=entry.entity_id, entity_name=entry.caption, sources=(entry.source,)))
    for found in lists.tables.gazetteer.find(text.value):
        query = Query(id="", name=found.text)
        work.queries.append((query, "text_name", text.label, text.field, found.text))
    goods = _chpl(text.value)
    if goods is not None:
        hs6, tier, score, words = goods
        work.hits.append(PaymentHit(
            "review", "goods", text.label, text.field, text.value[:120],
            f"{text.label} describes CHPL goods: HS {hs6}, tier {tier}"
            + (f" ({words})" if words else ""), score=round(score, 2)))


def _name_hit(kind: str, role: str, field_: str, written: str, hit: Hit,
              threshold: float) -> PaymentHit:
    severity = "hold" if kind == "name" and hit.score >= HOLD_SCORE else "review"
    what = "name" if kind == "name" else "names"
    return PaymentHit(
        severity, kind, role, field_, written,
        f"{role} {what} {written!r} = {', '.join(hit.sources)} ({hit.entity_name}, "
        f"score {hit.score:.2f})", score=round(hit.score, 4), entity_id=hit.entity_id,
        entity_name=hit.entity_name, sources=hit.sources)


def _route(work: _Work) -> None:
    """CHPL goods on a route through Russia, Belarus or an occupied region: hold."""
    goods = [h for h in work.hits if h.kind == "goods"]
    risky = sorted(c for c in work.codes
                   if _group_of().get(c, ("", ""))[0] in ("sanctioned_destination",
                                                           "occupied_region"))
    if goods and risky:
        first = goods[0]
        work.hits.append(PaymentHit(
            "hold", "route", first.role, first.field, first.value,
            f"CHPL goods on a route through {', '.join(c.upper() for c in risky)}"))


def _decide(hits: Sequence[PaymentHit]) -> str:
    worst = max((SEVERITY[h.severity] for h in hits), default=0)
    return DECISIONS[worst]


def screen_messages(reads: Iterable[Read], lists: PaymentLists) -> list[Decision]:
    """A decision for every message (errors included, in their place)."""
    works: list[_Work | MessageError] = []
    for item in reads:
        if isinstance(item, MessageError):
            works.append(item)
            continue
        work = _Work(item)
        for party in item.parties:
            _party(work, party, lists)
        for place in item.places:
            _place(work, place)
        for text in item.texts:
            _text(work, text, lists)
        works.append(work)
    _match_names([w for w in works if isinstance(w, _Work)], lists)
    decisions = []
    for w in works:
        if isinstance(w, MessageError):
            decisions.append(Decision(ref=w.ref or "", type="", source=w.path,
                                      decision="error", error=str(w)))
            continue
        _route(w)
        hits = tuple(sorted(w.hits, key=lambda h: -SEVERITY[h.severity]))
        m = w.message
        decisions.append(Decision(m.ref, m.type, m.source, _decide(hits), hits,
                                  amount=m.amount, currency=m.currency))
    return decisions


def _match_names(works: list[_Work], lists: PaymentLists) -> None:
    """Screen every distinct name query of the batch once, and hand the hits back."""
    threshold = lists.threshold if lists.threshold is not None else DEFAULT_THRESHOLD
    distinct: dict[tuple[object, ...], int] = {}
    queries: list[Query] = []
    for work in works:
        for query, *_ in work.queries:
            key = (query.name, query.schema, query.countries, query.address)
            if key not in distinct:
                distinct[key] = len(queries)
                queries.append(Query(str(len(queries)), query.name, query.schema,
                                     query.countries, address=query.address))
    results: list[list[Hit]] = []
    for start in range(0, len(queries), BATCH):
        results.extend(match_batch(queries[start:start + BATCH], lists.index, threshold))
    for work in works:
        best: dict[tuple[str, str, str], PaymentHit] = {}
        for query, kind, role, field_, written in work.queries:
            found = results[distinct[(query.name, query.schema, query.countries,
                                      query.address)]]
            for hit in found:
                slot = (kind, field_, hit.entity_id)
                if slot not in best or best[slot].score < hit.score:
                    best[slot] = _name_hit(kind, role, field_, written, hit, threshold)
        work.hits.extend(best.values())


# -- output --------------------------------------------------------------------------------

DECISION_COLUMNS = ("ref", "type", "source", "decision", "severity", "kind", "role", "field",
                    "value", "entity_id", "entity_name", "score", "sources", "reason")
JSON_COLUMNS = ("ref", "type", "source", "decision", "amount", "currency", "error", "hits")


def decision_rows(decisions: Iterable[Decision]) -> list[dict[str, object]]:
    """One row per hit (one with empty hit columns for a message without any, or an error)."""
    rows: list[dict[str, object]] = []
    for d in decisions:
        head: dict[str, object] = {"ref": d.ref, "type": d.type, "source": d.source,
                                   "decision": d.decision}
        if d.error is not None:
            rows.append({**head, "reason": d.error})
            continue
        if not d.hits:
            rows.append(head)
        for h in d.hits:
            rows.append({**head, "severity": h.severity, "kind": h.kind, "role": h.role,
                         "field": h.field, "value": h.value, "entity_id": h.entity_id,
                         "entity_name": h.entity_name, "score": h.score,
                         "sources": ";".join(h.sources), "reason": h.reason})
    return rows


def screen(reads: Iterable[Read], lists: PaymentLists, store: SQLStore | None = None,
           actor: str = "dualwatch") -> list[Decision]:
    """Decide on every message; with a store, raise review and hold as payment alerts."""
    decisions = screen_messages(reads, lists)
    if store is not None:
        from dualwatch.risk.payment_alerts import raise_alerts

        raise_alerts(store, decisions, actor)
    return decisions
