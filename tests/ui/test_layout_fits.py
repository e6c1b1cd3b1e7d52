"""Every tab fits the screens a stock-take meeting is run on, with nothing forced off-screen.

The window cannot be made smaller than its minimum size hint, so a tab whose minimum is
wider or taller than the room a screen leaves is cut off there. Offscreen, Qt's sizes are
logical pixels, so a 1920x1080 laptop at 150 % leaves the same room as a 1280x720 screen
at 100 %: the room is the screen divided by the scale, less a title bar and a task bar.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stocktake.ui.main_window import MainWindow
from stocktake.ui.matrix.analysis import Analysis
from tests.conftest import SAMPLES

WINDOW_FRAME = 72
"""Logical pixels a desktop keeps for itself: a title bar (~32) and a task bar (~40)."""

SCREENS = {
    "1280x720": (1280, 720, 1.0, False),
    "1366x768": (1366, 768, 1.0, False),
    "1920x1080 at 150%": (1920, 1080, 1.5, False),
    "1366x768 with Large text": (1366, 768, 1.0, True),
}


def room(width: int, height: int, scale: float) -> QSize:
    return QSize(int(width / scale), int(height / scale) - WINDOW_FRAME)


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    path = SAMPLES / "plan_for_change.xlsx"  # long mission names, as real workbooks have
    w.open_path(path)
    qtbot.waitUntil(lambda: w.session.path == path and w.is_idle(), timeout=20_000)
    yield w
    analysis = Analysis.of(w.session)
    analysis.cancel_all()
    analysis.wait()


def _too_big(size: QSize, space: QSize) -> bool:
    return size.width() > space.width() or size.height() > space.height()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_tab_and_the_window_fit_the_screen(window: MainWindow, screen: str) -> None:
    width, height, scale, large = SCREENS[screen]
    window.large_text_action.setChecked(large)
    window.show()
    window.problems_dock.show()  # a workbook with problems shows them below every tab
    space = room(width, height, scale)
    too_big = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)  # builds the lazy tabs
        page = window.tabs.widget(i)
        QApplication.processEvents()  # let the new page's layout settle
        need = page.minimumSizeHint()
        if _too_big(need, space):
            name = window.tabs.tabText(i).replace("&", "")
            too_big.append(f"{name} needs {need.width()}x{need.height()}")
    need = window.minimumSizeHint()
    if _too_big(need, space):
        too_big.append(f"the window needs {need.width()}x{need.height()}")
    assert not too_big, f"On {screen} (room {space.width()}x{space.height()}): " + "; ".join(
        too_big
    )


def test_large_text_makes_the_text_larger(qtbot: QtBot, window: MainWindow) -> None:
    """The condition above is real: Large text grows the matrix page's minimum size."""
    window.show()
    window.tabs.setCurrentWidget(window.matrix_tab)
    panel = window.matrix_page().decisions
    before = panel.minimumSizeHint()
    radio = panel.kinds.buttons()[0]
    small = radio.font().pointSizeF()
    window.large_text_action.setChecked(True)
    qtbot.waitUntil(lambda: panel.minimumSizeHint().width() > before.width())
    assert panel.minimumSizeHint().height() > before.height()
    assert radio.font().pointSizeF() > small  # every control grows, the decisions too


def test_splitters_come_back_where_they_were_left(qtbot: QtBot) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(1200, 700)
    first.show()
    first.tabs.setCurrentWidget(first.matrix_tab)
    page = first.matrix_page()
    qtbot.waitUntil(lambda: sum(page.body.sizes()) > 0)
    total = sum(page.body.sizes())
    page.body.moveSplitter(total * 2 // 3, 1)  # as a drag does: emits splitterMoved
    sizes = page.body.sizes()
    assert abs(sizes[0] - total * 2 // 3) <= 2
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.resize(1200, 700)
    second.show()
    second.tabs.setCurrentWidget(second.matrix_tab)
    qtbot.waitUntil(lambda: second.matrix_page().body.sizes() == sizes)
