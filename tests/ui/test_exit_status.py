"""The pinned PySide6 + pyqtgraph pair must start, draw a sized scatter and exit cleanly.

PySide6 6.12.0 with pyqtgraph 0.14.0 aborts at interpreter exit (none_dealloc, status
134) after ScatterPlotItem.setData with per-point sizes; the pin in pyproject.toml is
what this test keeps honest, in a child process so an abort cannot hide.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import pyqtgraph as pg

app = QApplication(sys.argv)
plot = pg.PlotWidget()
scatter = pg.ScatterPlotItem()
scatter.setData(x=[1, 2, 3, 4], y=[4, 1, 3, 2], size=[5, 10, 20, 40],
                brush=[pg.mkBrush('#12436D'), pg.mkBrush('#28A197'), pg.mkBrush('#801650'),
                       pg.mkBrush('#F46A25')])
plot.addItem(scatter)
plot.show()
QTimer.singleShot(200, app.quit)
sys.exit(app.exec())
"""


def _env(tmp: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    if tmp is not None:  # keep the user's settings and app data out of the test
        env["STOCKTAKE_DATA_DIR"] = str(tmp / "data")
        env["XDG_CONFIG_HOME"] = str(tmp / "config")
    return env


def test_scatter_with_sizes_then_quit_exits_zero() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_gui_entry_point_opens_a_workbook_and_exits_zero(tmp_path: Path) -> None:
    sample = SAMPLES / "plan_for_change.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "stocktake.ui.app", str(sample), "--quit-when-open"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]  # 1 if the workbook was not opened
    assert "Traceback" not in done.stderr
    broken = tmp_path / "not-a-workbook.xlsx"
    broken.write_text("hello")
    failed = subprocess.run(
        [sys.executable, "-m", "stocktake.ui.app", str(broken), "--quit-when-open"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        input="",
    )
    assert failed.returncode != 0
