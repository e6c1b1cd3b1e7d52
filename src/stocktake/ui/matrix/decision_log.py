"""The decision log: every decision ever recorded, the superseded ones marked as such.

Why nothing is ever hidden or edited here: the log is append-only in the workbook, and a
board needs to see what was decided before and why it changed. A superseded row says so
in words ("Superseded by D-0003"), not just in grey.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView, QVBoxLayout, QWidget

from stocktake.model import Decision
from stocktake.model.entities import DECISION_COLUMNS
from stocktake.ui.matrix.style import em
from stocktake.ui.models.headers import column_title
from stocktake.ui.session import Session

STATUS = "Status"
NAME = "Initiative"
"""The initiative's name beside its ID (the log stores the ID only; a board reads names)."""
_AFTER = DECISION_COLUMNS.index("Initiative ID") + 1
COLUMNS: tuple[str, ...] = (STATUS, *DECISION_COLUMNS[:_AFTER], NAME, *DECISION_COLUMNS[_AFTER:])
DecisionRole = Qt.ItemDataRole.UserRole + 1
"""Returns the :class:`Decision` of a row (survives a sort proxy)."""

Index = QModelIndex | QPersistentModelIndex


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d %b %Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d %b %Y")
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


class DecisionLogModel(QAbstractTableModel):
    """Rows of ``session.all_decisions()`` (saved first, then not yet saved)."""

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[Decision] = []
        self._status: list[str] = []
        session.decisions_changed.connect(self.reload)
        session.workbook_loaded.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.session.all_decisions()
        saved = len(self._rows) - len(self.session.pending_decisions())
        superseded_by = {d.supersedes: d.decision_id for d in self._rows if d.supersedes}
        self._status = []
        for k, d in enumerate(self._rows):
            status = (
                f"Superseded by {superseded_by[d.decision_id]}"
                if d.decision_id in superseded_by
                else "In force"
            )
            if k >= saved:
                status += " (not saved yet)"
            self._status.append(status)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(COLUMNS, section, orientation, role)

    def is_superseded(self, row: int) -> bool:
        return self._status[row].startswith("Superseded")

    def _name(self, iid: str) -> str:
        wb = self.session.workbook
        ini = None if wb is None else wb.initiatives.get(iid)
        return "(not in this workbook)" if ini is None else ini.name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == STATUS:
                return self._status[index.row()]
            if col == NAME:
                return self._name(d.initiative_id)
            return _show(d.as_row()[col])
        if role == DecisionRole:
            return d
        if role == Qt.ItemDataRole.ForegroundRole and self.is_superseded(index.row()):
            return QColor("#505a5f")
        if role == Qt.ItemDataRole.FontRole and self.is_superseded(index.row()):
            font = QFont()
            font.setItalic(True)
            return font
        return None


class DecisionLog(QWidget):
    """A read-only table of the log; selecting a row selects its initiative."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName("Decision log")
        self.model = DecisionLogModel(session, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Decision log table")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.clicked.connect(self._on_clicked)
        self.model.modelReset.connect(self._fit_columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Fit columns to their text, but keep long rationales from pushing the rest away
        (the full text is in the tooltip)."""
        self.view.resizeColumnsToContents()
        cap = int(em(self, 18))
        for c in range(self.model.columnCount()):
            if self.view.columnWidth(c) > cap:
                self.view.setColumnWidth(c, cap)

    def _on_clicked(self, index: QModelIndex) -> None:
        d = self.model.data(index, DecisionRole)
        if isinstance(d, Decision):
            self.session.select([d.initiative_id])
