"""File > Export board pack… writes the public pack in the background and says where."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stocktake.ui.main_window import MainWindow
from stocktake.ui.pack_dialog import PackDialog, export_board_pack
from tests.reports.pack.conftest import SAMPLE

pytestmark = pytest.mark.slow


def test_export_board_pack_from_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    shutil.copy(SAMPLE, path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.path == path and window.is_idle(), timeout=20_000)
    assert window.pack_action.isEnabled()
    out = tmp_path / "pack"
    export_board_pack(window.files, out, public=True)
    qtbot.waitUntil(window.files.is_idle, timeout=120_000)
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "plan board pack public.pdf",
        "plan board pack public.xlsx",
        "plan board pack withheld manifest.csv",
    ]
    assert "Board pack written to" in window.summary.text()


def test_the_dialog_offers_the_public_tick(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PackDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.folder.text() == str(tmp_path)
    assert not dialog.public.isChecked()
    assert "OFFICIAL-SENSITIVE" in dialog.public.text()


def test_png_exports_carry_marking_title_legend_and_alt_text(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    path = tmp_path / "plan.xlsx"
    shutil.copy(SAMPLE, path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.path == path and window.is_idle(), timeout=20_000)
    written = window.export_charts(tmp_path)
    assert len(written) == 3
    matrix = QImage(str(written[0]))
    assert (matrix.width(), matrix.height()) == (1600, 1200)
    n = len(window.session.workbook.initiatives)
    assert matrix.text("Description").startswith(f"Ruthless-choice matrix: {n} initiatives;")
    assert matrix.text("Title") == "Ruthless-choice matrix"

    def dark_pixels(image: QImage, y0: int, y1: int) -> int:
        return sum(
            1
            for y in range(y0, y1, 2)
            for x in range(0, image.width(), 4)
            if QColor(image.pixel(x, y)).lightness() < 80
        )

    band = 1200 // 14
    assert dark_pixels(matrix, 0, band) > 50  # the marking, burnt in at the top
    assert dark_pixels(matrix, 1200 - band, 1200) > 50  # and at the bottom
    # the legend's colour swatches: the mission colours of the window's own legend
    from stocktake.ui.matrix.export import legend_entries

    legend = legend_entries(window.matrix_page().matrix.legend.text())
    assert [name for name, _ in legend] == [
        m.name for m in window.session.workbook.missions.values()
    ]


def test_legend_entries_read_the_fill_key_only() -> None:
    from stocktake.ui.matrix.export import legend_entries

    text = (
        '<span style="color:#12436d">●</span> Growth &amp; jobs &nbsp; '
        '<span style="color:#28a197">●</span> Safer streets<br>'
        'DCA outline: <span style="color:#00703c">◯</span> Green'
    )
    assert legend_entries(text) == [("Growth & jobs", "#12436d"), ("Safer streets", "#28a197")]
