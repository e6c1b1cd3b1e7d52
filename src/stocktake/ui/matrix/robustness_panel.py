"""Robustness shown, not assumed: how often each initiative stays in the top set.

Why in the background with a cancel: the Monte Carlo draws thousands of weight vectors
(and, for the portfolio, one MILP solve per draw). ``engine.rank_acceptability`` and
``engine.portfolio_acceptability`` do the work in a :class:`Task`; this panel only
sets the uncertainty, shows progress and lists the shares. Fragile choices (20-80%)
are also marked on the matrix.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stocktake import engine
from stocktake.app.robustness import MODE_WORDS, default_order, parse_bounds, ranged_scores
from stocktake.engine.smaa import sequence_of
from stocktake.ui.matrix.analysis import FRAGILE_BAND, Analysis
from stocktake.ui.session import Session
from stocktake.ui.views.sizing import fit_columns

COLUMNS = (
    "Initiative",
    "Rank now",
    "In the top set",
    "In the portfolio",
    "Ranked first",
    "Most often at rank",
    "Weights that favour it",
    "Reading",
)


def most_often(row: np.ndarray) -> str:
    """'3 (41% of draws)': the rank an initiative takes most often among those counted."""
    if not len(row) or row.max() <= 0:
        return f"below {len(row)}"
    r = int(row.argmax())
    return f"{r + 1} ({row[r]:.0%} of draws)"


def rank_tooltip(row: np.ndarray) -> str:
    """The share of draws at each rank counted: the rank acceptability of one item."""
    parts = [f"rank {r + 1}: {x:.0%}" for r, x in enumerate(row) if x > 0]
    rest = 1.0 - float(row.sum())
    if rest > 0.0005:
        parts.append(f"below rank {len(row)}: {rest:.0%}")
    return "Share of draws at each rank: " + ", ".join(parts)


def favour_words(central: np.ndarray, current: np.ndarray, criteria: tuple[str, ...]) -> str:
    """How the typical weights under which it wins differ from today's, biggest first:
    'more C05 (+18 pts), less C04 (-12 pts)'. Shares are within each group."""
    if not len(central) or np.isnan(central).all():
        return "never in the top set"
    diff = np.nan_to_num(central - current)
    order = np.argsort(-np.abs(diff))[:2]
    words = [
        f"{'more' if diff[c] > 0 else 'less'} {criteria[c]} ({diff[c] * 100:+.0f} pts)"
        for c in order
        if abs(diff[c]) >= 0.005
    ]
    return ", ".join(words) or "today's weights"


def central_tooltip(central: np.ndarray, arrays: engine.ScoreArrays) -> str:
    """Every criterion's central share against today's, group by group."""
    if np.isnan(central).all():
        return ""
    now = arrays.group_weight_matrix().sum(axis=1)
    lines = ["Typical weights when it ranks first (share of its group), against today's:"]
    for c, cid in enumerate(arrays.criteria):
        if arrays.groups[c] >= 0:
            lines.append(
                f"{cid} {arrays.criterion_names[c]}: {central[c]:.0%} (today {now[c]:.0%})"
            )
    return "\n".join(lines)


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
        self.mode = QComboBox(self)
        for key, words in MODE_WORDS.items():
            self.mode.addItem(words[0].upper() + words[1:], key)
        self.mode.setAccessibleName("Which weights to try")
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.order = QLineEdit(self)
        self.order.setAccessibleName("Criteria in order of importance, most important first")
        self.order.setPlaceholderText("e.g. C01 > C04 > C02 (most important first)")
        self.order.setToolTip(
            "Criteria, most important first, separated by '>'. Only criteria of the same "
            "group are compared: each group's weights are shares of that group."
        )
        self.bounds = QLineEdit(self)
        self.bounds.setAccessibleName("Least and most share of its group for some criteria")
        self.bounds.setPlaceholderText("optional, e.g. C04 25-50%; C01 10-40%")
        self.bounds.setToolTip(
            "For any weights or an order: the least and most share of its group a "
            "criterion may take (each group's shares add up to 100%)."
        )
        self.ranges = QCheckBox("Let &scores move within their ranges", self)
        self.ranges.setAccessibleName("Let scores move within their low-high ranges")
        form = QFormLayout()
        form.addRow("&Weights to try:", self.mode)
        form.addRow("&Order of importance:", self.order)
        form.addRow("Share &bounds:", self.bounds)
        form.addRow("", self.ranges)
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
        fit_columns(self.table)  # headers readable before the first run fills the rows
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
        self.analysis.scores_updated.connect(self._inputs_changed)
        self._inputs_changed()
        self._mode_changed()
        self.refresh()

    def _inputs_changed(self) -> None:
        """Offer today's weight order as the ordering, and score ranges when there are any."""
        arrays = self.analysis.arrays
        if arrays is not None and not self.order.text().strip():
            self.order.setText(" > ".join(default_order(arrays)))
        count = ranged_scores(self.session.workbook)
        self.ranges.setEnabled(count > 0)
        self.ranges.setText(
            f"Let &scores move within their ranges ({count} score{'s' if count != 1 else ''} "
            "have a low and a high)"
            if count
            else "Let scores move within their ranges (the workbook gives none)"
        )

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.weight_range.setEnabled(mode == "box")
        self.order.setEnabled(mode == "ordering")
        self.bounds.setEnabled(mode != "box")

    def run(self) -> None:
        mode = str(self.mode.currentData())
        try:
            bounds = parse_bounds(self.bounds.text()) if mode != "box" else {}
        except ValueError as exc:
            self.note.setText(f"Not run: {exc}.")
            return
        self.analysis.request_robustness(
            draws=self.draws.value(),
            weight_range=self.weight_range.value() / 100.0,
            balance_range=self.balance_range.value(),
            portfolio_draws=self.portfolio_draws.value(),
            mode=mode,
            order=sequence_of(self.order.text()),
            bounds=bounds,
            use_score_ranges=self.ranges.isEnabled() and self.ranges.isChecked(),
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
        smaa = rob.answer.smaa if rob.answer is not None else None
        now = arrays.group_weight_matrix().sum(axis=1)
        self.table.setRowCount(arrays.n)
        for r, iid in enumerate(arrays.ids):
            p = None if port is None else float(port.share[r])
            first = None if smaa is None else float(smaa.first_share[r])
            central = np.zeros(0) if smaa is None else smaa.central_first[r]
            if smaa is not None and np.isnan(central).all():
                central = smaa.central_top[r]
            cells = [
                QTableWidgetItem(f"{iid} {wb.initiatives[iid].name}"),
                _Share(None),
                _Share(float(top.share[r])),
                _Share(p),
                _Share(first),
                QTableWidgetItem("" if smaa is None else most_often(smaa.acceptability[r])),
                QTableWidgetItem(favour_words(central, now, arrays.criteria)),
                QTableWidgetItem(row_reading(float(top.share[r]), top.k or self.analysis.top_k, p)),
            ]
            cells[6].setToolTip(central_tooltip(central, arrays) if len(central) else "")
            if smaa is not None:
                cells[5].setToolTip(rank_tooltip(smaa.acceptability[r]))
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
            f"{top.draws:,} draws: {self._space_words(u)}, balance "
            f"{u.balance_lo:.2f}–{u.balance_hi:.2f}"
        )
        if rob.answer is not None and rob.answer.scores_moved:
            text += f", {rob.answer.scores_moved} scores within their ranges"
        text += (
            f". 'In the top set' is the share of those draws in which the initiative ranks "
            f"in the top {top.k}; 'Ranked first' the share in which it comes first; 'Most "
            "often at rank' the rank it takes in more draws than any other (hover for every "
            "rank); 'Weights that favour it' how the average weights of the draws in which "
            "it ranks first (if never first, in the top set) differ from today's, each a "
            "share of its group (hover for all of them)."
        )
        if port is not None:
            text += (
                f" 'In the portfolio' is the share of {port.draws:,} further draws in which "
                "the optimal portfolio (one solve per draw) chooses it."
            )
        fragile = int(self.analysis.fragile_mask().sum())
        text += f" {fragile} fragile choice{'s' if fragile != 1 else ''} marked ? on the matrix."
        self.note.setText(text)

    def _space_words(self, u: engine.Uncertainty) -> str:
        answer = self.analysis.robustness.answer
        mode = answer.smaa.settings.space.mode if answer is not None else "box"
        if mode == "box":
            return f"each weight ±{u.weight_range:.0%}"
        words = MODE_WORDS[mode]
        if mode == "ordering" and answer is not None:
            words += f" ({' > '.join(answer.smaa.settings.space.order)})"
        return words

    def _on_clicked(self, row: int, column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.session.select([item.data(Qt.ItemDataRole.UserRole)])
