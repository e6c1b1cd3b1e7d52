"""The window opens a workbook off the GUI thread and shows what it read."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from stocktake.ui.main_window import MainWindow
from tests.workbooks import CRITERIA, MISSIONS, build, initiatives


def test_opening_shows_counts_and_problems_by_cell(qtbot: QtBot, tmp_path: Path) -> None:
    path = build(tmp_path / "w.xlsx", {
        "Missions": MISSIONS, "Criteria": CRITERIA,
        "Initiatives": initiatives(["I-1", "M1", "A", "Green", "Test", 1, 1, 3, 3, "", ""],
                                   ["I-2", "M7", "B", "Green", "Test", 1, 1, 3, 3, "", ""]),
    })
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.workbook is not None, timeout=10_000)
    assert "2 missions" in window.summary.text()
    assert "1 initiatives" in window.summary.text()
    assert window.windowTitle().startswith("w.xlsx")
    items = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert any("Initiatives!B3" in t and t.startswith("ERROR") for t in items)
    assert window.progress.isHidden()
