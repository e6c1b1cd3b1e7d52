"""A stock-take meeting end to end, in the real window: move the dial, decide by
keyboard, save, reopen; the workbook holds the decision, the analysis and native
charts that LibreOffice can draw, and nothing else of the user's changed."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from stocktake.excel.reader import read_workbook
from stocktake.excel.safety import inspect_package
from stocktake.model import DecisionKind
from stocktake.ui.main_window import MainWindow
from stocktake.ui.matrix.analysis import Analysis

pytestmark = pytest.mark.libreoffice


def _window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.ask = lambda *a: QMessageBox.StandardButton.Cancel  # type: ignore[method-assign]
    told: list[str] = []
    window.tell = lambda title, text: told.append(f"{title}: {text}")  # type: ignore[method-assign]
    window.told = told  # type: ignore[attr-defined]
    return window


def _open(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.path == path and window.is_idle(), timeout=20_000)


def test_decide_by_keyboard_save_reopen_and_libreoffice_draws_the_charts(
    qtbot: QtBot, sample_copy, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = sample_copy()
    owned = {"Scores", "Portfolio", "Charts", "Stocktake settings", "Decisions"}
    user_parts = {
        name: part for name, part in inspect_package(path).sheet_parts.items() if name not in owned
    }
    with zipfile.ZipFile(path) as zf:
        before = {name: zf.read(part) for name, part in user_parts.items()}
    window = _window(qtbot)
    window.show()
    _open(qtbot, window, path)
    window.tabs.setCurrentWidget(window.matrix_tab)
    page = window.matrix_page()
    analysis = Analysis.of(window.session)
    qtbot.waitUntil(lambda: analysis.answer is not None, timeout=20_000)

    page.dial.slider.setFocus()
    qtbot.keyClick(page.dial.slider, Qt.Key.Key_PageUp)  # 0.1 along the dial
    balance = window.session.balance
    assert balance == pytest.approx(0.4) or balance == pytest.approx(0.6)

    panel = page.decisions
    panel.next_button.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N)
    chosen = window.session.selection[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # Prioritise
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    [decision] = window.session.pending_decisions()
    assert decision.decision is DecisionKind.PRIORITISE and decision.initiative_id == chosen
    assert window.isWindowModified()

    window.save()
    qtbot.waitUntil(window.is_idle, timeout=60_000)
    assert not window.isWindowModified(), window.told

    reread = read_workbook(path)
    assert reread.problems == []
    last = reread.decisions[-1]
    assert (last.decision_id, last.initiative_id, last.decision) == (
        decision.decision_id,
        chosen,
        DecisionKind.PRIORITISE,
    )
    assert last.balance == pytest.approx(balance)
    assert last.decided_at is not None and decision.decided_at is not None
    assert abs((last.decided_at - decision.decided_at).total_seconds()) < 1
    assert float(reread.settings["balance"]) == pytest.approx(balance)
    names = reread.sheet_names
    for owned in ("Scores", "Portfolio", "Charts", "Stocktake settings", "Decisions"):
        assert owned in names

    with zipfile.ZipFile(path) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        # Every sheet of the user's own data is byte for byte as it was.
        assert {name: zf.read(part) for name, part in user_parts.items()} == before
    assert len(user_parts) >= 10
    assert len(charts) >= 3  # matrix, frontier, trajectories

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run the README's test command, which installs it"
    out = tmp_path / "pdf"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = out / f"{path.stem}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert "Efficient frontier" in text  # a chart title LibreOffice drew from chart XML


def test_export_charts_as_png(qtbot: QtBot, sample_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    _open(qtbot, window, sample_copy())
    written = window.export_charts(tmp_path)
    assert [p.name for p in written] == [
        "plan_for_change matrix.png",
        "plan_for_change rank-vs-balance.png",
        "plan_for_change frontier.png",
    ]
    sizes = [(QImage(str(p)).width(), QImage(str(p)).height()) for p in written]
    assert sizes == [(1600, 1200), (1600, 900), (1600, 1000)]
    assert all(p.stat().st_size > 5_000 for p in written)
    Analysis.of(window.session).cancel_all()
    Analysis.of(window.session).wait()
