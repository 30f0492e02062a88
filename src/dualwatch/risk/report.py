"""The HTML report of an assessment: one self-contained file that opens in a browser offline.

It answers, in order: how many shipments are at each level and which checks could not run;
where CHPL goods flow (by tier, by month, by route origin -> transit -> destination) as inline
SVG charts; which shipments and which parties carry the highest risk, with every flag and its
evidence; and how the score is made (the weights and the guidance behind each flag).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from html import escape
from pathlib import Path

import duckdb

from dualwatch.errors import InputError
from dualwatch.risk import charts
from dualwatch.risk.engine import Assessment
from dualwatch.risk.fields import ROLE_LABELS, ROLES

TIER_ORDER = ("1", "2", "3.A", "3.B", "4.A", "4.B")
TIER_COLORS = dict(zip(TIER_ORDER, ("#b2182b", "#ef8a62", "#f4a582", "#92c5de", "#4393c3",
                                    "#2166ac"), strict=True))
LEVEL_COLORS = {"high": "#b2182b", "medium": "#ef8a62", "low": "#67a9cf"}
STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:1200px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid #eee;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}.num{text-align:right;white-space:nowrap}
.level{font-weight:600;padding:0 .4rem;border-radius:3px;color:#fff}
.high{background:#b2182b}.medium{background:#ef8a62}.low{background:#67a9cf}
.evidence{color:#555;font-size:.8rem}.note{color:#777}.warn{color:#8a5a00}
svg.chart{max-width:100%;height:auto;font-size:12px;display:block;margin:.5rem 0 1.2rem}
svg .small{font-size:10px}svg .grid{stroke:#ddd}svg text{fill:#333}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;
padding:.6rem 1rem;min-width:9rem}.card b{font-size:1.4rem;display:block}
"""


def write_report(assessment: Assessment, path: Path, top: int = 100) -> Path:
    """Write the HTML report of ``assessment`` to ``path``."""
    con = assessment.con
    if con is None:
        raise InputError(path, "the assessment is closed")
    measure, label = (("value_usd", "value, USD equivalent") if "value" in assessment.columns
                      else ("1", "shipments"))
    sections = [
        _summary(assessment),
        "<h2>CHPL flows</h2>" + _chpl_charts(con, measure, label),
        _top_shipments(con, top),
        _parties(con, assessment),
        _weights(assessment),
    ]
    title = f"dualwatch shipment risk report: {assessment.path.name}"
    html = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{escape(title)}</title><meta name=\"viewport\" content=\"width=device-width\">"
            f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
            + "".join(sections) + "</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def _summary(a: Assessment) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cards = "".join(f'<div class="card"><span class="level {lv}">{lv}</span>'
                    f"<b>{a.levels[lv]:,}</b>shipments</div>" for lv in ("high", "medium", "low"))
    cards += (f'<div class="card">total<b>{a.rows:,}</b>shipments</div>'
              f'<div class="card">parties<b>{a.parties:,}</b>screened once each</div>')
    missing = "".join(f"<li><b>{escape(code)}</b> needs {escape(need)}</li>"
                      for code, need in a.not_run.items())
    not_run = (f'<p class="warn">Checks not run for lack of columns:</p><ul>{missing}</ul>'
               if missing else "<p>All checks ran.</p>")
    mapped = ", ".join(f"{escape(f)} ← {escape(c)}" for f, c in sorted(a.columns.items()))
    return (f'<p class="note">File {escape(str(a.path))}, {a.rows:,} rows, assessed {when} in '
            f"{a.total_seconds:.1f} s.</p><div class=\"cards\">{cards}</div>{not_run}"
            f'<details><summary>Columns used</summary><p class="note">{mapped}</p></details>')


def _level(level: str) -> str:
    return f'<span class="level {escape(level)}">{escape(level)}</span>'


def _top_shipments(con: duckdb.DuckDBPyConnection, top: int) -> str:
    rows = con.execute(f"""SELECT rank, id, score, level, date, exporter, importer, end_user,
        destination_country, hs_code, description, flags, evidence FROM assessed
        ORDER BY rank LIMIT {int(top)}""").fetchall()
    body = []
    for (rank, sid, score, level, date, exporter, importer, end_user, dest, hs, desc, flags,
         evidence) in rows:
        parties = " → ".join(escape(p) for p in (exporter, importer, end_user) if p)
        goods = escape(" ".join(x for x in (hs, desc) if x))
        body.append(f'<tr><td class="num">{rank}</td><td>{escape(str(sid))}</td>'
                    f'<td class="num">{score:.2f}</td><td>{_level(level)}</td>'
                    f"<td>{escape(date or '')}</td><td>{parties}<br>"
                    f'<span class="note">to {escape(dest or "?")}</span></td><td>{goods}</td>'
                    f"<td>{escape(flags or '')}<div class=\"evidence\">"
                    f"{escape(evidence or '')}</div></td></tr>")
    return (f"<h2>Top-risk shipments</h2><table><tr><th>#</th><th>id</th><th>score</th>"
            f"<th>level</th><th>date</th><th>parties</th><th>goods</th><th>flags and evidence"
            f"</th></tr>{''.join(body)}</table>")


def _parties(con: duckdb.DuckDBPyConnection, a: Assessment) -> str:
    roles = [r for r in ROLES if r in a.columns]
    if not roles:
        return "<h2>Parties behind high scores</h2><p>No party columns.</p>"
    union = " UNION ALL ".join(
        f"SELECT '{r}' AS role, s.{r} AS name, s.{r}_country AS country, x.score, x.level, "
        f"x.flags FROM assessed x JOIN s USING (_row) WHERE s.{r} IS NOT NULL" for r in roles)
    rows = con.execute(f"""WITH p AS ({union})
        SELECT name, string_agg(DISTINCT role, ',') AS roles, any_value(country) AS country,
               count(*) FILTER (WHERE level = 'high') AS high, count(*) AS total,
               max(score) AS top, list(flags) FILTER (WHERE level = 'high') AS flags
        FROM p GROUP BY name HAVING count(*) FILTER (WHERE level = 'high') > 0
        ORDER BY high DESC, top DESC LIMIT 40""").fetchall()
    hits = {name: (entity, score) for name, entity, score in con.execute(
        "SELECT name, entity_name, score FROM party_info WHERE score IS NOT NULL").fetchall()}
    body = []
    for name, role_list, country, high, total, best, flags in rows:
        counts: Counter[str] = Counter()
        for text in flags or []:
            counts.update(part.split("(")[0] for part in (text or "").split("; ") if part)
        common = ", ".join(f"{code} ×{n}" for code, n in counts.most_common(4))
        listed = hits.get(name)
        match = (f"{escape(listed[0])} ({listed[1]:.2f})" if listed else "")
        labels = ", ".join(ROLE_LABELS[r] for r in role_list.split(","))
        body.append(f"<tr><td>{escape(name)}</td><td>{escape(labels)}</td>"
                    f"<td>{escape(country or '')}</td><td class=\"num\">{high:,}</td>"
                    f'<td class="num">{total:,}</td><td class="num">{best:.2f}</td>'
                    f"<td>{match}</td><td>{escape(common)}</td></tr>")
    chart = charts.bars([(r[0], float(r[3])) for r in rows[:15]],
                        "Parties appearing most often behind high scores",
                        [LEVEL_COLORS["high"]] * 15)
    return (f"<h2>Parties behind high scores</h2>{chart}<table><tr><th>party</th><th>roles"
            f"</th><th>country</th><th>high</th><th>shipments</th><th>top score</th>"
            f"<th>list match</th><th>most frequent flags</th></tr>{''.join(body)}</table>")


def _chpl_charts(con: duckdb.DuckDBPyConnection, measure: str, label: str) -> str:
    by_tier = dict(con.execute(f"SELECT tier, sum({measure}) FROM s WHERE tier IS NOT NULL "
                               "GROUP BY 1").fetchall())
    tier_items = [(f"tier {t}", float(by_tier[t] or 0)) for t in TIER_ORDER if t in by_tier]
    tier_chart = charts.bars(tier_items, f"CHPL goods by tier ({label})",
                             [TIER_COLORS[t] for t in TIER_ORDER if t in by_tier])
    monthly = con.execute(f"""SELECT strftime(date_trunc('month', d), '%Y-%m') AS m, tier,
        sum({measure}) FROM s WHERE tier IS NOT NULL AND d IS NOT NULL GROUP BY 1, 2
        ORDER BY 1""").fetchall()
    months = sorted({m for m, _, _ in monthly})
    tiers = [t for t in TIER_ORDER if any(row[1] == t for row in monthly)]
    series = {t: [0.0] * len(months) for t in tiers}
    for m, t, v in monthly:
        series[t][months.index(m)] = float(v or 0)
    month_chart = charts.stacked_columns(months, series, f"CHPL goods by month ({label})",
                                         TIER_COLORS)
    routes = con.execute(f"""SELECT coalesce(origin_country, exporter_country, '?'),
        coalesce(transit_countries, 'direct'),
        coalesce(destination_country, importer_country, '?'), sum({measure}) AS v
        FROM s WHERE tier IS NOT NULL GROUP BY 1, 2, 3 ORDER BY v DESC LIMIT 14""").fetchall()
    route_chart = charts.flows([(str(o), str(t), str(d), float(v or 0))
                                for o, t, d, v in routes],
                               f"CHPL routes, origin → transit → destination ({label}, "
                               "top 14)")
    return (f"<h3>By tier</h3>{tier_chart}<h3>By month</h3>{month_chart}"
            f"<h3>By route</h3>{route_chart}")


def _weights(a: Assessment) -> str:
    rows = "".join(
        f"<tr><td>{escape(f.code)}</td><td class=\"num\">{f.weight:.2f}</td>"
        f"<td class=\"num\">{a.flag_counts.get(f.code, 0):,}</td>"
        f"<td>{escape(f.description)}</td><td>{escape(f.guidance)}</td></tr>"
        for f in a.weights.flags.values())
    levels = ", ".join(f"{k} ≥ {v:g}" for k, v in a.weights.levels.items() if k != "low")
    return (f"<h2>How the score is made</h2><p>score = min(1, Σ weight × strength) over the "
            f"flags raised; levels: {escape(levels)}. Change weights with "
            f"<code>--weights</code>.</p><table><tr><th>flag</th><th>weight</th>"
            f"<th>shipments</th><th>meaning</th><th>guidance</th></tr>{rows}</table>")
