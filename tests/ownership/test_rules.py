"""The rules against the regulators' own worked examples.

OFAC FAQ 401 examples 1-3 (indirect and aggregate ownership), FAQ 398 (control alone does not
block under OFAC), the European Commission's FAQ (30% + 25% held by two listed persons is owned)
and OFSI's guidance 4.14 (the UK does not simply add different designated persons' holdings).
"""

from __future__ import annotations

from dataclasses import dataclass

from dualwatch.model import Entity, Identifier
from dualwatch.relations import Link, Party
from dualwatch.risk.ownership import OwnershipGraph, Verdict, rule_set


def _listed(*names: str, dataset: str = "us_ofac_sdn") -> list[Entity]:
    out = []
    for n, name in enumerate(names, 1):
        entity = Entity(id=f"{dataset}-{n}", schema="Person", dataset=dataset, source_id=str(n))
        entity.add_name(name)
        entity.identifiers.append(Identifier("inn", f"77000000{n:02d}"))
        out.append(entity)
    return out


@dataclass
class Example:
    graph: OwnershipGraph
    keys: dict[str, str]  # letter -> party key

    def blocked(self, rules: str, lists: tuple[str, ...] | None = None) -> set[str]:
        self.graph.evaluate(rule_set(rules), lists)
        back = {v: k for k, v in self.keys.items()}
        return {back[k] for k in self.graph.blocked_keys()}

    def verdict(self, letter: str) -> Verdict | None:
        return self.graph.verdict(self.keys[letter])


def _graph(links: list[tuple[str, str, float | None]], listed: list[Entity],
           kinds: dict[tuple[str, str], str] | None = None) -> Example:
    """Letters as parties; a listed letter carries its list entry's INN, as a register would."""
    keys = {k for s, t, _ in links for k in (s, t)}
    parties = []
    for key in sorted(keys):
        match = [e for e in listed if e.caption == key]
        idents = tuple(match[0].identifiers) if match else ()
        parties.append(Party(key, "Person" if match else "Company", key, idents))
    rename = {p.key: (f"inn:{p.identifiers[0].value}" if p.identifiers else p.key)
              for p in parties}
    parties = [Party(rename[p.key], p.schema, p.name, p.identifiers) for p in parties]
    records = [Link((kinds or {}).get((s, t), "ownership"), rename[s], rename[t], share, share)
               for s, t, share in links]
    return Example(OwnershipGraph.from_records(parties, records, listed, as_of="2024-01-01"),
                   rename)


def test_ofac_example_1_indirect_through_a_blocked_entity() -> None:
    graph = _graph([("X", "A", 50), ("A", "B", 50)], _listed("X"))
    assert graph.blocked("ofac") == {"X", "A", "B"}


def test_ofac_example_2_two_blocked_subsidiaries_add_up() -> None:
    graph = _graph([("X", "A", 50), ("X", "B", 50), ("A", "C", 25), ("B", "C", 25)],
                   _listed("X"))
    assert graph.blocked("ofac") == {"X", "A", "B", "C"}


def test_ofac_example_3_direct_and_indirect_shares_add_up() -> None:
    graph = _graph([("X", "A", 50), ("X", "B", 10), ("A", "B", 40)], _listed("X"))
    assert graph.blocked("ofac") == {"X", "A", "B"}


def test_ofac_no_look_through_an_unblocked_intermediate() -> None:
    # X owns 40% of A (A is not blocked), A owns 100% of B: X's look-through 40% does not count.
    graph = _graph([("X", "A", 40), ("A", "B", 100)], _listed("X"))
    assert graph.blocked("ofac") == {"X"}
    verdict = graph.verdict("A")
    assert verdict is not None and verdict.basis == "related" and verdict.significant
    assert graph.verdict("B") is None


def test_ofac_49_percent_is_not_blocked_and_50_is() -> None:
    graph = _graph([("X", "A", 49.99), ("X", "B", 50)], _listed("X"))
    assert graph.blocked("ofac") == {"X", "B"}


def test_ofac_two_blocked_persons_aggregate() -> None:
    graph = _graph([("X", "A", 25), ("Y", "A", 25)], _listed("X", "Y"))
    assert graph.blocked("ofac") == {"X", "Y", "A"}


def test_eu_aggregates_30_and_25_percent_but_not_exactly_half() -> None:
    eu = ("us_ofac_sdn",)
    graph = _graph([("X", "A", 30), ("Y", "A", 25), ("X", "B", 25), ("Y", "B", 25)],
                   _listed("X", "Y"))
    assert graph.blocked("eu", eu) == {"X", "Y", "A"}


def test_uk_does_not_add_holdings_of_different_designated_persons() -> None:
    graph = _graph([("X", "A", 30), ("Y", "A", 25), ("X", "B", 51)], _listed("X", "Y"))
    assert graph.blocked("uk", ("us_ofac_sdn",)) == {"X", "Y", "B"}


def test_control_blocks_under_eu_and_uk_but_not_ofac() -> None:
    graph = _graph([("X", "A", None), ("X", "B", 10)], _listed("X"),
                   kinds={("X", "A"): "directorship"})
    assert graph.blocked("ofac") == {"X"}
    assert graph.blocked("eu", ("us_ofac_sdn",)) == {"X", "A"}
    assert graph.blocked("uk", ("us_ofac_sdn",)) == {"X", "A"}


def test_fixed_point_survives_a_cycle() -> None:
    graph = _graph([("X", "A", 60), ("A", "B", 50), ("B", "A", 30), ("B", "C", 50)],
                   _listed("X"))
    assert graph.blocked("ofac") == {"X", "A", "B", "C"}


def test_unknown_share_is_said_and_never_taken_as_a_number() -> None:
    graph = _graph([("X", "A", None)], _listed("X"))
    assert graph.blocked("ofac") == {"X"}
    verdict = graph.verdict("A")
    assert verdict is not None
    assert verdict.basis == "related" and verdict.blocked_share == 0
    assert verdict.ownership == "X (us_ofac_sdn:1): owner, share unknown"
