"""A stock-take meeting in progress: the agenda, its timers and what has been revealed.

Why one object: moving to the next item must move the agenda, the item timer and the
reveal together, or the minutes would credit time to the wrong initiative. Both the
laptop panel and the presenter view read this object; neither keeps state of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stocktake.app import errors
from stocktake.app.agenda import Agenda, Mark, Walk, WalkInputs
from stocktake.app.document import Document
from stocktake.app.meeting_clock import MeetingClock
from stocktake.app.reveal import PrivateScores, private_scores
from stocktake.engine.matrix import Quadrant


def collected_notes(doc: Document) -> tuple[Mapping[str, Any], ...]:
    """The reviewers' notes a merge collected into this master (none for a review copy,
    or when the record cannot be read: a meeting still runs without them)."""
    from stocktake.app.review_record import Record, record_of

    if isinstance(doc.review, Record):
        return doc.review.notes
    try:
        return record_of(doc).notes
    except errors.AppError:
        return ()


def changed_since_last(doc: Document) -> Sequence[str] | None:
    """Initiatives whose scores, DCA, costs or stage changed since the last stock-take
    (and new ones); None when there is no earlier saved state to compare with, so the
    walk is not offered rather than offered empty."""
    from stocktake.app import since_last

    ids = since_last.changed_ids(doc)
    known = doc.previous is not None and bool(doc.previous.source)
    return ids if known else None


def walk_inputs(
    doc: Document,
    order: Sequence[str],
    quadrant_of: Mapping[str, Quadrant],
    *,
    picked: Sequence[str] = (),
    today: dt.date | None = None,
    changed: Callable[[Document], Sequence[str] | None] = changed_since_last,
) -> WalkInputs:
    """The facts every walk needs, from the document and the current rank order.

    ``changed`` says which initiatives changed since last time; meeting mode passes the
    answer it worked out in the background (comparing 10k initiatives takes a while)."""
    wb = doc.workbook
    return WalkInputs(
        order=list(order),
        mission_of={iid: i.mission_id for iid, i in wb.initiatives.items()},
        missions=list(wb.missions),
        quadrant_of=dict(quadrant_of),
        in_force=doc.decisions_in_force(),
        today=today or dt.date.today(),
        picked=list(picked),
        changed=changed(doc),
    )


@dataclass(slots=True)
class Meeting:
    """The agenda being walked, its clock, and which items' private scores are shown."""

    agenda: Agenda
    clock: MeetingClock = field(default_factory=MeetingClock)
    notes: tuple[Mapping[str, Any], ...] = ()
    revealed: set[str] = field(default_factory=set)
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    """When the meeting began: the minutes gather what was decided from then on
    (``app.minutes.compose(document, since=started, times=item_seconds())``)."""

    def __post_init__(self) -> None:
        self.clock.switch_to(self.agenda.current)

    @classmethod
    def start(
        cls,
        walk: Walk,
        inputs: WalkInputs,
        *,
        notes: Sequence[Mapping[str, Any]] = (),
        now: Callable[[], float] | None = None,
    ) -> Meeting:
        clock = MeetingClock() if now is None else MeetingClock(now=now)
        return cls(Agenda.of(walk, inputs), clock, tuple(notes))

    @property
    def current(self) -> str | None:
        return self.agenda.current

    def rewalk(self, walk: Walk, inputs: WalkInputs) -> None:
        """Choose another walk: the marks and the time spent stay with their items."""
        here = self.current
        fresh = Agenda.of(walk, inputs)
        fresh.marks = {i: m for i, m in self.agenda.marks.items() if i in fresh.items}
        if here is not None:
            fresh.jump(here)
        self.agenda = fresh
        self.clock.switch_to(self.current)

    def move(self, delta: int) -> str | None:
        """Next or previous item; leaving an item without a decision marks it skipped."""
        before = self.current
        after = self.agenda.move(delta)
        if after != before:
            self.agenda.skip_if_open(before)
        self.clock.switch_to(after)
        return after

    def jump(self, target: int | str) -> str | None:
        self.agenda.jump(target)
        self.clock.switch_to(self.current)
        return self.current

    def decided(self, iid: str) -> None:
        """A decision was recorded on ``iid``: its item is done."""
        self.agenda.mark(iid, Mark.DONE)

    def scores(self, iid: str | None = None) -> PrivateScores | None:
        iid = self.current if iid is None else iid
        return private_scores(self.notes, iid) if iid else None

    def reveal(self) -> PrivateScores | None:
        """Show the current item's private scores; None when it has none."""
        found = self.scores()
        if found is not None:
            self.revealed.add(found.initiative)
        return found

    def is_revealed(self, iid: str | None = None) -> bool:
        iid = self.current if iid is None else iid
        return iid in self.revealed

    def item_seconds(self) -> dict[str, float]:
        """Seconds spent per initiative (for the minutes)."""
        return self.clock.item_seconds()
