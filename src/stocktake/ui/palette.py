"""The shared colours (:mod:`stocktake.model.colours`) as Qt colours for table cells.

Every colour here goes with a word (DCA "Amber/Red", severity "Error"), never alone.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from stocktake.model import DCA, colours


def dca_fill(dca: DCA | None) -> QColor | None:
    return None if dca is None else QColor(colours.DCA_FILL[dca])


ERROR_FILL = QColor(colours.ERROR_FILL)
WARNING_FILL = QColor(colours.WARNING_FILL)
