"""The balance dial (milestone against long-term) and the rank-vs-balance chart.

Why the dial runs from "All milestone" on the left to "All long-term" on the right:
that is how the trade-off is read aloud in a meeting. λ itself keeps the engine's
meaning (λ = 1 is all milestone), and the rank chart's axis is reversed to match the dial,
so the marker sits straight under the handle.

The rank lines are the engine's exact step functions (``engine.rank_steps``): they are
recomputed only when the set of top items changes, so dragging costs one marker move.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from stocktake import engine
from stocktake.model.colours import FOCUS_YELLOW, GAF, INK
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.plot import Plot
from stocktake.ui.matrix.style import plain_balance
from stocktake.ui.session import Session, new_gesture

STEPS = 100
FOCUS_RING = (
    "QSlider { border: 3px solid transparent; padding: 2px; }"
    f"QSlider:focus {{ border: 3px solid {INK}; background: {FOCUS_YELLOW}; }}"
)
REDRAW_DELAY_MS = 120
_DASHES = (
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
)


def slider_to_balance(position: int) -> float:
    """Left (0) is all milestone, λ = 1."""
    return 1.0 - position / STEPS


def balance_to_slider(balance: float) -> int:
    return round((1.0 - balance) * STEPS)


class BalanceDial(QWidget):
    """Slider with its two ends named; moves the session's balance, follows it back."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis = Analysis.of(session)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, STEPS)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(10)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(10)
        self.slider.setAccessibleName("Balance between milestones and long-term ambition")
        self.slider.setAccessibleDescription(
            "Left: all weight on the Plan for Change milestones. Right: all weight on the "
            "long-term mission ambition. Arrow keys move 0.01, Page Up and Page Down 0.1."
        )
        self.slider.setToolTip(self.slider.accessibleDescription())
        # A focus ring a person can see from the back of the room: the GOV.UK focus
        # style (yellow with a black edge) instead of the style's faint dotted line.
        self.slider.setStyleSheet(FOCUS_RING)
        left, right = QLabel("All milestone", self), QLabel("All long-term", self)
        left.setBuddy(self.slider)
        self.readout = QLabel(self)
        self.readout.setAccessibleName("Current balance")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Top items and portfolio at this balance")
        bold = QFont(self.readout.font())
        bold.setBold(True)
        self.readout.setFont(bold)
        row = QHBoxLayout()
        row.addWidget(left)
        row.addWidget(self.slider, 1)
        row.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.readout)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        self.slider.valueChanged.connect(self._on_slider)
        self._drag = 0  # the gesture id while the handle is held: a drag is one undo step
        self.slider.sliderPressed.connect(self._start_drag)
        self.slider.sliderReleased.connect(self._end_drag)
        session.balance_changed.connect(self._follow)
        session.workbook_loaded.connect(lambda: self._follow(session.balance))
        self.analysis.scores_updated.connect(self._update_summary)
        self.analysis.portfolio_updated.connect(self._update_summary)
        self.analysis.portfolio_busy.connect(lambda _busy: self._update_summary())
        self._follow(session.balance)

    def _start_drag(self) -> None:
        self._drag = new_gesture()

    def _end_drag(self) -> None:
        self._drag = 0

    def _on_slider(self, position: int) -> None:
        """Each key press is its own undo step; a drag (handle held) is one."""
        self.session.set_balance(slider_to_balance(position), self._drag or None)

    def _follow(self, balance: float) -> None:
        pos = balance_to_slider(balance)
        if self.slider.value() != pos:
            self.slider.blockSignals(True)
            self.slider.setValue(pos)
            self.slider.blockSignals(False)
        self.readout.setText(f"Balance λ = {balance:.2f}: {plain_balance(balance)}")
        self.slider.setAccessibleDescription(f"Balance {balance:.2f}. " + self.slider.toolTip())
        self._update_summary()

    def _update_summary(self) -> None:
        table = self.analysis.table
        if table is None:
            self.summary.setText("Open a workbook to weigh its initiatives.")
            return
        wb = self.session.workbook
        names = wb.initiatives if wb is not None else {}
        top = "; ".join(f"{iid} {names[iid].name}" if iid in names else iid for iid in table.top(5))
        text = f"Top 5 at this balance: {top}."
        answer = self.analysis.answer
        if answer is not None and answer.result.value is not None:
            r = answer.result
            text += (
                f" Optimal portfolio: {len(r.chosen)} initiatives, value {r.value:,.1f} "
                "(the sum of their values at this balance, each 0–100)"
            )
            text += (
                " (at the balance of the last solve)."
                if answer.balance != self.session.balance
                else "."
            )
        if self.analysis.running("portfolio"):
            text += " Solving the portfolio…"
        self.summary.setText(text)


class RankChart(QWidget):
    """Ranks of the current top items as the balance runs across, with "now" marked."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis = Analysis.of(session)
        self.setAccessibleName("Rank against balance chart")
        self.setAccessibleDescription(
            "Lines show the rank of each of the current top items as the balance moves from "
            "all milestone (left) to all long-term (right). The vertical line is the current "
            "balance."
        )
        self.plot = Plot()
        item = self.plot.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.invertX(True)
        item.invertY(True)
        item.setLabel("bottom", "Balance λ (1 = all milestone)", color=INK)
        for side in ("bottom", "left"):
            item.getAxis(side).setTextPen(INK)
        item.setLabel("left", "Rank (1 = best)", color=INK)
        item.showGrid(x=True, y=True, alpha=0.15)
        item.getAxis("bottom").setTicks([[(v / 5, f"{v / 5:.1f}") for v in range(6)]])
        self.marker = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen(INK, width=2),
            label="now {value:.2f}",
            labelOpts={"position": 0.95, "color": INK},
        )
        item.addItem(self.marker)
        self.lines: list[pg.PlotDataItem] = []
        self.labels: list[pg.TextItem] = []
        self.items: list[str] = []
        self.steps: list[engine.RankSteps] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        # While the dial is dragged the marker follows every step; the lines are redrawn
        # once the hand pauses (the top set changes at most steps).
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_DELAY_MS)
        self._redraw.timeout.connect(self.redraw_lines)
        self.analysis.scores_updated.connect(self.refresh)
        session.workbook_loaded.connect(self.redraw_lines)
        self.redraw_lines()

    def refresh(self) -> None:
        """Move the marker now; redraw the lines soon if the top set has changed."""
        self.marker.setValue(self.session.balance)
        table = self.analysis.table
        if table is None or table.top(self.analysis.top_k) != self.items:
            self._redraw.start()

    def redraw_lines(self) -> None:
        self._redraw.stop()
        table, arrays = self.analysis.table, self.analysis.arrays
        self.marker.setValue(self.session.balance)
        if table is None or arrays is None:
            self._draw([], None)
        else:
            self._draw(table.top(self.analysis.top_k), arrays)

    def _draw(self, items: list[str], arrays: engine.ScoreArrays | None) -> None:
        """Set the lines' data in place (items are reused: adding graphics items to a
        plot costs far more than the engine's exact sweep)."""
        item = self.plot.getPlotItem()
        self.items = list(items)
        self.steps = [] if arrays is None or not items else engine.rank_steps(arrays, items=items)
        while len(self.lines) < len(self.steps):
            k = len(self.lines)
            colour = GAF[k % len(GAF)]
            pen = pg.mkPen(colour, width=2, style=_DASHES[(k // len(GAF)) % len(_DASHES)])
            line = pg.PlotDataItem([0.0, 1.0], [1.0], stepMode="center", pen=pen)
            label = pg.TextItem("", color=colour, anchor=(0, 0.5))
            item.addItem(line)
            item.addItem(label)
            self.lines.append(line)
            self.labels.append(label)
        worst = 1
        for line, label, steps in zip(self.lines, self.labels, self.steps, strict=False):
            line.setData([0.0, *steps.breakpoints, 1.0], list(steps.ranks))
            line.opts["name"] = steps.initiative_id
            label.setText(steps.initiative_id)
            label.setPos(0.0, steps.ranks[0])  # λ = 0: the right-hand end
            line.show()
            label.show()
            worst = max(worst, *steps.ranks)
        for line, label in zip(
            self.lines[len(self.steps) :], self.labels[len(self.steps) :], strict=True
        ):
            line.hide()
            label.hide()
        item.setYRange(0.5, min(worst, 3 * max(1, len(items))) + 0.5, padding=0.02)
        item.setXRange(-0.2, 1.0, padding=0.02)  # room for the ID labels
