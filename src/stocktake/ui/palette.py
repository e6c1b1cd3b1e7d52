"""Colours Stocktake draws with: the Government Analysis Function palette.

Every colour here goes with a word (DCA "Amber/Red", severity "Error"), never alone:
WCAG 2.2 AA applies to public-sector software and colour-blind readers must lose
nothing. Text colours are chosen for contrast against each fill.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from stocktake.model import DCA

DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
CATEGORICAL = (DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, "#3D3D3D", "#A285D1")

# DCA fills (light tints, so black text stays readable) and the word always shown.
_DCA_FILL = {
    DCA.GREEN: "#CDEBD6",
    DCA.AMBER_GREEN: "#E3EDC2",
    DCA.AMBER: "#FBE3B5",
    DCA.AMBER_RED: "#F8CDB2",
    DCA.RED: "#F4B9B9",
}


def dca_fill(dca: DCA | None) -> QColor | None:
    return None if dca is None else QColor(_DCA_FILL[dca])


def mission_colour(index: int) -> QColor:
    return QColor(CATEGORICAL[index % len(CATEGORICAL)])


ERROR_FILL = QColor("#F4B9B9")
WARNING_FILL = QColor("#FBE3B5")
