"""Colours, shapes and words shared by the matrix panels.

Why in one place: the audience knows the Government Analysis Function palette, and a
colour must never carry meaning alone (WCAG 2.2 AA), so each colour here comes with
the word (and, for decisions, a marker shape) that says the same thing.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QWidget

from stocktake.model import DCA, DecisionKind
from stocktake.model.colours import GAF

DECISION_COLOURS: dict[DecisionKind, str] = {kind: GAF[k] for k, kind in enumerate(DecisionKind)}
DECISION_SYMBOLS: dict[DecisionKind, str] = {
    DecisionKind.PRIORITISE: "star",
    DecisionKind.SCALE: "t1",
    DecisionKind.CONTINUE: "o",
    DecisionKind.TEST: "d",
    DecisionKind.PAUSE: "s",
    DecisionKind.STOP: "x",
}
"""Marker shape per decision, so the decision reads without colour."""


def dca_width(dca: DCA | None, unit: float) -> float:
    """Outline width: the lower the delivery confidence the thicker the ring, so the
    DCA also reads without colour (and the legend names each width)."""
    if dca is None:
        return 0.5 * unit
    return (0.4 + 0.35 * (5 - dca.confidence)) * unit


def mission_colour(index: int) -> QColor:
    return QColor(GAF[index % len(GAF)])


def em(widget: QWidget, factor: float = 1.0) -> float:
    """``factor`` times the widget's font height in pixels: sizes that follow the font."""
    return factor * QFontMetricsF(widget.font()).height()


def scaled_font(widget: QWidget, factor: float) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(1.0, font.pointSizeF() * factor))
    return font


def plain_balance(balance: float) -> str:
    """How a person says a balance: 'mostly long-term (0.30)'."""
    if balance <= 0.05:
        words = "all long-term"
    elif balance >= 0.95:
        words = "all milestone"
    elif abs(balance - 0.5) < 0.05:
        words = "even"
    elif balance > 0.5:
        words = "leaning to the milestones"
    else:
        words = "leaning to the long term"
    return f"{words} ({balance:.2f})"
