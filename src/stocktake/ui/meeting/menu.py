"""View > Meeting mode (F5): the menu entry, with the meeting's code loaded on first use.

Why apart from :mod:`.mode`: the window is built before anyone opens the matrix, and
meeting mode needs the analysis and the matrix panels, which load only when first
wanted (so the window with a workbook's tables appears quickly).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from stocktake.ui.staging import later

if TYPE_CHECKING:
    from stocktake.ui.main_window import MainWindow
    from stocktake.ui.meeting.mode import MeetingMode


def install(window: MainWindow) -> QAction:
    """Add View > Meeting mode to ``window``; returns the (checkable) action."""
    action = QAction("&Meeting mode", window, checkable=True)
    action.setShortcut(QKeySequence("F5"))
    action.setStatusTip("Walk an agenda by keyboard, with timers and a presenter view (Esc leaves)")
    action.setToolTip(action.statusTip())
    action.toggled.connect(lambda on: meeting_mode(window, action).toggled(on))
    window.view_menu.addAction(action)
    window.tabs.currentChanged.connect(lambda _i: _load_with_the_matrix(window))
    return action


def _load_with_the_matrix(window: MainWindow) -> None:
    """Once the Matrix tab shows, load the meeting's code in a pass of its own: a
    meeting is run from that tab, and loading it on the first F5 added 40-60 ms to
    meeting mode's start on the GUI thread."""
    if window.tabs.currentWidget() is window.matrix_tab and MODE not in sys.modules:
        later(window, _load_mode)


def _load_mode() -> None:
    import stocktake.ui.meeting.mode  # noqa: F401  (written out for PyInstaller to see)


MODE = "stocktake.ui.meeting.mode"


def meeting_mode(window: MainWindow, action: QAction | None = None) -> MeetingMode:
    """The window's meeting mode (made on first use)."""
    from stocktake.ui.meeting.mode import OBJECT_NAME, MeetingMode

    found = window.findChild(QObject, OBJECT_NAME)
    if isinstance(found, MeetingMode):
        return found
    return MeetingMode(window, action or window.meeting_action)


SHOT_TABS = ("meeting", "presenter")
"""Pseudo-tabs of ``stocktake-gui --screenshot --tab``: the Matrix tab in meeting mode,
and the presenter view."""


def prepare_shot(window: MainWindow, tab: str) -> QWidget:
    """Set up a screenshot of meeting mode (``tab`` "Meeting") or the presenter view
    ("Presenter"); returns the widget to grab (the window for any other tab)."""
    if tab.lower() not in SHOT_TABS:
        return window
    window.tabs.setCurrentWidget(window.matrix_tab)
    window.meeting_action.setChecked(True)
    if tab.lower() == "presenter":
        view = meeting_mode(window).open_presenter()
        if view is not None:
            return view
    return window
