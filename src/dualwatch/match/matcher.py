"""Screening: queries against the index, and two names against each other.

``match_batch`` is a pure function of (queries, index): no global state, no I/O, the same
result whatever runs it (a loop here, a Spark map elsewhere). For each query: its readings are
looked up (candidates.py), each candidate reading is compared (features.py), the best reading of
each party keeps its name features, then birth date, country and identifier evidence are added
and the logistic score computed (scoring.py). Weak aliases alone never score above
``WEAK_ALIAS_CAP``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dualwatch.match.candidates import candidates
from dualwatch.match.evidence import (
    ORGANISATIONS,
    country_codes,
    date_agreement,
    identifier_keys,
    iso_date,
    schema_compatible,
)
from dualwatch.match.features import NameFeatures, compare_prepared
from dualwatch.match.index import MatchIndex
from dualwatch.match.model import Comparison, Feature, Hit, Query
from dualwatch.match.prepared import Prepared, prepare
from dualwatch.match.scoring import (
    DEFAULT_THRESHOLD,
    WEAK_ALIAS_CAP,
    logit,
    name_logit,
    name_values,
    plain_name,
    probability,
    terms,
    to_features,
    weights,
)
from dualwatch.names import normalize_name

Values = list[tuple[str, float, str]]
WordPairs = tuple[tuple[str, str, float, str, str], ...]
# What a name score is made of: features, fewest distinctive words, only common words matched,
# information, compared on consonants.
NamePart = tuple[NameFeatures, int, bool, float, bool]


# Without a corpus (compare()), matched words are taken as informative as those of a typical
# true pair (the median information of true pairs in the fitting data, fit_weights.py).
NEUTRAL_INFORMATION = 0.85
INFORMATION_SCALE = 24.0
# Names of one party scored per query (all their readings, and all renderings that differ only
# in legal form or sector words, as the EU list's translations do), best blocking score first:
# its other aliases share fewer words with the query and would not be its best name.
NAMES_PER_PARTY = 2


def _information(nf: NameFeatures, idf: dict[str, float] | None) -> float:
    """How rare the matched words are on the lists: sum of their IDF, scaled to [0, 1]."""
    if idf is None:
        return NEUTRAL_INFORMATION
    total = sum(idf.get("t:" + p[1], 0.0) * p[2] for p in nf.pairs if len(p[1]) > 1)
    return min(total, INFORMATION_SCALE) / INFORMATION_SCALE


def _name_part(q: Prepared, c: Prepared, idf: dict[str, float] | None = None,
               organisation: bool = False) -> tuple[float, NamePart]:
    """The name score (logit) of a query reading against a listed one, and what it was made
    of, from which :func:`_name_values` writes the features out when they are wanted."""
    nf = compare_prepared(q, c, organisation)
    part = (nf, min(q.n_distinct, c.n_distinct), not nf.matched_any, _information(nf, idf),
            q.abjad != c.abjad)
    return name_logit(*part), part


def _name_values(part: NamePart) -> Values:
    nf, shortest, generic_only, information, vowelless = part
    values = name_values(nf, shortest, generic_only)
    values.append(("information", information, "rarity of the matched words"))
    if vowelless:
        values.append(("vowelless", 1.0, "compared on consonants only"))
    return values


def _pair_text(pairs: WordPairs) -> str:
    """The aligned words as spelt, for an explanation ("kim=kim, pyong chol~byongchol"; "="
    where they compare equal); built for the best name of a party only."""
    return ", ".join(f"{sa}={sb}" if a == b else f"{sa}~{sb}" for a, b, _, sa, sb in pairs)


def _readings(name: str, schema: str | None) -> list[Prepared]:
    return [prepare(form) for form in normalize_name(name, schema)]


def _evidence(qdate: str | None, group_schema: str, dates: tuple[str, ...],
              countries: frozenset[str], ident_hit: bool, qcountries: frozenset[str]) -> Values:
    values: Values = []
    if ident_hit:
        values.append(("identifier", 1.0, "identifier equal"))
    if group_schema == "Person":
        value, detail = date_agreement(qdate, dates)
        if value > 0:
            values.append(("birth_date", value, f"birth date {detail}"))
        elif value < 0:
            values.append(("birth_date_differs", -value, f"birth date {detail}"))
    if qcountries and countries:
        shared = qcountries & countries
        if shared:
            values.append(("country", 1.0, f"country {'/'.join(sorted(shared))}"))
        else:
            values.append(("country_differs", 1.0, f"country {'/'.join(sorted(qcountries))} "
                           f"vs {'/'.join(sorted(countries))}"))
    return values


def _explain(query_name: str, matched: str, pairs: str, features: tuple[Feature, ...],
             score: float) -> str:
    """One line: the names as written, their words as aligned, then what moved the score in
    plain words, each with its contribution to the log-odds: the intercept and the
    contributions add up to the sum shown, which the calibration curve turns into the score
    ("'Bill Browder' ~ 'William Browder' [Bill~William, Browder=Browder]; intercept -18.52,
    words matched +3.43, ... = -0.10; score 0.89")."""
    total = weights()["bias"]
    parts = [f"intercept {total:+.2f}"]
    for f in features:
        contribution = f.value * f.weight
        if contribution:
            total += contribution
            parts.append(f"{plain_name(f.name)} {contribution:+.2f}")
    return (f"{query_name!r} ~ {matched!r} [{pairs}]; {', '.join(parts)} = {total:.2f}; "
            f"score {score:.2f}")


@dataclass(frozen=True, slots=True)
class Scored:
    """One listed party against a query: its best reading and all named feature values."""

    group: int
    reading: int
    values: Values
    pairs: WordPairs  # the aligned words of the best name (written out for hits only)
    ident_hit: bool


def score_groups(query: Query, index: MatchIndex, min_score: float = 0.0) -> list[Scored]:
    """Every candidate party of ``query`` with its feature values (before the logistic);
    ``min_score``: leave out parties that cannot score that high (their features are not
    written out, most candidates' fate)."""
    qreadings = _readings(query.name, query.schema)
    qidents: set[str] = set()
    for raw in query.identifiers:
        qidents |= identifier_keys(raw)
    ident_groups = {g for key in qidents for g in index.by_identifier.get(key, ())}
    best: dict[int, tuple[float, int, NamePart]] = {}
    # Best blocking score first; on equal scores the shorter reading, which has fewer words the
    # query lacks (the order decides which names of a party are scored, NAMES_PER_PARTY). The
    # candidates come in that order already: best score first and, among equal scores, the
    # highest reading number first, and the index numbers readings from the longest.
    rids = [rid for _, rid in candidates(qreadings, index)]
    for gid in ident_groups:
        rids.extend(index.group_readings[gid])
    compared: dict[int, set[str]] = {}
    for rid in rids:
        gid = index.reading_group[rid]
        if not schema_compatible(query.schema, index.groups[gid].schema):
            continue
        names = compared.setdefault(gid, set())
        name = index.readings[rid].core_joined  # one name in all its languages and scripts
        if name not in names:
            if len(names) >= NAMES_PER_PARTY and gid not in ident_groups:
                continue
            names.add(name)
        organisation = index.groups[gid].schema in ORGANISATIONS
        for q in qreadings:
            z, part = _name_part(q, index.readings[rid], index.idf, organisation)
            if index.reading_weak[rid]:
                z -= 0.5  # prefer a strong name of the same party when one matches as well
            current = best.get(gid)
            if current is None or z > current[0]:
                best[gid] = (z, rid, part)
    qcountries = country_codes(query.countries)
    qdate = iso_date(query.birth_date)
    scored = []
    for gid, (z, rid, part) in best.items():
        group = index.groups[gid]
        ident_hit = gid in ident_groups
        evidence = _evidence(qdate, group.schema, group.birth_dates, group.countries,
                             ident_hit, qcountries)
        if min_score > 0.0:
            # An upper bound of the final score (the logit's sum is the same up to rounding,
            # hence the margin; a weak alias's cap only lowers it).
            bound = z + (0.5 if index.reading_weak[rid] else 0.0) + terms(evidence) + 1e-9
            if probability(bound) < min_score:
                continue
        scored.append(Scored(gid, rid, _name_values(part) + evidence, part[0].pairs,
                             ident_hit))
    return scored


def final_score(s: Scored, index: MatchIndex) -> float:
    """The calibrated score of a scored party; weak aliases alone are capped."""
    score = probability(logit(s.values))
    if index.reading_weak[s.reading] and not s.ident_hit:
        score = min(score, WEAK_ALIAS_CAP)
    return score


def match_one(query: Query, index: MatchIndex, threshold: float, limit: int) -> list[Hit]:
    hits: list[tuple[float, Hit]] = []
    for s in score_groups(query, index, threshold):
        score = final_score(s, index)
        if score < threshold:
            continue
        group = index.groups[s.group]
        pair_text = _pair_text(s.pairs)
        features = to_features(s.values, pair_text)
        matched = index.reading_name[s.reading]
        hits.append((logit(s.values), Hit(
            query_id=query.id,
            query_name=query.name,
            score=round(score, 4),
            entity_id=group.entity_ids[0],
            entity_name=group.caption,
            schema=group.schema,
            matched_name=matched,
            sources=group.sources,
            features=features,
            explanation=_explain(query.name, matched, pair_text, features, score),
            datasets=group.datasets,
            entity_ids=group.entity_ids,
            measures=group.measures,
            listings=group.listings,
        )))
    hits.sort(key=lambda zh: (-zh[1].score, -zh[0], zh[1].entity_id))
    return [hit for _, hit in hits[:limit]]


def match_batch(queries: Sequence[Query], index: MatchIndex, threshold: float | None = None,
                limit: int = 10) -> list[list[Hit]]:
    """Screen ``queries`` against ``index``; one list of hits per query, best first."""
    cut = DEFAULT_THRESHOLD if threshold is None else threshold
    return [match_one(query, index, cut, limit) for query in queries]


def compare(name1: str, name2: str, schema: str | None = None) -> Comparison:
    """Score two names against each other (no other evidence), with features and explanation."""
    best: tuple[float, NamePart] | None = None
    for a in _readings(name1, schema):
        for b in _readings(name2, schema):
            z, part = _name_part(a, b, organisation=schema in ORGANISATIONS)
            if best is None or z > best[0]:
                best = (z, part)
    if best is None:
        return Comparison(name1, name2, 0.0, (), f"{name1!r} vs {name2!r}: no comparable words")
    z, part = best
    values = _name_values(part)
    score = probability(z)
    pair_text = _pair_text(part[0].pairs)
    features = to_features(values, pair_text)
    return Comparison(name1, name2, round(score, 4), features,
                      _explain(name1, name2, pair_text, features, score))
