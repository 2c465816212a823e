"""Server-rendered inline SVG charts: no JavaScript, no CDN, readable offline and when printed.

Every chart has a title and a description for screen readers (role="img"), labels next to the
bars (not only colour), and the page shows the rows behind it as a table and as CSV.
"""
from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#0b5cad", "#c2540a", "#1a7f37", "#8250df", "#cf222e", "#57606a"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "4 4"]  # lines differ by dash as well as colour
WIDTH, LABEL_W, VALUE_W, ROW_H = 640, 190, 120, 26
LINE_WIDTH = 1000  # the trend chart spans the page: a wider drawing keeps its text at the same size


def _short(text: str, limit: int = 28) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(chart_id: str, title: str, desc: str, height: int, width: int = WIDTH) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def _label(y: float, text: str) -> str:
    return (f'<text x="{LABEL_W - 8}" y="{y}" text-anchor="end" class="chart-label">'
            f'<title>{escape(text)}</title>{escape(_short(text))}</text>')


def _empty(chart_id, title, desc, message):
    parts = _open(chart_id, title, desc, 40)
    parts.append(f'<text x="{WIDTH / 2}" y="24" text-anchor="middle" class="chart-empty">{escape(message)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def hbar(chart_id: str, rows: list[tuple[str, float, str]], *, title: str, desc: str, empty: str,
         maximum: float | None = None, color: str = PALETTE[0]) -> str:
    """Horizontal bars: rows of (label, value, value as shown)."""
    if not rows:
        return _empty(chart_id, title, desc, empty)
    top = maximum or max((value for _l, value, _s in rows), default=0) or 1
    span = WIDTH - LABEL_W - VALUE_W
    parts = _open(chart_id, title, desc, ROW_H * len(rows) + 8)
    for i, (label, value, shown) in enumerate(rows):
        y = 4 + i * ROW_H
        w = max(0.0, span * float(value) / float(top))
        parts += [_label(y + 17, label),
                  f'<rect x="{LABEL_W}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" fill="{color}" rx="2"/>',
                  f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 17}" class="chart-value">{escape(shown)}</text>']
    parts.append("</svg>")
    return mark_safe("".join(parts))


def grouped_hbar(chart_id: str, labels: list[str], series: list[tuple[str, list[float | None], str]], *,
                 title: str, desc: str, empty: str, unit: str = "") -> str:
    """Several bars per label, one per series: (series label, values per label, colour)."""
    values = [v for _n, vals, _c in series for v in vals if v is not None]
    if not labels or not values:
        return _empty(chart_id, title, desc, empty)
    top = max(values) or 1
    span = WIDTH - LABEL_W - VALUE_W
    bar_h = (ROW_H - 8) / 1.4
    group_h = bar_h * len(series) + 12
    legend_h = 24
    parts = _open(chart_id, title, desc, int(legend_h + group_h * len(labels) + 8))
    parts += _legend([(name, color, "") for name, _v, color in series], 4)
    for i, label in enumerate(labels):
        y0 = legend_h + i * group_h
        parts.append(_label(y0 + group_h / 2 + 2, label))
        for j, (name, vals, color) in enumerate(series):
            value = vals[i]
            y = y0 + 4 + j * bar_h
            if value is None:
                parts.append(f'<text x="{LABEL_W + 4}" y="{y + bar_h - 3:.1f}" class="chart-value">–</text>')
                continue
            w = span * float(value) / float(top)
            parts += [f'<rect x="{LABEL_W}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2:.1f}" fill="{color}" rx="2">'
                      f'<title>{escape(name)}: {value}{escape(unit)}</title></rect>',
                      f'<text x="{LABEL_W + w + 6:.1f}" y="{y + bar_h - 4:.1f}" class="chart-value">'
                      f'{value}{escape(unit)}</text>']
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stacked_hbar(chart_id: str, rows: list[tuple[str, list[int]]], segments: list[tuple[str, str]], *,
                 title: str, desc: str, empty: str) -> str:
    """One bar per row split into segments (label, colour); the counts are written inside."""
    if not rows:
        return _empty(chart_id, title, desc, empty)
    top = max((sum(counts) for _l, counts in rows), default=0) or 1
    span = WIDTH - LABEL_W - VALUE_W
    legend_h = 24
    parts = _open(chart_id, title, desc, legend_h + ROW_H * len(rows) + 8)
    parts += _legend([(name, color, "") for name, color in segments], 4)
    for i, (label, counts) in enumerate(rows):
        y = legend_h + 4 + i * ROW_H
        parts.append(_label(y + 17, label))
        x = float(LABEL_W)
        for (name, color), count in zip(segments, counts, strict=True):
            if not count:
                continue
            w = span * count / top
            parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" fill="{color}">'
                         f'<title>{escape(name)}: {count}</title></rect>')
            if w >= 18:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" class="chart-inbar">'
                             f'{count}</text>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 17}" class="chart-value">{sum(counts)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _legend(items: list[tuple[str, str, str]], y: float) -> list[str]:
    parts, x = [], float(LABEL_W)
    for name, color, dash in items:
        if dash:
            parts.append(f'<line x1="{x}" y1="{y + 7}" x2="{x + 18}" y2="{y + 7}" stroke="{color}" stroke-width="3" '
                         f'stroke-dasharray="{dash}"/>')
        else:
            parts.append(f'<rect x="{x}" y="{y + 1}" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{x + 22}" y="{y + 12}" class="chart-legend">{escape(_short(name, 22))}</text>')
        x += 40 + 7 * min(len(str(name)), 22)
    return parts


def lines(chart_id: str, x_labels: list[str], series: list[tuple[str, list[int]]], *, title: str, desc: str,
          empty: str) -> str:
    """A line per series over the x labels (weeks); colour and dash pattern both tell them apart."""
    if not x_labels or not series:
        return _empty(chart_id, title, desc, empty)
    width, height, left, right, bottom = LINE_WIDTH, 320, 48, 40, 40
    top_pad = 20 + 18 * ((len(series) + 3) // 4)
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    peak = max((v for _n, values in series for v in values), default=0)
    tick = max(1, math.ceil(peak / 4))  # whole units per grid line: counts are never fractional
    top = tick * 4
    step = plot_w / max(len(x_labels) - 1, 1)
    parts = _open(chart_id, title, desc, height, width)
    for k, (name, _values) in enumerate(series):  # legend, four per row
        lx, ly = left + (k % 4) * 230, 4 + (k // 4) * 18
        color, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        parts.append(f'<line x1="{lx}" y1="{ly + 7}" x2="{lx + 18}" y2="{ly + 7}" stroke="{color}" stroke-width="3" '
                     f'stroke-dasharray="{dash}"/>')
        parts.append(f'<text x="{lx + 22}" y="{ly + 12}" class="chart-legend">{escape(_short(name, 30))}</text>')
    for i in range(5):  # horizontal grid with counts
        y = top_pad + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" class="chart-grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart-axis">{tick * i}</text>')
    every = max(1, math.ceil(len(x_labels) / 12))
    for i, label in enumerate(x_labels):
        if i % every == 0:
            parts.append(f'<text x="{left + i * step:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                         f'class="chart-axis">{escape(label)}</text>')
    for k, (name, values) in enumerate(series):
        color, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        points = " ".join(f"{left + i * step:.1f},{top_pad + plot_h - plot_h * v / top:.1f}"
                          for i, v in enumerate(values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2.5" '
                     f'stroke-dasharray="{dash}"><title>{escape(name)}</title></polyline>')
        for i, v in enumerate(values):
            parts.append(f'<circle cx="{left + i * step:.1f}" cy="{top_pad + plot_h - plot_h * v / top:.1f}" r="3" '
                         f'fill="{color}"><title>{escape(name)}, {escape(x_labels[i])}: {v}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
