"""Colours, shapes and words shared by the matrix panels.

Why in one place: the audience knows the Government Analysis Function palette, and a
colour must never carry meaning alone (WCAG 2.2 AA), so each colour here comes with
the word (and, for decisions, a marker shape) that says the same thing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QLabel, QWidget

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


def decision_icon(kind: DecisionKind, size: int = 32) -> QIcon:
    """The decision's marker (shape and colour, as on the matrix) as a small icon."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(DECISION_COLOURS[kind]))
    painter.setPen(QColor(DECISION_COLOURS[kind]).darker(150))
    m, s = size * 0.15, size * 0.7
    symbol = DECISION_SYMBOLS[kind]
    if symbol == "o":
        painter.drawEllipse(QPointF(size / 2, size / 2), s / 2, s / 2)
    elif symbol == "s":
        painter.drawRect(int(m), int(m), int(s), int(s))
    else:
        points = {
            "star": [
                (0.5, 0.05),
                (0.62, 0.38),
                (0.95, 0.38),
                (0.68, 0.6),
                (0.8, 0.95),
                (0.5, 0.74),
                (0.2, 0.95),
                (0.32, 0.6),
                (0.05, 0.38),
                (0.38, 0.38),
            ],
            "t1": [(0.5, 0.1), (0.92, 0.88), (0.08, 0.88)],
            "d": [(0.5, 0.05), (0.92, 0.5), (0.5, 0.95), (0.08, 0.5)],
            "x": [
                (0.1, 0.25),
                (0.25, 0.1),
                (0.5, 0.35),
                (0.75, 0.1),
                (0.9, 0.25),
                (0.65, 0.5),
                (0.9, 0.75),
                (0.75, 0.9),
                (0.5, 0.65),
                (0.25, 0.9),
                (0.1, 0.75),
                (0.35, 0.5),
            ],
        }[symbol]
        painter.drawPolygon(QPolygonF([QPointF(x * size, y * size) for x, y in points]))
    painter.end()
    return QIcon(pixmap)


def chart_key(parent: QWidget, name: str, *entries: tuple[str, str, str]) -> QLabel:
    """A chart's key as wrapped text: a coloured mark and its words per entry (kept
    under the chart, not drawn in it, where it would cover bars or points on a small
    screen)."""
    label = QLabel(
        " &nbsp; ".join(
            f'<span style="color:{colour}">{mark}</span> {html.escape(words)}'
            for mark, colour, words in entries
        ),
        parent,
    )
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label
