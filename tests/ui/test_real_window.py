"""A real X11 window under Xvfb: the app draws the sample workbook at 1x and 1.5x.

Offscreen rendering cannot show what a real window does (platform plugin, fonts, high
DPI scaling), so these start the app under ``xvfb-run`` (installed by the test set-up)
and check the screenshots it saves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import SAMPLES

pytestmark = pytest.mark.xvfb


def _shot(tmp_path: Path, name: str, scale: str) -> QImage:
    xvfb = shutil.which("xvfb-run")
    assert xvfb, "xvfb-run is missing: run the README's test command, which installs it"
    target = tmp_path / name
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="xcb",
        QT_SCALE_FACTOR=scale,
        STOCKTAKE_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    done = subprocess.run(
        [
            xvfb,
            "-a",
            "-s",
            "-screen 0 1920x1200x24",
            sys.executable,
            "-m",
            "stocktake.ui.app",
            str(SAMPLES / "plan_for_change.xlsx"),
            "--screenshot",
            str(target),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    image = QImage(str(target))
    assert not image.isNull(), f"no screenshot written; stderr: {done.stderr[-2000:]}"
    return image


def _distinct_colours(image: QImage, step: int = 7) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


def test_main_window_draws_at_default_and_one_and_a_half_scale(tmp_path: Path) -> None:
    normal = _shot(tmp_path, "normal.png", "1")
    large = _shot(tmp_path, "large.png", "1.5")
    # A drawn window (text, DCA fills, grid), not a blank or black rectangle.
    assert _distinct_colours(normal) > 20
    assert _distinct_colours(large) > 20
    # The window is sized from the screen, not in fixed pixels: at 1.5x it still fits
    # the 1920x1200 screen, and what it draws differs (larger text, fewer rows).
    for image in (normal, large):
        assert image.width() <= 1920 and image.height() <= 1200
    assert large != normal
