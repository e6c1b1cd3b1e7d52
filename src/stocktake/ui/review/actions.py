"""File > Send for review… and File > Merge review copies…: the conversations.

Both run on the open document (the copy is made from the saved master; the merge's
changes go on the undo stack and are saved with File > Save like any other).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from stocktake.app import errors, merge, review, review_record, three_way

if TYPE_CHECKING:
    from stocktake.ui.main_window import MainWindow


def load_review(window: MainWindow) -> None:
    """After a workbook opens: read its review copy notes, or the master's record."""
    doc = window.session.document
    if doc.path is None:
        return
    try:
        if review.is_review_copy(doc):
            review.load(doc)
        else:
            review_record.record_of(doc)
    except errors.AppError as exc:
        window.tell("Review", str(exc))
    window.session.review_changed.emit()


def send_for_review(window: MainWindow, reviewer: str | None = None) -> Path | None:
    """Make a review copy beside the master for a reviewer (asked for by name)."""
    session = window.session
    if session.path is None:
        return None
    if session.is_dirty:
        window.tell(
            "Send for review",
            "Save your changes first: a review copy is made from the saved workbook.",
        )
        return None
    if reviewer is None:
        name, ok = QInputDialog.getText(window, "Send for review", "Who is the copy for?")
        if not ok or not name.strip():
            return None
        reviewer = name
    try:
        target, _report = review.make_copy(session.document, reviewer)
    except errors.AppError as exc:
        window.tell("Send for review", str(exc))
        return None
    window.statusBar().showMessage(f"Review copy for {reviewer} written as {target.name}", 10000)
    return target


def merge_copies(
    window: MainWindow, paths: list[Path] | None = None, *, two_way: bool = False
) -> three_way.MergePlan | None:
    """Merge review copies into the open master; changes go on the undo stack."""
    session = window.session
    if session.path is None:
        return None
    if paths is None:
        names, _ = QFileDialog.getOpenFileNames(
            window, "Merge review copies", str(session.path.parent), "Workbooks (*.xlsx *.xlsm)"
        )
        paths = [Path(n) for n in names]
    if not paths:
        return None
    doc = session.document
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        plan = three_way.plan(doc, paths, two_way=two_way)
        change = merge.changes(doc, plan)
    except errors.AppError as exc:
        QApplication.restoreOverrideCursor()
        window.tell("Merge review copies", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    session.push(change)
    lines = [
        f"{len(plan.applied)} changes applied (undo with Edit > Undo), "
        f"{len(plan.conflicts)} conflicts listed in the Review tab to choose."
    ]
    lines += [f"Refused: {why}" for _f, why in plan.refused]
    lines += plan.already + plan.problems
    if not two_way and any("--two-way" in why for _f, why in plan.refused):
        answer = window.ask(
            "Merge review copies",
            "\n\n".join(lines) + "\n\nCompare the refused copies value by value instead?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            refused = {f for f, _ in plan.refused}
            return merge_copies(window, [p for p in paths if p.name in refused], two_way=True)
    else:
        window.statusBar().showMessage(" ".join(lines[:1]), 15000)
    window.tabs.setCurrentWidget(window.review_tab)
    return plan
