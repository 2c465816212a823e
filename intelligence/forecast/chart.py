"""The shift-plan chart as server-rendered SVG (presentation attributes only: the CSP allows no inline
script or style): forecast units with their interval as a band, inspectors needed as a step line."""
from django.utils.html import escape
from django.utils.safestring import mark_safe

W, H, LEFT, RIGHT, TOP, BOTTOM = 1000, 300, 56, 56, 16, 40


def shift_chart(plan, chart_id: str = "shift-plan") -> str:
    title = "Returns forecast and inspectors needed, next 8 weeks"
    desc = ("Forecast units per day (line) with the 80% interval (band); inspectors needed per day "
            "(dashed steps, right axis).")
    head = (f'<svg class="chart" viewBox="0 0 {W} {H}" width="100%" role="img" aria-labelledby="{chart_id}-t '
            f'{chart_id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(title)}</title>'
            f'<desc id="{chart_id}-d">{escape(desc)}</desc>')
    if not plan:
        return mark_safe(head + f'<text x="{W / 2}" y="40" text-anchor="middle" class="chart-empty">'
                                'No return history to forecast from yet.</text></svg>')
    top_units = max(p.upper for p in plan) or 1
    top_people = max(max(p.inspectors for p in plan), 1)
    span_x, span_y = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(i):
        return LEFT + span_x * i / max(len(plan) - 1, 1)

    def y_units(v):
        return TOP + span_y * (1 - v / top_units)

    def y_people(v):
        return TOP + span_y * (1 - v / (top_people * 1.15))

    band = [f"{x(i):.1f},{y_units(p.upper):.1f}" for i, p in enumerate(plan)]
    band += [f"{x(i):.1f},{y_units(p.lower):.1f}" for i, p in reversed(list(enumerate(plan)))]
    line = " ".join(f"{x(i):.1f},{y_units(p.units):.1f}" for i, p in enumerate(plan))
    steps = []
    for i, p in enumerate(plan):
        steps += [f"{x(i):.1f},{y_people(p.inspectors):.1f}", f"{x(i + 1 if i + 1 < len(plan) else i):.1f},"
                                                              f"{y_people(p.inspectors):.1f}"]
    parts = [head,
             f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" stroke="#57606a"/>',
             f'<polygon points="{" ".join(band)}" fill="#0b5cad" fill-opacity="0.18" stroke="none"/>',
             f'<polyline points="{line}" fill="none" stroke="#0b5cad" stroke-width="2"/>',
             f'<polyline points="{" ".join(steps)}" fill="none" stroke="#c2540a" stroke-width="2" '
             'stroke-dasharray="6 3"/>',
             f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" class="chart-label">{top_units:.0f}</text>',
             f'<text x="{LEFT - 6}" y="{H - BOTTOM}" text-anchor="end" class="chart-label">0</text>',
             f'<text x="{W - RIGHT + 6}" y="{y_people(top_people):.1f}" class="chart-label">{top_people} insp.</text>']
    for i in range(0, len(plan), 7):
        parts.append(f'<text x="{x(i):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle" class="chart-label">'
                     f'{plan[i].day:%d %b}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
