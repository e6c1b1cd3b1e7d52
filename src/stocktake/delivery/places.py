"""Trajectories by place: each nation or region with readings gets its own series and
judgement, by the same rule as the whole-UK series (:mod:`.trajectory`).

The rule for a place (documented in ``docs/delivery.md``):

* Its **actuals** and **forecasts** are the readings for that place; readings with no
  place are the whole-UK series and never mixed in.
* Its **planned trajectory** is its own: the readings of kind *Trajectory* for that
  place. The metric's baseline and target are the whole UK's, and a UK-wide count (1.5
  million homes) is no target for Wales, so they are not borrowed. One waypoint alone (a
  place's target) is joined from the place's first actual.
* With actuals but no trajectory of its own a place is *not enough data*, and the
  reason says what to add; a metric with no readings for a place is not judged there.

Every reason starts with the place's name, so a line read on its own says where.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from stocktake.delivery.trajectory import (
    Judgement,
    JudgeSettings,
    Point,
    Status,
    Trajectory,
    _month,
    fmt,
    judge,
    readings_frame,
    series,
)
from stocktake.model import Metric, Reading
from stocktake.model.places import KNOWN

if TYPE_CHECKING:
    import pandas as pd

ByPlace = dict[str, dict[str, Trajectory]]
"""Place -> metric ID -> that place's trajectory (only metrics with readings there)."""


def place_order(places: Iterable[str]) -> list[str]:
    """Nations first, then England's regions, then groupings (the official order), then
    places Stocktake does not know, alphabetically."""
    rank = {p: k for k, p in enumerate(KNOWN)}
    return sorted(set(places), key=lambda p: (rank.get(p, len(rank)), p.lower()))


def place_planned(waypoints: tuple[Point, ...], actuals: tuple[Point, ...]) -> tuple[Point, ...]:
    """A place's own planned trajectory: its waypoints, or one waypoint joined from the
    first actual before it."""
    if len(waypoints) == 1 and actuals and actuals[0][0] < waypoints[0][0]:
        return (actuals[0], waypoints[0])
    return waypoints


def judge_place(
    metric: Metric,
    place: str,
    actuals: tuple[Point, ...],
    planned: tuple[Point, ...],
    cfg: JudgeSettings | None = None,
) -> Judgement:
    """The place's status and reason, the reason led by the place's name."""
    if actuals and len(planned) < 2:
        as_of, latest = actuals[-1]
        return Judgement(
            Status.NO_DATA,
            f"{place}: not enough data: latest actual {fmt(latest, metric.unit)} "
            f"({_month(as_of)}), but {place} has no trajectory of its own to judge against: "
            f"it needs Trajectory readings for {place} (its target, or waypoints).",
            as_of,
            latest,
        )
    found = judge(metric, actuals, planned, cfg)
    return dataclasses.replace(found, reason=f"{place}: {found.reason}")


def no_readings(metric: Metric, place: str) -> Trajectory:
    """A metric with no readings for ``place``: not judged there, and said in words."""
    return Trajectory(
        metric,
        (),
        (),
        (),
        None,
        Judgement(Status.NO_DATA, f"{place}: not enough data: no readings for {place}."),
        place,
    )


def place_trajectories(
    metrics: Mapping[str, Metric],
    readings: list[Reading],
    cfg: JudgeSettings | None = None,
    frame: pd.DataFrame | None = None,
) -> ByPlace:
    """Every place's trajectories, by place then metric (both in order); ``frame`` is
    :func:`readings_frame` of ``readings`` when the caller has made it already."""
    if frame is None:
        if not any(r.place for r in readings):
            return {}
        frame = readings_frame(readings)
    placed = frame[frame["place"].to_numpy() != ""]
    if placed.empty:
        return {}
    points = series(placed, ("place", "metric", "kind"))
    out: ByPlace = {}
    for place in place_order(p for p, _m, _k in points):
        mine: dict[str, Trajectory] = {}
        for mid, metric in metrics.items():
            actuals = points.get((place, mid, "Actual"), ())
            forecasts = points.get((place, mid, "Forecast"), ())
            waypoints = points.get((place, mid, "Trajectory"), ())
            if not (actuals or forecasts or waypoints):
                continue
            planned = place_planned(waypoints, actuals)
            mine[mid] = Trajectory(
                metric,
                actuals,
                forecasts,
                planned,
                planned[-1] if len(planned) >= 2 else None,
                judge_place(metric, place, actuals, planned, cfg),
                place,
            )
        if mine:
            out[place] = mine
    return out


def by_place_only(total: Trajectory, places: list[str]) -> Trajectory:
    """A whole-UK series with no actual whose readings are all by place says so, rather
    than "no actual reading yet" (the figures are there, under each place)."""
    if total.actuals or total.status is not Status.NO_DATA or not places:
        return total
    shown = ", ".join(places[:6]) + ("…" if len(places) > 6 else "")
    reason = (
        "not enough data: no whole-UK actual reading (readings with no place); the readings "
        f"are by place ({shown}): choose a place to see each judged."
    )
    return dataclasses.replace(total, judgement=dataclasses.replace(total.judgement, reason=reason))
