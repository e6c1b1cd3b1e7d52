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
    """
    renderer = QSvgRenderer(QByteArray(resource(ICON).read_bytes()))
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
