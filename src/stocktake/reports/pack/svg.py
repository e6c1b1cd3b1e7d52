"""The pack's charts as small vector SVG documents (the PDF embeds them as figures).

Written by hand, deliberately: the three chart shapes the pack needs (a bubble matrix,
a line over numbers, a line over dates) take a few dozen lines of SVG, while matplotlib
would add tens of megabytes to the Windows bundle for them. Text is real SVG text, so
it stays sharp and searchable; the figure's alt text is given by the HTML around it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape

from stocktake.engine.matrix import QUADRANT_ORDER, CutLines
from stocktake.model.colours import GAF, INK, NEUTRAL

W, H = 640, 420
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 36, 84


def _doc(title: str, body: list[str], height: int = H) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" '
        f'viewBox="0 0 {W} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">'
        f'<rect width="{W}" height="{height}" fill="white"/>'
        f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold" '
        f'fill="{INK}">{escape(title)}</text>' + "".join(body) + "</svg>"
    )


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step) + 1)]


def _frame(
    x_title: str, y_title: str, xs: list[tuple[float, str]], ys: list[tuple[float, str]]
) -> list[str]:
    """Axes, gridlines and tick labels; ``xs``/``ys`` are (pixel, label) pairs."""
    x0, x1, y0, y1 = LEFT, W - RIGHT, H - BOTTOM, TOP
    out = [
        f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="none" '
        f'stroke="{NEUTRAL}"/>'
    ]
    for px, label in xs:
        out.append(f'<text x="{px:.1f}" y="{y0 + 14}" text-anchor="middle">{escape(label)}</text>')
    for py, label in ys:
        out.append(f'<line x1="{x0}" x2="{x1}" y1="{py:.1f}" y2="{py:.1f}" stroke="#E5E5E5"/>')
        out.append(f'<text x="{x0 - 6}" y="{py + 4:.1f}" text-anchor="end">{escape(label)}</text>')
    out.append(
        f'<text x="{(x0 + x1) / 2}" y="{y0 + 32}" text-anchor="middle">{escape(x_title)}</text>'
    )
    out.append(
        f'<text transform="translate(16 {(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">'
        f"{escape(y_title)}</text>"
    )
    return out


def _legend(items: Sequence[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    x = float(LEFT)
    for name, colour in items:
        out.append(f'<circle cx="{x + 5}" cy="{H - 20}" r="5" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{H - 16}">{escape(name)}</text>')
        x += 22 + 6.2 * len(name)
    return out


def matrix_svg(points: Sequence[tuple[float, float, float, str]], cuts: CutLines) -> str:
    """Near-term (x) against long-term (y), 0-100, bubble area proportional to cost,
    coloured by quadrant, with the cut lines drawn as the quadrant lines."""
    x0, x1, y0, y1 = LEFT, W - RIGHT, H - BOTTOM, TOP

    def px(v: float) -> float:
        return x0 + (x1 - x0) * min(max(v, 0.0), 100.0) / 100

    def py(v: float) -> float:
        return y0 - (y0 - y1) * min(max(v, 0.0), 100.0) / 100

    ticks = [0, 20, 40, 60, 80, 100]
    body = _frame(
        "Near-term (milestone) value",
        "Long-term (ambition) value",
        [(px(t), str(t)) for t in ticks],
        [(py(t), str(t)) for t in ticks],
    )
    colour = {q.value: GAF[k] for k, q in enumerate(QUADRANT_ORDER)}
    biggest = max(max((p[2] for p in points), default=1.0), 1e-9)
    for n, lt, cost, quad in sorted(points, key=lambda p: -p[2]):  # small bubbles on top
        r = 3 + 17 * math.sqrt(max(cost, 0.0) / biggest)  # area proportional to cost
        body.append(
            f'<circle cx="{px(n):.1f}" cy="{py(lt):.1f}" r="{r:.1f}" fill="{colour[quad]}" '
            f'fill-opacity="0.7" stroke="white" stroke-width="0.8"/>'
        )
    body.append(
        f'<line x1="{px(cuts.near_term):.1f}" x2="{px(cuts.near_term):.1f}" y1="{y1}" '
        f'y2="{y0}" stroke="{INK}" stroke-dasharray="5 3"/>'
    )
    body.append(
        f'<line x1="{x0}" x2="{x1}" y1="{py(cuts.long_term):.1f}" y2="{py(cuts.long_term):.1f}" '
        f'stroke="{INK}" stroke-dasharray="5 3"/>'
    )
    body += _legend([(q.value, colour[q.value]) for q in QUADRANT_ORDER])
    return _doc("Ruthless-choice matrix", body)


def line_svg(
    title: str,
    x_title: str,
    y_title: str,
    series: Sequence[tuple[str, Sequence[tuple[float | dt.date, float]]]],
    target: float | None = None,
    *,
    target_date: dt.date | None = None,
) -> str:
    """Lines with markers; x values are numbers or dates (spaced truly in time); the
    target as a dashed horizontal line and, with dates, its date as a vertical one."""

    def num(x: float | dt.date) -> float:
        return float(x.toordinal()) if isinstance(x, dt.date) else float(x)

    pts = [p for _, s in series for p in s]
    if not pts:
        return _doc(title, [f'<text x="{W / 2}" y="{H / 2}" text-anchor="middle">No data</text>'])
    xs = [num(p[0]) for p in pts]
    ys = [p[1] for p in pts] + ([target] if target is not None else [])
    xlo, xhi = min(xs), max(xs)
    ylo, yhi = min(0.0, *ys), max(ys)
    xhi = xhi if xhi > xlo else xlo + 1
    yhi = yhi if yhi > ylo else ylo + 1
    x0, x1, y0, y1 = LEFT, W - RIGHT, H - BOTTOM, TOP

    def px(v: float) -> float:
        return x0 + (x1 - x0) * (v - xlo) / (xhi - xlo)

    def py(v: float) -> float:
        return y0 - (y0 - y1) * (v - ylo) / (yhi - ylo)

    dates = isinstance(pts[0][0], dt.date)
    xt = _ticks(xlo, xhi)
    xlabels = [
        (px(t), dt.date.fromordinal(int(t)).strftime("%b %Y") if dates else f"{t:,.0f}")
        for t in xt
        if xlo <= t <= xhi
    ]
    body = _frame(x_title, y_title, xlabels, [(py(t), f"{t:,.4g}") for t in _ticks(ylo, yhi)])
    legend = []
    for k, (name, s) in enumerate(series):
        colour = GAF[k % len(GAF)]
        coords = " ".join(f"{px(num(x)):.1f},{py(y):.1f}" for x, y in s)
        body.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body += [
            f'<circle cx="{px(num(x)):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>' for x, y in s
        ]
        legend.append((name, colour))
    if target is not None:
        body.append(
            f'<line x1="{x0}" x2="{x1}" y1="{py(target):.1f}" y2="{py(target):.1f}" '
            f'stroke="{INK}" stroke-dasharray="6 3"/>'
        )
        legend.append((f"Target {target:,.4g}", INK))
    if target_date is not None and xlo <= num(target_date) <= xhi:
        x = px(num(target_date))
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y0}" y2="{y1}" stroke="{INK}" '
            'stroke-dasharray="2 3"/>'
        )
        legend.append((f"Target date {target_date.strftime('%b %Y')}", INK))
    body += _legend(legend)
    return _doc(title, body)


BAR = 22
"""Pixels per bar of a bar chart: the chart grows with its bars, so labels never crowd."""


def bar_svg(title: str, x_title: str, bars: Sequence[tuple[str, float, str]]) -> str:
    """Horizontal bars, one per (label, value, value label), in the given order, each
    bar's value written at its end (so the figure is read by words, not only length)."""
    label_w = 190
    x0, x1 = label_w, W - 90
    height = TOP + 12 + BAR * max(len(bars), 1) + 40
    hi = max((v for _l, v, _t in bars), default=0.0) or 1.0
    body = []
    for k, (label, value, text) in enumerate(bars):
        y = TOP + 12 + k * BAR
        width = (x1 - x0) * max(value, 0.0) / hi
        short = label if len(label) <= 30 else label[:29] + "…"
        body.append(
            f'<text x="{x0 - 6}" y="{y + BAR / 2 + 4:.1f}" text-anchor="end">{escape(short)}</text>'
        )
        body.append(
            f'<rect x="{x0}" y="{y + 3}" width="{width:.1f}" height="{BAR - 6}" fill="{GAF[0]}"/>'
        )
        end = x0 + width + 4
        body.append(f'<text x="{end:.1f}" y="{y + BAR / 2 + 4:.1f}">{escape(text)}</text>')
    axis_y = TOP + 12 + BAR * max(len(bars), 1)
    body.append(f'<line x1="{x0}" x2="{x0}" y1="{TOP + 12}" y2="{axis_y}" stroke="{NEUTRAL}"/>')
    body.append(
        f'<text x="{(x0 + x1) / 2}" y="{axis_y + 24}" text-anchor="middle">{escape(x_title)}</text>'
    )
    return _doc(title, body, height)


GROUP_BAR = 15
"""Pixels per bar of a grouped bar chart (bars are many, each labelled in words)."""


def grouped_bar_svg(
    title: str,
    x_title: str,
    groups: Sequence[tuple[str, Sequence[tuple[str, float, str]]]],
    colours: dict[str, str],
) -> str:
    """Horizontal bars in groups: each group's name as a heading, then one bar per
    (label, value, value label) with its label before it and its value after it, so
    the figure reads in words; ``colours`` (by label) tell the bars apart, never alone."""
    label_w = 170
    x0, x1 = label_w, W - 60
    rows = sum(len(bars) for _g, bars in groups)
    height = TOP + 12 + GROUP_BAR * (rows + len(groups)) + 40
    hi = max((v for _g, bars in groups for _l, v, _t in bars), default=0.0) or 1.0
    body = []
    y = TOP + 12
    for name, bars in groups:
        short = name if len(name) <= 90 else name[:89] + "…"
        body.append(
            f'<text x="8" y="{y + GROUP_BAR - 4:.1f}" font-weight="bold">{escape(short)}</text>'
        )
        y += GROUP_BAR
        body.append(  # the axis beside this group's bars, clear of its heading
            f'<line x1="{x0}" x2="{x0}" y1="{y}" y2="{y + GROUP_BAR * len(bars)}" '
            f'stroke="{NEUTRAL}"/>'
        )
        for label, value, text in bars:
            width = (x1 - x0) * max(value, 0.0) / hi
            colour = colours.get(label, NEUTRAL)
            body.append(
                f'<text x="{x0 - 6}" y="{y + GROUP_BAR / 2 + 4:.1f}" text-anchor="end">'
                f"{escape(label)}</text>"
            )
            body.append(
                f'<rect x="{x0}" y="{y + 2}" width="{width:.1f}" height="{GROUP_BAR - 4}" '
                f'fill="{colour}"/>'
            )
            body.append(
                f'<text x="{x0 + width + 4:.1f}" y="{y + GROUP_BAR / 2 + 4:.1f}">'
                f"{escape(text)}</text>"
            )
            y += GROUP_BAR
    body.append(
        f'<text x="{(x0 + x1) / 2}" y="{y + 24}" text-anchor="middle">{escape(x_title)}</text>'
    )
    return _doc(title, body, height)
