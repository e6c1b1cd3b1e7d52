"""The contribution map as a chart: how many organisations of each sector contribute to
each mission, drawn from the same rows the pack's table prints (:class:`SectorRow`).

The PDF gets grouped bars (a heading per mission, one bar per sector, each bar's sector
and count written beside it); the pack workbook a native stacked bar chart, one bar per
mission, each sector a segment with its own colour *and* fill pattern and its count as a
label. Both carry the same alt text, worked out from the rows.
"""

from __future__ import annotations

from stocktake.excel.writer import ChartBlock, ChartSpec, SeriesSpec
from stocktake.model.colours import GAF, NEUTRAL
from stocktake.reports.pack import svg
from stocktake.reports.pack.health import SectorRow

TITLE = "Organisations contributing to each mission, by sector"
AXIS = "Organisations (one contributing to several missions counts in each)"
UNSORTED = ("Other", "Not stated")
"""Sectors drawn last, after the named ones in alphabetical order."""
PATTERNS = (
    "percent_50",
    "wide_upward_diagonal",
    "light_vertical",
    "dashed_horizontal",
    "small_grid",
    "wide_downward_diagonal",
    "percent_20",
    "large_confetti",
)
"""Excel fill patterns, one per sector, so no segment is told apart by colour alone."""


def sectors(rows: list[SectorRow]) -> list[str]:
    """The sectors named, alphabetically, with Other and Not stated last."""
    named = {r.sector for r in rows}
    return sorted(named - set(UNSORTED)) + [s for s in UNSORTED if s in named]


def missions(rows: list[SectorRow]) -> list[str]:
    """The missions in the order the table prints them."""
    return list(dict.fromkeys(r.mission for r in rows))


def counts(rows: list[SectorRow]) -> dict[str, dict[str, int]]:
    """Mission -> sector -> how many organisations (the chart's data)."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r.mission, {})[r.sector] = len(r.organisations)
    return out


def colours(rows: list[SectorRow]) -> dict[str, str]:
    """One colour per sector, the named ones from the analysis palette, the rest grey."""
    named = [s for s in sectors(rows) if s not in UNSORTED]
    out = {s: GAF[k % len(GAF)] for k, s in enumerate(named)}
    return out | {s: NEUTRAL for s in UNSORTED}


def contribution_alt(rows: list[SectorRow]) -> str:
    """The chart in words, from its data: the missions with most and fewest
    organisations and the sector that contributes most overall."""
    if not rows:
        return f"{TITLE}: no organisation is named for any mission."
    by_mission = counts(rows)
    totals = {m: sum(c.values()) for m, c in by_mission.items()}
    ranked = sorted(totals, key=lambda m: (-totals[m], m))
    top, low = ranked[0], ranked[-1]
    by_sector: dict[str, int] = {}
    for c in by_mission.values():
        for s, n in c.items():
            by_sector[s] = by_sector.get(s, 0) + n
    lead = min(by_sector, key=lambda s: (-by_sector[s], s))
    return (
        f"{TITLE}: {len(totals)} mission{'s' if len(totals) != 1 else ''}; the most "
        f"organisations for {top} ({totals[top]} across {len(by_mission[top])} "
        f"sector{'s' if len(by_mission[top]) != 1 else ''}), "
        f"the fewest for {low} ({totals[low]}). Across missions the sector named most "
        f"often is {lead} ({by_sector[lead]}). An organisation contributing to several "
        "missions counts in each."
    )


def contribution_svg(rows: list[SectorRow]) -> str:
    """Grouped bars for the PDF: a heading per mission, a labelled bar per sector."""
    data = counts(rows)
    order = sectors(rows)
    groups = [
        (m, [(s, float(data[m][s]), str(data[m][s])) for s in order if s in data[m]])
        for m in missions(rows)
    ]
    return svg.grouped_bar_svg(TITLE, AXIS, groups, colours(rows))


def contribution_block(rows: list[SectorRow]) -> ChartBlock:
    """The native stacked bar chart and its data block for the pack workbook. Rows go
    last mission first: Excel draws the first row at the bottom, so the first mission
    is on top, as in the PDF. A sector with no organisation for a mission is blank, so
    it draws no segment and no "0" label."""
    data = counts(rows)
    order = sectors(rows)
    return ChartBlock(
        TITLE,
        ("Mission", *order),
        [[m, *(data[m].get(s) for s in order)] for m in missions(rows)[::-1]],
        ChartSpec(
            "stacked_bar",
            TITLE,
            AXIS,
            "Mission",
            [
                SeriesSpec(s, 0, k + 1, pattern=PATTERNS[k % len(PATTERNS)])
                for k, s in enumerate(order)
            ],
            description=contribution_alt(rows),
            labels=True,
        ),
    )
