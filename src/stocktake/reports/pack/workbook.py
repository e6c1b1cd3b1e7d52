"""The pack's workbook: the same content as the PDF, as marked, printable sheets.

The sheets are Stocktake's owned-sheet kind (:class:`SheetContent`), so they get the same
page setup, print titles, number formats, wrapping and markings as the analysis sheets,
and the charts are the same native charts (the matrix as a bubble chart), each with the
PDF figure's alt text as its ``descr``.
"""

from __future__ import annotations

from stocktake.excel.writer import ChartBlock, ChartSpec, SavePlan, SeriesSpec, SheetContent
from stocktake.model import markings
from stocktake.reports.chart_blocks import matrix_block, metric_block
from stocktake.reports.chart_thinning import THINNED_AXIS
from stocktake.reports.pack.content import PackContent
from stocktake.reports.pack.contribution_chart import contribution_block
from stocktake.reports.pack.health_sheets import health_sheets, place_block
from stocktake.reports.pack.html import robustness_words

COVER_SHEET = "Cover"


def cover_lines(c: PackContent) -> list[str]:
    lines = [
        c.title + (" (public version)" if c.public else ""),
        "For the mission board",
        f"Date: {c.made.isoformat()}",
        f"Classification: {markings.marking_line(c.classification)}",
        f"Version: {c.version or '1'}",
        f"Balance used: {c.balance:.2f}; optimal portfolio: {c.summary}",
    ]
    if c.public:
        n = sum(1 for w in c.withheld if w.kind == "initiative")
        lines.append(f"{n} item{'s' if n != 1 else ''} withheld. {c.withheld_rule}")
    return lines


def pack_plan(c: PackContent) -> SavePlan:
    """The owned sheets and chart blocks of the pack workbook."""
    cls = c.classification
    scores = SheetContent(
        "Scores",
        (
            "Initiative ID",
            "Initiative",
            "Rank",
            "Near-term value",
            "Long-term value",
            "Overall value",
            "Total cost (£m)",
            "Quadrant",
            "Optimal portfolio",
        ),
        [
            [
                p.id,
                p.name,
                p.rank,
                round(p.near_term, 2),
                round(p.long_term, 2),
                round(p.overall, 2),
                round(p.cost, 2),
                p.quadrant,
                "In" if p.chosen else "Out",
            ]
            for p in c.points
        ],
        widths=[14, 44, 8, 12, 12, 12, 12, 22, 10],
        decimals=(3, 4, 5, 6),
        classification=cls,
        repeat_columns=2,
    )
    portfolio_rows: list[list[object]] = [["Year", "Spend (£m)", "Envelope (£m)"]]
    portfolio_rows += [[y, s, e] for y, s, e in c.years]
    portfolio_rows += [[], ["What binds"]]
    portfolio_rows += [[b] for b in c.binding]
    portfolio = SheetContent(
        "Portfolio",
        ("Summary", "", ""),
        [[c.summary, "", ""], [], *portfolio_rows],
        widths=[60, 14, 14],
        classification=cls,
        bold_rows=(2,),
    )
    robust = SheetContent(
        "Robustness",
        ("Initiative ID", "Initiative", "Share of draws", "In words"),
        [
            [p.id, p.name, round(p.robust_share, 3), robustness_words(p.robust_share)]
            for p in c.points
            if p.chosen
        ],
        widths=[14, 44, 12, 50],
        decimals=(2,),
        classification=cls,
        repeat_columns=2,
    )
    log = SheetContent(
        "Decision log",
        ("Decision ID", "Initiative ID", "Decision", "Rationale", "Owner", "Meeting"),
        [
            [d.decision_id, d.initiative_id, d.decision.value, d.rationale, d.owner, d.meeting]
            for d in c.decisions
        ],
        widths=[12, 12, 12, 50, 16, 16],
        classification=cls,
    )
    method = SheetContent(
        "Method",
        ("Criterion ID", "Criterion", "Horizon", "Weight"),
        [[i, n, h, w] for i, n, h, w in c.criteria]
        + [
            [],
            ["Balance", c.balance],
            ["Near-term cut line", c.cuts.near_term],
            ["Long-term cut line", c.cuts.long_term],
            ["Overall value", "balance × near-term + (1 - balance) × long-term"],
        ]
        + ([["Public version", c.withheld_rule]] if c.public else []),
        widths=[20, 60, 14, 10],
        classification=cls,
    )
    return SavePlan(
        owned=[scores, portfolio, robust, *health_sheets(c.health, cls), log, method],
        chart_blocks=_blocks(c),
        charts_classification=cls,
    )


def _blocks(c: PackContent) -> list[ChartBlock]:
    points = [(p.id, p.near_term, p.long_term, p.cost, p.quadrant) for p in c.points]
    blocks = [matrix_block(points, c.cuts, c.matrix_alt)]
    if c.frontier:
        blocks.append(
            ChartBlock(
                "Efficient frontier",
                ("Envelope scale", "Envelope (£m)", "Optimal value", "Greedy value"),
                [
                    [s, round(e, 2), None if v is None else round(v, 2), round(g, 2)]
                    for s, e, v, g in c.frontier
                ],
                ChartSpec(
                    "line",
                    "Efficient frontier",
                    "Envelope, all years (£m)",
                    "Portfolio value",
                    [
                        SeriesSpec("Optimal portfolio", 1, 2),
                        SeriesSpec("Greedy order of buy", 1, 3),
                    ],
                    description=c.frontier_alt,
                ),
            )
        )
    if c.health is not None and c.health.sectors:
        blocks.append(contribution_block(c.health.sectors))
    if c.health is not None and c.health.places:
        blocks.append(place_block(c.health))
    for m in c.metrics:
        block = metric_block(m.id, m.name, m.unit, m.readings, m.alt)
        if m.thinned and block.chart is not None:  # said on the chart, as in the PDF
            block.chart.x_title = THINNED_AXIS
        blocks.append(block)
    return blocks
