"""Review copies in the window: Send for review…, the banner, a reviewer's note, and
Merge review copies… with its conflicts chosen in the Review tab (all undoable)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stocktake.app import review, review_record, three_way
from stocktake.app.document import Document
from stocktake.excel.reader import read_workbook
from stocktake.ui.review.actions import merge_copies, send_for_review
from tests.ui.test_main_window import _open, _window


def _edit_copy(path: Path, dca: str) -> None:
    doc = Document.open(path)
    review.load(doc)
    doc.apply(doc.edit("initiatives", "I-001", "dca", dca))
    doc.save(analysis=False)


def test_send_for_review_then_the_copy_shows_its_banner_and_keeps_a_note(
    qtbot: QtBot, sample_copy
) -> None:  # type: ignore[no-untyped-def]
    master = sample_copy()
    window = _window(qtbot)
    _open(qtbot, window, master)
    assert not window.banner.isVisible()
    assert window.send_review_action.isEnabled()
    copy = send_for_review(window, "Jane Smith")
    assert copy is not None and copy.exists(), window.told
    _open(qtbot, window, copy)
    window.show()
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text().startswith("Review copy for Jane Smith, made from plan_for_change")
    panel = window.review_tab
    window.session.select(["I-003"])
    panel.proposal.setCurrentText("Stop")
    panel.why.setText("no evidence")
    panel.keep_note()
    assert window.session.document.review.note("I-003").proposal == "Stop"
    window.undo_action.trigger()
    assert window.session.document.review.note("I-003").empty
    window.redo_action.trigger()
    window.save()
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    again = Document.open(copy)
    assert review.load(again).note("I-003").why == "no evidence"


def test_merge_in_the_window_lists_conflicts_and_a_choice_is_undoable(
    qtbot: QtBot, sample_copy
) -> None:  # type: ignore[no-untyped-def]
    master = sample_copy()
    doc = Document.open(master)
    a, _ = review.make_copy(doc, "Ann")
    b, _ = review.make_copy(doc, "Bo")
    _edit_copy(a, "Red")
    _edit_copy(b, "Green")
    window = _window(qtbot)
    _open(qtbot, window, master)
    plans: list[three_way.MergePlan] = []
    merge_copies(window, [a, b], done=plans.append)  # reads the copies in the background
    assert window.files.task is not None  # a background task, with progress and Cancel
    qtbot.waitUntil(lambda: bool(plans) and window.is_idle(), timeout=60_000)
    [plan] = plans
    assert [i.label for i in plan.conflicts] == [
        f"I-001 DCA ({read_workbook(master).initiatives['I-001'].name})"
    ]
    tree = window.review_tab.conflicts
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)
    top = tree.topLevelItem(0)
    choices = [top.child(i).text(0) for i in range(top.childCount())]
    assert choices[0] == "the master's value" and choices[1].startswith("Ann")
    keep = window.review_tab.choose_button
    assert not keep.isEnabled()  # nothing selected yet: nothing to keep
    tree.setCurrentItem(top.child(2))  # Bo's value
    assert keep.isEnabled()
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    wb = window.session.workbook
    assert wb.initiatives["I-001"].dca.value == "Green"
    assert tree.topLevelItemCount() == 0
    assert "Bo" in window.undo_action.text()
    window.undo_action.trigger()
    assert tree.topLevelItemCount() == 1 and wb.initiatives["I-001"].dca.value != "Green"
    window.redo_action.trigger()
    window.save()
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    saved = Document.open(master)
    assert saved.workbook.initiatives["I-001"].dca.value == "Green"
    assert review_record.record_of(saved).report[-1]["action"] == "resolved"
