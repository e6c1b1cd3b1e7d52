"""File > Export board pack… writes the public pack in the background and says where."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stocktake.ui.main_window import MainWindow
from stocktake.ui.pack_dialog import PackDialog, export_board_pack
from tests.pack.conftest import SAMPLE

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
