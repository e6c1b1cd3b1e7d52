"""Robustness shown, not assumed: how often each initiative stays in the top set.

Why in the background with a cancel: the Monte Carlo draws thousands of weight vectors
(and, for the portfolio, one MILP solve per draw). ``engine.rank_acceptability`` and
``engine.portfolio_acceptability`` do the work in a :class:`Task`; this panel only
sets the uncertainty, shows progress and lists the shares. Fragile choices (20-80%)
are also marked on the matrix.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stocktake.ui.matrix.analysis import FRAGILE_BAND, Analysis
from stocktake.ui.session import Session

COLUMNS = ("Initiative", "Rank now", "In the top set", "In the portfolio", "Reading")


def reading(share: float, where: str) -> str:
    """A share in words, naming what it is the share of ("the top 10", "the portfolio"),
    so the column never relies on a number or colour alone.

    Each share gets its own words: an initiative always in the top set but rarely in
    the portfolio is robust for one and rare for the other, never just "rarely in".
    """
    lo, hi = FRAGILE_BAND
    if share > hi:
        return f"robust in {where} (in most draws)"
    if share >= lo:
        return f"fragile in {where} (a small change could flip it)"
    return f"rarely in {where} (in few draws)"


def row_reading(top: float, k: int, portfolio: float | None) -> str:
    """The Reading column: the top set first, then the portfolio when it was drawn."""
    words = [reading(top, f"the top {k}")]
    if portfolio is not None:
        words.append(reading(portfolio, "the portfolio"))
    text = "; ".join(words)
    return text[0].upper() + text[1:]


class _Share(QTableWidgetItem):
    """Sorts by the number behind the percentage."""

    def __init__(self, share: float | None) -> None:
        super().__init__("" if share is None else f"{share:.0%}")
        self.share = -1.0 if share is None else share

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.share < getattr(other, "share", -1.0)


class RobustnessPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis = Analysis.of(session)
        self.setAccessibleName("Robustness")
        self.draws = QSpinBox(self)
        self.draws.setRange(100, 100_000)
        self.draws.setSingleStep(1000)
        self.draws.setValue(5000)
        self.draws.setAccessibleName("Draws for the top set")
        self.portfolio_draws = QSpinBox(self)
        self.portfolio_draws.setRange(0, 2000)
        self.portfolio_draws.setValue(50)
        self.portfolio_draws.setAccessibleName("Draws for the portfolio (one solve each)")
        self.weight_range = QDoubleSpinBox(self)
        self.weight_range.setRange(0, 100)
        self.weight_range.setSuffix(" %")
        self.weight_range.setValue(20)
        self.weight_range.setAccessibleName("Uncertainty of each swing weight, plus or minus")
        self.balance_range = QDoubleSpinBox(self)
        self.balance_range.setRange(0, 0.5)
        self.balance_range.setSingleStep(0.05)
        self.balance_range.setValue(0.1)
        self.balance_range.setAccessibleName("Uncertainty of the balance, plus or minus")
        form = QFormLayout()
        form.addRow("&Draws (top set):", self.draws)
        form.addRow("Draws (&portfolio):", self.portfolio_draws)
        form.addRow("Each &weight varies by ±", self.weight_range)
        form.addRow("&Balance varies by ±", self.balance_range)
        self.run_button = QPushButton("&Run the Monte Carlo", self)
        self.cancel_button = QPushButton("Cancel", self)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Monte Carlo progress")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Chance of staying in the top set and the portfolio")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.cellClicked.connect(self._on_clicked)
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.analysis.task_progress.connect(self._on_progress)
        self.analysis.task_failed.connect(self._on_failed)
        self.analysis.robustness_updated.connect(self.refresh)
        self.refresh()

    def run(self) -> None:
        self.analysis.request_robustness(
            draws=self.draws.value(),
            weight_range=self.weight_range.value() / 100.0,
            balance_range=self.balance_range.value(),
            portfolio_draws=self.portfolio_draws.value(),
        )
        self.note.setText("Drawing weights and balances…")
        self._buttons()

    def cancel(self) -> None:
        self.analysis.cancel("robustness")
        self.note.setText("Cancelled: no new results.")
        self._buttons()

    def _buttons(self) -> None:
        running = self.analysis.running("robustness")
        self.run_button.setEnabled(not running and self.analysis.arrays is not None)
        self.cancel_button.setEnabled(running)

    def _on_progress(self, name: str, done: int, total: int) -> None:
        if name == "robustness":
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(done)

    def _on_failed(self, name: str, message: str) -> None:
        if name == "robustness":
            self.note.setText(f"The Monte Carlo stopped: {message}")
            self._buttons()

    def refresh(self) -> None:
        self._buttons()
        rob, arrays, table, wb = (
            self.analysis.robustness,
            self.analysis.arrays,
            self.analysis.table,
            self.session.workbook,
        )
        top = rob.top
        self.table.setSortingEnabled(False)
        if (
            top is None
            or arrays is None
            or table is None
            or wb is None
            or len(top.share) != arrays.n
        ):
            self.table.setRowCount(0)
            self.table.setSortingEnabled(True)
            return
        port = rob.portfolio
        self.table.setRowCount(arrays.n)
        for r, iid in enumerate(arrays.ids):
            p = None if port is None else float(port.share[r])
            cells = [
                QTableWidgetItem(f"{iid} {wb.initiatives[iid].name}"),
                _Share(None),
                _Share(float(top.share[r])),
                _Share(p),
                QTableWidgetItem(row_reading(float(top.share[r]), top.k or self.analysis.top_k, p)),
            ]
            cells[1].setText(str(int(table.rank[r])))
            cells[1].share = float(table.rank[r])  # type: ignore[attr-defined]
            cells[0].setData(Qt.ItemDataRole.UserRole, iid)
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, cell)
        self.table.setSortingEnabled(True)
        self.table.sortItems(2, Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        u = top.uncertainty
        text = (
            f"{top.draws:,} draws, each weight ±{u.weight_range:.0%}, balance "
            f"{u.balance_lo:.2f}–{u.balance_hi:.2f}. 'In the top set' is the share of "
            f"those draws in which the initiative ranks in the top {top.k}."
        )
        if port is not None:
            text += (
                f" 'In the portfolio' is the share of {port.draws:,} further draws in which "
                "the optimal portfolio (one solve per draw) chooses it."
            )
        fragile = int(self.analysis.fragile_mask().sum())
        text += f" {fragile} fragile choice{'s' if fragile != 1 else ''} marked ? on the matrix."
        self.note.setText(text)

    def _on_clicked(self, row: int, column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.session.select([item.data(Qt.ItemDataRole.UserRole)])
