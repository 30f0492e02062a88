"""Typed, enriched shipment rows: the table ``s`` every red-flag rule reads.

From the text table ``shipments`` and the lookup tables (country codes, HS codes, description
classes) this builds one row per shipment with dates, numbers, ISO country codes, the HS-6 code
and the CHPL tier the goods really have: the declared code's tier, or, when there is no code or
the description contradicts it, the tier the description reads as. It also builds the per-file
statistics some rules compare against: typical unit values per HS-6 code (in US dollars
where ``data/currency_rates.csv`` knows the currency), each party's usual
HS chapters, and each consignee's monthly CHPL volume.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from dualwatch.risk.duck import table_from_rows
from dualwatch.risk.fields import ROLES
from dualwatch.risk.goodsinfo import DESCRIPTION_MIN_SCORE
from dualwatch.risk.tables import read_table

DATE_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%Y%m%d")
PRICE_MIN_GROUP = 5  # shipments of an HS-6 code (same unit, currency) needed for a typical price
PRICE_FACTOR = 3.0  # a unit price this many times off the typical one is far ...
PRICE_SPREADS = 3.0  # ... if it also lies this many robust deviations away
LOB_MIN_SHIPMENTS = 3  # other shipments a party needs before it has a "usual line"
SPIKE_MIN_MONTHS = 3  # months of trade before a CHPL start or spike can be told
SPIKE_FACTOR = 3.0


def date_sql(column: str) -> str:
    parts = [f"try_cast({column} AS DATE)"]
    parts += [f"try_strptime({column}, '{fmt}')::DATE" for fmt in DATE_FORMATS]
    return f"coalesce({', '.join(parts)})"


def number_sql(column: str) -> str:
    return f"try_cast(replace(replace({column}, ',', ''), ' ', '') AS DOUBLE)"


def build_rows(con: duckdb.DuckDBPyConnection, present: frozenset[str]) -> None:
    """Create table ``s`` from ``shipments`` and the lookup tables (dates are parsed once per
    distinct value; absent columns are plain NULLs, with no join)."""
    table_from_rows(con, "contradiction_strengths", [("severity", "VARCHAR"),
                                                     ("strength", "DOUBLE")],
                    ((r["severity"], r["strength"])
                     for r in read_table("contradiction_strengths.csv")))
    table_from_rows(con, "currency_rates", [("currency", "VARCHAR"), ("usd", "DOUBLE")],
                    ((r["currency"], r["usd"]) for r in read_table("currency_rates.csv")))
    countries = [f"{role}_country" for role in ROLES] + ["origin_country", "departure_country",
                                                          "destination_country"]
    date_columns = [c for c in ("date", *(f"{r}_incorporated" for r in ROLES)) if c in present]
    union = " UNION ".join(f"SELECT {c} AS raw FROM shipments" for c in date_columns)
    con.execute("CREATE OR REPLACE TABLE date_values AS SELECT raw, "
                f"{date_sql('raw')} AS d FROM ({union or 'SELECT NULL AS raw'}) "
                "WHERE raw IS NOT NULL")
    select = ["sh.*", "dv_date.d AS d" if "date" in present else "NULL::DATE AS d",
              f"{number_sql('sh.quantity')} AS qty", f"{number_sql('sh.value')} AS val",
              "upper(sh.currency) AS cur", "lower(sh.unit) AS unit_key",
              "coalesce(tc.codes, []::VARCHAR[]) AS transit",
              "hi.hs6 AS hs6", "hi.note AS hs_note",
              "di.top_hs6", "di.top_tier", "di.top_score",
              "coalesce(cs.strength, 0) AS contradiction", "di.contradiction_note"]
    joins = ["LEFT JOIN transit_codes tc ON tc.raw = sh.transit_countries",
             "LEFT JOIN hs_info hi ON hi.raw = sh.hs_code",
             "LEFT JOIN desc_info di ON di.description = sh.description "
             "AND di.declared_hs6 IS NOT DISTINCT FROM hi.hs6",
             "LEFT JOIN contradiction_strengths cs ON cs.severity = di.severity"]
    qty, val = number_sql("sh.quantity"), number_sql("sh.value")
    select += [f"CASE WHEN {qty} > 0 AND {val} > 0 THEN {val} / {qty} * coalesce(cr.usd, 1) "
               "END AS unit_price",
               "CASE WHEN cr.usd IS NULL THEN upper(sh.currency) ELSE 'USD' END "
               "AS price_currency", f"{val} * coalesce(cr.usd, 1) AS value_usd"]
    joins.append("LEFT JOIN currency_rates cr ON cr.currency = upper(sh.currency)")
    for number, column in enumerate(countries):
        alias, name = f"c{number}", f"{column.removesuffix('_country')}_cc"
        if column not in present:
            select.append(f"NULL::VARCHAR AS {name}")
            continue
        select.append(f"{alias}.code AS {name}")
        joins.append(f"LEFT JOIN country_codes {alias} ON {alias}.raw = sh.{column}")
    for column in ("date", *(f"{r}_incorporated" for r in ROLES)):
        if column in present:
            joins.append(f"LEFT JOIN date_values dv_{column} ON dv_{column}.raw = sh.{column}")
        if column != "date":
            value = f"dv_{column}.d" if column in present else "NULL::DATE"
            select.append(f"{value} AS {column.removesuffix('_incorporated')}_inc")
    confident = (f"di.top_tier IS NOT NULL AND di.top_score >= {DESCRIPTION_MIN_SCORE} "
                 "AND (hi.hs6 IS NULL OR coalesce(cs.strength, 0) > 0)")
    select += [
        f"CASE WHEN hi.tier IS NOT NULL THEN hi.tier WHEN {confident} THEN di.top_tier END "
        "AS tier",
        f"CASE WHEN hi.tier IS NOT NULL THEN 'code' WHEN {confident} THEN 'description' END "
        "AS tier_source",
        "CASE WHEN coalesce(cs.strength, 0) > 0 AND di.top_hs6 IS NOT NULL "
        "THEN left(di.top_hs6, 2) ELSE coalesce(hi.chapter, left(di.top_hs6, 2)) END "
        "AS chapter",
    ]
    con.execute(f"CREATE OR REPLACE TABLE s AS SELECT {', '.join(select)} FROM shipments sh "
                + " ".join(joins))


def build_line_of_business(con: duckdb.DuckDBPyConnection, role: str) -> None:
    """Table ``lob_ROLE``: the CHPL shipments of a party whose established history lies in
    other lines of business.

    A party's history is what it shipped before its first CHPL shipment (by date, then by
    line of the file). With at least ``LOB_MIN_SHIPMENTS`` such shipments, none of them CHPL,
    each of its CHPL shipments whose line of business (``data/trade_lines.csv``: electronics,
    machine tools, bearings, aircraft, instruments) never appears in that history is flagged.
    Lines rather than chapters: household appliances and integrated circuits share chapter 85,
    and a washing-machine trader that starts shipping chips is the pattern, while an
    electronics distributor that sells connectors and then chips is not.
    """
    heading = ("CASE WHEN tier_source = 'description' THEN left(top_hs6, 4) "
               "ELSE left(coalesce(hs6, top_hs6), 4) END")
    con.execute(f"""CREATE OR REPLACE TABLE lob_{role} AS
        WITH o AS (
            SELECT {role} AS party, _row, d, tier, chapter, {heading} AS heading,
                   row_number() OVER (PARTITION BY {role} ORDER BY d NULLS LAST, _row) AS pos
            FROM s WHERE {role} IS NOT NULL),
        ol AS (SELECT o.*, (SELECT min(t.line) FROM trade_lines t
                            WHERE o.heading BETWEEN t.lo AND t.hi) AS line FROM o),
        f AS (SELECT party, min(pos) AS first_pos, min(d) AS first_date
              FROM ol WHERE tier IS NOT NULL GROUP BY 1),
        h AS (SELECT ol.party, count(*) AS n,
                     coalesce(list(DISTINCT ol.line) FILTER (WHERE ol.line IS NOT NULL),
                              []::VARCHAR[]) AS lines,
                     string_agg(DISTINCT ol.chapter, ', ' ORDER BY ol.chapter) AS chapter_text
              FROM ol JOIN f ON f.party = ol.party AND ol.pos < f.first_pos
              WHERE ol.heading IS NOT NULL GROUP BY 1 HAVING count(*) >= {LOB_MIN_SHIPMENTS})
        SELECT ol._row, h.n, h.chapter_text, f.first_date, ol.heading, ol.line
        FROM ol JOIN f ON f.party = ol.party JOIN h ON h.party = ol.party
        WHERE ol.tier IS NOT NULL AND ol.line IS NOT NULL
          AND NOT list_contains(h.lines, ol.line)""")


# Each statistics table, and the column of ``s`` it groups by: the rows of one value of that
# column are all it needs, so a cluster can build it from rows partitioned by that column.
STATISTICS = {"price_stats": "hs6", "lob_importer": "importer", "lob_exporter": "exporter",
              "spikes": "importer"}
# The columns of ``s`` the statistics read (all that a cluster sends to build them).
STATISTICS_COLUMNS = ("_row", "d", "tier", "tier_source", "chapter", "hs6", "top_hs6",
                      "unit_key", "price_currency", "unit_price", "val", "importer",
                      "exporter")


def build_statistics(con: duckdb.DuckDBPyConnection, volume: str,
                     names: Iterable[str] = tuple(STATISTICS)) -> None:
    """Tables ``price_stats``, ``lob_importer``, ``lob_exporter`` and ``spikes`` (or those of
    them in ``names``).

    ``volume`` is the SQL measure of a row's size for the spike rule (its value, or 1).
    """
    names = set(names)
    if "price_stats" in names:
        _build_price_stats(con)
    table_from_rows(con, "trade_lines", [("line", "VARCHAR"), ("lo", "VARCHAR"),
                                         ("hi", "VARCHAR")],
                    ((r["line"], r["first_heading"], r["last_heading"])
                     for r in read_table("trade_lines.csv")))
    for role in ("importer", "exporter"):
        if f"lob_{role}" in names:
            build_line_of_business(con, role)
    if "spikes" in names:
        _build_spikes(con, volume)


def _build_spikes(con: duckdb.DuckDBPyConnection, volume: str) -> None:
    con.execute(f"""CREATE OR REPLACE TABLE spikes AS
        WITH m AS (
            SELECT importer AS party, date_trunc('month', d) AS month,
                   sum(CASE WHEN tier IS NOT NULL THEN {volume} ELSE 0 END) AS chpl
            FROM s WHERE importer IS NOT NULL AND d IS NOT NULL GROUP BY ALL),
        w AS (
            SELECT party, month, chpl,
                   date_diff('month', min(month) OVER (PARTITION BY party), month) AS months,
                   coalesce(sum(chpl) OVER (PARTITION BY party ORDER BY month
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS prior
            FROM m)
        SELECT party, month, chpl, prior / months AS average, months FROM w
        WHERE chpl > 0 AND months >= {SPIKE_MIN_MONTHS}
          AND chpl > {SPIKE_FACTOR} * prior / months""")


def _build_price_stats(con: duckdb.DuckDBPyConnection) -> None:
    # Prices of one code spread over orders of magnitude (a sample and a reel of 10,000 chips):
    # the typical price is the median and the spread the median absolute deviation, both of the
    # logarithm, so one odd price moves neither. A price is far when it is PRICE_FACTOR times off
    # the median and also beyond PRICE_SPREADS robust deviations of this code's own prices.
    con.execute(f"""CREATE OR REPLACE TABLE price_stats AS
        SELECT hs6, coalesce(unit_key, '') AS unit_key, coalesce(price_currency, '') AS cur,
               exp(median(ln(unit_price))) AS typical,
               greatest(ln({PRICE_FACTOR}),
                        {PRICE_SPREADS} * 1.4826 * mad(ln(unit_price))) AS far_log,
               count(*) AS n
        FROM s WHERE unit_price > 0 AND hs6 IS NOT NULL
        GROUP BY ALL HAVING count(*) >= {PRICE_MIN_GROUP}""")
