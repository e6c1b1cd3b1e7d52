"""The pack as one HTML document, for WeasyPrint to print as a tagged PDF/UA-1.

Why HTML: headings, real tables with header cells, figures with alt text and the
reading order all come from the document's structure, which WeasyPrint turns into the
PDF's structure tree; hand-drawn pages would need every tag placed by hand. The marking
and its caveat are in the page's top and bottom margin boxes, so every page has them.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from stocktake.model import colours, markings
from stocktake.model.colours import STATUS_INK
from stocktake.reports.chart_thinning import THINNED_AXIS
from stocktake.reports.pack import svg
from stocktake.reports.pack.content import PackContent


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def money(value: float | None) -> str:
    return "-" if value is None else f"£{value:,.1f}m"


def num(value: float | None, places: int = 1) -> str:
    return "-" if value is None else f"{value:,.{places}f}"


def _table(
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] = (),
) -> str:
    """A real table: caption, header cells with scope, one row per record. ``widths``
    (percent) fix the columns, so WeasyPrint need not measure every cell (a third faster
    on the sample); without them the columns share the width equally."""
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    if not body:
        body = f'<tr><td colspan="{len(headers)}">None.</td></tr>'
    return (
        f"<table><caption>{_e(caption)}</caption><colgroup>{cols}</colgroup>"
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


PDF_ROWS = 150
"""The most rows a per-initiative table prints: a board reads the top of a long list,
and 2,000 rows would be a hundred pages; the pack's workbook always has them all."""


def _capped_table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    latest: bool = False,
) -> tuple[str, Sequence[str], Sequence[Sequence[object]]]:
    """Caption, headers and at most PDF_ROWS rows, the first (or with ``latest`` the
    last); the caption says what was left to the workbook."""
    if len(rows) <= PDF_ROWS:
        return caption, headers, rows
    which = "latest" if latest else "first"
    return (
        f"{caption}: the {which} {PDF_ROWS} of {len(rows)} (all are in the pack's workbook)",
        headers,
        rows[-PDF_ROWS:] if latest else rows[:PDF_ROWS],
    )


def _figure(svg_text: str, alt: str, caption: str) -> str:
    data = base64.b64encode(svg_text.encode("utf-8")).decode("ascii")
    return (
        f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{_e(alt)}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _css(level: str) -> str:
    line = markings.marking_line(level).replace('"', "'")
    return f"""
@page {{ size: A4; margin: 22mm 16mm 22mm 16mm;
  @top-center {{ content: "{level}"; font: bold 10pt "DejaVu Sans"; }}
  @bottom-left {{ content: "{line}"; font: 7.5pt "DejaVu Sans"; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: 8pt "DejaVu Sans"; }}
}}
@page wide {{ size: A4 landscape; }}
section.wide {{ page: wide; }}
body {{ font: 9.5pt/1.35 "DejaVu Sans", sans-serif; color: #0B0C0C; }}
h1 {{ font-size: 22pt; margin: 40mm 0 6mm; }}
h2 {{ font-size: 14pt; break-before: page; border-bottom: 2px solid #12436D; }}
h3 {{ font-size: 11pt; margin-top: 8mm; break-after: avoid; }}
caption {{ break-after: avoid; }}
table {{ table-layout: fixed; border-collapse: collapse; width: 100%; margin: 3mm 0;
  font-size: 8.5pt; }}
caption {{ text-align: left; font-weight: bold; padding: 1mm 0; }}
th, td {{ border: 0.5pt solid #BFBFBF; padding: 1mm 1.5mm; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }}
thead {{ display: table-header-group; }}
th {{ background: #E8EEF4; }}
tr {{ break-inside: avoid; }}
figure {{ break-inside: avoid; margin: 4mm 0; }}
figure img {{ width: 100%; }}
figcaption {{ font-size: 8.5pt; color: #3D3D3D; }}
.cover dt {{ font-weight: bold; margin-top: 3mm; }}
.withheld {{ border: 1.5pt solid #801650; padding: 2mm 3mm; }}
"""


def pack_html(c: PackContent) -> str:
    """The whole pack: cover, summary, matrix, portfolio and frontier, robustness,
    metrics, mission health (critical success factors, contribution map, test and learn,
    place), decision log, actions and minutes, and the method annex."""
    names = c.names
    parts = [_cover(c), _summary(c, names), _matrix(c), _portfolio(c, names), _robustness(c)]
    from stocktake.reports.pack.health_html import health_sections  # it uses this module

    parts += [_metrics(c), health_sections(c.health), _log(c), _meeting(c), _method(c)]
    title = f"{c.title}{' (public version)' if c.public else ''}"
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title>"
        f'<meta name="description" content="{_e(c.classification)}">'
        f'<meta name="author" content="Stocktake">'
        f"<style>{_css(c.classification)}</style></head><body>{''.join(parts)}</body></html>"
    )


def _withheld_note(c: PackContent) -> str:
    if not c.public:
        return ""
    n = sum(1 for w in c.withheld if w.kind == "initiative")
    others = len(c.withheld) - n
    extra = f", with {others} related record{'s' if others != 1 else ''}" if others else ""
    return (
        f'<p class="withheld"><strong>{n} item{"s" if n != 1 else ""} withheld</strong> '
        f"from this public version{extra}. {_e(c.withheld_rule)}</p>"
    )


def _cover(c: PackContent) -> str:
    return (
        f'<section class="cover"><h1>{_e(c.title)}</h1><dl>'
        f"<dt>For</dt><dd>The mission board</dd>"
        f"<dt>Date</dt><dd>{c.made.strftime('%d %B %Y')}</dd>"
        f"<dt>Classification</dt><dd>{_e(markings.marking_line(c.classification))}</dd>"
        f"<dt>Version</dt><dd>{_e(c.version or '1')}"
        f"{' (public version)' if c.public else ''}</dd>"
        f"<dt>Source</dt><dd>{_e(c.source)}</dd></dl>{_withheld_note(c)}</section>"
    )


def _summary(c: PackContent, names: dict[str, str]) -> str:
    taken = [
        (d.initiative_id, names.get(d.initiative_id, ""), d.decision.value, d.rationale)
        for d in c.in_force().values()
    ]
    proposed = [
        (p.id, p.name, p.quadrant, money(p.cost), "Left out by the optimal portfolio")
        for p in c.proposed()
    ]
    since = [
        (d.decision_id, d.initiative_id, d.decision.value, d.rationale) for d in c.since_last_time()
    ]
    return (
        f"<section><h2>Summary</h2>{_withheld_note(c)}"
        f"<p>The balance used is {c.balance:.2f} (the weight on near-term milestone value; "
        f"{1 - c.balance:.2f} on long-term ambition). The optimal portfolio chooses "
        f"{sum(p.chosen for p in c.points)} of {len(c.points)} initiatives: {_e(c.summary)}</p>"
        + _table(
            "The portfolio against each year's envelope",
            ("Year", "Spend", "Envelope", "Left"),
            [
                (y, money(s), money(e), money(None if e is None else e - (s or 0.0)))
                for y, s, e in c.years
            ],
        )
        + _table(
            *_capped_table(
                "Decisions taken (in force)", ("ID", "Initiative", "Decision", "Rationale"), taken
            ),
            (10, 35, 12, 43),
        )
        + _table(
            "Proposed for decision",
            ("ID", "Initiative", "Quadrant", "Cost", "Why"),
            proposed,
            (10, 38, 18, 10, 24),
        )
        + _table(
            f"What changed since last time (decisions at {c.latest_meeting() or 'no meeting'})",
            ("Decision", "Initiative", "Decision", "Rationale"),
            since,
            (13, 12, 12, 63),
        )
        + "</section>"
    )


def _matrix(c: PackContent) -> str:
    pts = [(p.near_term, p.long_term, p.cost, p.quadrant) for p in c.points]
    return (
        "<section><h2>The ruthless-choice matrix</h2>"
        + _figure(
            svg.matrix_svg(pts, c.cuts),
            c.matrix_alt,
            f"Bubble area is total cost. Cut lines at near-term {c.cuts.near_term:g} and "
            f"long-term {c.cuts.long_term:g}.",
        )
        + _table(
            *_capped_table(
                "Initiatives by rank",
                (
                    "Rank",
                    "ID",
                    "Initiative",
                    "Near-term",
                    "Long-term",
                    "Overall",
                    "Cost",
                    "Quadrant",
                ),
                [
                    (
                        p.rank,
                        p.id,
                        p.name,
                        num(p.near_term),
                        num(p.long_term),
                        num(p.overall),
                        money(p.cost),
                        p.quadrant,
                    )
                    for p in c.points
                ],
            ),
            (6, 8, 31, 9, 9, 10, 10, 17),
        )
        + "</section>"
    )


def _portfolio(c: PackContent, names: dict[str, str]) -> str:
    front = [(e, v) for _s, e, v, _g in c.frontier if v is not None]
    greedy = [(e, g) for _s, e, _v, g in c.frontier]
    figure = (
        _figure(
            svg.line_svg(
                "Efficient frontier",
                "Envelope, all years (£m)",
                "Portfolio value",
                [("Optimal portfolio", front), ("Greedy order of buy", greedy)],
            ),
            c.frontier_alt,
            "Best value at each envelope level, against buying down the value-for-money list.",
        )
        if front
        else f"<p>{_e(c.frontier_alt)}</p>"
    )
    return (
        "<section><h2>The portfolio and the frontier</h2>"
        + _table(
            *_capped_table(
                "Chosen initiatives",
                ("ID", "Initiative", "Cost", "Quadrant"),
                [(p.id, p.name, money(p.cost), p.quadrant) for p in c.points if p.chosen],
            ),
            (10, 55, 12, 23),
        )
        + _table("What binds", ("Constraint",), [(b,) for b in c.binding])
        + figure
        + "</section>"
    )


def robustness_words(share: float) -> str:
    if share >= 0.9:
        return "robust: the choice holds under almost any reasonable weights"
    if share >= 0.6:
        return "fairly robust: it holds under most weights"
    if share >= 0.3:
        return "sensitive to the weights: a different view of the criteria could change it"
    return "fragile: under most weights it would not be chosen"


def _robustness(c: PackContent) -> str:
    u = c.uncertainty
    rows = [
        (p.id, p.name, f"{p.robust_share:.0%}", robustness_words(p.robust_share))
        for p in c.points
        if p.chosen
    ]
    return (
        "<section><h2>How robust each choice is</h2>"
        f"<p>Each criterion weight was varied by up to ±{u.weight_range:.0%} in {u.draws:,} "
        f"random draws; the share is how often the initiative stayed among the top "
        f"{sum(p.chosen for p in c.points)} by overall value.</p>"
        + _table(
            *_capped_table(
                "Robustness of the chosen initiatives",
                ("ID", "Initiative", "Share", "In words"),
                rows,
            ),
            (10, 38, 8, 44),
        )
        + "</section>"
    )


def _metrics(c: PackContent) -> str:
    """Trajectories: each metric against its planned path and target, with its status in
    words (coloured too, never colour alone) and the reason."""
    figs = []
    for m in c.metrics:
        series = []
        for kind in ("Actual", "Forecast", "Trajectory"):
            pts = [(d, v) for d, v, k in m.readings if k == kind]
            if pts:
                series.append((kind, pts))
        ink = STATUS_INK.get(m.status, colours.INK)
        status = (
            f' <span class="status" style="color:{ink}">({_e(m.status)})</span>' if m.status else ""
        )
        reason = f"<p>{_e(m.reason[0].upper() + m.reason[1:])}</p>" if m.reason else ""
        figs.append(
            f"<h3>{_e(m.id)}: {_e(m.name)}{status}</h3>{reason}"
            + _figure(
                svg.line_svg(
                    m.name,
                    THINNED_AXIS if m.thinned else "Date",
                    m.unit,
                    series,
                    m.target,
                    target_date=m.target_date,
                ),
                m.alt,
                m.alt,
            )
        )
    body = "".join(figs) or "<p>No metric has readings yet.</p>"
    return (
        "<section><h2>Trajectories: metrics against their targets</h2>"
        "<p>Each metric is judged by the worse of two gaps, each a share of the whole "
        "planned change: how far the latest actual is behind the planned trajectory on its "
        "date, and how far the trend of the latest actuals, carried to the target date, "
        "falls short of the target. Up to 5% is on track, up to 15% at risk, beyond that "
        "off track (the workbook's settings may change these).</p>"
        f"{body}</section>"
    )


def _log(c: PackContent) -> str:
    rows = [
        (
            d.decision_id,
            d.initiative_id,
            d.decision.value,
            d.rationale,
            d.owner,
            d.meeting,
            d.review_date.isoformat() if d.review_date else "",
        )
        for d in c.decisions
    ]
    return (
        "<section><h2>Decision log</h2>"
        + _table(
            *_capped_table(
                "Every decision recorded, oldest first",
                ("ID", "Initiative", "Decision", "Rationale", "Owner", "Meeting", "Review"),
                rows,
                latest=True,
            ),
            (9, 9, 10, 36, 12, 13, 11),
        )
        + "</section>"
    )


def _meeting(c: PackContent) -> str:
    minutes = "".join(f"<p>{_e(m)}</p>" for m in c.minutes) or (
        "<p>No minutes have been recorded for this meeting.</p>"
    )
    return (
        "<section><h2>Actions and minutes</h2>"
        + _table("Actions", ("Action", "Owner", "Due"), c.actions)
        + f"<h3>Minutes</h3>{minutes}</section>"
    )


def _method(c: PackContent) -> str:
    u = c.uncertainty
    return (
        "<section><h2>Annex: method</h2>"
        "<p>Each initiative's near-term value is the weighted mean of its milestone "
        "criterion scores, and its long-term value that of its ambition criteria, each "
        "rescaled to 0-100 on the criterion's own scale. Overall value = balance × "
        "near-term + (1 - balance) × long-term. The optimal portfolio maximises the sum of "
        "overall values within each year's envelope and the other constraints (an exact "
        "integer programme); the frontier repeats that with every envelope scaled.</p>"
        f"<p>Balance: {c.balance:.2f}. Cut lines: near-term {c.cuts.near_term:g}, long-term "
        f"{c.cuts.long_term:g}; an initiative on a line counts as high.</p>"
        + _table(
            "Criteria and weights",
            ("ID", "Criterion", "Horizon", "Weight"),
            [(i, n, h, f"{w:g}") for i, n, h, w in c.criteria],
            (10, 60, 18, 12),
        )
        + f"<p>Sensitivity: weights varied by ±{u.weight_range:.0%} in {u.draws:,} draws "
        f"(seed {u.seed}), so the robustness shares can be reproduced.</p>"
        + (f"<p>Public version: {_e(c.withheld_rule)}</p>" if c.public else "")
        + "</section>"
    )
