"""A chart whose axis text follows the window's font, so View > Large text reaches it.

pyqtgraph draws axis text in its own scene with its own fonts; a plain ``PlotWidget``
keeps them at the size of the day it was made.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent


class Plot(pg.PlotWidget):
    """A white ``PlotWidget`` with no menu or buttons, its axis text sized from its font."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(background="w", **kwargs)
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        self.follow_font()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.follow_font()

    def follow_font(self) -> None:
        font = self.font()
        for side in ("bottom", "left"):
            axis = self.getPlotItem().getAxis(side)
            axis.setTickFont(font)
            axis.labelStyle = {**axis.labelStyle, "font-size": f"{font.pointSizeF():.0f}pt"}
            axis._updateLabel()  # pyqtgraph has no public call to restyle a label in place
