"""Small charts drawn as inline SVG on the server: no script, no CDN, readable by a screen reader.

Each chart is a ``<figure>`` whose SVG has a ``<title>`` and whose data also appear in a
visually hidden table, so the numbers are there for assistive technology and for copying.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH = 640
BAR_HEIGHT = 22
PALETTE = ("#2a6f97", "#c8553d", "#588157", "#8c5e9c", "#bc8a00", "#4d5b6a")


def _table(caption: str, rows: Sequence[tuple[str, float]], unit: str) -> str:
    body = "".join(f"<tr><th scope='row'>{escape(label)}</th><td>{value:g}</td></tr>"
                   for label, value in rows)
    return (f"<table class='sr-only'><caption>{escape(caption)}</caption>"
            f"<tr><th scope='col'>item</th><th scope='col'>{escape(unit)}</th></tr>"
            f"{body}</table>")


def empty(title: str, message: str) -> Markup:
    return Markup(f"<figure class='chart'><figcaption>{escape(title)}</figcaption>"
                  f"<p class='muted'>{escape(message)}</p></figure>")


def bars(title: str, rows: Sequence[tuple[str, float]], unit: str = "count",
         colors: dict[str, str] | None = None) -> Markup:
    """Horizontal bars, one per labelled value, longest first as given."""
    if not rows:
        return empty(title, "Nothing to show yet.")
    top = max(value for _, value in rows) or 1
    label_w, bar_w = 220, WIDTH - 220 - 60
    height = BAR_HEIGHT * len(rows) + 8
    parts = []
    for i, (label, value) in enumerate(rows):
        y = 4 + i * BAR_HEIGHT
        w = max(1.0, bar_w * value / top)
        color = (colors or {}).get(label, PALETTE[i % len(PALETTE)])
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f"<text x='{label_w - 8}' y='{y + 15}' text-anchor='end'>{escape(short)}</text>"
            f"<rect x='{label_w}' y='{y + 3}' width='{w:.1f}' height='{BAR_HEIGHT - 6}' "
            f"fill='{color}' rx='2'><title>{escape(label)}: {value:g}</title></rect>"
            f"<text x='{label_w + w + 6:.1f}' y='{y + 15}'>{value:g}</text>")
    svg = (f"<svg viewBox='0 0 {WIDTH} {height}' role='img' aria-label='{escape(title)}' "
           f"preserveAspectRatio='xMinYMin meet'><title>{escape(title)}</title>"
           f"{''.join(parts)}</svg>")
    return Markup(f"<figure class='chart'><figcaption>{escape(title)}</figcaption>{svg}"
                  f"{_table(title, rows, unit)}</figure>")


def columns(title: str, rows: Sequence[tuple[str, float]], unit: str = "count") -> Markup:
    """Vertical columns over time (labels are dates, oldest first)."""
    if not rows:
        return empty(title, "Nothing to show yet.")
    height, base, left = 220, 190, 40
    top = max(value for _, value in rows) or 1
    step = (WIDTH - left - 10) / len(rows)
    width = max(2.0, min(step * 0.7, 48.0))
    parts = [f"<line x1='{left}' y1='{base}' x2='{WIDTH - 10}' y2='{base}' class='axis'/>",
             f"<text x='{left - 6}' y='{base - 160 + 4}' text-anchor='end'>{top:g}</text>",
             f"<text x='{left - 6}' y='{base + 4}' text-anchor='end'>0</text>"]
    every = max(1, len(rows) // 8)
    for i, (label, value) in enumerate(rows):
        h = 160 * value / top
        x = left + i * step + (step - width) / 2
        parts.append(f"<rect x='{x:.1f}' y='{base - h:.1f}' width='{width:.1f}' "
                     f"height='{h:.1f}' fill='{PALETTE[0]}'>"
                     f"<title>{escape(label)}: {value:g}</title></rect>")
        if i % every == 0:
            parts.append(f"<text x='{x + width / 2:.1f}' y='{base + 18}' "
                         f"text-anchor='middle'>{escape(label[5:] if len(label) == 10 else label)}"
                         "</text>")
    svg = (f"<svg viewBox='0 0 {WIDTH} {height}' role='img' aria-label='{escape(title)}' "
           f"preserveAspectRatio='xMinYMin meet'><title>{escape(title)}</title>"
           f"{''.join(parts)}</svg>")
    return Markup(f"<figure class='chart'><figcaption>{escape(title)}</figcaption>{svg}"
                  f"{_table(title, rows, unit)}</figure>")
