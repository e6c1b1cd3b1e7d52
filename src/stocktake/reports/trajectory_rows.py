"""Each metric's trajectory as the rows a saved chart and the board pack draw from.

One place for both (the Charts sheet of a save, the pack's SVG figures and its workbook),
so a metric reads the same everywhere: actuals, forecasts, the planned trajectory
(baseline to target, through any stated waypoints), the target as a line from the
trajectory's start to the target date, and the status with its reason in the alt text;
and, where readings name places, each place's status and reason as a table.
"""

from __future__ import annotations

from stocktake.delivery.places import place_trajectories
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


PLACE_TITLE = "Metrics by place"
PLACE_HEADERS = ("Metric ID", "Metric", "Place", "Status", "Latest actual", "Planned now")
"""No reason column: a sentence in the last column runs on across the empty cells beside
it, and a spreadsheet's fit-to-width printing then shrinks the whole Charts sheet (its
pages, and where the charts break, moved). The reasons are in the app and the CLI."""


def place_status_rows(workbook: Workbook) -> list[list[object]]:
    """Each metric's judgement in each place with readings, metric by metric (the
    whole-UK charts above stay as they are; a place's series is summed up here)."""
    settings, _problems = delivery_settings(workbook)
    by_place = place_trajectories(workbook.metrics, workbook.readings, settings.judge)
    return [
        [
            mid,
            metric.name,
            place,
            trajs[mid].status.value,
            trajs[mid].judgement.latest,
            None if (now := trajs[mid].judgement.planned_now) is None else round(now, 4),
        ]
        for mid, metric in workbook.metrics.items()
        for place, trajs in by_place.items()
        if mid in trajs
    ]
