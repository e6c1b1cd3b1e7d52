"""The pack workbook's mission-health sheets: the same rows as the PDF's sections, every
row (the PDF caps long tables and long lists of names; the workbook never does)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from stocktake.excel.writer import ChartBlock, ChartSpec, SeriesSpec, SheetContent
from stocktake.reports.pack.health import (
    PLAN_HEADERS,
    PUBLIC_COUNTS,
    PUBLIC_EVIDENCE,
    HealthPack,
    place_alt,
    places_by_cost,
)


def _with(
    rows: Iterable[Sequence[object]], tail: Sequence[Sequence[object]]
) -> list[Sequence[object]]:
    """The records, then a note under them (a public pack's caveat)."""
    return [*rows, *tail]


def health_sheets(h: HealthPack | None, classification: str) -> list[SheetContent]:
    """Success factors, Contribution map, Milestone partners, Test and learn, Evaluation
    plans and Place (none when the pack was built without mission health)."""
    if h is None:
        return []
    note = [[], [PUBLIC_COUNTS]] if h.public else []
    factor_headers = ("Mission", "Factor", "Latest rating", "Trend", "Assessed")
    factors = SheetContent(
        "Success factors",
        factor_headers if h.public else (*factor_headers, "Evidence"),
        _with(
            (
                [f.mission, f.factor, f.rating, f.trend, f.assessed]
                + ([] if h.public else [f.evidence])
                for f in h.factors
            ),
            [[], [PUBLIC_EVIDENCE]] if h.public else [],
        ),
        widths=[30, 40, 22, 26, 12, 60][: 5 if h.public else 6],
        classification=classification,
    )
    contributions = SheetContent(
        "Contribution map",
        ("Mission", "Sector", "Organisation"),
        _with(([s.mission, s.sector, org] for s in h.sectors for org in s.organisations), note),
        widths=[30, 22, 50],
        classification=classification,
    )
    milestones = SheetContent(
        "Milestone partners",
        ("Milestone ID", "Mission", "Milestone", "Delivery partners", "Gap"),
        _with(
            (
                [m.milestone_id, m.mission, m.milestone, "; ".join(m.partners), m.gap]
                for m in h.milestones
            ),
            note,
        ),
        widths=[12, 30, 50, 50, 50],
        classification=classification,
    )
    stages = SheetContent(
        "Test and learn",
        ("Stage", "Initiatives", "Time in stage"),
        _with(([s.stage, s.count, s.time_in_stage] for s in h.stages), note),
        widths=[22, 12, 60],
        classification=classification,
    )
    plans = SheetContent(
        "Evaluation plans",
        PLAN_HEADERS,
        [list(p.cells()) for p in h.plans],
        widths=[12, 36, 12, 44, 24, 20, 12, 36, 14, 36],
        classification=classification,
        repeat_columns=2,
    )
    places = SheetContent(
        "Place",
        ("Place", "Initiatives", "Missions", "Cost £m (all years)", "In test or learn"),
        _with(
            (
                [p.place, p.initiatives, p.missions, round(p.cost, 2), p.in_test_or_learn]
                for p in h.places
            ),
            note,
        ),
        widths=[30, 12, 12, 18, 16],
        decimals=(3,),
        classification=classification,
    )
    return [factors, contributions, milestones, stages, plans, places]


def place_block(h: HealthPack) -> ChartBlock:
    """Cost by place as a native bar chart with the PDF figure's alt text. The rows go
    least first: Excel draws the first row at the bottom, so the most costly place is on
    top, as in the PDF."""
    return ChartBlock(
        "Cost by place (all years)",
        ("Place", "Cost £m (all years)", "Initiatives"),
        [[p.place, round(p.cost, 2), p.initiatives] for p in places_by_cost(h.places)[::-1]],
        ChartSpec(
            "bar",
            "Cost by place (all years)",
            "Total cost of the initiatives in each place (£m)",
            "Place",
            [SeriesSpec("Cost (£m)", 0, 1)],
            description=place_alt(h.places),
        ),
    )
