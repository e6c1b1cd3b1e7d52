"""The application layer on its own: a journey with no Qt, changes, decisions in the plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stocktake.app import errors
from stocktake.app.changes import Change, EditField, RecordDecision, SetBalance, Undone
from stocktake.app.document import Document
from stocktake.engine import CutLines, PortfolioProblem, Scenario
from stocktake.model import Stage
from tests.conftest import REPO


def test_a_whole_journey_runs_without_qt_and_reopens_to_the_same_state(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + str(REPO)}
    out = subprocess.run(
        [sys.executable, "-m", "tests.app.journey", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
        check=True,
    )
    got = json.loads(out.stdout)
    assert got["qt"] == []  # the app layer never imports Qt or pyqtgraph
    assert got["score"][0] == got["score"][1]
    # recorded before the dial moved: the balance at the time is the one then in force
    assert got["decision"] == [got["initiative"], "Pause", "Wait for the evaluation", 0.5]
    assert got["balance"] == 0.3 and got["cuts"] == [60, 40]
    assert got["scenarios"] == ["Long-term heavy"]
    assert got["kept_out"].startswith("Paused by decision D-")
    assert got["unsaved"] == 0


@pytest.fixture
def doc(sample_copy) -> Document:  # type: ignore[no-untyped-def]
    return Document.open(sample_copy())


def _state(d: Document) -> tuple[object, ...]:
    wb = d.workbook
    return (
        d.settings,
        tuple(d.pending),
        tuple(
            (i.id, i.dca, i.stage, tuple(sorted(i.scores.items()))) for i in wb.initiatives.values()
        ),
        tuple((c.id, c.weight) for c in wb.criteria.values()),
    )


def test_every_change_reverts_exactly_and_survives_json(doc: Document) -> None:
    """Apply, revert, serialise: the journal's round trip for each kind of change."""
    ini = next(iter(doc.workbook.initiatives))
    crit = next(iter(doc.workbook.criteria))
    before = _state(doc)
    changes: list[Change | None] = [
        doc.edit("initiatives", ini, "dca", "Amber/Red"),
        doc.edit("criteria", crit, "weight", 7),
        doc.new_decision(ini, "Stop", rationale="No evidence"),
        doc.set_balance(0.8),
        doc.set_cuts(70, 20),
        doc.set_problem(PortfolioProblem(budgets={"2025-26": 10.0}, fte_cap=5.0), "Envelope"),
        doc.save_scenario(Scenario("A", balance=0.1)),
    ]
    for change in changes:
        assert change is not None
        doc.apply(change)
        back = doc.resolve(Change.from_json(json.loads(json.dumps(change.to_json()))))
        assert type(back) is type(change) and back.describe() == change.describe()
    assert len(doc.unsaved) == len(changes)
    for change in reversed(changes):
        assert change is not None
        doc.revert(change)
    assert _state(doc) == before and doc.unsaved == []


def test_a_drag_of_the_dial_is_one_change_and_key_presses_are_several(doc: Document) -> None:
    for value in (0.6, 0.7, 0.8):
        change = doc.set_balance(value, gesture=41)
        assert change is not None
        doc.apply(change)
    assert doc.unsaved == [SetBalance(0.5, 0.8, 41)]
    for value in (0.7, 0.6):
        change = doc.set_balance(value)
        assert change is not None
        doc.apply(change)
    assert len(doc.unsaved) == 3


def test_undoing_a_saved_change_is_itself_unsaved(doc: Document) -> None:
    ini = next(iter(doc.workbook.initiatives))
    change = doc.edit("initiatives", ini, "dca", "Red")
    assert isinstance(change, EditField)
    doc.apply(change)
    doc.save(analysis=False)
    assert doc.unsaved == []
    doc.revert(change)
    assert doc.unsaved == [Undone(change)]
    [edit] = doc.field_edits()
    assert edit.new == change.edit.old


def test_stop_pause_and_stopped_stage_keep_initiatives_out_unless_forced_in(
    doc: Document,
) -> None:
    wb = doc.workbook
    stopped = {i.id for i in wb.initiatives.values() if i.stage is Stage.STOPPED}
    live = [i for i in wb.initiatives if i not in stopped]
    assert stopped <= set(doc.effective_problem().force_out)
    stop = doc.new_decision(live[0], "stop", rationale="Evaluation failed")
    doc.apply(stop)
    pause = doc.new_decision(live[1], "Pause", rationale="Funding review")
    doc.apply(pause)
    out = doc.effective_problem().force_out
    assert out[live[0]] == f"Stopped by decision {stop.decision.decision_id}"
    assert out[live[1]] == f"Paused by decision {pause.decision.decision_id}"
    # a later decision supersedes the stop: it is back in play
    doc.apply(doc.new_decision(live[0], "Continue"))
    assert live[0] not in doc.effective_problem().force_out
    # forcing in (with a reason) overrides the exclusion
    forced = PortfolioProblem(force_in={live[1]: "Ministerial commitment"})
    change = doc.set_problem(forced, "Force in")
    assert change is not None
    doc.apply(change)
    assert live[1] not in doc.effective_problem().force_out


def test_decisions_are_checked_before_they_are_recorded(doc: Document) -> None:
    ini = next(iter(doc.workbook.initiatives))
    with pytest.raises(errors.InvalidInput, match="needs a rationale"):
        doc.new_decision(ini, "Stop")
    with pytest.raises(errors.InvalidInput, match="is not a decision"):
        doc.new_decision(ini, "maybe")
    with pytest.raises(errors.NotFound, match="no initiative 'Q-1'"):
        doc.new_decision("Q-1", "Scale")
    record = doc.new_decision(ini, "Continue")  # no rationale needed
    assert isinstance(record, RecordDecision) and record.decision.rationale == ""


def test_applying_a_scenario_is_one_change_with_its_weights(doc: Document) -> None:
    crit = next(iter(doc.workbook.criteria))
    scenario = Scenario(
        "S",
        balance=0.9,
        weights={crit: 3.0},
        cuts=CutLines(30, 30),
        problem=PortfolioProblem(budgets={"2025-26": 99.0}),
    )
    group = doc.apply_scenario(scenario)
    assert group is not None
    before = _state(doc)
    doc.apply(group)
    assert doc.balance == 0.9 and doc.cuts == CutLines(30, 30)
    assert doc.workbook.criteria[crit].weight == 3.0 and doc.problem.budgets == {"2025-26": 99.0}
    assert len(doc.unsaved) == 1
    doc.revert(group)
    assert _state(doc) == before
