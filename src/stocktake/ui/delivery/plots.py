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


def draw(plot: pg.PlotItem, t: Trajectory, data: ChartData) -> None:
    """Fill one plot with a metric's series (the plot is empty or cleared)."""
    plot.setTitle(title_html(t), size="9pt")
    plot.setClipToView(True)
    plot.showGrid(x=False, y=True, alpha=0.2)
    dash, dot = pg.QtCore.Qt.PenStyle.DashLine, pg.QtCore.Qt.PenStyle.DotLine
    px, py = data.planned
    if len(px):
        plot.plot(px, py, pen=pg.mkPen(colours.ORANGE, width=2, style=dash))
    ax, ay = data.actual
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
        )
    fx, fy = data.forecast
    if len(fx) > 1:
        plot.plot(fx, fy, pen=pg.mkPen(colours.TURQUOISE, width=2, style=dot))
    if t.target is not None and data.target_x is not None:
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
        plot.addItem(pg.InfiniteLine(pos=data.target_x, angle=90, pen=pg.mkPen(ink, width=1)))
