"""Meeting mode by keyboard: F5 from the matrix canvas, walk the agenda, reveal private
scores, decide, time the items, show the presenter view, Esc to leave."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from stocktake.app.agenda import Mark, Walk
from stocktake.app.review_record import Record, SetRecord, record_of
from stocktake.model import DecisionKind
from stocktake.ui.main_window import MainWindow
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.meeting.menu import meeting_mode
from stocktake.ui.meeting.mode import MeetingMode
from tests.ui.test_layout_fits import SCREENS as FIT_SCREENS
from tests.ui.test_layout_fits import room

Key = Qt.Key
Mod = Qt.KeyboardModifier
REPO = Path(__file__).resolve().parents[2]


class Clock:
    """A clock the test moves by hand: the timers never wait for real seconds."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window  # tests/ui/conftest.py


def _on_canvas(qtbot: QtBot, window: MainWindow) -> list[str]:
    """Matrix tab shown, focus on the chart; returns the initiatives in rank order."""
    window.tabs.setCurrentWidget(window.matrix_tab)
    page = window.matrix_page()
    analysis = Analysis.of(window.session)
    qtbot.waitUntil(lambda: analysis.table is not None and page.isVisible())
    page.matrix.plot.setFocus()
    qtbot.waitUntil(page.matrix.plot.hasFocus)
    table = analysis.table
    assert table is not None
    return [table.ids[int(k)] for k in table.order]


def _press(qtbot: QtBot, key: Key, mod: Mod = Mod.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, mod)


def _collect_scores(window: MainWindow, iid: str) -> None:
    """As a merge of three review copies would: private scores for one initiative."""
    doc = window.session.document
    crit = next(iter(window.session.workbook.criteria))
    notes = tuple(
        {"initiative": iid, "reviewer": who, "scores": {crit: score}, "file": f"{who}.xlsx"}
        for who, score in (("Ana", 5.0), ("Ben", 2.0), ("Cai", 1.0))
    )
    window.session.push(SetRecord(record_of(doc), Record(notes=notes), "Collect scores"))


def _mode(window: MainWindow, clock: Clock) -> MeetingMode:
    mode = meeting_mode(window)
    mode.now = clock
    return mode


def _status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_a_meeting_by_keyboard_walks_reveals_decides_and_leaves(
    qtbot: QtBot, window: MainWindow
) -> None:
    order = _on_canvas(qtbot, window)
    _collect_scores(window, order[0])
    clock = Clock()
    mode = _mode(window, clock)
    page = window.matrix_page()
    _press(qtbot, Key.Key_F5)
    panel = mode.panel
    assert panel is not None and panel.isVisible() and not page.ranks.isVisible()
    assert "Meeting mode: 1 of" in _status(window)
    assert window.session.selection == [order[0]]
    assert panel.progress.text().startswith(f"By rank: item 1 of {len(order)}")
    assert panel.reveal.text() == "3 reviewers have scored this — press R to reveal."
    assert "Ana" not in panel.reveal.text()

    _press(qtbot, Key.Key_R)
    assert "min 1, median 2, max 5 — Ana stands out at 5" in panel.reveal.text()
    assert "Ana stands out" in _status(window)

    _press(qtbot, Key.Key_T)
    assert mode.meeting is not None and mode.meeting.clock.running
    assert "Timer started" in _status(window)
    clock.t += 200  # 20 s past the 3 minutes planned per item
    qtbot.waitUntil(lambda: panel.item_timer.text().startswith("Over by 20 s"))
    assert "B10E1E" in panel.item_timer.styleSheet()  # over time shows in colour too
    assert "over its planned time" in _status(window)

    _press(qtbot, Key.Key_3)
    _press(qtbot, Key.Key_Return, Mod.ControlModifier)
    assert [(d.initiative_id, d.decision) for d in window.session.pending_decisions()] == [
        (order[0], DecisionKind.CONTINUE)
    ]
    assert mode.meeting.agenda.marks == {order[0]: Mark.DONE}
    assert panel.items.model().index(0, 0).data().startswith("1. Done · ")
    here = panel.items.currentIndex()  # still highlighted, with Ctrl just pressed
    assert here.isValid() and panel.items.selectionModel().isSelected(here)

    _press(qtbot, Key.Key_N)
    _press(qtbot, Key.Key_N)  # leaves the second item undecided: skipped
    assert window.session.selection == [order[2]]
    assert f"Item 3 of {len(order)}, {order[2]}" in _status(window)
    _press(qtbot, Key.Key_P)
    assert window.session.selection == [order[1]]
    assert mode.meeting.agenda.marks[order[1]] is Mark.SKIPPED
    assert panel.reveal.text() == "No private scores were collected for this item."

    _press(qtbot, Key.Key_6)
    assert "needs a rationale" in _status(window)
    _press(qtbot, Key.Key_R)  # nothing to reveal here: R goes to the rationale
    qtbot.waitUntil(page.decisions.rationale.hasFocus)
    qtbot.keyClicks(page.decisions.rationale, "Not value for money")
    assert page.decisions.rationale.toPlainText() == "Not value for money"  # N stayed text
    _press(qtbot, Key.Key_Return, Mod.ControlModifier)
    assert window.session.pending_decisions()[-1].decision is DecisionKind.STOP
    assert mode.meeting.agenda.marks[order[1]] is Mark.DONE  # decided after all

    clock.t += 30
    seconds = mode.meeting.item_seconds()
    assert seconds[order[0]] == pytest.approx(200.0)
    assert seconds[order[1]] == pytest.approx(30.0)

    _press(qtbot, Key.Key_Escape)
    assert not mode.active and not panel.isVisible() and page.ranks.isVisible()
    assert "Left meeting mode: 2 done, 1 skipped" in _status(window)
    # Leaving keeps the minutes for the next save, whether or not anyone exports them.
    assert "The minutes go into the Minutes sheet when you save" in _status(window)
    [minutes] = window.session.document.minutes
    assert [d.initiative_id for d in minutes.decisions] == [order[0], order[1]]
    assert dict(minutes.times)[order[0]] == pytest.approx(200.0)
    _press(qtbot, Key.Key_F5)  # carry on, then leave again: still one set of minutes
    _press(qtbot, Key.Key_Escape)
    assert len(window.session.document.minutes) == 1
    page.matrix.plot.setFocus()
    qtbot.waitUntil(page.matrix.plot.hasFocus)
    _press(qtbot, Key.Key_N)  # N walks the rank order again, as outside a meeting
    assert "rank" in _status(window)


def test_walks_follow_the_portfolio_and_a_hand_picked_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    order = _on_canvas(qtbot, window)
    mode = _mode(window, Clock())
    _press(qtbot, Key.Key_F5)
    wb = window.session.workbook
    first_mission = next(iter(wb.missions))
    mode.choose_walk(Walk.MISSION)
    assert mode.meeting is not None
    items = mode.meeting.agenda.items
    assert sorted(items) == sorted(order)
    assert wb.initiatives[items[0]].mission_id == first_mission
    assert mode.meeting.current == order[0]  # the item under discussion stays current
    picked = [order[5], order[2]]
    window.session.select(picked)
    mode.choose_walk(Walk.PICKED)
    assert mode.meeting.agenda.items == picked
    assert mode.panel is not None and mode.panel.items.model().rowCount() == 2
    assert "Hand-picked list" in mode.panel.progress.text()
    assert window.session.selection == [order[5]]  # the list starts at its first item
    _press(qtbot, Key.Key_N)
    assert f"Item 2 of 2, {order[2]}" in _status(window)
    _press(qtbot, Key.Key_N)
    assert "Already at the last item" in _status(window)


def test_the_plan_is_set_in_minutes_and_the_meeting_goes_over(
    qtbot: QtBot, window: MainWindow
) -> None:
    _on_canvas(qtbot, window)
    clock = Clock()
    mode = _mode(window, clock)
    _press(qtbot, Key.Key_F5)
    panel = mode.panel
    assert panel is not None and mode.meeting is not None
    assert (panel.item_minutes.value(), panel.meeting_minutes.value()) == (3, 60)
    panel.meeting_minutes.setFocus()
    qtbot.waitUntil(panel.meeting_minutes.hasFocus)
    panel.meeting_minutes.selectAll()
    qtbot.keyClicks(panel.meeting_minutes, "10")
    assert mode.meeting.clock.planned_meeting == 600.0
    assert "10 min 00 s for the meeting" in _status(window)
    _press(qtbot, Key.Key_T)  # typed into the number box: a T is not a command there
    assert not mode.meeting.clock.running
    _on_canvas(qtbot, window)
    _press(qtbot, Key.Key_T)
    assert mode.meeting.clock.running
    clock.t += 601
    qtbot.waitUntil(lambda: panel.meeting_timer.text().startswith("Over by 1 s"))
    assert "B10E1E" in panel.meeting_timer.styleSheet()


def test_the_presenter_view_opens_full_screen_and_answers_the_keys(
    qtbot: QtBot, window: MainWindow
) -> None:
    order = _on_canvas(qtbot, window)
    _collect_scores(window, order[0])
    mode = _mode(window, Clock())
    _press(qtbot, Key.Key_F5)
    view = mode.open_presenter()
    assert view is not None
    qtbot.waitUntil(view.isFullScreen)
    name = window.session.workbook.initiatives[order[0]].name
    assert view.title.text() == f"{name} ({order[0]})"
    assert view.reveal.text() == "3 reviewers have scored this."
    assert view.decision.text() == "No decision yet"
    with qtbot.waitActive(view):
        view.activateWindow()
    qtbot.keyClick(view, Key.Key_R)
    assert "Ana stands out" in view.reveal.text()
    qtbot.keyClick(view, Key.Key_1)
    assert "chosen now: Prioritise" in view.decision.text()
    qtbot.keyClick(view, Key.Key_Return, Mod.ControlModifier)
    qtbot.waitUntil(lambda: view.decision.text().startswith("In force: Prioritise"))
    qtbot.keyClick(view, Key.Key_N)
    assert window.session.selection == [order[1]]
    assert view.title.text().endswith(f"({order[1]})")
    qtbot.keyClick(view, Key.Key_Escape)
    assert not mode.active and not view.isVisible()


SCREENS = {
    "screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768},
        {"name": "projector", "x": 1366, "y": 0, "width": 1920, "height": 1080},
    ]
}


def test_the_presenter_view_goes_to_the_second_screen(tmp_path: Path) -> None:
    """Two virtual screens need their own platform: run the window in a child process."""
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS), encoding="utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        STOCKTAKE_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]),
    )
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("presenter_child.py"))],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["screens"] == ["laptop", "projector"]
    assert seen["window_screen"] == "laptop"
    assert seen["presenter_screen"] == "projector"
    assert seen["full_screen"] and seen["frameless"]
    assert seen["geometry"] == [1366, 0, 1920, 1080]
    assert seen["title"].endswith(f"({seen['current']})")
    # text sized from the projector's height, not a fixed size: 1080 / 30 lines
    assert seen["body_px"] == 1080 // 30


@pytest.mark.parametrize("screen", list(FIT_SCREENS))
def test_meeting_mode_fits_the_screens_a_meeting_uses(
    qtbot: QtBot, window: MainWindow, screen: str
) -> None:
    width, height, scale, large = FIT_SCREENS[screen]
    window.large_text_action.setChecked(large)
    window.problems_dock.show()
    _on_canvas(qtbot, window)
    _press(qtbot, Key.Key_F5)
    mode = meeting_mode(window)
    assert mode.panel is not None and mode.panel.isVisible()
    QApplication.processEvents()  # let the agenda panel's layout settle
    space = room(width, height, scale)
    for what, need in (
        ("the Matrix tab", window.matrix_tab.minimumSizeHint()),
        ("the window", window.minimumSizeHint()),
    ):
        assert need.width() <= space.width() and need.height() <= space.height(), (
            f"On {screen} in meeting mode {what} needs {need.width()}x{need.height()}, "
            f"the room is {space.width()}x{space.height()}"
        )


def test_leaving_gives_the_side_column_back_as_it_was(qtbot: QtBot, window: MainWindow) -> None:
    _on_canvas(qtbot, window)
    page = window.matrix_page()
    qtbot.waitUntil(lambda: not page.first_sizing_pending())
    before = page.side.sizes()
    _press(qtbot, Key.Key_F5)
    mode = meeting_mode(window)
    assert mode.panel is not None
    qtbot.waitUntil(lambda: page.side.sizes()[0] > 0 and not page.ranks.isVisible())
    _press(qtbot, Key.Key_Escape)
    after = page.side.sizes()[1:]  # the hidden agenda panel first
    assert page.ranks.isVisible() and len(after) == len(before)
    # in the same proportions (the hidden panel's handle takes a few pixels)
    assert after[0] / sum(after) == pytest.approx(before[0] / sum(before), abs=0.02), (
        before,
        after,
    )


def test_the_minutes_take_the_meetings_time_per_item(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The minutes (exported from the window) read this meeting's start and timer."""
    from stocktake.ui.meeting_records import export_minutes

    order = _on_canvas(qtbot, window)
    clock = Clock()
    _mode(window, clock)
    _press(qtbot, Key.Key_F5)
    _press(qtbot, Key.Key_T)
    clock.t += 90
    _press(qtbot, Key.Key_3)
    _press(qtbot, Key.Key_Return, Mod.ControlModifier)
    _press(qtbot, Key.Key_N)
    clock.t += 45
    target = tmp_path / "minutes.md"
    assert export_minutes(window, target=target) == target
    [minutes] = window.session.document.minutes
    assert [d.initiative_id for d in minutes.decisions] == [order[0]]
    assert dict(minutes.times) == {order[0]: 90.0, order[1]: 45.0}


def test_any_item_is_a_jump_away_and_the_keys_work_from_the_agenda_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    order = _on_canvas(qtbot, window)
    mode = _mode(window, Clock())
    _press(qtbot, Key.Key_F5)
    panel = mode.panel
    assert panel is not None
    panel.items.setFocus()
    qtbot.waitUntil(panel.items.hasFocus)
    for _ in range(4):
        _press(qtbot, Key.Key_Down)
    _press(qtbot, Key.Key_Return)  # Enter on a row jumps there
    assert window.session.selection == [order[4]]
    assert f"Item 5 of {len(order)}" in _status(window)
    _press(qtbot, Key.Key_N)  # a letter in the list is a meeting key, not a search
    assert window.session.selection == [order[5]]
    assert panel.items.currentIndex().row() == 5


@pytest.mark.qt_log_ignore("does not support raise")  # the tooltip window, offscreen
def test_a_skipped_item_is_struck_through_and_every_row_tells_its_whole_name(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QStyleOptionViewItem, QToolTip

    order = _on_canvas(qtbot, window)
    mode = _mode(window, Clock())
    _press(qtbot, Key.Key_F5)
    _press(qtbot, Key.Key_N)  # the first item left undecided: skipped
    panel = mode.panel
    assert panel is not None
    view, model = panel.items, panel.items.model()
    delegate = view.itemDelegate()

    def look(row: int) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index(row, 0))
        return option

    name = window.session.workbook.initiatives[order[0]].name
    assert model.index(0, 0).data() == f"1. Skipped · {order[0]} {name}"
    assert look(0).font.strikeOut() and not look(1).font.strikeOut()
    assert model.index(1, 0).data().startswith(f"2. {order[1]} ")
    rect = view.visualRect(model.index(0, 0))
    tip = QHelpEvent(QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(QPoint()))
    assert delegate.helpEvent(tip, view, look(0), model.index(0, 0))
    qtbot.waitUntil(lambda: QToolTip.text() == model.index(0, 0).data())


def test_the_changed_walk_follows_each_edit_and_never_waits_on_the_window(
    qtbot: QtBot, sample_copy
) -> None:  # type: ignore[no-untyped-def]
    """What changed since last time is worked out in the background; chosen before it is
    known, the walk follows when it is; an edit makes it worked out again."""
    from stocktake.app.document import Document
    from stocktake.model import DCA

    path = sample_copy()
    Document.open(path).save()  # the last stock-take's state is kept in the file
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask = lambda *_a: QMessageBox.StandardButton.Discard  # type: ignore[method-assign,assignment]
    w.open_path(path)
    qtbot.waitUntil(lambda: w.session.path == path and w.is_idle(), timeout=20_000)
    w.show()
    order = _on_canvas(qtbot, w)
    mode = _mode(w, Clock())
    w.meeting_action.setChecked(True)
    panel = mode.panel
    assert panel is not None and mode.meeting is not None

    def walks() -> list[str]:
        return [panel.walk.itemText(k) for k in range(panel.walk.count())]

    qtbot.waitUntil(lambda: Walk.CHANGED.value in walks())
    wb = w.session.workbook
    first, second = [i for i in reversed(order) if wb.initiatives[i].dca is not DCA.RED][:2]
    w.session.edit("initiatives", first, "dca", "Red")
    mode.choose_walk(Walk.CHANGED)
    qtbot.waitUntil(lambda: mode.meeting.agenda.items == [first])
    assert mode.meeting.agenda.walk is Walk.CHANGED
    assert panel.walk.currentText() == Walk.CHANGED.value
    assert w.session.selection == [first]
    mode.choose_walk(Walk.RANK)
    w.session.edit("initiatives", second, "dca", "Red")
    mode.choose_walk(Walk.CHANGED)
    expected = [i for i in order if i in (first, second)]  # in rank order
    qtbot.waitUntil(lambda: mode.meeting.agenda.items == expected)
    w.session.undo_stack.undo()
    mode.choose_walk(Walk.CHANGED)
    qtbot.waitUntil(lambda: mode.meeting.agenda.items == [first])
    mode.leave()
