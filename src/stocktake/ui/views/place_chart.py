"""The Place tab's chart: initiatives and cost per place, as bars.

Apart from :mod:`.place_tab` because pyqtgraph is slow to import: the page makes the
chart in an event-loop pass of its own, as it does the contribution chart.

Why two bar charts side by side rather than one: a count and £m share no scale, and a
second axis would ask the reader to match colours to axes; here each plot is titled in
words, every bar carries its figure as text, and the places are named on the shared
axis, so no colour has to be decoded (the GAF pair only tells the two plots apart).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from stocktake.app.place import PlaceRow
from stocktake.delivery.trajectory import fmt
from stocktake.model.colours import GAF_TWO, INK
from stocktake.ui.matrix.plot import Plot

CHART_NAME = "Initiatives and cost by place chart"


def describe(rows: list[PlaceRow]) -> str:
    """The chart in words (its accessible description)."""
    if not rows:
        return "No initiatives to chart by place."
    return "; ".join(
        f"{r.place}: {r.initiatives} initiative{'s' if r.initiatives != 1 else ''}, £{fmt(r.cost)}m"
        for r in rows
    )


class PlaceChart(QWidget):
    """Initiatives (left) and cost £m, all years (right) per place, as horizontal bars."""

    def __init__(self, rows: Callable[[], list[PlaceRow]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.count_plot = self._plot("Initiatives", GAF_TWO[0])
        self.cost_plot = self._plot("Cost £m (all years)", GAF_TWO[1])
        self.cost_plot.getPlotItem().setYLink(self.count_plot.getPlotItem())
        self.cost_plot.getPlotItem().getAxis("left").setStyle(showValues=False)
        self.count_plot.setAccessibleName(CHART_NAME)
        self.count_plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it
        self.cost_plot.setAccessibleName("Cost by place chart")
        self.cost_plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the first says both
        self.bars: list[pg.BarGraphItem] = []
        self.labels: list[pg.TextItem] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.count_plot, 1)
        layout.addWidget(self.cost_plot, 1)
        # no refresh here: the page draws the bars in a pass of its own (making the
        # two plots and drawing them in one held the window for 0.1 s at 10k initiatives)

    @staticmethod
    def _plot(title: str, colour: str) -> Plot:
        plot = Plot()
        item = plot.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.setTitle(title, color=INK)
        for side in ("bottom", "left"):
            item.getAxis(side).setTextPen(INK)
        item.addItem(pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brush=colour))
        return plot

    def refresh(self) -> None:
        rows = self.rows()
        n = len(rows)
        ys = np.arange(n, dtype=float)[::-1]  # the first place on top
        ticks = [[(float(y), r.place) for y, r in zip(ys, rows, strict=True)]]
        for plot, values, text in (
            (self.count_plot, [float(r.initiatives) for r in rows], lambda v: f"{v:.0f}"),
            (self.cost_plot, [r.cost for r in rows], lambda v: f"£{fmt(v)}m"),
        ):
            item = plot.getPlotItem()
            bars = next(i for i in item.items if isinstance(i, pg.BarGraphItem))
            bars.setOpts(x0=np.zeros(n), y=ys, height=0.6, width=np.array(values))
            for old in [i for i in item.items if isinstance(i, pg.TextItem)]:
                item.removeItem(old)
            for y, v in zip(ys, values, strict=True):  # each bar's figure, in words
                label = pg.TextItem(text(v), color=INK, anchor=(0, 0.5))
                label.setPos(v, y)
                item.addItem(label)
            item.getAxis("left").setTicks(ticks)
            top = max([*values, 1.0])
            item.setXRange(0, top * 1.3, padding=0)
            item.setYRange(-0.6, max(n - 0.4, 0.6), padding=0)
        words = describe(rows)
        self.count_plot.setAccessibleDescription(words)
        self.cost_plot.setAccessibleDescription(words)
