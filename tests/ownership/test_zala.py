"""The 50% rule on a real cluster: Zala Aero / LLC CST and its chief designer A. V. Zakharov.

The cluster (OpenSanctions, from Russia's company register) records Zakharov's holdings over
time; Zakharov (SDN 45937), Kalashnikov Concern (SDN 16911) and LLC CST are linked to the bundled
OFAC SDN list by their INNs. Dates pick the records current on that day.
"""

from __future__ import annotations

from dualwatch.model import Entity
from dualwatch.relations import Link, Party
from dualwatch.risk.ownership import OwnershipGraph, rule_set

ZAKHAROV = "inn:183111242406"
KALASHNIKOV = "inn:1832090230"
CST = "inn:1841015504"
SPS = "inn:9715374145"  # OOO "SPS": 75% Zakharov, 2020-01-10 to 2022-11-22
RTC = "inn:9704135145"  # LLC "RTC": 100% Zakharov, 2022-04-22 to 2023-10-22
ZALA_JSC = "inn:9715478507"  # JSC Zala Aero: Zakharov's shares, no percentage, 2024
SDN_CST = "45928"  # A LEVEL AEROSYSTEMS CST LLC (INN 1841015504)
Cluster = tuple[list[Party], list[Link]]


def _ofac(zala: Cluster, sdn: list[Entity], as_of: str,
          links: list[Link] | None = None) -> OwnershipGraph:
    graph = OwnershipGraph.from_records(zala[0], links if links is not None else zala[1], sdn,
                                        as_of)
    graph.evaluate(rule_set("ofac"))
    return graph


def _cst_records(zala: Cluster, keep_percent: float) -> list[Link]:
    """The cluster with one of the register's records of Zakharov's stake in CST kept."""
    return [link for link in zala[1] if not (link.source == ZAKHAROV and link.target == CST
                                             and link.share_low != keep_percent)]


def test_parties_link_to_the_sdn_list_by_inn(zala: Cluster, sdn: list[Entity]) -> None:
    graph = _ofac(zala, sdn, "2022-06-01")
    assert [x.ref for x in graph.listings(ZAKHAROV)] == ["us_ofac_sdn:45937"]
    assert [x.ref for x in graph.listings(KALASHNIKOV)] == ["us_ofac_sdn:16911"]
    assert {ZAKHAROV, KALASHNIKOV, CST} <= graph.blocked_keys("listed")


def test_companies_zakharov_owns_75_and_100_percent_are_blocked_though_unlisted(
        zala: Cluster, sdn: list[Entity]) -> None:
    graph = _ofac(zala, sdn, "2022-06-01")
    assert graph.blocked_keys("owned") == {SPS, RTC}
    sps = graph.verdict(SPS)
    assert sps is not None and not sps.listings
    assert sps.basis == "owned" and sps.blocked_share == 75
    assert sps.ownership == "75% by ZAKHAROV, Aleksandr Vyacheslavovich (us_ofac_sdn:45937)"
    rtc = graph.verdict(RTC)
    assert rtc is not None and rtc.basis == "owned" and rtc.blocked_share == 100


def test_ended_holdings_drop_out(zala: Cluster, sdn: list[Entity]) -> None:
    assert _ofac(zala, sdn, "2023-06-01").blocked_keys("owned") == {RTC}
    graph = _ofac(zala, sdn, "2024-01-01")
    assert graph.blocked_keys("owned") == set()
    assert graph.verdict(SPS) is None


def test_48_percent_is_not_blocked_under_ofac_but_flagged_significant(
        zala: Cluster, sdn: list[Entity]) -> None:
    # CST judged on Zakharov's 48% record alone: neither its own SDN entry nor Kalashnikov's.
    alone = [e for e in sdn if e.source_id != SDN_CST and e.source_id != "16911"]
    graph = _ofac(zala, alone, "2023-06-01", _cst_records(zala, 48))
    verdict = graph.verdict(CST)
    assert verdict is not None
    assert verdict.basis == "related" and verdict.blocked_share == 48 and verdict.significant
    assert CST not in graph.blocked_keys()


def test_shares_of_two_listed_owners_add_up(zala: Cluster, sdn: list[Entity]) -> None:
    # Zakharov 48% + Kalashnikov Concern 49% (since 2016): 97% in the aggregate.
    unlisted_cst = [e for e in sdn if e.source_id != SDN_CST]
    graph = _ofac(zala, unlisted_cst, "2023-06-01", _cst_records(zala, 48))
    verdict = graph.verdict(CST)
    assert verdict is not None and verdict.basis == "owned" and verdict.blocked_share == 97
    assert "48% by ZAKHAROV, Aleksandr Vyacheslavovich (us_ofac_sdn:45937)" in verdict.ownership
    assert "49% by JOINT STOCK COMPANY CONCERN KALASHNIKOV (us_ofac_sdn:16911)" in (
        verdict.ownership)


def test_chain_counts_through_a_blocked_intermediate_only(zala: Cluster,
                                                          sdn: list[Entity]) -> None:
    # A subsidiary 60% owned by CST (added to the real records): blocked when CST is blocked by
    # its owners' aggregate, not when CST's only blocked owner holds 48%.
    subsidiary = Link("ownership", CST, "example:subsidiary", 60, 60)
    records = [*_cst_records(zala, 48), subsidiary]
    unlisted_cst = [e for e in sdn if e.source_id != SDN_CST]
    through_blocked = _ofac(zala, unlisted_cst, "2023-06-01", records)
    assert "example:subsidiary" in through_blocked.blocked_keys("owned")
    verdict = through_blocked.verdict("example:subsidiary")
    assert verdict is not None and verdict.ownership.startswith("60% by ")
    assert "itself owned [49% by JOINT STOCK COMPANY CONCERN KALASHNIKOV" in verdict.ownership

    alone = [e for e in unlisted_cst if e.source_id != "16911"]
    through_unblocked = _ofac(zala, alone, "2023-06-01", records)
    assert "example:subsidiary" not in through_unblocked.blocked_keys()
    assert through_unblocked.verdict("example:subsidiary") is None


def test_shares_without_a_percentage_are_said_unknown(zala: Cluster, sdn: list[Entity]) -> None:
    graph = _ofac(zala, sdn, "2024-04-01")
    verdict = graph.verdict(ZALA_JSC)
    assert verdict is not None and verdict.basis == "related" and verdict.blocked_share == 0
    assert verdict.ownership == ("ZAKHAROV, Aleksandr Vyacheslavovich (us_ofac_sdn:45937): "
                                 "owner, share unknown")
