"""The portfolio: yearly envelopes, spend against them, what binds, what is forced, the frontier.

Why every figure here comes with a sentence: a board reads the portfolio as a
recommendation, so the status ("Proven optimal…", or which constraints conflict), the
binding constraints and the price of each force-in are the engine's own words
(``PortfolioResult.summary``, ``Binding.message``, ``Conflict.message``). Envelopes and
forced items change through :class:`Analysis`, which pushes undoable commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stocktake.model.colours import GAF_TWO, INK
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.frontier_box import FrontierBox
from stocktake.ui.matrix.job_runner import JobRunner
from stocktake.ui.matrix.plot import Plot
from stocktake.ui.matrix.portfolio_rows import Lists, Snapshot, make_lists
from stocktake.ui.matrix.style import chart_key, em
from stocktake.ui.models.text_rows import TextRows
from stocktake.ui.session import Session
from stocktake.ui.staging import later
from stocktake.ui.views.scrolling import VerticalScroll
from stocktake.ui.views.sizing import fit_columns

if TYPE_CHECKING:
    from stocktake.ui.matrix.caps_box import CapsBox
    from stocktake.ui.matrix.pot_spend import PotSpendBox

ENVELOPE_COLUMNS = ("Year", "Envelope (£m)", "Spend (£m)", "Left (£m)")
FORCED_COLUMNS = ("Initiative", "Forced", "Reason", "Value given up")
CHOICE_COLUMNS = ("Initiative", "In or out", "Value per £m (present value)", "Why")
CAPS_PAGE, POT_PAGE = "Caps besides money", "Spend by pot"


def _item(text: str, editable: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    it.setFlags(flags)
    return it


class PortfolioPanel(QWidget):
    """Envelopes, spend, binding constraints, forced items with prices, efficient frontier."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis = Analysis.of(session)
        self.setAccessibleName("Portfolio")
        self._filling = False
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Portfolio status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.envelopes = QTableWidget(0, len(ENVELOPE_COLUMNS), self)
        self.envelopes.setHorizontalHeaderLabels(list(ENVELOPE_COLUMNS))
        self.envelopes.setAccessibleName("Yearly envelopes and spend")
        self.envelopes.setToolTip(
            "Type an envelope in £m for a year; leave it blank for no "
            "limit. Each change can be undone."
        )
        self.envelopes.verticalHeader().hide()
        self.envelopes.itemChanged.connect(self._on_envelope_edited)
        self.spend_plot = Plot()
        self.spend_plot.setAccessibleName("Spend by year against envelope chart")
        sp = self.spend_plot.getPlotItem()
        sp.setMouseEnabled(x=False, y=False)
        sp.setLabel("left", "£m", color=INK)
        # The keys sit under the charts, as text: a key drawn inside a chart covers
        # bars or points on a small screen.
        self.spend_key = chart_key(
            self,
            "Spend by year against envelope key",
            ("■", GAF_TWO[0], "Spend of the optimal portfolio"),
            ("▬", GAF_TWO[1], "Envelope"),
        )
        for side in ("bottom", "left"):
            sp.getAxis(side).setTextPen(INK)
        self.spend_bars = pg.BarGraphItem(
            x=[], height=[], width=0.6, brush=GAF_TWO[0], name="Spend of the optimal portfolio"
        )
        self.envelope_marks = pg.ScatterPlotItem(
            symbol="_",
            size=em(self, 2.4),
            pen=pg.mkPen(GAF_TWO[1], width=3),
            brush=GAF_TWO[1],
            name="Envelope",
        )
        sp.addItem(self.spend_bars)
        sp.addItem(self.envelope_marks)

        # The two long lists are models over rows of text made in the background
        # (portfolio_rows); ``lists_current`` says they show the latest refresh.
        self.choice_model = TextRows(CHOICE_COLUMNS, tooltip_columns=(0,))
        self.choices = QTableView(self)
        self.choices.setModel(self.choice_model)
        self.choices.setAccessibleName("Every initiative: chosen or not, and why")
        self.choices.verticalHeader().hide()
        self.choices.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.choices.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.choices.horizontalHeader().setStretchLastSection(True)
        self.choices.clicked.connect(self._choice_clicked)
        self.lists_current = False
        self._lists_queued = False
        self._list_jobs = JobRunner(self)
        self._list_jobs.failed.connect(self._on_lists_failed)

        self.binding = QListWidget(self)
        self.binding.setAccessibleName("Binding constraints")
        self.binding.setWordWrap(True)

        self.forced_model = TextRows(FORCED_COLUMNS, tooltip_columns=(0, 2))
        self.forced = QTableView(self)
        self.forced.setModel(self.forced_model)
        self.forced.setAccessibleName("Forced initiatives and their price")
        self.forced.verticalHeader().hide()
        self.forced.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.forced.horizontalHeader().setStretchLastSection(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Reason (required), e.g. ministerial commitment")
        self.reason.setAccessibleName("Reason for forcing")
        self.force_in_button = QPushButton("Force &in selected", self)
        self.force_out_button = QPushButton("Force &out selected", self)
        self.release_button = QPushButton("&Stop forcing selected", self)
        for button, fn in (
            (self.force_in_button, self.force_in_selected),
            (self.force_out_button, self.force_out_selected),
            (self.release_button, self.release_selected),
        ):
            button.clicked.connect(fn)
        self.force_message = QLabel(self)
        self.force_message.setWordWrap(True)

        self._build_layout()

        self.analysis.portfolio_updated.connect(self.refresh)
        self.analysis.portfolio_busy.connect(lambda _b: self._update_status())
        self.analysis.problem_changed.connect(self.refresh)
        self.analysis.task_failed.connect(self._on_failed)
        session.workbook_loaded.connect(self.refresh)
        self.refresh()
        # The frontier (a chart, about 50 ms on 10k initiatives) in a pass of its own,
        # so the first show never holds the event loop for the sum; the caps and the
        # spend by pot when their page is first shown (made in the first show's passes,
        # they kept the window busy for a fifth of a second while the first solve ran).
        # A part asked for sooner is made at once.
        self._frontier: FrontierBox | None = None
        self._caps: CapsBox | None = None
        self._pot_spend: PotSpendBox | None = None
        later(self, lambda: self.frontier_box)
        self.lists.currentChanged.connect(self._make_shown_page)

    # -- the parts made after the first pass ------------------------------------------
    @property
    def frontier_box(self) -> FrontierBox:
        if self._frontier is None:
            self._frontier = FrontierBox(self.analysis, self)
            self._right.addWidget(self._frontier, 3)
        return self._frontier

    # The page's own names for the frontier's parts (the main window exports the chart)
    @property
    def frontier_plot(self) -> Plot:
        return self.frontier_box.frontier_plot

    @property
    def frontier_button(self) -> QPushButton:
        return self.frontier_box.frontier_button

    @property
    def frontier_cancel(self) -> QPushButton:
        return self.frontier_box.frontier_cancel

    @property
    def frontier_note(self) -> QLabel:
        return self.frontier_box.frontier_note

    def compute_frontier(self) -> None:
        self.frontier_box.compute_frontier()

    @property
    def caps(self) -> CapsBox:
        if self._caps is None:
            from stocktake.ui.matrix.caps_box import CapsBox

            self._caps = CapsBox(self.session, self.lists)
            self._put_page(CAPS_PAGE, self._caps)
        return self._caps

    @property
    def pot_spend(self) -> PotSpendBox:
        if self._pot_spend is None:
            from stocktake.ui.matrix.pot_spend import PotSpendBox

            self._pot_spend = PotSpendBox(self.session, self.analysis, self.lists)
            self._put_page(POT_PAGE, self._pot_spend)
        return self._pot_spend

    def _make_shown_page(self, index: int) -> None:
        title = self.lists.tabText(index)
        if title == CAPS_PAGE:
            self.caps  # noqa: B018  (made on first access)
        elif title == POT_PAGE:
            self.pot_spend  # noqa: B018

    def _put_page(self, title: str, page: QWidget) -> None:
        """``page`` in place of the empty page titled ``title`` (and current if it was)."""
        k = next(i for i in range(self.lists.count()) if self.lists.tabText(i) == title)
        current = self.lists.currentIndex() == k
        empty = self.lists.widget(k)
        self.lists.insertTab(k, page, title)
        self.lists.removeTab(k + 1)
        if empty is not None:
            empty.deleteLater()
        if current:
            self.lists.setCurrentIndex(k)

    def _build_layout(self) -> None:
        left = QWidget(self)
        lv = QVBoxLayout(left)
        box = QGroupBox("Envelopes and spend by year", left)
        bv = QVBoxLayout(box)
        bv.addWidget(self.envelopes)
        bv.addWidget(self.spend_plot, 1)
        bv.addWidget(self.spend_key)
        lv.addWidget(box, 3)
        # Two lists in one place, a page each, so the spend chart keeps its height
        self.lists = QTabWidget(left)
        self.lists.addTab(self.binding, "What stops it taking more value")
        self.lists.addTab(self.choices, "Chosen and not chosen, with the reason")
        # two pages beside the lists (no height taken), each made in a later pass
        self.lists.addTab(QWidget(), CAPS_PAGE)
        self.lists.addTab(QWidget(), POT_PAGE)
        lv.addWidget(self.lists, 2)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        box = QGroupBox("Forced in or out, and what each force-in costs", right)
        grid = QGridLayout(box)
        grid.addWidget(self.forced, 0, 0, 1, 3)
        label = QLabel("&Reason:", box)
        label.setBuddy(self.reason)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.reason, 1)
        grid.addLayout(row, 1, 0, 1, 3)
        grid.addWidget(self.force_in_button, 2, 0)
        grid.addWidget(self.force_out_button, 2, 1)
        grid.addWidget(self.release_button, 2, 2)
        grid.addWidget(self.force_message, 3, 0, 1, 3)
        rv.addWidget(box, 2)
        self._right = rv  # the frontier goes under the forced items (``frontier_box``)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(VerticalScroll(left))  # each half scrolls on a short screen
        split.addWidget(VerticalScroll(right))
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

    # -- refresh -------------------------------------------------------------------
    def refresh(self) -> None:
        """The status, envelopes and binding list at once (a few rows); the forced and
        chosen lists from a worker (:meth:`_start_lists`, in a later pass: its snapshot
        works the problem out twice, tens of milliseconds on 10k initiatives)."""
        self._update_status()
        self._fill_envelopes()
        self._fill_binding()
        self.lists_current = False
        if not self._lists_queued:  # one snapshot for any number of refreshes meanwhile
            self._lists_queued = True
            later(self, self._start_lists)

    def _update_status(self) -> None:
        answer = self.analysis.answer
        if self.session.workbook is None:
            text = "Open a workbook to build a portfolio."
        elif answer is None:
            text = "Solving the portfolio…"
        else:
            r = answer.result
            text = r.summary
            if r.value is not None:
                n = self.analysis.arrays.n if self.analysis.arrays else 0
                text = f"{len(r.chosen):,} of {n:,} initiatives chosen. " + text
            if self.analysis.running("portfolio"):
                text += " (Solving again for the latest change…)"
        infeasible = answer is not None and answer.result.status == "infeasible"
        self.status.setText(("Conflict: " if infeasible else "") + text)
        self.status.setStyleSheet(
            "QLabel { border: 2px solid #D4351C; padding: 4px; font-weight: bold; }"
            if infeasible
            else ""
        )

    def _fill_envelopes(self) -> None:
        arrays = self.analysis.arrays
        years = list(arrays.years) if arrays is not None else []
        answer = self.analysis.answer
        spend = answer.result.spend if answer is not None else {}
        budgets = self.analysis.own_choices().budgets  # no funding pots needed
        self._filling = True
        self.envelopes.setRowCount(len(years))
        for r, year in enumerate(years):
            env = budgets.get(year)
            used = spend.get(year)
            left = "no limit" if env is None else ("" if used is None else f"{env - used:,.1f}")
            cells = (
                _item(year),
                _item("" if env is None else f"{env:g}", editable=True),
                _item("" if used is None else f"{used:,.1f}"),
                _item(left),
            )
            for c, cell in enumerate(cells):
                self.envelopes.setItem(r, c, cell)
        self.envelopes.resizeColumnsToContents()
        self._filling = False
        x = np.arange(len(years))
        self.spend_bars.setOpts(x=x, height=[spend.get(y, 0.0) for y in years], width=0.6)
        with_env = [k for k, y in enumerate(years) if y in budgets]
        self.envelope_marks.setData(
            x=[float(k) for k in with_env], y=[budgets[years[k]] for k in with_env]
        )
        top = max([*(spend.get(y, 0.0) for y in years), *(budgets.get(y, 0.0) for y in years), 1.0])
        self.spend_plot.getPlotItem().setYRange(0, top * 1.1, padding=0)
        self.spend_plot.getPlotItem().getAxis("bottom").setTicks(
            [[(k, y) for k, y in enumerate(years)]]
        )

    def _on_envelope_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1:
            return
        year_item = self.envelopes.item(item.row(), 0)
        if year_item is None:
            return
        year = year_item.text()
        text = item.text().replace("£", "").replace(",", "").replace("m", "").strip()
        if not text:
            self.analysis.set_budget(year, None)
            return
        try:
            amount = float(text)
            if amount < 0:
                raise ValueError
        except ValueError:
            self.force_message.setText(
                f"The {year} envelope must be an amount in £m of 0 or "
                f"more, such as 182; '{item.text()}' is not."
            )
            self.refresh()
            return
        self.analysis.set_budget(year, amount)

    def _fill_binding(self) -> None:
        self.binding.clear()
        answer = self.analysis.answer
        if answer is None:
            return
        r = answer.result
        messages = [c.message for c in r.conflicts] or [b.message for b in r.binding]
        if r.value is not None and not r.binding_checked:
            messages = ["Checking what binds…"]
        elif not messages and r.value is not None and not r.binding_unchecked:
            messages = ["Nothing binds: every initiative with value fits."]
        if r.binding_unchecked:
            messages.append("Not checked (out of time): " + ", ".join(r.binding_unchecked))
        self.binding.addItems(messages)

    def _start_lists(self) -> None:
        """Make the forced and chosen lists in the background from a snapshot taken now;
        a newer refresh supersedes an older one (only the latest is shown)."""
        a, wb = self.analysis, self.session.workbook
        self._lists_queued = False
        if wb is None:
            self._list_jobs.cancel("lists")
            self._show_lists(Lists([], [], [], []))
            return
        own = a.own_choices()
        snapshot = Snapshot(
            a.answer,
            a.arrays,
            a.table,
            a.chosen_mask,
            dict(own.force_out),
            a.forced_and_capped(),  # decisions' exclusions included, with their reason
            {iid: i.name for iid, i in wb.initiatives.items()},
        )
        self._list_jobs.start("lists", lambda _progress: make_lists(snapshot), self._show_lists)

    def _show_lists(self, lists: Lists) -> None:
        self.forced_model.set_rows(lists.forced, lists.forced_ids)
        # long names and reasons keep their full text in the tooltip
        fit_columns(self.forced, sample=50)
        for c in (0, 2):
            self.forced.setColumnWidth(c, min(self.forced.columnWidth(c), int(em(self, 11))))
        self.choice_model.set_rows(lists.choices, lists.choice_ids)
        fit_columns(self.choices, sample=50)
        self.choices.setColumnWidth(0, min(self.choices.columnWidth(0), int(em(self, 14))))
        self.lists_current = True

    def _on_lists_failed(self, _name: str, message: str) -> None:
        self.force_message.setText(f"The lists of forced and chosen initiatives failed: {message}")

    def _choice_clicked(self, index: QModelIndex) -> None:
        iid = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if iid:
            self.session.select([iid])

    # -- forcing -------------------------------------------------------------------
    def _forcing(self, verb: str) -> tuple[list[str], str] | None:
        ids = self.session.selection
        reason = self.reason.text().strip()
        if not ids:
            self.force_message.setText(
                f"Select initiatives to {verb} first (on the matrix or in a table)."
            )
            return None
        if verb != "stop forcing" and not reason:
            self.force_message.setText(f"Give a reason to {verb}: it goes on the board paper.")
            self.reason.setFocus()
            return None
        self.force_message.setText("")
        return ids, reason

    def _apply(self, verb: str, ids: list[str], fn: Callable[[str], None]) -> None:
        stack = self.session.undo_stack
        stack.beginMacro(f"{verb.capitalize()} {', '.join(ids)}")
        for iid in ids:
            fn(iid)
        stack.endMacro()

    def force_in_selected(self) -> None:
        got = self._forcing("force in")
        if got:
            ids, reason = got
            self._apply("force in", ids, lambda i: self.analysis.force_in(i, reason))

    def force_out_selected(self) -> None:
        got = self._forcing("force out")
        if got:
            ids, reason = got
            self._apply("force out", ids, lambda i: self.analysis.force_out(i, reason))

    def release_selected(self) -> None:
        got = self._forcing("stop forcing")
        if got:
            self._apply("stop forcing", got[0], self.analysis.release)

    def _on_failed(self, name: str, message: str) -> None:
        if name == "portfolio":
            self.status.setText(f"The portfolio could not be solved: {message}")
