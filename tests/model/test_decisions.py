"""The decision log: IDs, superseding, and which decision is in force."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from stocktake.model import Decision, DecisionKind, Workbook, next_decision_id


def _d(ident: str, initiative: str, kind: DecisionKind, supersedes: str = "") -> Decision:
    return Decision(ident, initiative, kind, supersedes=supersedes)


def test_the_next_id_is_one_past_the_highest_whatever_the_order() -> None:
    log = [
        _d("D-0007", "I-1", DecisionKind.SCALE),
        _d("D-0002", "I-2", DecisionKind.TEST),
        _d("X-99", "I-3", DecisionKind.STOP),
    ]  # an ID typed by hand does not count
    assert next_decision_id(log) == "D-0008"
    assert next_decision_id([]) == "D-0001"


@given(st.lists(st.integers(1, 20_000), max_size=30))
def test_next_id_never_collides(numbers: list[int]) -> None:
    log = [_d(f"D-{n:04d}", "I-1", DecisionKind.CONTINUE) for n in numbers]
    new = next_decision_id(log)
    assert new not in {d.decision_id for d in log}
    assert int(new.removeprefix("D-")) == max(numbers, default=0) + 1


def test_the_decision_in_force_is_the_last_not_superseded() -> None:
    log = [
        _d("D-0001", "I-1", DecisionKind.SCALE),
        _d("D-0002", "I-1", DecisionKind.STOP, supersedes="D-0001"),
        _d("D-0003", "I-2", DecisionKind.PAUSE),
    ]
    latest = Workbook(decisions=log).latest_decisions()
    assert {k: v.decision_id for k, v in latest.items()} == {"I-1": "D-0002", "I-2": "D-0003"}
