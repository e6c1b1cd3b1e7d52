"""The window icon is drawn from the SVG shipped as package data."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stocktake.ui import icon as icon_module
from stocktake.ui.icon import SIZES, app_icon


def test_the_window_icon_comes_from_the_packaged_svg(qtbot: QtBot) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert max(s.width() for s in icon.availableSizes()) == max(SIZES)
    image = icon.pixmap(128).toImage()
    assert image.pixelColor(0, 0).alpha() == 0  # transparent outside the rounded square
    assert image.pixelColor(88, 40).name() == "#28a197"  # the teal dot, top right


def test_a_missing_icon_file_gives_an_empty_icon_not_a_crash(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(icon_module, "resource", lambda name: tmp_path / name)
    assert app_icon().isNull()  # what the packaged app's smoke test refuses
