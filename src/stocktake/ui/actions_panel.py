"""The Actions tab: the action log, due and overdue first, kept by keyboard.

Why the standing is in words ("Overdue by 3 days") and sorted to the top: a stock-take
opens by chasing what was agreed last time, and a colour alone says nothing to a screen
reader or on a grey projector. New action is Ctrl+Shift+A from anywhere in the window;
Space marks the selected action done (or open again); Enter edits it. Every change is
undoable (Ctrl+Z) and saved to the workbook's Actions sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stocktake.app import errors
from stocktake.app.actions import standing_words, uk_date
from stocktake.model.actions import Action, Standing
from stocktake.ui.action_dialog import ActionDialog
from stocktake.ui.models.headers import column_title
from stocktake.ui.models.roles import UNUSED_ROLES
from stocktake.ui.session import Session

COLUMNS = ("Action ID", "Action", "Owner", "Due", "For", "Standing")
ActionRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
FIT_ROWS = 50
"""Rows the columns are fitted to: every row of a usual log, a sample of a huge one."""
_ORDER = {Standing.OVERDUE: 0, Standing.DUE: 1, Standing.OPEN: 2, Standing.DONE: 3}


class ActionsModel(QAbstractTableModel):
    """The document's actions: overdue, then due, then open, then done; by date within."""

    def __init__(
        self, session: Session, today: Callable[[], dt.date] = dt.date.today, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self._rows: list[Action] = []
        session.actions_changed.connect(self.reload)
        session.workbook_loaded.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        day = self.today()
        self._rows = sorted(
            self.session.document.actions,
            key=lambda a: (_ORDER[a.standing(day)], a.due or dt.date.max, a.action_id),
        )
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def action(self, row: int) -> Action:
        return self._rows[row]

    def row_of(self, action_id: str) -> int:
        return next((i for i, a in enumerate(self._rows) if a.action_id == action_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in UNUSED_ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == ActionRole:
            return a
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 4:
                init = self.session.document.workbook.initiatives.get(a.initiative_id)
                named = f"{a.initiative_id} {init.name}" if init else a.initiative_id
                return ", ".join(
                    p for p in (named, f"decision {a.decision_id}" if a.decision_id else "") if p
                )
            return (
                a.action_id,
                a.what,
                a.owner,
                uk_date(a.due),
                None,
                standing_words(a, self.today()),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return a.what
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(COLUMNS, section, orientation, role)


class ActionsPanel(QWidget):
    """The table, New action, Edit and Mark done."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName("Actions")
        self.model = ActionsModel(session, parent=self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Actions summary")
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Action log")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # what is to be done
        # Widths from the first rows (and those in view), not every row: fitting all of a
        # 2,000-action log held the window for seconds on each change (bench_gui.py).
        header.setResizeContentsPrecision(FIT_ROWS)
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.new_button = QPushButton("&New action… (Ctrl+Shift+A)", self)
        self.edit_button = QPushButton("&Edit… (Enter)", self)
        self.done_button = QPushButton("Mark done or open (&Space)", self)
        self.new_button.clicked.connect(self.new_action)
        self.edit_button.clicked.connect(self.edit_selected)
        self.done_button.clicked.connect(self.toggle_done)
        for key, fn in (("Space", self.toggle_done), ("Return", self.edit_selected)):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(fn)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.done_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Actions message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.dialog: ActionDialog | None = None
        self.model.modelReset.connect(self._summarise)
        self._summarise()

    def _summarise(self) -> None:
        day = self.model.today()
        counts = {s: 0 for s in Standing}
        for a in self.session.document.actions:
            counts[a.standing(day)] += 1
        if not self.session.document.actions:
            self.summary.setText("No actions yet. Press Ctrl+Shift+A to add one.")
            return
        self.summary.setText(
            f"{counts[Standing.OVERDUE]} overdue, {counts[Standing.DUE]} due in the next "
            f"two weeks, {counts[Standing.OPEN]} open later, {counts[Standing.DONE]} done."
        )

    def selected(self) -> Action | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            current = self.table.currentIndex()
            return self.model.action(current.row()) if current.isValid() else None
        return self.model.action(rows[0].row())

    def _select(self, action_id: str) -> None:
        row = self.model.row_of(action_id)
        if row >= 0:
            # explicit commands: selectRow and setCurrentIndex take theirs from the keys
            # held, and with Ctrl down they toggled the row off
            flags = QItemSelectionModel.SelectionFlag
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), flags.ClearAndSelect | flags.Rows
            )

    def new_action(self, link: str = "") -> ActionDialog | None:
        """Open the New action dialog (linked to ``link`` or the selected initiative)."""
        if self.session.workbook is None:
            self.message.setText("Open a workbook first.")
            return None
        selection = self.session.selection
        link = link or (selection[0] if selection else "")

        def take(values: dict[str, Any]) -> str | None:
            try:
                change = self.session.document.new_action(**values)
            except errors.AppError as exc:
                return str(exc)
            self.session.push(change)
            self.message.setText(f"Added {change.action.action_id} (Ctrl+Z to undo).")
            self._select(change.action.action_id)
            return None

        return self._open(ActionDialog(self.session, self, link=link, take=take))

    def edit_selected(self) -> ActionDialog | None:
        action = self.selected()
        if action is None:
            self.message.setText("Select an action to edit.")
            return None

        def take(values: dict[str, Any]) -> str | None:
            try:
                change = self.session.document.edit_action(action.action_id, **values)
            except errors.AppError as exc:
                return str(exc)
            self.session.push(change)
            self._select(action.action_id)
            return None

        return self._open(ActionDialog(self.session, self, action=action, take=take))

    def _open(self, dialog: ActionDialog) -> ActionDialog:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.table.setFocus())
        dialog.open()
        return dialog

    def toggle_done(self) -> None:
        action = self.selected()
        if action is None:
            self.message.setText("Select an action to mark done.")
            return
        change = self.session.document.complete_action(action.action_id, not action.done)
        self.session.push(change)
        state = "open again" if action.done else "done"
        self.message.setText(f"{action.action_id} marked {state} (Ctrl+Z to undo).")
        self._select(action.action_id)
