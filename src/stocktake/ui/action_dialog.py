"""The small dialog for a new (or edited) action, made to be filled in by keyboard.

What, owner, due date (a UK date, d/M/yyyy, with a calendar) and what it is for (an
initiative or a decision, typed or chosen). Enter accepts, Esc cancels; a problem (no
words for what is to be done) is said in the dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from stocktake.model.actions import Action
from stocktake.ui.session import Session

NO_LINK = "(nothing in particular)"


class ActionDialog(QDialog):
    """What, owner, due, link: returns the values; the caller makes the change."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        action: Action | None = None,
        link: str = "",
        take: Callable[[dict[str, object]], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.take = take
        """Makes the change from the values; returns a message to show (and stays open)."""
        self.setWindowTitle("Edit action" if action else "New action")
        self.setAccessibleName(self.windowTitle())
        self.what = QLineEdit(self)
        self.what.setAccessibleName("What is to be done")
        self.what.setPlaceholderText("e.g. Re-cost the pilot with the Treasury figures")
        self.owner = QLineEdit(self)
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("Who will do it")
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy")  # the UK way, day first
        self.due.setAccessibleName("Due date (day/month/year)")
        self.due.setDate(QDate.currentDate().addDays(28))
        self.link = QComboBox(self)
        self.link.setEditable(True)
        self.link.setAccessibleName("For which initiative or decision")
        self.link.addItem(NO_LINK, "")
        doc = session.document
        for iid, init in doc.workbook.initiatives.items():
            self.link.addItem(f"{iid} {init.name}", iid)
        for d in doc.all_decisions():
            self.link.addItem(
                f"{d.decision_id}: {d.decision.value} {d.initiative_id}", d.decision_id
            )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Action message")
        form = QFormLayout()
        for text, widget in (
            ("&What:", self.what),
            ("&Owner:", self.owner),
            ("D&ue:", self.due),
            ("&For:", self.link),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if action is not None:
            self.what.setText(action.what)
            self.owner.setText(action.owner)
            if action.due is not None:
                self.due.setDate(QDate(action.due.year, action.due.month, action.due.day))
            link = action.decision_id or action.initiative_id
        if link:
            found = self.link.findData(link)
            self.link.setCurrentIndex(max(0, found))
        self.what.setFocus()

    def due_date(self) -> dt.date:
        d = self.due.date()
        return dt.date(d.year(), d.month(), d.day())

    def linked(self) -> tuple[str, str]:
        """(initiative ID, decision ID) the action is for; typed text is taken as an ID."""
        text = self.link.currentText().strip()
        data = self.link.currentData()
        if text != self.link.itemText(self.link.currentIndex()):
            data = text.split()[0] if text else ""
        ident = str(data or "")
        if ident.upper().startswith("D-"):
            return "", ident
        return ident, ""

    def values(self) -> dict[str, object]:
        iid, did = self.linked()
        return {
            "what": self.what.text(),
            "owner": self.owner.text(),
            "due": self.due_date(),
            "initiative_id": iid,
            "decision_id": did,
        }

    def say(self, text: str) -> None:
        self.message.setText(text)

    def accept(self) -> None:
        """Enter or OK: the change is made, or the dialog stays open saying why not."""
        problem = self.take(self.values()) if self.take is not None else None
        if problem:
            self.say(problem)
            self.what.setFocus()
            return
        super().accept()
