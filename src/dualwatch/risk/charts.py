"""Charts as inline SVG: a report that opens in any browser, offline, with no script to load.

Three shapes cover the shipment report: horizontal bars (a value per label), stacked monthly
columns (a value per month and series) and a three-column flow diagram (origin -> transit ->
destination, band widths proportional to value). Each returns one ``<svg class="chart">``
element with a ``<title>`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

PALETTE = ("#b2182b", "#ef8a62", "#fddbc7", "#67a9cf", "#2166ac", "#5e3c99", "#999999")


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _number(value: float) -> str:
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}{suffix}"
    return f"{value:.0f}"


def _open(width: int, height: int, title: str) -> list[str]:
    return [f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
            f"<title>{escape(title)}</title>"]


def _empty(title: str) -> str:
    parts = _open(560, 60, title)
    parts.append('<text x="10" y="35" class="note">no data</text></svg>')
    return "".join(parts)


def bars(items: Sequence[tuple[str, float]], title: str, colors: Sequence[str] = ()) -> str:
    """Horizontal bars, one per (label, value)."""
    if not items:
        return _empty(title)
    width, label_w, row_h = 560, 170, 26
    height = row_h * len(items) + 12
    top = max(v for _, v in items) or 1.0
    parts = _open(width, height, title)
    for i, (label, value) in enumerate(items):
        y = 6 + i * row_h
        bar_w = max(1.0, (width - label_w - 70) * value / top)
        fill = colors[i] if i < len(colors) else color(4)
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">'
                     f"{escape(label[:28])}</text>")
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w:.1f}" height="{row_h - 8}"'
                     f' fill="{fill}"><title>{escape(label)}: {value:,.0f}</title></rect>')
        parts.append(f'<text x="{label_w + bar_w + 6:.1f}" y="{y + 16}">{_number(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(months: Sequence[str], series: Mapping[str, Sequence[float]],
                    title: str, colors: Mapping[str, str]) -> str:
    """One column per month, stacked by series (CHPL tier), with a legend."""
    if not months:
        return _empty(title)
    width, height, left, bottom, top_pad = 760, 300, 56, 46, 30
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    totals = [sum(values[i] for values in series.values()) for i in range(len(months))]
    peak = max(totals) or 1.0
    step = plot_w / len(months)
    parts = _open(width, height, title)
    for fraction in (0.0, 0.5, 1.0):
        y = top_pad + plot_h * (1 - fraction)
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" '
                     'class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{_number(peak * fraction)}</text>")
    for i, month in enumerate(months):
        x, base = left + i * step, float(top_pad + plot_h)
        for name, values in series.items():
            h = plot_h * values[i] / peak
            if h <= 0:
                continue
            base -= h
            parts.append(f'<rect x="{x + 1:.1f}" y="{base:.1f}" width="{max(step - 2, 1):.1f}" '
                         f'height="{h:.1f}" fill="{colors.get(name, color(6))}"><title>'
                         f"{escape(month)} tier {escape(name)}: {values[i]:,.0f}</title></rect>")
        if len(months) <= 12 or i % max(1, len(months) // 12) == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16}" '
                         f'text-anchor="middle" class="small">{escape(month)}</text>')
    for j, name in enumerate(series):
        x = left + j * 90
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" '
                     f'fill="{colors.get(name, color(6))}"/>')
        parts.append(f'<text x="{x + 16}" y="16" class="small">tier {escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def flows(routes: Sequence[tuple[str, str, str, float]], title: str) -> str:
    """Origin -> transit -> destination bands; ``routes`` are (origin, transit, dest, value)."""
    if not routes:
        return _empty(title)
    width, height, node_w, pad = 760, 380, 14, 8
    columns: list[dict[str, float]] = [{}, {}, {}]
    for *names, value in routes:
        for c in range(3):
            columns[c][names[c]] = columns[c].get(names[c], 0.0) + value
    total = sum(r[3] for r in routes) or 1.0
    xs = (150, width // 2 - node_w // 2, width - 150 - node_w)
    scale = min((height - 20 - pad * (len(nodes) - 1)) / total for nodes in columns)
    positions: list[dict[str, float]] = []
    for nodes in columns:
        y, place = 10.0, {}
        for name in sorted(nodes, key=lambda n: -nodes[n]):
            place[name] = y
            y += max(nodes[name] * scale, 2) + pad
        positions.append(place)
    parts = _open(width, height, title)
    offsets = [dict(p) for p in positions]
    incoming = [dict(p) for p in positions]
    for index, route in enumerate(sorted(routes, key=lambda r: -r[3])):
        band = route[3] * scale
        stops = (route[0], route[1], route[2])
        for c in range(2):
            a, b = stops[c], stops[c + 1]
            y0, y1 = offsets[c][a], incoming[c + 1][b]
            x0, x1 = xs[c] + node_w, xs[c + 1]
            mid = (x0 + x1) / 2
            parts.append(
                f'<path d="M{x0},{y0 + band / 2:.1f} C{mid},{y0 + band / 2:.1f} '
                f'{mid},{y1 + band / 2:.1f} {x1},{y1 + band / 2:.1f}" stroke="{color(index)}" '
                f'stroke-width="{max(band, 1):.1f}" fill="none" opacity="0.45"><title>'
                f"{escape(' → '.join(stops))}: {route[3]:,.0f}</title></path>")
            offsets[c][a] = y0 + band
            incoming[c + 1][b] = y1 + band
    for c, nodes in enumerate(columns):
        for name, value in nodes.items():
            y, h = positions[c][name], max(value * scale, 2)
            parts.append(f'<rect x="{xs[c]}" y="{y:.1f}" width="{node_w}" height="{h:.1f}" '
                         f'fill="#444"><title>{escape(name)}: {value:,.0f}</title></rect>')
            anchor, x = (("end", xs[c] - 6) if c == 0 else
                         ("start", xs[c] + node_w + 6))
            parts.append(f'<text x="{x}" y="{y + h / 2 + 4:.1f}" text-anchor="{anchor}" '
                         f'class="small">{escape(name[:22])}</text>')
    for c, label in enumerate(("origin", "transit", "destination")):
        parts.append(f'<text x="{xs[c] + node_w / 2}" y="{height - 2}" text-anchor="middle" '
                     f'class="small">{label}</text>')
    parts.append("</svg>")
    return "".join(parts)
