"""The delivery view's one entry point for every front end: trajectories, line of sight,
basket advice, with the rule's settings read from the workbook
(:mod:`stocktake.delivery.settings`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from stocktake.delivery.basket import Basket, advise
from stocktake.delivery.line_of_sight import LineOfSight, line_of_sight
from stocktake.delivery.settings import DeliverySettings, delivery_settings
from stocktake.delivery.trajectory import Status, Trajectory, trajectories
from stocktake.model import Problem, Workbook

__all__ = ["Delivery", "DeliverySettings", "delivery", "delivery_settings", "metric_row"]


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
