"""Small-multiple trajectory charts: one plot per metric, built one per event-loop pass.

Each plot shows the actuals (solid, with markers), the forecast (dashed), the planned
trajectory (orange, dashed), the target as a horizontal line and its date as a vertical
one, and the status *word* in its colour in the title (colour never alone). Why one
plot per pass: a mission can have dozens of metrics with thousands of readings each;
building them all at once would freeze the window (the bench measures the longest
block), so :class:`TrajectoryGrid` queues them and yields between plots.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QScrollArea

from stocktake.delivery.trajectory import Point, Trajectory, fmt
from stocktake.model import colours
from stocktake.model.colours import STATUS_INK

COLUMNS = 3
PLOT_HEIGHT = 230
"""Pixels per row of plots: enough for a title, two axes and a readable line."""


def seconds(points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]:
    """Dates as POSIX seconds (what pyqtgraph's date axis reads) and their values."""
    if not points:
        return np.zeros(0), np.zeros(0)
    days = np.array([d for d, _ in points], dtype="datetime64[D]")
    xs = days.astype("datetime64[s]").astype(np.int64).astype(float)
    return xs, np.array([v for _, v in points], dtype=float)


class NumberAxis(pg.AxisItem):
    """Ticks as people write numbers (1,500,000, not 1.5e+06)."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [fmt(v * scale) for v in values]


def title_html(t: Trajectory) -> str:
    status = t.status.value
    name = html.escape(t.metric.name if len(t.metric.name) <= 48 else t.metric.name[:47] + "…")
    return (
        f"<span style='color:{colours.INK}'>{html.escape(t.metric.id)} {name}</span><br>"
        f"<b><span style='color:{STATUS_INK[status]}'>{status}</span></b>"
    )


def draw(plot: pg.PlotItem, t: Trajectory) -> None:
    """Fill one plot with a metric's series (the plot is empty or cleared)."""
    plot.setTitle(title_html(t), size="9pt")
    plot.setDownsampling(auto=True, mode="peak")
    plot.setClipToView(True)
    plot.showGrid(x=False, y=True, alpha=0.2)
    plot.addLegend(offset=(4, 4), labelTextSize="7pt", verSpacing=-6)
    px, py = seconds(t.planned)
    if len(px):
        plot.plot(
            px,
            py,
            pen=pg.mkPen(colours.ORANGE, width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
            name="Trajectory",
        )
    ax, ay = seconds(t.actuals)
    if len(ax):
        few = len(ax) <= 60
        plot.plot(
            ax,
            ay,
            pen=pg.mkPen(colours.DARK_BLUE, width=2),
            symbol="o" if few else None,
            symbolSize=5,
            symbolBrush=colours.DARK_BLUE,
            symbolPen=None,
            name="Actual",
        )
    # The forecast carries on from the latest actual, so the two read as one story.
    fx, fy = seconds((t.actuals[-1], *t.forecasts) if t.actuals else t.forecasts)
    if len(t.forecasts):
        plot.plot(
            fx,
            fy,
            pen=pg.mkPen(colours.TURQUOISE, width=2, style=pg.QtCore.Qt.PenStyle.DotLine),
            name="Forecast",
        )
    if t.target is not None:
        tx, _ = seconds([t.target])
        ink = QColor(colours.DARK_PINK)
        plot.addItem(
            pg.InfiniteLine(
                pos=t.target[1],
                angle=0,
                pen=pg.mkPen(ink, width=1),
                label=f"target {fmt(t.target[1], t.metric.unit)}",
                labelOpts={"position": 0.5, "color": ink, "anchors": [(0.5, 0), (0.5, 0)]},
            )
        )
        plot.addItem(pg.InfiniteLine(pos=float(tx[0]), angle=90, pen=pg.mkPen(ink, width=1)))


class TrajectoryGrid(QScrollArea):
    """A scrolling grid of small multiples, filled progressively."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Trajectory charts")
        self.setWidgetResizable(True)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.setWidget(self.canvas)
        self.plots: list[pg.PlotItem] = []
        self._queue: list[Trajectory] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    def show_trajectories(self, items: Sequence[Trajectory]) -> None:
        """Replace the charts with ``items``' (the old ones go at once, new ones one by one)."""
        self._timer.stop()
        self.canvas.clear()
        self.plots = []
        self._queue = list(items)
        rows = -(-len(items) // COLUMNS)
        self.canvas.setMinimumHeight(max(1, rows) * PLOT_HEIGHT)
        if self._queue:
            self._timer.start()

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _next(self) -> None:
        if not self._queue:
            self._timer.stop()
            return
        t = self._queue.pop(0)
        n = len(self.plots)
        axes = {"bottom": pg.DateAxisItem(orientation="bottom"), "left": NumberAxis("left")}
        plot = self.canvas.addPlot(row=n // COLUMNS, col=n % COLUMNS, axisItems=axes)
        draw(plot, t)
        self.plots.append(plot)
        if not self._queue:
            self._timer.stop()
