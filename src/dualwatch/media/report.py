"""The HTML report of a news analysis: one self-contained page a person can read.

Events first (what all reports share, what only some report, quotes that differ, wording that
differs), then each article (names, goods, risk topics with their sentences, quotes, list hits).
All styles are inline in the page; it loads nothing from anywhere, so it can be mailed or
archived with a case.
"""

from __future__ import annotations

from html import escape

import pycountry

from dualwatch.media.model import Analysis, ArticleAnalysis, Event, Fact, ListHit

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d2430;
background:#f4f6f9;line-height:1.45}
header{background:#17324d;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c9d6e3}main{padding:16px 28px;max-width:1200px}
section.card{background:#fff;border:1px solid #d8dee6;border-radius:8px;padding:14px 18px;
margin:14px 0}h2{font-size:19px;margin:6px 0 10px}h3{font-size:15px;margin:14px 0 6px;
color:#17324d}table{border-collapse:collapse;width:100%;font-size:14px}
td,th{border-bottom:1px solid #e4e8ee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6}.chip{display:inline-block;background:#e8eef5;border-radius:12px;
padding:2px 9px;margin:2px;font-size:13px}.chip b{color:#17324d}.muted{color:#66707c;
font-size:13px}.hit{color:#8a1c1c;font-weight:600}.note{background:#fff6dd;border-left:4px
solid #e0a800;padding:6px 10px;margin:6px 0;font-size:14px}.quote{font-style:italic}
.tag{font-size:12px;background:#17324d;color:#fff;border-radius:4px;padding:1px 6px}
ul{margin:4px 0 4px 18px;padding:0}li{margin:2px 0}nav a{margin-right:12px}
"""


def render_report(analysis: Analysis) -> str:
    """The whole page as a string."""
    arts = analysis.articles
    hits = [h for a in arts for h in a.hits]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        "<title>dualwatch news analysis</title>", f"<style>{_CSS}</style></head><body>",
        "<header><h1>Adverse media analysis</h1>",
        f"<p>{len(arts)} articles · {len(analysis.events)} events · {len(hits)} list hits"
        + (f" · portfolio {escape(analysis.portfolio)}" if analysis.portfolio else "")
        + "</p></header><main>",
        "<nav><a href='#events'>Events</a><a href='#articles'>Articles</a>"
        "<a href='#hits'>List hits</a></nav>",
        "<h2 id='events'>Events</h2>",
    ]
    titles = {a.article.id: a.article.title for a in arts}
    parts += [_event(e, titles) for e in analysis.events]
    parts.append("<h2 id='hits'>List hits</h2>")
    parts.append(_hits(hits) if hits else "<p class='muted'>No name in these articles matched "
                 + ("the lists" if analysis.lists_checked else "(no lists were checked)")
                 + ".</p>")
    parts.append("<h2 id='articles'>Articles</h2>")
    parts += [_article(a) for a in arts]
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _event(event: Event, titles: dict[str, str]) -> str:
    out = [f"<section class='card event' id='{escape(event.id)}'>",
           f"<h2>{escape(event.title)}</h2>",
           f"<p class='muted'>{escape(event.id)} · date {escape(event.date or 'not stated')} · "
           f"{len(event.articles)} report(s)</p><ul>"]
    out += [f"<li><a href='#{escape(a)}'>{escape(a)}</a>: {escape(titles.get(a, ''))}</li>"
            for a in event.articles]
    out.append("</ul>")
    if len(event.articles) > 1:
        out.append("<h3>Quotes that differ between outlets</h3>")
        if not event.quote_variants:
            out.append("<p class='muted'>None found.</p>")
        for v in event.quote_variants:
            rows = "".join(f"<tr><td>{escape(aid)}</td><td class='quote'>“{escape(text)}”</td>"
                           "</tr>" for aid, text in v.versions.items())
            diffs = "".join(f"<li>{escape(d)}</li>" for d in v.differences)
            out.append(f"<p><b>{escape(v.speaker)}</b> <span class='muted'>(similarity "
                       f"{v.similarity:.2f})</span></p><div class='note'>{escape(v.note)}</div>"
                       f"<table><tr><th>article</th><th>as quoted</th></tr>{rows}</table>"
                       f"<ul>{diffs}</ul>")
        out.append("<h3>Wording differences</h3>")
        out.append("<ul>" + "".join(f"<li>{escape(w)}</li>" for w in event.wording) + "</ul>"
                   if event.wording else "<p class='muted'>None found.</p>")
        out.append("<h3>Reported by all</h3>" + _facts(event.shared, all_=True))
        out.append("<h3>Reported by some</h3>" + _facts(event.partial, all_=False))
    out.append("</section>")
    return "".join(out)


def country_label(code: str) -> str:
    """The short common name of a country ("Taiwan", "Russia"), as news writes it."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code.upper()
    return str(getattr(country, "common_name", None) or _SHORT.get(code) or country.name)


_SHORT = {"ru": "Russia", "us": "United States", "gb": "United Kingdom", "ir": "Iran",
          "kp": "North Korea", "kr": "South Korea", "sy": "Syria", "ve": "Venezuela"}


def _fact_value(fact: Fact) -> str:
    if fact.kind == "country":
        return f"{country_label(fact.value)} ({fact.value})"
    return fact.value


def _fact_cell(fact: Fact) -> str:
    value = escape(_fact_value(fact))
    if fact.kind != "statement" or len(fact.evidence) < 2:
        return value
    words = "".join(f"<li><span class='muted'>{escape(aid)}:</span> {escape(s)}</li>"
                    for aid, s in fact.evidence.items())
    return f"{value}<details><summary class='muted'>as each report words it</summary>" \
           f"<ul>{words}</ul></details>"


def _facts(facts: list[Fact], all_: bool) -> str:
    if not facts:
        return "<p class='muted'>None.</p>"
    rows = []
    for f in facts:
        who = "all" if all_ else ", ".join(f.articles)
        rows.append(f"<tr><td><span class='tag'>{escape(f.kind)}</span></td>"
                    f"<td>{_fact_cell(f)}</td><td class='muted'>{escape(who)}</td></tr>")
    return "<table><tr><th>kind</th><th>fact</th><th>reported by</th></tr>" + "".join(rows) \
        + "</table>"


def _hits(hits: list[ListHit]) -> str:
    rows = "".join(
        f"<tr><td>{escape(h.mention)}</td><td>{escape(h.against)}</td>"
        f"<td class='hit'>{h.score:.2f}</td><td>{escape(h.entity_name)}<br><span class='muted'>"
        f"{escape(h.entity_id)} · {escape(', '.join(h.sources))}</span></td>"
        f"<td class='muted'>{escape(h.explanation)}</td></tr>" for h in hits)
    return ("<section class='card'><table><tr><th>named in article</th><th>against</th>"
            f"<th>score</th><th>listed entity</th><th>why</th></tr>{rows}</table></section>")


def _chips(a: ArticleAnalysis, kind: str) -> str:
    items = a.of_kind(kind)
    if not items:
        return "<span class='muted'>none</span>"
    out = []
    for m in items:
        label = country_label(m.name) if kind == "country" else m.name
        role = f" <span class='muted'>{escape(m.role)}</span>" if m.role and kind == "person" \
            else ""
        out.append(f"<span class='chip'><b>{escape(label)}</b>{role} ×{m.count}</span>")
    return "".join(out)


def _article(a: ArticleAnalysis) -> str:
    art = a.article
    meta = [f"published {art.published or 'unknown'}", f"event date {a.event_date or 'unknown'}",
            f"language {a.language}"]
    if art.outlet:
        meta.insert(0, art.outlet)
    if art.authors:
        meta.append("by " + ", ".join(art.authors))
    out = [f"<section class='card article' id='{escape(art.id)}'>",
           f"<h2>{escape(art.title or art.id)}</h2>",
           f"<p class='muted'>{escape(art.id)} · {escape(' · '.join(meta))}</p>"]
    if art.url:
        out.append(f"<p class='muted'>{escape(art.url)}</p>")
    out.append("<table>")
    for kind, label in (("person", "People"), ("organisation", "Organisations"),
                        ("company", "Companies"), ("country", "Countries"), ("place", "Places")):
        out.append(f"<tr><th>{label}</th><td>{_chips(a, kind)}</td></tr>")
    goods = "".join(f"<span class='chip'><b>{escape(g.phrase)}</b> → CHPL {escape(g.tier)} "
                    f"{escape(g.tier_name)} <span class='muted'>HS "
                    f"{escape(', '.join(g.hs_codes[:6]))}{'…' if len(g.hs_codes) > 6 else ''}"
                    "</span></span>" for g in a.goods)
    out.append(f"<tr><th>Goods</th><td>{goods or '<span class=muted>none</span>'}</td></tr>")
    out.append("</table><h3>Risk topics</h3>")
    if not a.topics:
        out.append("<p class='muted'>None.</p>")
    for t in a.topics:
        sents = "".join(f"<li>{escape(s)}</li>" for s in t.sentences)
        out.append(f"<details open><summary><b>{escape(t.topic)}</b> "
                   f"({len(t.sentences)} sentence(s))</summary><ul>{sents}</ul></details>")
    out.append("<h3>Quotes</h3>")
    if a.quotes:
        rows = "".join(f"<tr><td>{escape(q.speaker or 'unattributed')}</td>"
                       f"<td class='quote'>“{escape(q.text)}”"
                       f"{' <span class=muted>(quoted words)</span>' if q.fragment else ''}"
                       "</td></tr>" for q in a.quotes)
        out.append(f"<table><tr><th>speaker</th><th>quote</th></tr>{rows}</table>")
    else:
        out.append("<p class='muted'>None.</p>")
    out.append("<h3>List hits</h3>")
    out.append(_hits(a.hits) if a.hits else "<p class='muted'>None.</p>")
    if art.removed:
        removed = "".join(f"<li>{escape(r[:160])}</li>" for r in art.removed)
        out.append(f"<details><summary class='muted'>{len(art.removed)} boilerplate line(s) "
                   f"removed</summary><ul class='muted'>{removed}</ul></details>")
    out.append("</section>")
    return "".join(out)
