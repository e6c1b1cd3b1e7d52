"""The application's icon, read from package data so it is found wherever Stocktake runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from stocktake.resources import ICON, resource

SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The Stocktake icon, drawn from its packaged SVG at the sizes desktops ask for.

    Drawn from the bytes rather than ``QIcon(path)``: Qt's SVG icon engine reads its
    file lazily, each time a size is first needed, and a packaged resource need not be
    a file that stays put (``importlib.resources`` may hand out a temporary copy).
    A missing file gives an empty icon rather than a window that will not open; the
    packaged app's smoke test (``stocktake.ui.smoke``) fails on an empty icon.
    """
    try:
        data = resource(ICON).read_bytes()
    except OSError:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(data))
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
