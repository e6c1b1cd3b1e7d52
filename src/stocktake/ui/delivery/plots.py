"""One small multiple: a pyqtgraph plot of a metric against its trajectory.

Apart from the grid (:mod:`stocktake.ui.delivery.charts`) because pyqtgraph is slow to
import: the Delivery tab imports this module only when it draws its first chart, after
the background job has already loaded it.
"""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtGui import QColor

from stocktake.delivery.trajectory import Trajectory, fmt
from stocktake.model import colours
from stocktake.model.colours import STATUS_INK
from stocktake.ui.delivery.charts import ChartData


class NumberAxis(pg.AxisItem):
    """Ticks as people write numbers (1,500,000, not 1.5e+06)."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [fmt(v * scale) for v in values]


def small_multiple(height: int) -> pg.PlotWidget:
    """An empty chart: dates along the bottom, numbers as people write them, no menus
    and no mouse (a small multiple is read, not explored)."""
    axes = {"bottom": pg.DateAxisItem(orientation="bottom"), "left": NumberAxis("left")}
    widget = pg.PlotWidget(
        background="w", axisItems=axes, enableMenu=False, viewBox=pg.ViewBox(enableMenu=False)
    )
    widget.setMouseEnabled(x=False, y=False)
    widget.setFixedHeight(height)
    return widget


def title_html(t: Trajectory) -> str:
    status = t.status.value
    name = html.escape(t.metric.name if len(t.metric.name) <= 48 else t.metric.name[:47] + "…")
    if t.place:  # a place's own series says whose it is
        name = f"{name} <b>({html.escape(t.place)})</b>"
    return (
        f"<span style='color:{colours.INK}'>{html.escape(t.metric.id)} {name}</span><br>"
        f"<b><span style='color:{STATUS_INK[status]}'>{status}</span></b>"
    )


class ChartLines:
    """One chart's lines and target marks, made once with its plot and given new data on
    each draw. Making the pyqtgraph items afresh (and ``clear`` removing the old ones)
    was most of a chart's draw: 40-60 ms a chart on each mission or status switch at
    10k initiatives (bench_gui), in the same event-loop pass as the previous chart's
    paint."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        plot.setClipToView(True)
        plot.showGrid(x=False, y=True, alpha=0.2)
        dash, dot = pg.QtCore.Qt.PenStyle.DashLine, pg.QtCore.Qt.PenStyle.DotLine
        self.planned = plot.plot(pen=pg.mkPen(colours.ORANGE, width=2, style=dash))
        self.actual = plot.plot(
            pen=pg.mkPen(colours.DARK_BLUE, width=2),
            symbolSize=5,
            symbolBrush=colours.DARK_BLUE,
            symbolPen=None,
        )
        self.forecast = plot.plot(pen=pg.mkPen(colours.TURQUOISE, width=2, style=dot))
        ink = QColor(colours.DARK_PINK)
        self.target = pg.InfiniteLine(
            angle=0,
            pen=pg.mkPen(ink, width=1),
            label="target",
            labelOpts={"position": 0.5, "color": ink, "anchors": [(0.5, 0), (0.5, 0)]},
        )
        self.target_date = pg.InfiniteLine(angle=90, pen=pg.mkPen(ink, width=1))
        plot.addItem(self.target)
        plot.addItem(self.target_date)

    def draw(self, t: Trajectory, data: ChartData) -> None:
        """Show ``t``'s series (the arrays made in the background) in this chart."""
        self.plot.setTitle(title_html(t), size="9pt")
        self.planned.setData(*data.planned)
        ax, ay = data.actual
        # markers only where they can be told apart
        self.actual.setData(ax, ay, symbol="o" if 0 < len(ax) <= 60 else None)
        fx, fy = data.forecast
        self.forecast.setData(*((fx, fy) if len(fx) > 1 else ([], [])))
        shown = t.target is not None and data.target_x is not None
        self.target.setVisible(shown)
        self.target_date.setVisible(shown)
        if t.target is not None and data.target_x is not None:
            self.target.label.setFormat(f"target {fmt(t.target[1], t.metric.unit)}")
            self.target.setPos(t.target[1])
            self.target_date.setPos(data.target_x)
        self.plot.enableAutoRange()
