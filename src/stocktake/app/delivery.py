"""The delivery view's one entry point for every front end: trajectories, line of sight,
basket advice, with the rule's settings read from the workbook.

Settings (``Stocktake settings`` sheet; a bad value is a problem naming its cell and
the default is used)::

    trajectory:recent      N, the latest actuals the trend is fitted through (>= 2; 4)
    trajectory:at_risk     largest gap, as a share of the planned change, still on track (0.05)
    trajectory:off_track   largest gap still at risk (0.15)
    basket:correlation     |r| at or above which two metrics move together (0.9)
    basket:window_years    years of readings compared, back from the latest actual (5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from stocktake.delivery.basket import Basket, BasketSettings, advise
from stocktake.delivery.line_of_sight import LineOfSight, line_of_sight
from stocktake.delivery.trajectory import JudgeSettings, Status, Trajectory, trajectories
from stocktake.model import Problem, Severity, Workbook

RECENT = "trajectory:recent"
AT_RISK = "trajectory:at_risk"
OFF_TRACK = "trajectory:off_track"
CORRELATION = "basket:correlation"
WINDOW = "basket:window_years"


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    judge: JudgeSettings
    basket: BasketSettings


def _cell(wb: Workbook, key: str) -> tuple[str, str]:
    layout = wb.layouts.get("settings")
    row = wb.setting_rows.get(key)
    if layout is None or row is None:
        return "", ""
    cell = layout.cell(row, "value")
    return layout.sheet, cell.a1 if cell else ""


def delivery_settings(wb: Workbook) -> tuple[DeliverySettings, list[Problem]]:
    """The rule's settings from the workbook, with a problem by cell for each bad one."""
    problems: list[Problem] = []

    def number(key: str, default: float, lo: float, hi: float, what: str) -> float:
        text = wb.settings.get(key)
        if text is None or not text.strip():
            return default
        try:
            value = float(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not lo <= value <= hi:
            sheet, a1 = _cell(wb, key)
            problems.append(
                Problem(
                    sheet,
                    a1,
                    Severity.WARNING,
                    f"{key}: found {text!r}, expected {what}; {default:g} is used.",
                )
            )
            return default
        return value

    recent = int(number(RECENT, 4, 2, 1000, "a whole number of readings, 2 or more"))
    at_risk = number(AT_RISK, 0.05, 0, 10, "a share such as 0.05 or 5%")
    off_track = number(OFF_TRACK, 0.15, 0, 10, "a share such as 0.15 or 15%")
    if off_track < at_risk:
        sheet, a1 = _cell(wb, OFF_TRACK)
        problems.append(
            Problem(
                sheet,
                a1,
                Severity.WARNING,
                f"{OFF_TRACK} ({off_track:g}) is below {AT_RISK} ({at_risk:g}); "
                f"{at_risk:g} is used for both.",
            )
        )
        off_track = at_risk
    corr = number(CORRELATION, 0.9, 0, 1, "a correlation between 0 and 1")
    window = number(WINDOW, 5.0, 0.25, 100, "a number of years")
    return (
        DeliverySettings(JudgeSettings(recent, at_risk, off_track), BasketSettings(corr, window)),
        problems,
    )


@dataclass(frozen=True, slots=True)
class Delivery:
    """Everything the delivery views, the CLI and the board pack show."""

    trajectories: dict[str, Trajectory]
    sight: LineOfSight
    basket: Basket
    settings: DeliverySettings
    problems: tuple[Problem, ...]

    def for_mission(self, mission: str | None) -> list[Trajectory]:
        return [
            t
            for t in self.trajectories.values()
            if mission is None or t.metric.mission_id == mission
        ]


def delivery(wb: Workbook) -> Delivery:
    """Compute the delivery picture (pure; pandas over the readings: run it off a GUI
    thread on a big workbook)."""
    settings, problems = delivery_settings(wb)
    trajs = trajectories(wb.metrics, wb.readings, settings.judge)
    return Delivery(
        trajs,
        line_of_sight(wb, trajs),
        advise(wb, settings.basket),
        settings,
        tuple(problems),
    )


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, 6)


def metric_row(t: Trajectory, wb: Workbook, sight: LineOfSight | None = None) -> dict[str, Any]:
    """One metric as the CLI's JSON gives it (dates ISO, numbers plain)."""
    j = t.judgement
    m = t.metric
    row: dict[str, Any] = {
        "metric_id": m.id,
        "mission_id": m.mission_id,
        "metric": m.name,
        "unit": m.unit,
        "direction": m.direction.value if m.direction else None,
        "latest_actual": _num(j.latest),
        "latest_date": j.as_of.isoformat() if j.as_of else None,
        "trajectory_now": _num(j.planned_now),
        "target": _num(t.target[1]) if t.target else None,
        "target_date": t.target[0].isoformat() if t.target else None,
        "projected_at_target_date": _num(j.projected),
        "status": j.status.value,
        "reason": j.reason,
    }
    if sight is not None and m.id in sight.metrics:
        s = sight.metrics[m.id]
        row["initiatives"] = [c.initiative_id for c in s.contributions]
        row["share_of_gap_expected_closed"] = _num(s.share)
        row["line_of_sight"] = s.reason
    return row


STATUS_ORDER: tuple[Status, ...] = (
    Status.OFF_TRACK,
    Status.AT_RISK,
    Status.ON_TRACK,
    Status.NO_DATA,
)
