"""Small-multiple trajectory charts: the grid, and each chart's arrays made off-thread.

Each plot shows the actuals (solid, with markers), the forecast (dashed), the planned
trajectory (orange, dashed), the target as a horizontal line and its date as a vertical
one, and the status *word* in its colour in the title (colour never alone). Why one
plot per pass: a mission can have dozens of metrics with thousands of readings each;
building them all at once would freeze the window (the bench measures the longest
block), so :class:`TrajectoryGrid` queues them and yields between plots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QScrollArea, QWidget

from stocktake.delivery.trajectory import Point, Trajectory
from stocktake.model import colours
from stocktake.ui.staging import GAP_MS

if TYPE_CHECKING:
    import pyqtgraph as pg

    from stocktake.ui.delivery.plots import ChartLines

COLUMNS = 3
PLOT_HEIGHT = 230
"""Pixels per row of plots: enough for a title, two axes and a readable line."""


MAX_POINTS = 400
"""Most points a line is drawn with: a small multiple is a few hundred pixels wide, and
drawing 5,000 daily readings in each of 40 plots is what froze the window."""


def seconds(points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]:
    """Dates as POSIX seconds (what pyqtgraph's date axis reads) and their values,
    thinned to :data:`MAX_POINTS` keeping each bucket's lowest and highest value (so a
    spike still shows)."""
    if not points:
        return np.zeros(0), np.zeros(0)
    days = np.array([d for d, _ in points], dtype="datetime64[D]")
    xs = days.astype("datetime64[s]").astype(np.int64).astype(float)
    ys = np.array([v for _, v in points], dtype=float)
    if len(xs) <= MAX_POINTS:
        return xs, ys
    buckets = np.array_split(np.arange(len(xs)), MAX_POINTS // 2)
    keep = np.unique(
        np.concatenate([[b[np.argmin(ys[b])], b[np.argmax(ys[b])]] for b in buckets if len(b)])
    )
    return xs[keep], ys[keep]


@dataclass(frozen=True, slots=True)
class ChartData:
    """A metric's lines as arrays ready to draw, made off the GUI thread (turning
    thousands of dates into numbers is most of a chart's cost)."""

    planned: tuple[np.ndarray, np.ndarray]
    actual: tuple[np.ndarray, np.ndarray]
    forecast: tuple[np.ndarray, np.ndarray]
    target_x: float | None


def chart_data(t: Trajectory) -> ChartData:
    # The forecast carries on from the latest actual, so the two read as one story.
    forecast = (t.actuals[-1], *t.forecasts) if t.actuals and t.forecasts else t.forecasts
    target_x = float(seconds([t.target])[0][0]) if t.target is not None else None
    return ChartData(seconds(t.planned), seconds(t.actuals), seconds(forecast), target_x)


LEGEND_HTML = (
    f"<span style='color:{colours.DARK_BLUE}'>━ actual</span> &nbsp; "
    f"<span style='color:{colours.TURQUOISE}'>┈ forecast</span> &nbsp; "
    f"<span style='color:{colours.ORANGE}'>╌ planned trajectory</span> &nbsp; "
    f"<span style='color:{colours.DARK_PINK}'>│ target and its date</span>"
)
"""One key for every chart (a legend in each small multiple crowds it and costs time)."""


class TrajectoryGrid(QScrollArea):
    """A scrolling grid of small multiples, filled progressively.

    Each chart is its own :class:`pyqtgraph.PlotWidget`, so adding one paints only that
    one, and charts scrolled out of sight are not painted at all (one shared canvas
    repainted every chart, and its axes, on each addition).
    """

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Trajectory charts")
        self.setWidgetResizable(True)
        # Always there, so the charts never all resize when the grid first outgrows the view.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.canvas = QWidget()
        self.canvas.setStyleSheet("background: white;")
        self.layout_ = QGridLayout(self.canvas)
        self.layout_.setAlignment(Qt.AlignmentFlag.AlignTop)
        for c in range(COLUMNS):
            self.layout_.setColumnStretch(c, 1)
        self.setWidget(self.canvas)
        self.widgets: list[pg.PlotWidget] = []
        self.lines: list[ChartLines] = []  # each widget's lines, reused on every draw
        self.shown = 0
        self._queue: list[Trajectory] = []
        self._data: dict[str, ChartData] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # A few milliseconds between charts, not zero: a zero timer runs again before
        # timers and input already due, so three or four charts (25 ms each) joined up
        # into one block of about 100 ms on each mission switch (bench_gui).
        self._timer.setInterval(GAP_MS)
        self._timer.timeout.connect(self._next)

    def show_trajectories(
        self, items: Sequence[Trajectory], data: Mapping[str, ChartData] | None = None
    ) -> None:
        """Show ``items``' charts, drawn one per event-loop pass into reused plots.

        ``data`` holds each metric's arrays made in the background (by metric ID);
        a metric missing from it has its arrays made here.
        """
        self._timer.stop()
        self._data = dict(data or {})
        self._queue = list(items)
        # Every chart hidden until it is drawn again: the new height below re-lays the
        # canvas, and the charts still showing then all repainted in one pass (six on
        # a 1366x768 screen, 60-80 ms); each now paints in a pass of its own when drawn.
        # The ones to be drawn keep their place while hidden, so showing one does not
        # re-lay (and repaint) those shown before it.
        for k, w in enumerate(self.widgets):
            policy = w.sizePolicy()
            policy.setRetainSizeWhenHidden(k < len(items))
            w.setSizePolicy(policy)
            w.hide()
        self.shown = 0
        # The final height at once: growing row by row would re-lay every chart each time.
        rows = -(-len(items) // COLUMNS)
        spacing = self.layout_.verticalSpacing()
        margins = self.layout_.contentsMargins()
        self.canvas.setMinimumHeight(
            rows * (PLOT_HEIGHT + spacing) + margins.top() + margins.bottom()
        )
        if self._queue:
            self._timer.start()

    @property
    def plots(self) -> list[pg.PlotItem]:
        """The plots showing now, in order."""
        return [w.getPlotItem() for w in self.widgets[: self.shown]]

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _make_widget(self) -> None:
        """One more chart widget, empty (making a plot costs as much as drawing it, so
        the two happen in different event-loop passes)."""
        from stocktake.ui.delivery.plots import ChartLines, small_multiple

        n = len(self.widgets)
        widget = small_multiple(PLOT_HEIGHT)
        widget.hide()
        self.layout_.addWidget(widget, n // COLUMNS, n % COLUMNS)
        self.widgets.append(widget)
        self.lines.append(ChartLines(widget.getPlotItem()))

    def _next(self) -> None:
        """One step: make a widget if the next chart has none yet, else draw it; the
        next step is armed only after the pass that paints this one (:meth:`_arm`)."""
        if not self._queue:
            return
        if self.shown >= len(self.widgets):
            self._make_widget()
            QTimer.singleShot(0, self, self._arm)
            return
        t = self._queue.pop(0)
        widget = self.widgets[self.shown]
        where = f" ({t.place})" if t.place else ""
        widget.setAccessibleName(f"{t.metric.id} {t.metric.name}{where}: {t.status.value}")
        widget.setToolTip(t.judgement.reason)
        self.lines[self.shown].draw(t, self._data.get(t.metric.id) or chart_data(t))
        widget.show()
        self.shown += 1
        if self._queue:
            QTimer.singleShot(0, self, self._arm)

    def _arm(self) -> None:
        """Runs in the pass after a step, behind the paint that step posted: arming the
        next step from there keeps a chart's drawing and the previous chart's painting
        in different passes (in one pass they held the window for 80-125 ms)."""
        if self._queue:
            self._timer.start()
