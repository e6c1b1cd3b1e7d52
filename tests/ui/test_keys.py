"""The keyboard a meeting runs on: the meeting keys from anywhere on the Matrix tab,
menu mnemonics that do not clash, redo by Ctrl+Y, a sensible tab order, a visible
focus ring on the balance slider."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from stocktake.model import DecisionKind
from stocktake.ui.main_window import MainWindow
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.workspace import MatrixPage

Key = Qt.Key
Mod = Qt.KeyboardModifier


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window  # tests/ui/conftest.py


def _page(qtbot: QtBot, window: MainWindow) -> MatrixPage:
    window.tabs.setCurrentWidget(window.matrix_tab)
    page = window.matrix_page()
    analysis = Analysis.of(window.session)
    qtbot.waitUntil(lambda: analysis.table is not None and page.isVisible())
    return page


def _press(qtbot: QtBot, key: Key, mod: Mod = Mod.NoModifier) -> None:
    """A key press to whatever has the focus, as a person's keyboard would send it."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, mod)


def test_meeting_keys_work_after_clicking_the_chart_or_moving_the_dial(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window)
    analysis = Analysis.of(window.session)
    top = analysis.table.top(3)
    page.matrix.plot.setFocus()  # a click on the chart gives it the focus
    qtbot.waitUntil(page.matrix.plot.hasFocus)
    _press(qtbot, Key.Key_N)
    assert window.session.selection == [top[0]]
    name = window.session.workbook.initiatives[top[0]].name
    assert f"{top[0]} {name}" in window.statusBar().currentMessage()  # visible feedback
    _press(qtbot, Key.Key_3)
    assert page.decisions.chosen_kind() is DecisionKind.CONTINUE
    assert "Continue chosen" in window.statusBar().currentMessage()
    _press(qtbot, Key.Key_Return, Mod.ControlModifier)
    [decision] = window.session.pending_decisions()
    assert (decision.initiative_id, decision.decision) == (top[0], DecisionKind.CONTINUE)
    assert "Recorded Continue" in window.statusBar().currentMessage()

    page.dial.slider.setFocus()  # the dial, moved by keyboard, keeps the keys working
    qtbot.waitUntil(page.dial.slider.hasFocus)
    _press(qtbot, Key.Key_Left)
    assert window.session.balance == pytest.approx(0.51)
    _press(qtbot, Key.Key_P)
    assert len(window.session.selection) == 1 and window.session.selection != [top[0]]


def test_keys_typed_into_a_text_field_stay_text(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    page.matrix.plot.setFocus()
    qtbot.waitUntil(page.matrix.plot.hasFocus)
    _press(qtbot, Key.Key_N)
    chosen = list(window.session.selection)
    page.decisions.owner.setFocus()
    qtbot.waitUntil(page.decisions.owner.hasFocus)
    qtbot.keyClicks(page.decisions.owner, "Nina P 6")
    assert page.decisions.owner.text() == "Nina P 6"
    assert window.session.selection == chosen and page.decisions.chosen_kind() is None
    page.matrix.cut_near.setFocus()
    qtbot.waitUntil(page.matrix.cut_near.hasFocus)
    _press(qtbot, Key.Key_6)
    assert page.decisions.chosen_kind() is None  # a digit in a number box is a digit


def test_a_key_with_nothing_selected_says_why_it_did_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window)
    page.matrix.plot.setFocus()
    qtbot.waitUntil(page.matrix.plot.hasFocus)
    _press(qtbot, Key.Key_6)
    assert "select an initiative first" in window.statusBar().currentMessage()


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


# a menu popping up offscreen cannot raise itself or grab the keyboard: harmless here
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_no_two_top_level_mnemonics_clash_and_alt_e_opens_edit(
    qtbot: QtBot, window: MainWindow
) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    letters = [_mnemonic(t) for t in [*menus, *tabs]]
    assert None not in letters, "every menu and tab has an Alt key"
    clashes = {x for x in letters if letters.count(x) > 1}
    assert not clashes, f"Alt+{clashes} is used twice among {menus + tabs}"
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    window.tabs.setCurrentWidget(window.initiatives)
    window.initiatives.table.setFocus()
    qtbot.keyClick(window.initiatives.table, Key.Key_E, Mod.AltModifier)
    qtbot.waitUntil(edit.isVisible)
    edit.close()
    assert window.tabs.currentWidget() is window.initiatives  # the Metrics tab did not open


def test_ctrl_y_redoes(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    page.dial.slider.setFocus()
    qtbot.waitUntil(page.dial.slider.hasFocus)
    _press(qtbot, Key.Key_Right)
    assert window.session.balance == pytest.approx(0.49)
    _press(qtbot, Key.Key_Z, Mod.ControlModifier)
    assert window.session.balance == pytest.approx(0.5)
    _press(qtbot, Key.Key_Y, Mod.ControlModifier)
    assert window.session.balance == pytest.approx(0.49)


def test_tab_walks_the_decision_form_top_to_bottom(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    panel = page.decisions
    page.matrix.plot.setFocus()
    qtbot.waitUntil(page.matrix.plot.hasFocus)
    _press(qtbot, Key.Key_N)  # the form's fields are enabled once an initiative is chosen
    panel.rationale.setFocus()
    qtbot.waitUntil(panel.rationale.hasFocus)
    panel.review_on.setChecked(True)  # the review date is a field only when asked for
    expected: list[QWidget] = [
        panel.dissent,  # who disagreed, straight after why
        panel.owner,
        panel.meeting,
        panel.decided_by,
        panel.review_on,
        panel.review,
        panel.reuse,
        panel.prev_button,
        panel.next_button,
        panel.record_button,
    ]
    reached: list[QWidget] = []
    for _ in range(3 * len(expected)):
        _press(qtbot, Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is not None
        # a date edit steps through day, month and year with Tab before it moves on
        focus = panel.review if panel.review.isAncestorOf(focus) else focus
        if not reached or reached[-1] is not focus:
            reached.append(focus)
        if focus is panel.record_button:
            break
    names = [w.accessibleName() or w.text() for w in reached]
    assert reached == expected, names


def _ink(image: QImage) -> int:
    """Pixels that are not the window's background grey or white."""
    background = image.pixel(0, 0)
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixel(x, y) != background
    )


def test_the_slider_focus_ring_is_plain_to_see(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    slider = page.dial.slider
    page.matrix.plot.setFocus()
    qtbot.waitUntil(lambda: not slider.hasFocus())
    without = _ink(slider.grab().toImage())
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    with_focus = slider.grab().toImage()
    # the yellow fill and black edge change a large part of the slider, not a dotted line
    changed = _ink(with_focus) - without
    assert changed > 0.25 * with_focus.width() * with_focus.height()
