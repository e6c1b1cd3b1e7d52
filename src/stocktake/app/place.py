"""Initiatives by place (nation or region): the breakdown and the filter the views share.

An initiative with several places counts in each (its cost too: the breakdown says where
money is spent, not a split of it, so the column totals are not added up). One with no
place given is under "Not stated", so nothing silently drops out of a filtered view.
"""

from __future__ import annotations

from dataclasses import dataclass

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
