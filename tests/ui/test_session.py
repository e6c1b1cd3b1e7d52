"""The shared session: undoable edits, net edits to save, decisions, selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stocktake.app.changes import RecordDecision
from stocktake.excel.reader import read_workbook
from stocktake.excel.writer import SaveReport
from stocktake.model import DCA, Decision, DecisionKind
from stocktake.model.edits import EditRejected
from stocktake.ui.session import Session
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives


@pytest.fixture
def session(qtbot: QtBot, tmp_path: Path) -> Session:
    path = build(
        tmp_path / "s.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": initiatives(
                ["I-1", "M1", "A", "Green", "Test", 1, 1, 3, 3, "", ""],
                ["I-2", "M2", "B", "Red", "Idea", 1, 1, 2, 5, "", ""],
            ),
        },
    )
    s = Session()
    s.set_workbook(read_workbook(path), path)
    return s


def _saved(session: Session) -> None:
    """What a save does to the session once the file is written (no file written here)."""
    session.mark_saved(session.save_job(), SaveReport(session.path, stamp=None))


def test_edit_undo_redo_and_the_cell_it_goes_back_to(session: Session, qtbot: QtBot) -> None:
    wb = session.workbook
    assert wb is not None
    with qtbot.waitSignal(session.value_changed) as signal:
        session.edit("initiatives", "I-1", "score:C1", 5)
    assert signal.args == ["initiatives", "I-1", "score:C1"]
    assert wb.initiatives["I-1"].scores["C1"] == 5.0
    assert session.is_dirty
    assert session.undo_stack.undoText() == "Set I-1 C1 score to 5"
    [edit] = session.field_edits()
    assert str(edit.cell(wb)) == "Initiatives!H2" and edit.cell_value == 5.0
    session.undo_stack.undo()
    assert wb.initiatives["I-1"].scores["C1"] == 3.0
    assert session.field_edits() == [] and not session.is_dirty
    session.undo_stack.redo()
    session.edit("initiatives", "I-1", "dca", "amber-red")
    assert wb.initiatives["I-1"].dca is DCA.AMBER_RED
    assert {e.key: e.cell_value for e in session.field_edits()} == {
        "score:C1": 5.0,
        "dca": "Amber/Red",
    }


def test_invalid_edits_are_refused_with_a_reason(session: Session) -> None:
    with pytest.raises(EditRejected, match="outside the scale"):
        session.edit("initiatives", "I-1", "score:C1", 9)
    with pytest.raises(EditRejected, match="not one of"):
        session.edit("initiatives", "I-1", "dca", "Purple")
    assert session.undo_stack.count() == 0


def test_undo_after_save_writes_the_old_value_back(session: Session) -> None:
    session.edit("initiatives", "I-2", "score:C2", 1)
    _saved(session)
    assert session.field_edits() == [] and not session.is_dirty
    session.undo_stack.undo()
    [edit] = session.field_edits()
    assert (edit.old, edit.new) == (1.0, 5.0)


def test_decisions_are_undoable_until_saved(session: Session) -> None:
    decision = Decision("D-1", "I-1", DecisionKind.STOP, "Evidence weak")
    session.push(RecordDecision(decision))
    assert session.pending_decisions() == [decision]
    session.undo_stack.undo()
    assert session.pending_decisions() == []
    session.undo_stack.redo()
    _saved(session)
    assert session.all_decisions()[-1] is decision
    assert session.undo_stack.count() == 0


def test_selection_and_balance_signal_only_on_change(session: Session, qtbot: QtBot) -> None:
    with qtbot.waitSignal(session.selection_changed) as sig:
        session.select(["I-2", "I-1", "I-2"])
    assert sig.args == [["I-2", "I-1"]]
    with qtbot.assertNotEmitted(session.selection_changed):
        session.select(["I-2", "I-1"])
    with qtbot.waitSignal(session.balance_changed):
        session.set_balance(1.7)
    assert session.balance == 1.0


def test_table_reads_engine_groups_in_the_engine_order() -> None:
    from stocktake.engine import arrays as engine_arrays
    from stocktake.ui.models import initiatives_model

    assert (
        initiatives_model.MILESTONE,
        initiatives_model.AMBITION,
        initiatives_model.DELIVERABILITY,
    ) == (engine_arrays.MILESTONE, engine_arrays.AMBITION, engine_arrays.DELIVERABILITY)
