"""A pyqtgraph ViewBox where a left drag draws a selection rectangle instead of panning.

Why: in a stock-take meeting people point at a corner of the matrix and want "these";
a rubber band over the bubbles is the gesture they know from spreadsheets. The wheel
still zooms, and right-click asks the owner for a context menu instead of pyqtgraph's
own (which offers plot options a board does not need).
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal


class LassoViewBox(pg.ViewBox):
    lassoed = Signal(QRectF, bool)
    """Data-space rectangle of a finished drag, and whether Ctrl/Shift was held (add to it)."""
    context_requested = Signal(QPointF, QPointF)
    """Right click: (position in data space, position on screen)."""
    background_clicked = Signal()

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)

    def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        self.updateScaleBox(ev.buttonDownPos(), ev.pos())
        if ev.isFinish():
            self.rbScaleBox.hide()
            a = self.mapToView(ev.buttonDownPos())
            b = self.mapToView(ev.pos())
            extra = ev.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            )
            self.lassoed.emit(QRectF(a, b).normalized(), bool(extra))

    def mouseClickEvent(self, ev: Any) -> None:
        if ev.button() == Qt.MouseButton.RightButton:
            ev.accept()
            self.context_requested.emit(self.mapToView(ev.pos()), ev.screenPos())
        elif ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.background_clicked.emit()
