"""The efficient frontier box of the portfolio page: optimal against greedy by envelope.

Why its own widget: the frontier is a separate, slow question (a solve at each of 15
envelope levels, run in the background with its own progress and cancel) beside the
portfolio the page otherwise shows, so its chart, buttons and words live together here.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stocktake.engine.portfolio import money
from stocktake.model.colours import GAF_TWO, INK
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.plot import Plot
from stocktake.ui.matrix.style import chart_key


class FrontierBox(QGroupBox):
    """Compute, cancel and draw the efficient frontier, with the gap in words."""

    def __init__(self, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__("Efficient frontier: optimal against greedy", parent)
        self.analysis = analysis
        self.frontier_plot = Plot()
        self.frontier_plot.setAccessibleName("Efficient frontier chart")
        fp = self.frontier_plot.getPlotItem()
        fp.setMouseEnabled(x=False, y=False)
        fp.setLabel("bottom", "Total envelope over all years (£m)", color=INK)
        fp.setLabel("left", "Portfolio value", color=INK)
        self.frontier_key = chart_key(
            self,
            "Efficient frontier key",
            ("●", GAF_TWO[0], "Optimal (best possible)"),
            ("▲", GAF_TWO[1], "Greedy: buy down the value-for-money list"),
        )
        for side in ("bottom", "left"):
            fp.getAxis(side).setTextPen(INK)
        self.optimal_line = fp.plot(
            [],
            [],
            pen=pg.mkPen(GAF_TWO[0], width=2),
            symbol="o",
            symbolBrush=GAF_TWO[0],
            name="Optimal (best possible)",
        )
        self.greedy_line = fp.plot(
            [],
            [],
            pen=pg.mkPen(GAF_TWO[1], width=2, style=Qt.PenStyle.DashLine),
            symbol="t1",  # pointing up, as the key's ▲ (pyqtgraph's "t" points down)
            symbolBrush=GAF_TWO[1],
            name="Greedy: buy down the value-for-money list",
        )
        self.current_mark = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen(INK, width=1),
            label="current envelope",
            labelOpts={"position": 0.95, "color": INK},
        )
        fp.addItem(self.current_mark)
        # Until computed, the chart says so: bare 0-1 axes read as a result.
        self.not_computed = pg.TextItem("Not computed yet", color=INK, anchor=(0.5, 0.5))
        self.not_computed.setPos(0.5, 0.5)
        fp.addItem(self.not_computed)
        self.frontier_button = QPushButton("Compute the &frontier", self)
        self.frontier_cancel = QPushButton("Cancel", self)
        self.frontier_progress = QProgressBar(self)
        self.frontier_progress.setAccessibleName("Frontier progress")
        self.frontier_note = QLabel(self)
        self.frontier_note.setWordWrap(True)
        self.frontier_button.clicked.connect(self.compute_frontier)
        self.frontier_cancel.clicked.connect(self.cancel_frontier)
        fv = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.frontier_button)
        row.addWidget(self.frontier_progress, 1)
        row.addWidget(self.frontier_cancel)
        fv.addLayout(row)
        fv.addWidget(self.frontier_plot, 1)
        fv.addWidget(self.frontier_key)
        fv.addWidget(self.frontier_note)
        self.analysis.frontier_updated.connect(self._update_frontier)
        self.analysis.task_progress.connect(self._on_progress)
        self.analysis.task_failed.connect(self._on_failed)
        self._update_frontier()

    def _on_progress(self, name: str, done: int, total: int) -> None:
        if name == "frontier":
            self.frontier_progress.setRange(0, max(1, total))
            self.frontier_progress.setValue(done)
            self._update_frontier_buttons()

    def _on_failed(self, name: str, message: str) -> None:
        if name == "frontier":
            self.frontier_note.setText(f"The frontier could not be computed: {message}")
        self._update_frontier_buttons()

    def compute_frontier(self) -> None:
        self.frontier_note.setText("Solving the portfolio at 15 envelope levels…")
        self.analysis.request_frontier()
        self._update_frontier_buttons()

    def cancel_frontier(self) -> None:
        self.analysis.cancel("frontier")
        self.frontier_note.setText("Frontier cancelled.")
        self._update_frontier_buttons()

    def _update_frontier_buttons(self) -> None:
        running = self.analysis.running("frontier")
        self.frontier_button.setEnabled(not running and self.analysis.arrays is not None)
        self.frontier_cancel.setEnabled(running)

    def _update_frontier(self) -> None:
        self._update_frontier_buttons()
        points = [p for p in self.analysis.frontier if p.value is not None]
        budgets = self.analysis.own_choices().budgets  # no funding pots needed
        total = float(sum(budgets.values()))
        self.current_mark.setVisible(bool(points) and total > 0)
        self.current_mark.setValue(total)
        self.not_computed.setVisible(not points)
        for side in ("bottom", "left"):
            self.frontier_plot.getPlotItem().getAxis(side).setStyle(showValues=bool(points))
        if points:
            self.frontier_plot.getPlotItem().enableAutoRange()
        else:  # the note sits in the middle of an empty chart
            self.frontier_plot.getPlotItem().setRange(xRange=(0, 1), yRange=(0, 1))
        if not points:
            self.optimal_line.setData([], [])
            self.greedy_line.setData([], [])
            self.frontier_progress.setValue(0)
            self.frontier_note.setText(
                "Press Compute to see the best value at each envelope from 10% to 150% of "
                "the current one, against buying down the value-for-money list."
                if budgets
                else "Set an envelope for at least one year to draw a frontier."
            )
            return
        xs = [float(sum(p.envelope.values())) for p in points]
        self.optimal_line.setData(xs, [p.value for p in points])
        self.greedy_line.setData(xs, [p.greedy_value for p in points])
        here = min(points, key=lambda p: abs(p.scale - 1.0))
        left = here.left_by_greedy or 0.0
        self.frontier_note.setText(
            f"At the current envelope ({money(total)} in all) the optimal portfolio is worth "
            f"{here.value:,.1f}; buying down the value-for-money list gets {here.greedy_value:,.1f}"
            f", leaving {left:,.1f} on the table."
        )
