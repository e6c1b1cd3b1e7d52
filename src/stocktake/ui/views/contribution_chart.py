"""How many organisations each mission names, and how many of them deliver: a bar chart
whose axis names the missions and whose key is words (two colours of the GAF pair)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from stocktake.model.colours import GAF_TWO, INK
from stocktake.ui.matrix.plot import Plot
from stocktake.ui.matrix.style import chart_key
from stocktake.ui.views.mission_models import ContributionMatrix


class ContributionChart(QWidget):
    def __init__(self, model: ContributionMatrix, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.plot = Plot()
        self.plot.setAccessibleName("Organisations by mission chart")
        item = self.plot.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.setLabel("left", "organisations", color=INK)
        for side in ("bottom", "left"):
            item.getAxis(side).setTextPen(INK)
        self.named = pg.BarGraphItem(x=[], height=[], width=0.35, brush=GAF_TWO[0])
        self.delivering = pg.BarGraphItem(x=[], height=[], width=0.35, brush=GAF_TWO[1])
        item.addItem(self.named)
        item.addItem(self.delivering)
        self.key = chart_key(
            self,
            "Organisations by mission key",
            ("■", GAF_TWO[0], "Organisations named"),
            ("■", GAF_TWO[1], "Of which delivering"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.key)
        model.modelReset.connect(self.refresh)
        self.refresh()

    def counts(self) -> list[tuple[str, int, int]]:
        """(mission, organisations named, organisations delivering) per mission."""
        out = []
        for mid, _name in self.model.missions:
            named = [c for c in self.model.rows if mid in c.roles]
            out.append((mid, len(named), sum(1 for c in named if c.delivers_in(mid))))
        return out

    def refresh(self) -> None:
        rows = self.counts()
        x = np.arange(len(rows), dtype=float)
        self.named.setOpts(x=x - 0.18, height=[n for _m, n, _d in rows], width=0.35)
        self.delivering.setOpts(x=x + 0.18, height=[d for _m, _n, d in rows], width=0.35)
        item = self.plot.getPlotItem()
        item.getAxis("bottom").setTicks([[(k, m) for k, (m, _n, _d) in enumerate(rows)]])
        top = max([n for _m, n, _d in rows] + [1])
        item.setYRange(0, top * 1.15, padding=0)
        item.setXRange(-0.6, max(len(rows) - 0.4, 0.6), padding=0)
        words = "; ".join(f"{m}: {n} named, {d} delivering" for m, n, d in rows)
        self.plot.setAccessibleDescription(words or "No organisations named")
