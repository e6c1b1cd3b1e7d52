"""The working behind an initiative's value: scores, weights and contributions.

Why: "show the working" is how a Treasury analyst trusts a number. Every row here is
an :class:`~stocktake.engine.Term` from ``engine.explain``; nothing is recomputed in
the view, so the dialog can never disagree with the matrix.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stocktake.engine import Explanation
from stocktake.engine.scoring import Term
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.style import em
from stocktake.ui.session import Session

COLUMNS = (
    "Criterion",
    "Group",
    "Score",
    "Scale",
    "Value function",
    "Value (0-100)",
    "No contribution at",
    "Counted (0-100)",
    "Swing weight",
    "Share of group",
    "Points added",
)


def _num(x: float | None, fmt: str = "{:.2f}") -> str:
    return "blank or off the scale (see Problems)" if x is None else fmt.format(x)


def _do_nothing(t: Term) -> str:
    """``2 (value 40.00)`` on a benefit criterion; a dash where it does not apply."""
    if t.do_nothing is None:
        return "–"
    return f"{t.do_nothing:g} (value {t.do_nothing_value:.2f})"


class ExplainDialog(QDialog):
    """Shows one :class:`Explanation`; opened from any value on screen."""

    def __init__(self, explanation: Explanation, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        e = explanation
        self.explanation = e
        self.setWindowTitle(f"How the value of {e.initiative_id} is worked out")
        self.setAccessibleName("Working behind the value")
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{e.initiative_id} {name}</b>")
        head.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(head)
        self.table = QTableWidget(len(e.terms), len(COLUMNS), self)
        self.table.setAccessibleName("Criterion scores, weights and contributions")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, t in enumerate(e.terms):
            cells = (
                f"{t.criterion_id} {t.criterion}",
                t.group,
                _num(t.score, "{:g}"),
                f"{t.scale_lo:g}–{t.scale_hi:g}",
                t.function,
                _num(t.value),
                _do_nothing(t),
                _num(t.normalised),
                f"{t.weight:g}",
                f"{t.weight_share:.1%}",
                _num(t.contribution),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        vfm = "n/a (no cost)" if e.value_for_money is None else f"{e.value_for_money:.2f}"
        lines = [
            "Milestone and Ambition criteria count benefit above doing nothing: the value "
            "of the score less the value at the no-contribution level, never below 0.",
            f"Near-term (milestone) value N = {e.near_term:.2f}: the sum of the Milestone "
            "points above.",
            f"Long-term (ambition) value L = {e.long_term:.2f}: the sum of the Ambition points.",
            f"Deliverability D = {e.deliverability:.2f}.",
            f"Balance λ = {e.balance:g} (1 is all milestone, 0 is all long-term).",
            e.formula,
            f"Value in use {e.value:.2f}, rank {e.rank}; total cost "
            f"{html.escape(e.cost_words, quote=False)}; value per £m of present value {vfm}.",
        ]
        if e.benefit_words:
            lines.append(html.escape(e.benefit_words, quote=False))
        self.working = QLabel("<br>".join(lines))
        self.working.setTextFormat(Qt.TextFormat.RichText)
        self.working.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.working.setWordWrap(True)
        layout.addWidget(self.working)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(int(em(self, 64)), int(em(self, 22)))

    @classmethod
    def for_initiative(
        cls, session: Session, initiative_id: str, parent: QWidget | None = None
    ) -> ExplainDialog:
        analysis = Analysis.of(session)
        wb = session.workbook
        name = wb.initiatives[initiative_id].name if wb else ""
        return cls(analysis.explain(initiative_id), name, parent)

    @classmethod
    def show_for(cls, parent: QWidget, session: Session, initiative_id: str) -> ExplainDialog:
        """Open non-modally, owned by ``parent`` and deleted when closed."""
        dialog = cls.for_initiative(session, initiative_id, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
