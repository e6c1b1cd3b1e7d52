"""Initiatives by place (nation or region): the breakdown and the filter the views share,
and each place's metrics counted by status.

An initiative with several places counts in each (its cost too: the breakdown says where
money is spent, not a split of it, so the column totals are not added up). One with no
place given is under "Not stated", so nothing silently drops out of a filtered view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from stocktake.delivery.places import place_trajectories
from stocktake.delivery.settings import delivery_settings
from stocktake.delivery.trajectory import Status
from stocktake.model import Initiative, Workbook

NOT_STATED = "Not stated"
ALL_PLACES = "All places"


def places_of(init: Initiative) -> tuple[str, ...]:
    return init.places or (NOT_STATED,)


def all_places(workbook: Workbook) -> list[str]:
    """The places named in the workbook, sorted, with "Not stated" last when it occurs."""
    found = {p for i in workbook.initiatives.values() for p in places_of(i)}
    return sorted(found - {NOT_STATED}) + ([NOT_STATED] if NOT_STATED in found else [])


def in_place(init: Initiative, place: str) -> bool:
    return place == ALL_PLACES or place in places_of(init)


@dataclass(frozen=True, slots=True)
class PlaceRow:
    place: str
    initiatives: int
    missions: int
    cost: float
    in_test_or_learn: int


def breakdown(workbook: Workbook) -> list[PlaceRow]:
    """Per place: how many initiatives, across how many missions, their total cost (£m)."""
    out = []
    for place in all_places(workbook):
        inits = [i for i in workbook.initiatives.values() if place in places_of(i)]
        out.append(
            PlaceRow(
                place,
                len(inits),
                len({i.mission_id for i in inits}),
                sum(i.total_cost for i in inits),
                sum(1 for i in inits if i.stage is not None and i.stage.value in ("Test", "Learn")),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class PlaceStatusRow:
    """How a place's metrics stand: how many of its series are in each status."""

    place: str
    on_track: int
    at_risk: int
    off_track: int
    no_data: int

    @property
    def metrics(self) -> int:
        return self.on_track + self.at_risk + self.off_track + self.no_data


def metric_statuses(workbook: Workbook) -> list[PlaceStatusRow]:
    """Per place with readings, its metrics counted by status (each judged on its own
    series: :mod:`stocktake.delivery.places`); nothing when no reading names a place."""
    if not any(r.place for r in workbook.readings):
        return []  # pandas is not even loaded
    settings, _problems = delivery_settings(workbook)  # said by the Delivery tab already
    out = []
    for place, trajs in place_trajectories(
        workbook.metrics, workbook.readings, settings.judge
    ).items():
        counts = Counter(t.status for t in trajs.values())
        out.append(
            PlaceStatusRow(
                place,
                counts[Status.ON_TRACK],
                counts[Status.AT_RISK],
                counts[Status.OFF_TRACK],
                counts[Status.NO_DATA],
            )
        )
    return out
