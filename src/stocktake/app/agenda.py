"""The meeting's agenda: which initiatives the room walks through, in what order, and how far
it has got.

Why Qt-free: the walks are plain ordering rules a meeting lead must be able to trust
("by mission, best first"), so they are tested against hand-made cases without a window;
the window only shows the list and moves along it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from stocktake.engine.matrix import QUADRANT_ORDER, Quadrant
from stocktake.model import Decision


class Walk(StrEnum):
    """The ways a meeting can walk the portfolio."""

    RANK = "By rank"
    MISSION = "By mission"
    QUADRANT = "By quadrant"
    DUE = "Decisions due for review"
    CHANGED = "Changed since last time"
    PICKED = "Hand-picked list"


class Mark(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class WalkInputs:
    """What the walks are made from: the rank order and the facts each walk sorts by.

    ``order`` is every initiative in rank order at the balance in force; each walk keeps
    rank order inside its groups, so the best item of a group always comes first.
    """

    order: Sequence[str]
    mission_of: Mapping[str, str] = field(default_factory=dict)
    missions: Sequence[str] = ()
    """Mission IDs in the workbook's order (the order the board knows them in)."""
    quadrant_of: Mapping[str, Quadrant] = field(default_factory=dict)
    in_force: Mapping[str, Decision] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    picked: Sequence[str] = ()
    changed: Sequence[str] | None = None
    """Initiatives changed since the last stock-take; None when that is not known."""


def by_rank(inputs: WalkInputs) -> list[str]:
    return list(inputs.order)


def _grouped(order: Sequence[str], group: list[int]) -> list[str]:
    """``order`` sorted by each item's group number; Python's sort is stable, so rank
    order holds inside each group (and sorting plain numbers keeps a walk of 10k
    initiatives quick to choose)."""
    return [order[k] for k in sorted(range(len(order)), key=group.__getitem__)]


def by_mission(inputs: WalkInputs) -> list[str]:
    """Mission by mission in the workbook's order (missions it does not list last)."""
    place = {m: k for k, m in enumerate(inputs.missions)}
    mission_of, last = inputs.mission_of, len(place)
    return _grouped(inputs.order, [place.get(mission_of.get(i, ""), last) for i in inputs.order])


def by_quadrant(inputs: WalkInputs) -> list[str]:
    """Double down first, then deliver the milestone, invest, stop or rethink."""
    place: dict[Quadrant | None, int] = {q: k for k, q in enumerate(QUADRANT_ORDER)}
    quadrant_of = inputs.quadrant_of
    return _grouped(inputs.order, [place.get(quadrant_of.get(i), 4) for i in inputs.order])


def due_for_review(inputs: WalkInputs) -> list[str]:
    """Initiatives whose decision in force asked for a review on or before today,
    the longest overdue first."""
    rank = {iid: k for k, iid in enumerate(inputs.order)}
    due = [
        (d.review_date, rank[iid], iid)
        for iid, d in inputs.in_force.items()
        if iid in rank and d.review_date is not None and d.review_date <= inputs.today
    ]
    return [iid for _date, _rank, iid in sorted(due)]


def changed(inputs: WalkInputs) -> list[str]:
    """Initiatives changed since the last stock-take, in rank order."""
    wanted = set(inputs.changed or ())
    return [iid for iid in inputs.order if iid in wanted]


def hand_picked(inputs: WalkInputs) -> list[str]:
    """The list as picked (repeats and unknown IDs dropped, the picker's order kept)."""
    known = set(inputs.order)
    return list(dict.fromkeys(i for i in inputs.picked if i in known))


WALKS = {
    Walk.RANK: by_rank,
    Walk.MISSION: by_mission,
    Walk.QUADRANT: by_quadrant,
    Walk.DUE: due_for_review,
    Walk.CHANGED: changed,
    Walk.PICKED: hand_picked,
}


def walks_available(inputs: WalkInputs) -> list[Walk]:
    """The walks a meeting can choose (what changed is offered only when it is known)."""
    return [w for w in Walk if w is not Walk.CHANGED or inputs.changed is not None]


@dataclass(slots=True)
class Agenda:
    """The items of one walk, the current one, and which are done or skipped."""

    walk: Walk
    items: list[str]
    position: int = 0
    marks: dict[str, Mark] = field(default_factory=dict)

    @classmethod
    def of(cls, walk: Walk, inputs: WalkInputs) -> Agenda:
        return cls(walk, WALKS[walk](inputs))

    @property
    def current(self) -> str | None:
        return self.items[self.position] if self.items else None

    def progress(self) -> str:
        """'7 of 23' (or 'No items' for an empty walk)."""
        if not self.items:
            return "No items"
        return f"{self.position + 1} of {len(self.items)}"

    def counts(self) -> dict[Mark, int]:
        """Done and skipped items on this agenda (counted from the marks: a few, where
        the items may be 10k)."""
        on = set(self.items)
        marks = [m for i, m in self.marks.items() if i in on]
        return {m: marks.count(m) for m in Mark}

    def move(self, delta: int) -> str | None:
        """Step along the agenda, stopping at either end (a meeting does not wrap round)."""
        if self.items:
            self.position = max(0, min(len(self.items) - 1, self.position + delta))
        return self.current

    def jump(self, target: int | str) -> str | None:
        """Go to an item by its place (0-based) or its initiative ID; unknown targets
        leave the agenda where it was."""
        if isinstance(target, str):
            if target in self.items:
                self.position = self.items.index(target)
        elif 0 <= target < len(self.items):
            self.position = target
        return self.current

    def mark(self, iid: str, mark: Mark) -> None:
        """Done always wins: an item decided after being skipped is done."""
        if iid in self.items and self.marks.get(iid) is not Mark.DONE:
            self.marks[iid] = mark

    def skip_if_open(self, iid: str | None) -> None:
        """Leaving an item without a decision marks it skipped (never undoes done)."""
        if iid is not None and iid not in self.marks:
            self.mark(iid, Mark.SKIPPED)

    def first_open(self) -> int | None:
        """The first item neither done nor skipped."""
        return next((k for k, i in enumerate(self.items) if i not in self.marks), None)
