"""The meeting model without a window: the agenda's walks against hand-made portfolios,
progress and marks, the timers on a clock moved by hand, and the reveal's words."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stocktake.app.agenda import Agenda, Mark, Walk, WalkInputs, walks_available
from stocktake.app.meeting import Meeting
from stocktake.app.meeting_clock import MeetingClock, duration_words, timer_words
from stocktake.app.reveal import private_scores
from stocktake.engine.matrix import Quadrant
from stocktake.model import DCA, Decision, DecisionKind

Q = Quadrant
TODAY = dt.date(2026, 3, 1)


def _decision(iid: str, review: dt.date | None) -> Decision:
    return Decision(f"D-{iid}", iid, DecisionKind.CONTINUE, review_date=review)


# Five initiatives in rank order A (best) .. E, in two missions and three quadrants.
INPUTS = WalkInputs(
    order=["A", "B", "C", "D", "E"],
    mission_of={"A": "M2", "B": "M1", "C": "M2", "D": "M1", "E": "M3"},
    missions=["M1", "M2"],  # M3 is not in the missions sheet: it comes last
    quadrant_of={
        "A": Q.STOP_OR_RETHINK,
        "B": Q.DOUBLE_DOWN,
        "C": Q.DOUBLE_DOWN,
        "D": Q.INVEST_LONG_TERM,
        "E": Q.DELIVER_MILESTONE,
    },
    in_force={
        "A": _decision("A", dt.date(2026, 2, 1)),
        "B": _decision("B", None),
        "C": _decision("C", dt.date(2026, 1, 15)),
        "D": _decision("D", dt.date(2026, 3, 1)),  # due today
        "E": _decision("E", dt.date(2026, 6, 1)),  # not yet due
    },
    today=TODAY,
    picked=["D", "X", "A", "D"],  # an unknown ID and a repeat
)


@pytest.mark.parametrize(
    ("walk", "expected"),
    [
        (Walk.RANK, ["A", "B", "C", "D", "E"]),
        (Walk.MISSION, ["B", "D", "A", "C", "E"]),
        (Walk.QUADRANT, ["B", "C", "E", "D", "A"]),
        (Walk.DUE, ["C", "A", "D"]),
        (Walk.PICKED, ["D", "A"]),
    ],
)
def test_each_walk_orders_a_hand_made_portfolio(walk: Walk, expected: list[str]) -> None:
    assert Agenda.of(walk, INPUTS).items == expected


def test_what_changed_is_offered_only_once_known_and_keeps_rank_order() -> None:
    assert Walk.CHANGED not in walks_available(INPUTS)
    known = WalkInputs(order=INPUTS.order, changed=["E", "B"])
    assert Walk.CHANGED in walks_available(known)
    assert Agenda.of(Walk.CHANGED, known).items == ["B", "E"]


def test_progress_marks_and_jumping() -> None:
    meeting = Meeting.start(Walk.RANK, INPUTS, now=lambda: 0.0)
    agenda = meeting.agenda
    assert (agenda.progress(), meeting.current) == ("1 of 5", "A")
    meeting.decided("A")
    assert meeting.move(1) == "B"
    assert meeting.move(1) == "C"  # left B without a decision: skipped
    assert agenda.marks == {"A": Mark.DONE, "B": Mark.SKIPPED}
    assert meeting.jump("B") == "B" and agenda.progress() == "2 of 5"
    meeting.decided("B")  # decided after all: done wins
    meeting.move(-1)
    assert agenda.marks["B"] is Mark.DONE and agenda.marks["A"] is Mark.DONE
    assert meeting.jump(4) == "E" and agenda.progress() == "5 of 5"
    assert meeting.move(1) == "E"  # the end of the agenda is the end: no wrapping
    assert meeting.jump("nobody") == "E" and meeting.jump(99) == "E"
    assert agenda.counts() == {Mark.DONE: 2, Mark.SKIPPED: 0}
    assert agenda.first_open() == 2


def test_choosing_another_walk_keeps_marks_and_the_current_item() -> None:
    meeting = Meeting.start(Walk.RANK, INPUTS, now=lambda: 0.0)
    meeting.decided("A")
    meeting.jump("C")
    meeting.rewalk(Walk.MISSION, INPUTS)
    assert meeting.agenda.items == ["B", "D", "A", "C", "E"]
    assert meeting.current == "C" and meeting.agenda.marks == {"A": Mark.DONE}
    assert meeting.agenda.progress() == "4 of 5"


def test_an_empty_walk_says_so() -> None:
    agenda = Agenda.of(Walk.PICKED, WalkInputs(order=["A"]))
    assert (agenda.current, agenda.progress(), agenda.move(1)) == (None, "No items", None)


@given(
    n=st.integers(0, 30),
    steps=st.lists(st.one_of(st.integers(-3, 3), st.text("ABCXYZ", max_size=2)), max_size=40),
)
def test_the_agenda_never_leaves_its_items(n: int, steps: list[int | str]) -> None:
    ids = [f"I{k}" for k in range(n)]
    agenda = Agenda(Walk.RANK, ids)
    for step in steps:
        if isinstance(step, int):
            agenda.move(step)
        else:
            agenda.jump(step)
        assert (agenda.current is None) == (n == 0)
        if n:
            assert agenda.current == ids[agenda.position]
            assert agenda.progress() == f"{agenda.position + 1} of {n}"


@given(st.permutations(["A", "B", "C", "D", "E"]))
def test_every_grouping_walk_is_a_reordering_of_the_portfolio(order: list[str]) -> None:
    inputs = WalkInputs(
        order=order,
        mission_of=INPUTS.mission_of,
        missions=INPUTS.missions,
        quadrant_of=INPUTS.quadrant_of,
    )
    for walk in (Walk.RANK, Walk.MISSION, Walk.QUADRANT):
        items = Agenda.of(walk, inputs).items
        assert sorted(items) == sorted(order)
        # inside a group, rank order is kept
        for a, b in itertools.pairwise(items):
            same = (
                inputs.mission_of[a] == inputs.mission_of[b]
                if walk is Walk.MISSION
                else inputs.quadrant_of[a] == inputs.quadrant_of[b]
            )
            if walk is Walk.RANK or same:
                assert order.index(a) < order.index(b)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_timers_per_item_and_meeting_with_over_time() -> None:
    clock = Clock()
    meeting = Meeting.start(Walk.RANK, INPUTS, now=clock)
    timer = meeting.clock
    timer.planned_item = 120.0
    clock.t += 50
    assert timer.spent() == 0.0  # not started: nothing counts
    timer.start()
    clock.t += 100
    assert (timer.spent(), timer.over()) == (100.0, 0.0)
    clock.t += 50
    assert timer.over() == pytest.approx(30.0)  # A: 150 s against 120 planned
    meeting.move(1)
    clock.t += 40
    assert timer.toggle() is False  # stopped: B has 40 s
    clock.t += 500  # a break is not counted
    timer.toggle()
    clock.t += 10
    meeting.jump("A")
    clock.t += 5
    assert meeting.item_seconds() == {"A": 155.0, "B": 50.0}  # for the minutes
    assert meeting.started <= dt.datetime.now()
    assert timer.meeting_seconds() == 205.0
    assert timer.meeting_over(items=1) == pytest.approx(85.0)
    assert timer.meeting_over(items=5) == 0.0
    timer.planned_by_item["A"] = 600.0
    assert timer.over("A") == 0.0


def test_timer_words() -> None:
    assert duration_words(45.9) == "45 s"
    assert duration_words(125) == "2 min 05 s"
    assert duration_words(3720) == "1 h 02 min"
    assert timer_words(125, 180) == "2 min 05 s of 3 min 00 s"
    assert timer_words(260, 180) == "Over by 1 min 20 s (planned 3 min 00 s)"
    assert timer_words(180.6, 180) == "3 min 00 s of 3 min 00 s"  # never "over by 0 s"
    assert MeetingClock(now=lambda: 0.0).running is False


NOTES = [
    {"initiative": "A", "reviewer": "Ana", "scores": {"C1": 5, "C2": 3}, "file": "a.xlsx"},
    {"initiative": "A", "reviewer": "Ben", "scores": {"C1": 2, "C2": 3}, "file": "b.xlsx"},
    {"initiative": "A", "reviewer": "Cai", "scores": {"C1": 1, "C2": 3}, "file": "c.xlsx"},
    {"initiative": "B", "reviewer": "Ana", "comment": "no scores here", "file": "a.xlsx"},
]


def test_reveal_counts_reviewers_then_shows_the_spread_and_the_outlier() -> None:
    scores = private_scores(NOTES, "A")
    assert scores is not None and private_scores(NOTES, "B") is None
    assert scores.hidden_words() == "3 reviewers have scored this — press R to reveal"
    assert scores.lines({"C1": "Impact"}) == [
        "Impact (C1): min 1, median 2, max 5 — Ana stands out at 5",
        "C2: min 3, median 3, max 3 — all agree",
    ]
    assert scores.outliers() == ["Ana"]
    meeting = Meeting.start(Walk.RANK, INPUTS, notes=NOTES, now=lambda: 0.0)
    assert not meeting.is_revealed()
    assert meeting.reveal() == scores and meeting.is_revealed("A")
    meeting.move(1)
    assert meeting.reveal() is None and not meeting.is_revealed()


def test_the_changed_walk_is_offered_once_there_is_a_last_time(sample_copy) -> None:  # type: ignore[no-untyped-def]
    from stocktake.app.document import Document
    from stocktake.app.meeting import walk_inputs

    path = sample_copy()
    first = Document.open(path)
    order = list(first.workbook.initiatives)
    assert Walk.CHANGED not in walks_available(walk_inputs(first, order, {}))
    first.save()  # the first stock-take's state is kept
    second = Document.open(path)
    ident = next(i.id for i in second.workbook.initiatives.values() if i.dca is not DCA.RED)
    edit = second.edit("initiatives", ident, "dca", "Red")
    assert edit is not None
    second.apply(edit)
    inputs = walk_inputs(second, order, {})
    assert Walk.CHANGED in walks_available(inputs)
    assert Agenda.of(Walk.CHANGED, inputs).items == [ident]
