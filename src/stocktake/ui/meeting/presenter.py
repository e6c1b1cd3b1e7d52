"""The presenter view: the current agenda item, large, full screen on the projector.

Why a window of its own: the laptop keeps the controls (the agenda, the form, the keys)
while the room sees one initiative at a time in a projector-safe style: near-black on
white (a washed-out projector keeps that contrast), nothing told by colour alone, and
every size taken from the screen it is on rather than fixed pixels.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QScreen
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QVBoxLayout, QWidget

from stocktake.engine.matrix import QUADRANT_ORDER
from stocktake.model.colours import INK
from stocktake.ui.meeting.facts import ItemFacts

PAPER = "#FFFFFF"
OVER = "#B10E1E"
TEXT_LINES_PER_SCREEN = 30
"""Body text height as a share of the screen: about 30 lines fit top to bottom, which
reads from the back of a meeting room."""


def presenter_screen(laptop: QScreen | None) -> QScreen | None:
    """The second screen when there is one (the one the laptop window is not on),
    else the same screen."""
    screens = QApplication.screens()
    others = [s for s in screens if s is not laptop]
    return others[0] if others else laptop or QApplication.primaryScreen()


class MiniMatrix(QWidget):
    """The item's place on the matrix: every initiative a small grey dot, this one a
    large ringed dot, with the cut lines and the axes named."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Place on the matrix")
        self.points: Sequence[tuple[float, float]] = ()
        self.here: tuple[float, float] | None = None
        self.cuts = (50.0, 50.0)

    def set_points(
        self,
        points: Sequence[tuple[float, float]],
        here: tuple[float, float] | None,
        cuts: tuple[float, float],
    ) -> None:
        self.points, self.here, self.cuts = points, here, cuts
        if here is not None:
            self.setAccessibleDescription(
                f"Near-term value {here[0]:.0f}, long-term value {here[1]:.0f} (of 100)"
            )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        # Hand-drawn with QPainter: a dozen lines and dots, where pyqtgraph would bring
        # its own fonts and margins to a window sized from the screen.
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        unit = side / 40.0
        font = QFont(self.font())
        font.setPixelSize(max(8, int(unit * 1.6)))
        p.setFont(font)
        margin = unit * 3
        box = QRectF(margin, unit, side - margin - unit, side - margin - unit)

        def at(x: float, y: float) -> QPointF:
            return QPointF(
                box.left() + box.width() * x / 100, box.bottom() - box.height() * y / 100
            )

        ink = QColor(INK)
        p.setPen(QPen(ink, max(1.0, unit / 4)))
        p.drawRect(box)
        p.setPen(QPen(ink, max(1.0, unit / 6), Qt.PenStyle.DashLine))
        p.drawLine(at(self.cuts[0], 0), at(self.cuts[0], 100))
        p.drawLine(at(0, self.cuts[1]), at(100, self.cuts[1]))
        p.setPen(ink)
        p.drawText(
            QRectF(box.left(), box.bottom(), box.width(), margin),
            Qt.AlignmentFlag.AlignCenter,
            "Near-term value →",
        )
        p.save()
        p.translate(box.left() - margin, box.bottom())
        p.rotate(-90)
        p.drawText(
            QRectF(0, 0, box.height(), margin), Qt.AlignmentFlag.AlignCenter, "Long-term value →"
        )
        p.restore()
        corners = (
            (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, QUADRANT_ORDER[0]),
            (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, QUADRANT_ORDER[1]),
            (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, QUADRANT_ORDER[2]),
            (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, QUADRANT_ORDER[3]),
        )
        inner = box.adjusted(unit / 2, unit / 2, -unit / 2, -unit / 2)
        for align, quad in corners:
            p.drawText(inner, align, quad.value)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#B1B4B6"))
        for x, y in self.points:
            p.drawEllipse(at(x, y), unit * 0.35, unit * 0.35)
        if self.here is not None:
            p.setBrush(ink)
            p.drawEllipse(at(*self.here), unit * 1.1, unit * 1.1)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(ink, unit / 3))
            p.drawEllipse(at(*self.here), unit * 1.9, unit * 1.9)
        p.end()


class PresenterView(QWidget):
    """Frameless and full screen on the chosen screen; shows what it is given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # A window of its own, but owned by the main window so it goes when that goes.
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle("Stocktake — presenter view")
        self.setAccessibleName("Presenter view")
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"PresenterView, QLabel {{ background: {PAPER}; color: {INK}; }}")
        self.progress = self._label("Agenda progress")
        self.title = self._label("Initiative")
        self.mission = self._label("Mission")
        self.values = self._label("Values, cost and delivery confidence")
        self.decision = self._label("Decision so far")
        self.reveal = self._label("Reviewers' private scores")
        self.timer = self._label("Time on this item")
        self.matrix = MiniMatrix(self)
        words = QVBoxLayout()
        for w in (self.title, self.mission, self.values, self.decision, self.reveal):
            words.addWidget(w)
        words.addStretch(1)
        grid = QGridLayout(self)
        grid.addWidget(self.progress, 0, 0)
        grid.addWidget(self.timer, 0, 1)
        grid.addLayout(words, 1, 0)
        grid.addWidget(self.matrix, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 1)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def open_on(self, screen: QScreen | None) -> None:
        """Full screen on ``screen``, with text sized from that screen's height."""
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self._size_fonts(screen.geometry().height())
        self.showFullScreen()

    def _size_fonts(self, height: int) -> None:
        body = max(12, height // TEXT_LINES_PER_SCREEN)
        for label, factor, bold in (
            (self.title, 1.8, True),
            (self.mission, 1.2, False),
            (self.values, 1.0, False),
            (self.decision, 1.1, True),
            (self.reveal, 0.9, False),
            (self.progress, 0.9, False),
            (self.timer, 0.9, True),
        ):
            font = QFont(self.font())
            font.setPixelSize(int(body * factor))
            font.setBold(bold)
            label.setFont(font)
        self.matrix.setFont(self.font())
        margin = body
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, margin, margin, margin)
            layout.setSpacing(margin)

    def show_item(self, facts: ItemFacts | None, progress: str) -> None:
        self.progress.setText(progress)
        if facts is None:
            for label in (self.title, self.mission, self.values, self.decision):
                label.setText("")
            self.title.setText("No item on this walk")
            return
        self.title.setText(f"{facts.name} ({facts.iid})")
        self.mission.setText(facts.mission)
        self.values.setText(
            f"Near-term value {facts.near_term:.0f} · long-term value {facts.long_term:.0f}"
            f" (of 100)\n{facts.place}\nCost: {facts.cost}\nDelivery confidence: {facts.dca}"
        )
        self.decision.setText(facts.decision)

    def show_reveal(self, text: str) -> None:
        self.reveal.setText(text)

    def show_timer(self, text: str, over: bool) -> None:
        self.timer.setText(text)
        colour = OVER if over else INK
        self.timer.setStyleSheet(f"QLabel {{ color: {colour}; background: {PAPER}; }}")
