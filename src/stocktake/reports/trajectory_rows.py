"""Each metric's trajectory as the rows a saved chart and the board pack draw from.

One place for both (the Charts sheet of a save, the pack's SVG figures and its workbook),
so a metric reads the same everywhere: actuals, forecasts, the planned trajectory
(baseline to target, through any stated waypoints), the target as a line from the
trajectory's start to the target date, and the status with its reason in the alt text.
"""

from __future__ import annotations

from stocktake.delivery.settings import delivery_settings
from stocktake.delivery.trajectory import Trajectory, trajectories
from stocktake.model import Workbook
from stocktake.reports.chart_thinning import Row

__all__ = ["Row", "chart_rows", "judged", "status_title", "trajectory_alt"]


def judged(workbook: Workbook) -> dict[str, Trajectory]:
    """Every metric's trajectory, judged by the workbook's own settings."""
    settings, _problems = delivery_settings(workbook)  # said by the front ends already
    return trajectories(workbook.metrics, workbook.readings, settings.judge)


def chart_rows(t: Trajectory) -> list[Row]:
    """(date, value, kind) rows; kinds Actual, Forecast, Trajectory and Target."""
    rows: list[Row] = [(d, v, "Actual") for d, v in t.actuals]
    rows += [(d, v, "Forecast") for d, v in t.forecasts]
    if len(t.planned) >= 2:
        rows += [(d, v, "Trajectory") for d, v in t.planned]
    if t.target is not None and t.planned:
        start = min(t.planned[0][0], *(d for d, _v, _k in rows)) if rows else t.planned[0][0]
        rows += [(start, t.target[1], "Target"), (t.target[0], t.target[1], "Target")]
    return rows


def status_title(t: Trajectory) -> str:
    """``MT05: RTT … (off track)``: the word goes with the chart, never colour alone."""
    return f"{t.metric.id}: {t.metric.name} ({t.status.value})"


def trajectory_alt(t: Trajectory) -> str:
    """The chart in words, from the data: the judgement and its reason."""
    return f"{t.metric.name}. Status {t.judgement.reason}"
