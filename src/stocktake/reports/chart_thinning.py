"""Fewer points for a long metric's chart, every one of them a real reading.

A chart on the Charts sheet is 640 pixels wide. A metric read daily for years has
thousands of readings: drawn all, they overplot into a band no one can read more from
than from a few hundred, and writing them all on the Charts sheet (200,000 readings on a
government-scale workbook) was most of a save's time and memory. So a series of more
than :data:`CHART_POINTS` readings is drawn from the *first, lowest, highest and last*
reading of each calendar month (or quarter, or year: the finest period that fits).
That keeps the line's shape, its extremes and its latest value exactly (the "M4"
reduction of Jugel et al., VLDB 2014), and nothing is averaged or invented: each point
is a reading as it was given, on its own date. Every reading stays on the workbook's
readings sheet; the chart's alt text says how many of them the chart shows.

Written by hand: the reduction is a grouping of a dozen lines and no well-kept library
does it for dated (not evenly spaced) series without numpy/pandas round trips.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

CHART_POINTS = 500
"""The most points a series is drawn with before it is thinned (about one per
1.3 pixels of the chart's width)."""

Point = tuple[dt.date, float]
Row = tuple[dt.date, float, str]
"""A metric chart's row: date, value and kind (Actual, Forecast, Trajectory, Target)."""

THINNED_KINDS = ("Actual", "Forecast")
"""The kinds that can run to thousands of readings (a trajectory and a target have a few
points each and are always drawn whole)."""

THINNED_AXIS = "Date (long series thinned: see alt text)"
"""The date axis's title when a series was thinned, so the chart says so on its face."""

_PERIODS: tuple[tuple[str, Callable[[dt.date], tuple[int, int]]], ...] = (
    ("month", lambda d: (d.year, d.month)),
    ("quarter", lambda d: (d.year, (d.month - 1) // 3)),
    ("year", lambda d: (d.year, 0)),
)


def _m4(points: Sequence[Point], key: Callable[[dt.date], tuple[int, int]]) -> list[Point]:
    """First, lowest, highest and last point of each period (``points`` in date order).

    One pass: a period's points are consecutive. Ties keep the earliest lowest and
    the earliest highest reading.
    """
    keep: list[int] = []
    start, lo, hi, period = 0, 0, 0, None
    for i, (d, v) in enumerate(points):
        k = key(d)
        if k != period:
            if period is not None:
                keep += sorted({start, lo, hi, i - 1})
            start = lo = hi = i
            period = k
        elif v < points[lo][1]:
            lo = i
        elif v > points[hi][1]:
            hi = i
    if points:
        keep += sorted({start, lo, hi, len(points) - 1})
    return [points[i] for i in keep]


def thin(points: Sequence[Point], limit: int = CHART_POINTS) -> tuple[list[Point], str]:
    """``points`` (date order) as drawn, and the period used ("" when not thinned).

    At most ``limit`` points when a calendar period allows it; otherwise the yearly
    reduction (a series of over a century of readings), still every year's extremes.
    """
    ordered = sorted(points, key=lambda p: p[0])
    if len(ordered) <= limit:
        return ordered, ""
    for name, key in _PERIODS:
        kept = _m4(ordered, key)
        if len(kept) <= limit or name == "year":
            return kept, name
    raise AssertionError("unreachable: the yearly reduction is always returned")


def thin_rows(rows: Sequence[Row]) -> tuple[list[Row], str]:
    """A metric's chart rows with long actual and forecast series thinned, and a sentence
    for the alt text saying what was kept ("" when nothing was thinned).

    One function for every chart of a metric (the saved Charts sheet, the board pack's
    figures and its workbook), so each says the same of the same readings."""
    out: list[Row] = [r for r in rows if r[2] not in THINNED_KINDS]
    said = []
    for kind in THINNED_KINDS:
        points = [(d, v) for d, v, k in rows if k == kind]
        kept, period = thin(points)
        out += [(d, v, kind) for d, v in kept]
        if period:
            said.append(
                f"{len(kept):,} of {len(points):,} {kind.lower()} readings (the first, "
                f"lowest, highest and last of each {period})"
            )
    if not said:
        return out, ""
    return out, (
        "The chart shows "
        + " and ".join(said)
        + "; every reading is on the workbook's readings sheet."
    )
