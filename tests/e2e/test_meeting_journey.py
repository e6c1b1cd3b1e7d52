"""A whole stock-take meeting by keyboard alone (issue 13's bar), in the real window.

The master has private scores collected the way a team collects them: review copies made
and filled in through the application layer, then merged back. From the matrix canvas,
with nothing but key presses: F5 starts meeting mode, T the timer, N walks the agenda,
R reveals the scores, 1-6 and a typed rationale (and, once, a typed dissent) decide,
Ctrl+Shift+A adds an action, Esc ends the meeting, Alt+F exports the minutes, Ctrl+S
saves. The saved file is then read back through ``stocktake.app``, and every part of the
workbook the app does not own is checked byte for byte against the file before the
meeting.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from stocktake.app import merge, review
from stocktake.app.document import Document
from stocktake.app.minutes import existing_rows
from stocktake.model import DecisionKind
from stocktake.ui.main_window import MainWindow
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.meeting.menu import meeting_mode
from tests.app.test_dissent import sheet_parts
from tests.app.test_review_merge import sheet_parts as sheet_names
from tests.conftest import SAMPLES
from tests.excel.writer.helpers import OWNED_OR_EDITED, assert_untouched

Key = Qt.Key
Mod = Qt.KeyboardModifier
REVIEWERS = {"Ana": 5.0, "Ben": 2.0, "Cai": 1.0}
"""Each reviewer's private score for the first criterion: Ana stands out."""
OWNED = ("Scores", "Portfolio", "Charts", "Stocktake settings", "Decisions")
"""Sheets the app rewrites on every save (the others it adds are new, so not compared)."""


class Clock:
    """A clock the test moves by hand: the meeting's timers never wait for real seconds."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@dataclass
class Master:
    path: Path
    before: Path
    """The master as it was after the merge, before the meeting (for the byte check)."""


@pytest.fixture
def master(tmp_path: Path) -> Master:
    """A copy of the sample whose every initiative has three reviewers' private scores,
    collected by making review copies, scoring in them and merging them back."""
    path = tmp_path / "plan.xlsx"
    shutil.copyfile(SAMPLES / "plan_for_change.xlsx", path)
    doc = Document.open(path)
    crit = next(iter(doc.workbook.criteria))
    ids = list(doc.workbook.initiatives)
    copies = []
    for who, score in REVIEWERS.items():
        copy, _report = review.make_copy(doc, who)
        reviewer = Document.open(copy)
        review.load(reviewer)
        for iid in ids:
            change = review.set_note(reviewer, iid, scores={crit: score})
            assert change is not None
            reviewer.apply(change)
        reviewer.save(analysis=False, settings=True)
        copies.append(copy)
    plan, report = merge.merge(path, copies)
    assert report is not None, plan
    before = tmp_path / "before meeting.xlsx"
    shutil.copyfile(path, before)
    return Master(path, before)


def _target() -> QWidget:
    """Where a key pressed now lands, as Qt's own test library picks it: a keyboard
    grab, else an open menu, else the widget with the focus."""
    popup = QApplication.activePopupWidget()
    target = QWidget.keyboardGrabber() or (
        (popup.focusWidget() or popup) if popup is not None else QApplication.focusWidget()
    )
    assert target is not None, "nothing has the keyboard focus"
    return target


def _press(qtbot: QtBot, key: Key, mod: Mod = Mod.NoModifier) -> None:
    qtbot.keyClick(_target(), key, mod)


def _type(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(_target(), text)


def _dialog_has_the_keyboard(title: str) -> bool:
    """A dialog called ``title`` is up and the keyboard is in it (as a person would wait)."""
    dialog, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
    return (
        dialog is not None
        and dialog.windowTitle() == title
        and focus is not None
        and focus.window() is dialog
    )


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    w = MainWindow()
    qtbot.addWidget(w)
    yield w
    analysis = Analysis.of(w.session)
    analysis.cancel_all()
    analysis.wait()


# The offscreen platform cannot raise a window or grab the keyboard (a menu and a file
# dialog ask it to); it says so, and carries on as a desktop would.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_a_whole_meeting_by_keyboard_is_saved_and_reads_back(
    qtbot: QtBot, master: Master, window: MainWindow
) -> None:
    # a question box would stop a keyboard-only run: none is expected, so any is a failure
    asked: list[tuple[object, ...]] = []
    window.ask = lambda *a: asked.append(a) or QMessageBox.StandardButton.Cancel  # type: ignore[method-assign]
    told: list[str] = []
    window.tell = lambda title, text: told.append(f"{title}: {text}")  # type: ignore[method-assign]
    window.open_path(master.path)
    qtbot.waitUntil(lambda: window.session.path == master.path and window.is_idle(), timeout=20_000)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.tabs.setCurrentWidget(window.matrix_tab)
    page = window.matrix_page()
    analysis = Analysis.of(window.session)
    qtbot.waitUntil(lambda: analysis.table is not None and page.isVisible(), timeout=20_000)
    table = analysis.table
    assert table is not None
    order = [table.ids[int(k)] for k in table.order]
    clock = Clock()
    mode = meeting_mode(window)
    mode.now = clock  # the timers read the test's clock (the only thing set by hand)
    page.matrix.plot.setFocus()  # where the journey starts: the matrix canvas
    qtbot.waitUntil(page.matrix.plot.hasFocus)
    status = window.statusBar().currentMessage

    # -- start, time and reveal the first item ------------------------------------------
    _press(qtbot, Key.Key_F5)
    qtbot.waitUntil(lambda: mode.active and mode.panel is not None and mode.panel.isVisible())
    panel = mode.panel
    assert panel is not None
    assert window.session.selection == [order[0]]
    assert panel.reveal.text() == "3 reviewers have scored this — press R to reveal."
    _press(qtbot, Key.Key_T)
    assert "Timer started" in status()
    _press(qtbot, Key.Key_R)
    assert "Ana stands out" in panel.reveal.text()

    # -- three decisions: each with a typed rationale, the second with dissent -----------
    decisions = [
        (Key.Key_1, DecisionKind.PRIORITISE, "Best value for money in the mission", ""),
        (Key.Key_6, DecisionKind.STOP, "No evidence it works", "Ben: give it one more year"),
        (Key.Key_3, DecisionKind.CONTINUE, "On track; review at the next stock-take", ""),
    ]
    for n, (key, kind, rationale, dissent) in enumerate(decisions):
        if n:
            _press(qtbot, Key.Key_N)
            qtbot.waitUntil(lambda n=n: window.session.selection == [order[n]])
            assert f"Item {n + 1} of {len(order)}" in status()
            _press(qtbot, Key.Key_R)  # reveal this item's private scores
            assert "Ana stands out" in panel.reveal.text()
        _press(qtbot, key)
        assert page.decisions.chosen_kind() is kind
        _press(qtbot, Key.Key_R)  # revealed already: R goes to the rationale
        qtbot.waitUntil(page.decisions.rationale.hasFocus)
        _type(qtbot, rationale)
        if dissent:
            _press(qtbot, Key.Key_Tab)  # the next field down is the dissent
            qtbot.waitUntil(page.decisions.dissent.hasFocus)
            _type(qtbot, dissent)
        clock.t += 60.0 * (n + 2)  # 2, 3 and 4 minutes on the three items
        _press(qtbot, Key.Key_Return, Mod.ControlModifier)
        pending = window.session.pending_decisions()
        assert len(pending) == n + 1, status()
        assert (pending[-1].initiative_id, pending[-1].decision) == (order[n], kind)

    # -- an action, from where the meeting is --------------------------------------------
    _press(qtbot, Key.Key_A, Mod.ControlModifier | Mod.ShiftModifier)

    qtbot.waitUntil(lambda: _dialog_has_the_keyboard("New action"))
    _type(qtbot, "Write to the delivery partners about the stop")
    _press(qtbot, Key.Key_Tab)
    _type(qtbot, "SRO Health")
    _press(qtbot, Key.Key_Tab)
    _type(qtbot, "31/12/2026")
    _press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.waitUntil(page.matrix.plot.hasFocus)  # the keyboard is back on the meeting
    [action] = window.session.document.actions
    assert (action.what, action.owner, action.due) == (
        "Write to the delivery partners about the stop",
        "SRO Health",
        dt.date(2026, 12, 31),
    )
    assert window.tabs.currentWidget() is window.matrix_tab, "the action took the meeting away"
    assert f"Added action {action.action_id}" in status()

    # -- end the meeting, export the minutes, save ----------------------------------------
    clock.t += 30.0
    _press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not mode.active)
    assert "Left meeting mode: 3 done" in status()
    _press(qtbot, Key.Key_F, Mod.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    _press(qtbot, Key.Key_I)  # Export m&inutes…
    qtbot.waitUntil(lambda: _dialog_has_the_keyboard("Export minutes"))
    _press(qtbot, Key.Key_Return)  # the name it offers, beside the workbook
    qtbot.waitUntil(lambda: len(window.session.document.minutes) == 1)
    exported = sorted(master.path.parent.glob("plan minutes *.md"))
    assert len(exported) == 1, "the minutes were not written where the dialog offered"
    assert "Dissent: Ben: give it one more year" in exported[0].read_text(encoding="utf-8")

    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.matrix.plot)
    _press(qtbot, Key.Key_S, Mod.ControlModifier)
    qtbot.waitUntil(lambda: window.is_idle() and not window.isWindowModified(), timeout=60_000)
    assert asked == []
    # the one note a first save with dissent gives: the sample's log had no Dissent column
    assert told == ["Saved, with notes: Decisions: added the column(s) Dissent to the log"]

    # -- read back through the application layer -------------------------------------------
    doc = Document.open(master.path)
    mine = [d for d in doc.all_decisions() if d.rationale in {r for _, _, r, _ in decisions}]
    assert [(d.initiative_id, d.decision, d.rationale, d.dissent) for d in mine] == [
        (order[n], kind, rationale, dissent)
        for n, (_key, kind, rationale, dissent) in enumerate(decisions)
    ]
    [saved_action] = doc.actions
    assert (saved_action.what, saved_action.owner, saved_action.due) == (
        action.what,
        action.owner,
        action.due,
    )
    assert saved_action.initiative_id == order[2]  # for the item under discussion
    rows = existing_rows(master.path)
    kinds = [r[2] for r in rows]
    assert kinds.count("Decision") == 3 and kinds.count("Action") == 1
    text = "\n".join(str(r[4]) for r in rows)
    assert "Dissent: Ben: give it one more year" in text
    assert "No evidence it works" in text
    times = {str(r[3]).split()[0]: r[4] for r in rows if r[2] == "Time"}
    assert times == {order[0]: "2 min", order[1]: "3 min", order[2]: "4 min 30 s"}

    # -- and nothing else in the workbook changed -------------------------------------------
    present = set(sheet_names(master.before))
    owned = set().union(*(sheet_parts(master.before, name) for name in OWNED if name in present))
    assert_untouched(master.before, master.path, OWNED_OR_EDITED | owned)
