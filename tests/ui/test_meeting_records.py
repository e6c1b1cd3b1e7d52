"""Actions, dissent, what changed and minutes in the window, by keyboard where a person would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stocktake.app.document import Document
from stocktake.app.minutes import existing_rows
from stocktake.model.actions import Action, ActionStatus
from stocktake.ui.actions_panel import ActionsModel
from stocktake.ui.meeting_records import export_minutes, show_since_last
from stocktake.ui.session import Session
from tests.ui.test_main_window import _open, _window

TODAY = dt.date(2026, 11, 27)


def test_actions_model_passes_the_qt_model_tester(qtmodeltester, sample_copy) -> None:  # type: ignore[no-untyped-def]
    session = Session()
    session.set_document(Document.open(sample_copy()))
    session.document.actions = [
        Action("A-0001", "late", "Finance", TODAY - dt.timedelta(days=2), "I-041"),
        Action("A-0002", "done", due=TODAY, status=ActionStatus.DONE, completed=TODAY),
        Action("A-0003", "soon", due=TODAY + dt.timedelta(days=3), decision_id="D-0001"),
    ]
    model = ActionsModel(session, today=lambda: TODAY)
    qtmodeltester.check(model)
    assert [model.action(r).action_id for r in range(3)] == ["A-0001", "A-0003", "A-0002"]
    assert model.index(0, 5).data() == "Overdue by 2 days"
    assert model.index(1, 4).data() == "decision D-0001"
    name = session.document.workbook.initiatives["I-041"].name
    assert model.index(0, 4).data() == f"I-041 {name}"


def test_a_new_action_by_keyboard_is_undoable_and_saved(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    window = _window(qtbot)
    window.show()
    _open(qtbot, window, path)
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    panel = window.actions_panel
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    dialog = panel.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.what)
    qtbot.keyClicks(dialog.what, "Re-cost the pilot")
    qtbot.keyClick(dialog.what, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Finance")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.due
    qtbot.keyClicks(dialog.due, "31032027")  # day, month, year: the UK order
    assert dialog.due_date() == dt.date(2027, 3, 31)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [action] = window.session.document.actions
    assert (action.what, action.owner, action.due) == (
        "Re-cost the pilot",
        "Finance",
        dt.date(2027, 3, 31),
    )
    # Space marks it done, Ctrl+Z takes that back
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table)
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.session.document.actions[0].done)
    window.undo_action.trigger()
    assert not window.session.document.actions[0].done
    window.save()
    qtbot.waitUntil(window.is_idle, timeout=30_000)
    again = Document.open(path)
    assert [(a.action_id, a.what, a.due) for a in again.actions] == [
        ("A-0001", "Re-cost the pilot", dt.date(2027, 3, 31))
    ]
    window.close()


def test_an_action_without_words_keeps_the_dialog_open_saying_why(
    qtbot: QtBot, sample_copy
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    _open(qtbot, window, sample_copy())
    dialog = window.actions_panel.new_action()
    assert dialog is not None
    dialog.accept()
    assert dialog.isVisible() and "words for what" in dialog.message.text()
    assert window.session.document.actions == []
    dialog.reject()


def test_what_changed_and_minutes_from_the_menus(qtbot: QtBot, sample_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    window = _window(qtbot)
    _open(qtbot, window, path)
    dialog = show_since_last(window)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.ready)
    assert any("no earlier saved state" in line for line in dialog.lines)
    dialog.close()
    doc = window.session.document
    window.session.push(
        doc.new_decision("I-041", "Stop", rationale="no evidence", dissent="B. Jones: too soon")
    )
    target = tmp_path / "minutes.md"
    assert export_minutes(window, times={"I-041": 90.0}, target=target) == target
    text = target.read_text(encoding="utf-8")
    assert "Dissent: B. Jones: too soon" in text and "1 min 30 s" in text
    assert export_minutes(window, times={"I-041": 120.0}, target=target) == target
    assert len(doc.minutes) == 1 and doc.minutes[0].times == (("I-041", 120.0),)
    window.save()
    qtbot.waitUntil(window.is_idle, timeout=30_000)
    rows = existing_rows(path)
    assert [r[2] for r in rows] == ["Summary", "Decision", "Time"]
    assert not window.isWindowModified()


def test_minutes_take_the_meeting_modes_start_and_timer(
    qtbot: QtBot, sample_copy, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from PySide6.QtCore import QObject

    from stocktake.ui.meeting_records import MEETING_MODE

    window = _window(qtbot)
    _open(qtbot, window, sample_copy())
    doc = window.session.document
    began = dt.datetime(2026, 3, 3, 10, 0)
    early = doc.new_decision("I-041", "Continue", decided_at=began - dt.timedelta(hours=1))
    window.session.push(early)  # before the meeting: not in its minutes
    window.session.push(
        doc.new_decision("I-074", "Scale", decided_at=began + dt.timedelta(minutes=3))
    )
    mode = QObject(window)
    mode.setObjectName(MEETING_MODE)
    mode.meeting = SimpleNamespace(started=began, item_seconds=lambda: {"I-074": 200.0})  # type: ignore[attr-defined]
    target = tmp_path / "m.md"
    export_minutes(window, target=target)
    [minutes] = doc.minutes
    assert [d.initiative_id for d in minutes.decisions] == ["I-074"]
    assert minutes.times == (("I-074", 200.0),) and minutes.held == began.date()
