"""The chart blocks both the analysis sheets and the board pack's workbook draw.

Why shared: the matrix and a metric's trajectory must look the same whether Save wrote
them into the user's workbook or the pack wrote them into its own, so each is built in
one place from plain rows; :mod:`.analysis` and :mod:`.pack.workbook` only supply them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from stocktake.engine.matrix import QUADRANT_ORDER, CutLines
from stocktake.excel.writer import ChartBlock, ChartSpec, SeriesSpec

MATRIX_TITLE = "Ruthless-choice matrix"
KINDS = ("Actual", "Forecast", "Trajectory", "Target")
DASHES = {"Forecast": "round_dot", "Trajectory": "dash", "Target": "long_dash"}
"""Line styles per kind, so the lines differ by more than colour."""


def matrix_block(
    points: Sequence[tuple[str, float, float, float, str]], cuts: CutLines, description: str
) -> ChartBlock:
    """The ruthless-choice matrix as the app draws it: ``points`` are (ID, near-term,
    long-term, total cost, quadrant); bubbles whose area is the cost, one coloured series
    per quadrant (rows grouped by quadrant), the axes crossing at the cut lines."""
    order = {q.value: k for k, q in enumerate(QUADRANT_ORDER)}
    ranked = sorted(enumerate(points), key=lambda kp: (order[kp[1][4]], kp[0]))
    rows: list[list[object]] = [
        [iid, round(n, 4), round(lt, 4), max(round(cost, 4), 0.1), quad]
        for _, (iid, n, lt, cost, quad) in ranked
    ]
    series = []
    for q in QUADRANT_ORDER:
        idx = [k for k, r in enumerate(rows) if r[4] == q.value]
        if idx:
            series.append(SeriesSpec(q.value, 1, 2, idx[0], idx[-1], size_col=3))
    return ChartBlock(
        MATRIX_TITLE,
        ("Initiative ID", "Near-term value", "Long-term value", "Total cost (£m)", "Quadrant"),
        rows,
        ChartSpec(
            "bubble",
            MATRIX_TITLE,
            "Near-term (milestone) value",
            "Long-term (ambition) value",
            series,
            description=description,
            cross_x=cuts.near_term,
            cross_y=cuts.long_term,
        )
        if rows
        else None,
    )


def metric_block(
    metric_id: str,
    name: str,
    unit: str,
    readings: Sequence[tuple[dt.date, float, str]],
    description: str,
) -> ChartBlock:
    """One metric's readings (date, value, kind), one line per kind over time."""
    rows: list[list[object]] = [
        [d, v, k] for d, v, k in sorted(readings, key=lambda r: (r[2], r[0]))
    ]
    series = []
    for kind in KINDS:
        idx = [k for k, r in enumerate(rows) if r[2] == kind]
        if idx:
            series.append(SeriesSpec(kind, 0, 1, idx[0], idx[-1], dash=DASHES.get(kind)))
    return ChartBlock(
        f"{metric_id}: {name}",
        ("Date", "Value", "Kind"),
        rows,
        ChartSpec("line", name, "Date", unit, series, description=description),
    )
