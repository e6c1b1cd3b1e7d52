"""The Portfolio tab's caps: FTE, per mission, the least long-term share, typed in a table.

Each cap is a row a person can reach by keyboard (Tab into the table, F2 or just type,
Enter); blank means no cap. A change is one undoable step (the portfolio re-solves, and
the settings sheet keeps it at the next save); text that is not a cap is refused with
a message naming the cap, and the cell goes back to what it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stocktake.app import errors
from stocktake.app.caps import cap_rows, set_cap
from stocktake.ui.session import Session

KeyRole = Qt.ItemDataRole.UserRole + 1


class CapsBox(QGroupBox):
    """Caps on the portfolio besides money, editable and undoable."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Caps besides money (leave blank for no cap)", parent)
        self.session = session
        self.setAccessibleName("Portfolio caps")
        self._filling = False
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Cap", "Limit"])
        self.table.setAccessibleName("Caps: FTE, per mission and long-term share")
        self.table.setToolTip(
            "Type a limit and press Enter; blank removes the cap. Ctrl+Z undoes. The share "
            "is a percentage of total spend (e.g. 30%)."
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.itemChanged.connect(self._edited)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Caps message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        session.problem_changed.connect(self.refresh)
        session.workbook_loaded.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        wb = self.session.workbook
        rows = cap_rows(self.session.document.problem, wb) if wb is not None else []
        self._filling = True
        try:
            self.table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                label = QTableWidgetItem(row.label)
                label.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                value = QTableWidgetItem(row.shown)
                value.setData(KeyRole, row.key)
                value.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsEditable
                )
                value.setData(Qt.ItemDataRole.AccessibleTextRole, f"{row.label}: {row.shown}")
                self.table.setItem(r, 0, label)
                self.table.setItem(r, 1, value)
            self.table.resizeColumnToContents(0)
        finally:
            self._filling = False

    def row_of(self, key: str) -> int:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 1)
            if item is not None and item.data(KeyRole) == key:
                return r
        return -1

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1:
            return
        key = str(item.data(KeyRole))
        doc = self.session.document
        try:
            new, words = set_cap(doc.problem, key, item.text())
        except errors.AppError as exc:
            self.message.setText(str(exc))
            self.refresh()
            return
        change = doc.set_problem(new, words)
        self.message.setText(f"{words} (Ctrl+Z to undo)." if change is not None else "")
        self.session.push(change)
        self.refresh()
