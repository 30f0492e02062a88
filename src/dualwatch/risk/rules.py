"""The red flags as SQL over the table ``s``: for each flag a strength in [0, 1] and evidence.

Each rule is one function returning a :class:`Rule`: the SQL expression of its strength (0
when the flag is not raised), the SQL expression of its evidence (a sentence naming the party,
country, code or number that raised it, NULL otherwise) and the lookup joins it needs. A rule
whose fields are missing from the file is not run; :func:`availability` says which and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dualwatch.risk.duck import literal
from dualwatch.risk.fields import ROLE_LABELS, ROLES
from dualwatch.risk.flags import RedFlag, Weights
from dualwatch.risk.places import groups
from dualwatch.risk.prepare import SPIKE_FACTOR

INVASION = "2022-02-24"
CONTACT_KINDS = ("address", "phone", "email", "website")


@dataclass(frozen=True)
class Rule:
    code: str
    strength: str
    evidence: str
    joins: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    present: frozenset[str]
    weights: Weights
    volume_label: str  # what the spike rule sums: "value" or "shipments"
    match_threshold: float = 0.7  # the screening score at which a name counts as a match


def _expand(term: str, present: frozenset[str]) -> bool:
    if term == "party":
        return any(role in present for role in ROLES)
    if term == "party_incorporated":
        return any(f"{role}_incorporated" in present for role in ROLES)
    if term == "party_contact":
        return any(f"{role}_{kind}" in present for role in ROLES for kind in CONTACT_KINDS)
    return term in present


def availability(flag: RedFlag, present: frozenset[str]) -> str | None:
    """None when the flag can run; otherwise the fields it lacks, for a person."""
    missing = []
    for term in flag.needs.split(" and "):
        options = [t.strip() for t in term.split("|")]
        if not any(_expand(option, present) for option in options):
            missing.append(" or ".join(options))
    return "; ".join(missing) if missing else None


def _q(text: str) -> str:
    return literal(text)


def _codes(group: str) -> str:
    return "(" + ", ".join(_q(c) for c in sorted(groups()[group])) + ")"


def _list(group: str) -> str:
    return "[" + ", ".join(_q(c) for c in sorted(groups()[group])) + "]"


def _ev(*parts: str) -> str:
    return f"nullif(concat_ws('; ', {', '.join(parts)}), '')"


def _roles(ctx: Context, suffix: str = "") -> list[str]:
    return [r for r in ROLES if f"{r}{suffix}" in ctx.present]


def party_joins(ctx: Context) -> tuple[str, ...]:
    return tuple(f"LEFT JOIN party_info p_{r} ON p_{r}.name = s.{r} "
                 f"AND p_{r}.cc IS NOT DISTINCT FROM s.{r}_cc" for r in _roles(ctx))


def listed_party(ctx: Context) -> Rule:
    roles = _roles(ctx)
    low = ctx.match_threshold
    strength = "greatest(0, " + ", ".join(
        f"(coalesce(p_{r}.score, 0) - {low}) / {max(1 - low, 1e-6)}" for r in roles) + ")"
    evidence = _ev(*(
        f"CASE WHEN p_{r}.score IS NOT NULL THEN {_q(ROLE_LABELS[r])} || ' \"' || s.{r} "
        f"|| '\" matches ' || p_{r}.entity_name || ' (' || p_{r}.datasets || ' ' || "
        f"p_{r}.entity_id || ', score ' || printf('%.2f', p_{r}.score) || ')' END"
        for r in roles))
    return Rule("listed_party", strength, evidence, party_joins(ctx))


def chpl_goods(ctx: Context) -> Rule:
    cases = " ".join(f"WHEN {_q(t)} THEN {w}" for t, w in ctx.weights.tiers.items())
    strength = f"coalesce(CASE s.tier {cases} END, 0)"
    evidence = ("CASE WHEN s.tier_source = 'code' THEN 'HS ' || s.hs6 || ' is on the CHPL, "
                "tier ' || s.tier WHEN s.tier_source = 'description' THEN 'the description "
                "reads as HS ' || s.top_hs6 || ', CHPL tier ' || s.tier || ' (classifier score '"
                " || printf('%.2f', s.top_score) || ')' END")
    return Rule("chpl_goods", strength, evidence)


def destination_russia(ctx: Context) -> Rule:
    target = _codes("sanctioned_destination")
    checks = [("destination", "destination_cc", "destination_country"),
              ("consignee country", "importer_cc", "importer_country"),
              ("end-user country", "end_user_cc", "end_user_country")]
    parts = [f"CASE WHEN s.{cc} IN {target} THEN '{label} ' || s.{raw} END"
             for label, cc, raw in checks if raw in ctx.present]
    conditions = [f"s.{cc} IN {target}" for _, cc, raw in checks if raw in ctx.present]
    if "transit_countries" in ctx.present:
        transit = f"list_has_any(s.transit, {_list('sanctioned_destination')})"
        parts.append(f"CASE WHEN {transit} THEN 'transit via ' || s.transit_countries END")
        conditions.append(transit)
    return Rule("destination_russia", f"CASE WHEN {' OR '.join(conditions)} THEN 1 ELSE 0 END",
                _ev(*parts))


def russian_party(ctx: Context) -> Rule:
    """The payer or notify party sits in Russia or Belarus while the goods go elsewhere."""
    target = _codes("sanctioned_destination")
    roles = [r for r in ("payer", "notify_party") if f"{r}_country" in ctx.present]
    elsewhere = " AND ".join(f"(s.{cc} IS NULL OR s.{cc} NOT IN {target})"
                             for cc, raw in (("destination_cc", "destination_country"),
                                             ("importer_cc", "importer_country"))
                             if raw in ctx.present) or "true"
    raised = {r: f"(s.{r}_cc IN {target} AND ({elsewhere}))" for r in roles}
    evidence = _ev(*(f"CASE WHEN {raised[r]} THEN {_q(ROLE_LABELS[r])} || ' \"' || "
                     f"coalesce(s.{r}, '?') || '\" in ' || s.{r}_country END" for r in roles))
    return Rule("russian_party", f"CASE WHEN {' OR '.join(raised.values())} THEN 1 ELSE 0 END",
                evidence)


def transshipment_route(ctx: Context) -> Rule:
    hubs = _codes("transshipment")
    checks = [("re-exported from", "departure_cc", "departure_country",
               "AND s.departure_cc IS DISTINCT FROM s.origin_cc"),
              ("destination", "destination_cc", "destination_country", ""),
              ("consignee in", "importer_cc", "importer_country", ""),
              ("end user in", "end_user_cc", "end_user_country", "")]
    parts = [f"CASE WHEN s.{cc} IN {hubs} {extra} THEN '{label} ' || s.{raw} END"
             for label, cc, raw, extra in checks if raw in ctx.present]
    conditions = [f"(s.{cc} IN {hubs} {extra})" for _, cc, raw, extra in checks
                  if raw in ctx.present]
    if "transit_countries" in ctx.present:
        transit = f"list_has_any(s.transit, {_list('transshipment')})"
        parts.append(f"CASE WHEN {transit} THEN 'transit via ' || s.transit_countries END")
        conditions.append(transit)
    return Rule("transshipment_route",
                f"CASE WHEN {' OR '.join(conditions)} THEN 1 ELSE 0 END", _ev(*parts))


def forwarder_consignee(ctx: Context) -> Rule:
    roles = [r for r in ("importer", "end_user") if r in ctx.present]
    strength = ("CASE WHEN " + " OR ".join(f"p_{r}.forwarder IS NOT NULL" for r in roles)
                + " THEN 1 ELSE 0 END")
    evidence = _ev(*(f"CASE WHEN p_{r}.forwarder IS NOT NULL THEN {_q(ROLE_LABELS[r])} || "
                     f"' \"' || s.{r} || '\" is a logistics firm (\"' || p_{r}.forwarder || "
                     "'\")' END" for r in roles))
    return Rule("forwarder_consignee", strength, evidence, party_joins(ctx))


def new_company(ctx: Context) -> Rule:
    roles = _roles(ctx, "_incorporated")
    conditions = [f"s.{r}_inc >= DATE '{INVASION}'" for r in roles]
    evidence = _ev(*(f"CASE WHEN s.{r}_inc >= DATE '{INVASION}' THEN {_q(ROLE_LABELS[r])} || "
                     f"' \"' || coalesce(s.{r}, '?') || '\" incorporated ' || "
                     f"strftime(s.{r}_inc, '%Y-%m-%d') END" for r in roles))
    return Rule("new_company", f"CASE WHEN {' OR '.join(conditions)} THEN 1 ELSE 0 END",
                evidence)


def shared_contact(ctx: Context) -> Rule:
    pairs = [(r, k) for r in ROLES for k in CONTACT_KINDS if f"{r}_{k}" in ctx.present]
    joins = tuple(f"LEFT JOIN contact_hits h_{r}_{k} ON h_{r}_{k}.kind = '{k}' "
                  f"AND h_{r}_{k}.raw = s.{r}_{k}" for r, k in pairs)
    strength = ("CASE WHEN " + " OR ".join(f"h_{r}_{k}.entity_id IS NOT NULL" for r, k in pairs)
                + " THEN 1 ELSE 0 END")
    evidence = _ev(*(f"CASE WHEN h_{r}_{k}.entity_id IS NOT NULL THEN "
                     f"{_q(ROLE_LABELS[r] + ' ' + k)} || ' \"' || s.{r}_{k} || '\" is that of "
                     f"listed ' || h_{r}_{k}.entity_name || ' (' || h_{r}_{k}.datasets || ' ' "
                     f"|| h_{r}_{k}.entity_id || ')' END" for r, k in pairs))
    return Rule("shared_contact", strength, evidence, joins)


def price_anomaly(ctx: Context) -> Rule:
    join = ("LEFT JOIN price_stats ps ON ps.hs6 = s.hs6 AND ps.unit_key = "
            "coalesce(s.unit_key, '') AND ps.cur = coalesce(s.price_currency, '')")
    ratio = "(s.unit_price / ps.typical)"
    far = ("(ps.typical > 0 AND s.unit_price > 0 "
           "AND abs(ln(s.unit_price / ps.typical)) >= ps.far_log)")
    strength = (f"CASE WHEN NOT coalesce({far}, false) THEN 0 WHEN {ratio} > 1 AND "
                "s.tier IS NOT NULL THEN 1 ELSE 0.5 END")
    evidence = (f"CASE WHEN coalesce({far}, false) THEN 'unit value ' || "
                "printf('%,.2f', s.unit_price) || ' ' || coalesce(s.price_currency, '') || '/' || "
                f"coalesce(s.unit_key, 'unit') || ' is ' || printf('%.1f', {ratio}) || "
                "'x the median ' || printf('%,.2f', ps.typical) || ' for HS ' || s.hs6 || "
                "' in this file (' || ps.n || ' shipments; prices of this code count as far '"
                " || 'beyond ' || printf('%.1f', exp(ps.far_log)) || 'x)' END")
    return Rule("price_anomaly", strength, evidence, (join,))


def third_country_payer(ctx: Context) -> Rule:
    others = [cc for cc, raw in (("importer_cc", "importer_country"),
                                 ("destination_cc", "destination_country"),
                                 ("exporter_cc", "exporter_country"),
                                 ("end_user_cc", "end_user_country")) if raw in ctx.present]
    known = " OR ".join(f"s.{cc} IS NOT NULL" for cc in others
                        if cc in ("importer_cc", "destination_cc"))
    condition = (f"s.payer_cc IS NOT NULL AND ({known or 'false'}) AND "
                 + " AND ".join(f"s.payer_cc IS DISTINCT FROM s.{cc}" for cc in others))
    where = " || ".join(
        f"coalesce(', {label} ' || s.{raw}, '')"
        for label, raw in (("consignee in", "importer_country"),
                           ("destination", "destination_country")) if raw in ctx.present)
    evidence = (f"CASE WHEN {condition} THEN 'payer \"' || coalesce(s.payer, '?') || '\" in ' "
                f"|| s.payer_country || {where or chr(39) * 2} END")
    return Rule("third_country_payer", f"CASE WHEN {condition} THEN 1 ELSE 0 END", evidence)


def line_of_business(ctx: Context) -> Rule:
    roles = [r for r in ("importer", "exporter") if r in ctx.present]
    joins = tuple(f"LEFT JOIN lob_{r} l_{r} ON l_{r}._row = s._row" for r in roles)
    strength = ("CASE WHEN " + " OR ".join(f"l_{r}._row IS NOT NULL" for r in roles)
                + " THEN 1 ELSE 0 END")
    evidence = _ev(*(f"CASE WHEN l_{r}._row IS NOT NULL THEN {_q(ROLE_LABELS[r])} || ' \"' || "
                     f"s.{r} || '\" shipped HS chapter(s) ' || l_{r}.chapter_text || ' (' || "
                     f"l_{r}.n || ' shipments, no CHPL item) before its first CHPL shipment'"
                     f" || coalesce(' on ' || strftime(l_{r}.first_date, '%Y-%m-%d'), '') || "
                     f"'; HS ' || l_{r}.heading || ' (' || l_{r}.line || ') is a new line "
                     "of business for it' END" for r in roles))
    return Rule("line_of_business", strength, evidence, joins)


def chpl_spike(ctx: Context) -> Rule:
    join = ("LEFT JOIN spikes sp ON sp.party = s.importer AND s.tier IS NOT NULL "
            "AND sp.month = date_trunc('month', s.d)")
    evidence = ("CASE WHEN sp.party IS NOT NULL THEN 'consignee \"' || s.importer || '\": CHPL "
                f"{ctx.volume_label} in ' || strftime(sp.month, '%Y-%m') || ' ' || "
                "printf('%,.0f', sp.chpl) || ' against a monthly average of ' || "
                "printf('%,.0f', sp.average) || ' over the ' || sp.months || ' months before"
                f" (over {SPIKE_FACTOR:g}x)' END")
    return Rule("chpl_spike", "CASE WHEN sp.party IS NOT NULL THEN 1 ELSE 0 END", evidence,
                (join,))


def description_mismatch(ctx: Context) -> Rule:
    evidence = ("CASE WHEN s.contradiction > 0 THEN coalesce(s.contradiction_note, 'the "
                "description contradicts HS ' || s.hs6) END")
    return Rule("description_mismatch", "s.contradiction", evidence)


RULES: dict[str, Callable[[Context], Rule]] = {
    "listed_party": listed_party, "chpl_goods": chpl_goods,
    "destination_russia": destination_russia, "russian_party": russian_party,
    "transshipment_route": transshipment_route,
    "forwarder_consignee": forwarder_consignee, "new_company": new_company,
    "shared_contact": shared_contact, "price_anomaly": price_anomaly,
    "third_country_payer": third_country_payer, "line_of_business": line_of_business,
    "chpl_spike": chpl_spike, "description_mismatch": description_mismatch,
}
