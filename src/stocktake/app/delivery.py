"""The delivery view's one entry point for every front end: trajectories, line of sight,
basket advice, with the rule's settings read from the workbook
(:mod:`stocktake.delivery.settings`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from stocktake.delivery.basket import Basket, advise
from stocktake.delivery.line_of_sight import LineOfSight, line_of_sight
from stocktake.delivery.places import ByPlace, by_place_only, no_readings, place_trajectories
from stocktake.delivery.settings import DeliverySettings, delivery_settings
from stocktake.delivery.trajectory import Status, Trajectory, trajectories
from stocktake.model import Problem, Workbook
from stocktake.model.places import canonical

__all__ = [
    "Delivery",
    "DeliverySettings",
    "delivery",
    "delivery_settings",
    "metric_row",
    "place_rows",
    "sight_in",
]


@dataclass(frozen=True, slots=True)
class Delivery:
    """Everything the delivery views, the CLI and the board pack show."""

    trajectories: dict[str, Trajectory]
    sight: LineOfSight
    basket: Basket
    settings: DeliverySettings
    problems: tuple[Problem, ...]
    by_place: ByPlace = field(default_factory=dict)
    """Each place's own series and judgement (see :mod:`stocktake.delivery.places`)."""
    place_sight: dict[str, LineOfSight] = field(default_factory=dict)
    """Each place's line of sight (its initiatives, its own gap), for places with readings;
    :func:`sight_in` works out any other."""

    def for_mission(self, mission: str | None) -> list[Trajectory]:
        return [
            t
            for t in self.trajectories.values()
            if mission is None or t.metric.mission_id == mission
        ]

    @property
    def places(self) -> list[str]:
        """The places with readings, nations first."""
        return list(self.by_place)

    def for_place(self, place: str, mission: str | None = None) -> list[Trajectory]:
        """Every metric of ``mission`` (all: None) in ``place``: its own trajectory, or
        *not enough data* saying there are no readings for the place."""
        mine = self.by_place.get(place, {})
        return [
            mine.get(t.metric.id) or no_readings(t.metric, place) for t in self.for_mission(mission)
        ]

    def places_of(self, metric_id: str) -> list[Trajectory]:
        """A metric's place series, in place order (none: no readings by place)."""
        return [ts[metric_id] for ts in self.by_place.values() if metric_id in ts]


def delivery(wb: Workbook) -> Delivery:
    """Compute the delivery picture (pure; pandas over the readings: run it off a GUI
    thread on a big workbook)."""
    settings, problems = delivery_settings(wb)
    trajs = trajectories(wb.metrics, wb.readings, settings.judge)
    by_place = place_trajectories(wb.metrics, wb.readings, settings.judge)
    if by_place:
        trajs = {
            mid: by_place_only(t, [p for p, ts in by_place.items() if mid in ts])
            for mid, t in trajs.items()
        }
    return Delivery(
        trajs,
        line_of_sight(wb, trajs),
        advise(wb, settings.basket),
        settings,
        tuple(problems),
        by_place,
        {p: line_of_sight(wb, ts, p) for p, ts in by_place.items()},
    )


def sight_in(result: Delivery, wb: Workbook, place: str) -> LineOfSight:
    """The line of sight in ``place`` (the whole UK's for ``""``): worked out with the
    picture for places with readings, else now (every gap unknown there)."""
    if not place:
        return result.sight
    found = result.place_sight.get(place)
    return found if found is not None else line_of_sight(wb, result.by_place.get(place, {}), place)


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
        "place": t.place or None,
    }
    if sight is not None and m.id in sight.metrics:
        s = sight.metrics[m.id]
        row["initiatives"] = [c.initiative_id for c in s.contributions]
        row["share_of_gap_expected_closed"] = _num(s.share)
        row["line_of_sight"] = s.reason
        if s.place:
            row["initiatives_wider_than_place"] = [c.initiative_id for c in s.wider]
    return row


def find_place(result: Delivery, typed: str) -> str | None:
    """The place ``typed`` names: one with readings (case-blind, as typed in the
    workbook), else a UK nation or region in its official spelling (it may have no
    readings), else None."""
    for place in result.places:
        if place.casefold() == typed.strip().casefold():
            return place
    found = canonical(typed)
    return found or None


def place_rows(result: Delivery, metric_id: str) -> list[dict[str, Any]]:
    """A metric's judgement in each place with readings, as the CLI's JSON gives them."""
    return [
        {
            "place": t.place,
            "latest_actual": _num(t.judgement.latest),
            "latest_date": t.judgement.as_of.isoformat() if t.judgement.as_of else None,
            "trajectory_now": _num(t.judgement.planned_now),
            "target": _num(t.target[1]) if t.target else None,
            "target_date": t.target[0].isoformat() if t.target else None,
            "status": t.status.value,
            "reason": t.judgement.reason,
        }
        for t in result.places_of(metric_id)
    ]


STATUS_ORDER: tuple[Status, ...] = (
    Status.OFF_TRACK,
    Status.AT_RISK,
    Status.ON_TRACK,
    Status.NO_DATA,
)
