"""The Portfolio view's spend by funding pot: a table per pot and year (envelope, spend
of the optimal portfolio, what is left, the status in words) and a bar chart per pot.

Shown only as one page of the Portfolio tab's lists, so the spend-by-year chart above
keeps its height on a 1366×768 screen.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from stocktake.model import Workbook
from stocktake.model.colours import GAF_TWO, INK
from stocktake.reports.pot_spend import PotSpend, spend_by_pot
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.job_runner import JobRunner
from stocktake.ui.matrix.plot import Plot
from stocktake.ui.matrix.style import chart_key, em
from stocktake.ui.models.simple_tables import Col, RecordTable
from stocktake.ui.session import Session
from stocktake.ui.staging import when_idle
from stocktake.ui.views.record_tables import FilteredTable


class PotSpendBox(QWidget):
    def __init__(self, session: Session, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis = analysis
        # The rows are summed in the background (a tenth of a second on the GUI thread
        # for 10k initiatives on each solve); the model shows the last sums made.
        self._rows: tuple[Workbook | None, list[PotSpend]] = (None, [])
        self.current = False
        self._jobs = JobRunner(self)
        self._jobs.failed.connect(self._failed)
        self.setAccessibleName("Spend by funding pot")
        self.model = RecordTable(
            session,
            "pot spend",
            [
                Col("Pot", "pot", lambda r: r.pot_id, tooltip=lambda r: r.name),
                Col("Year", "year", lambda r: r.year),
                Col("Status", "status", lambda r: r.status, tooltip=lambda r: r.status),
                Col("Spend £m", "spend", lambda r: round(r.spend, 3), numeric=True),
                Col("Envelope £m", "envelope", lambda r: r.envelope, numeric=True),
                Col("Left £m", "left", lambda r: r.left, numeric=True),
                Col("Pooled or ring-fenced", "fencing", lambda r: r.fencing),
                Col("Capital or resource", "type", lambda r: r.spend_type),
                Col("Name", "name", lambda r: r.name),
            ],
            self._records,
            ident=lambda r: f"{r.pot_id}:{r.year}",
        )
        self.table = FilteredTable(self.model, "Spend by pot and year", parent=self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.plot = Plot()
        self.plot.setAccessibleName("Spend by pot against envelope chart")
        item = self.plot.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.setLabel("bottom", "£m, all years", color=INK)
        for side in ("bottom", "left"):
            item.getAxis(side).setTextPen(INK)
        self.bars = pg.BarGraphItem(x0=0, y=[], width=[], height=0.6, brush=GAF_TWO[0])
        self.marks = pg.ScatterPlotItem(
            symbol="|", size=em(self, 2.4), pen=pg.mkPen(GAF_TWO[1], width=3), brush=GAF_TWO[1]
        )
        item.addItem(self.bars)
        item.addItem(self.marks)
        key = chart_key(
            self,
            "Spend by pot key",
            ("■", GAF_TWO[0], "Spend of the optimal portfolio"),
            ("┃", GAF_TWO[1], "Envelope (all years)"),
        )
        chart = QWidget(self)
        cv = QVBoxLayout(chart)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(self.plot, 1)
        cv.addWidget(key)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(chart)
        split.setSizes([3000, 2000])  # shares, not pixels: the table's words get more
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)
        analysis.portfolio_updated.connect(self.refresh)
        self.model.modelReset.connect(self._draw)
        # summed once the page is made and painted (a worker started at once competed
        # with the page's first paint for the interpreter lock)
        when_idle(self, self.refresh)

    def _records(self, wb: Workbook) -> list[PotSpend]:
        made_for, rows = self._rows
        return rows if made_for is wb else []  # never another workbook's sums

    def refresh(self) -> None:
        """Sum the spend of the latest answer's portfolio in a worker, then show it."""
        self.current = False
        wb = self.session.workbook
        answer = self.analysis.answer
        chosen = answer.result.chosen if answer is not None else ()
        if wb is None:
            self._jobs.cancel("pot spend")
            self._show((None, []))
            return
        self._jobs.start("pot spend", lambda _progress: (wb, spend_by_pot(wb, chosen)), self._show)

    def _failed(self, _name: str, message: str) -> None:
        self.note.setText(f"Spend by pot could not be summed: {message}")

    def _show(self, made: tuple[Workbook | None, list[PotSpend]]) -> None:
        self._rows = made
        self.model.reload()
        self.current = True

    def _draw(self) -> None:
        rows: list[PotSpend] = self.model.rows
        wb = self.session.workbook
        if wb is None or not wb.funding_pots:
            self.note.setText(
                "This workbook has no Funding sheet: add pots (envelope per year, pooled or "
                "ring-fenced, flexibility) and a Funding pot column on the initiatives."
            )
        else:
            over = sum(1 for r in rows if r.status.startswith("over"))
            self.note.setText(
                f"{len({r.pot_id for r in rows})} pots. The optimisation keeps each ring-fenced "
                "pot within its envelope plus any share carried from the year before, and the "
                "pooled pots within their envelopes together"
                + (f"; {over} pot-years are over their own envelope." if over else ".")
            )
        pots = sorted({r.pot_id for r in rows})
        spend = [sum(r.spend for r in rows if r.pot_id == p) for p in pots]
        env = [sum(r.envelope or 0.0 for r in rows if r.pot_id == p) for p in pots]
        # Horizontal bars: a pot's ID is a word on the left axis, never squeezed out
        # of a row of labels under the bars; the first pot is at the top, as in the table.
        y = np.arange(len(pots), dtype=float)[::-1]
        self.bars.setOpts(x0=0, y=y, width=spend, height=0.6)
        self.marks.setData(x=env, y=y)
        item = self.plot.getPlotItem()
        item.getAxis("left").setTicks([[(float(k), p) for k, p in zip(y, pots, strict=True)]])
        item.setXRange(0, max([*spend, *env, 1.0]) * 1.1, padding=0)
        item.setYRange(-0.6, max(len(pots) - 0.4, 0.6), padding=0)
        self.plot.setAccessibleDescription(
            "; ".join(
                f"{p}: spend £{s:,.1f}m of £{e:,.1f}m"
                for p, s, e in zip(pots, spend, env, strict=True)
            )
            or "No pots"
        )
