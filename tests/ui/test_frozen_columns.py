"""Scrolling across to the score columns keeps each row's ID and name in view."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from stocktake.ui.main_window import MainWindow
from stocktake.ui.matrix.analysis import Analysis
from tests.conftest import SAMPLES


def test_id_and_name_stay_in_view_when_scrolled_to_the_scores(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    path = SAMPLES / "plan_for_change.xlsx"
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.path == path and window.is_idle(), timeout=20_000)
    window.resize(900, 600)  # narrower than the table: it must scroll across
    window.show()
    view = window.initiatives
    table, frozen = view.table, view.frozen
    qtbot.waitUntil(lambda: table.isVisible() and table.horizontalScrollBar().maximum() > 0)
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum())  # across to the last score columns
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 2)
    qtbot.waitUntil(lambda: frozen.verticalScrollBar().value() == table.verticalScrollBar().value())
    assert frozen.isVisible() and frozen.width() > 0
    # the first cell the table shows on screen (at its left edge) is now a score ...
    top_left = QPoint(1, 1)
    shown = table.indexAt(top_left)
    assert shown.column() >= 3
    # ... while the frozen columns, level with it, show that row's ID and name
    beside = frozen.indexAt(top_left)
    assert beside.row() == shown.row() and beside.column() == 0
    model = table.model()
    ident = model.index(shown.row(), 0).data()
    name = model.index(shown.row(), 2).data()
    assert ident == beside.data()
    assert window.session.workbook.initiatives[ident].name == name
    analysis = window.session.findChild(Analysis)
    if analysis is not None:
        analysis.cancel_all()
        analysis.wait()
