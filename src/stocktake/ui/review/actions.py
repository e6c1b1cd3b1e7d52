"""File > Send for review… and File > Merge review copies…: the conversations.

Both run on the open document (the copy is made from the saved master; the merge's
changes go on the undo stack and are saved with File > Save like any other).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from stocktake.app import errors, merge, review, review_record, three_way
from stocktake.ui.workers import Task

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
    window: MainWindow,
    paths: list[Path] | None = None,
    *,
    two_way: bool = False,
    done: Callable[[three_way.MergePlan], None] | None = None,
) -> None:
    """Merge review copies into the open master; changes go on the undo stack.

    Reading and comparing the copies runs in the background (twenty large copies take a
    minute), with progress and Cancel in the status bar; the changes are made on the GUI
    thread when it is done, as one undoable step, and ``done`` is called with the plan.
    """
    session, files = window.session, window.files
    if session.path is None or files.task is not None:
        return
    if paths is None:
        names, _ = QFileDialog.getOpenFileNames(
            window, "Merge review copies", str(session.path.parent), "Workbooks (*.xlsx *.xlsm)"
        )
        paths = [Path(n) for n in names]
    if not paths:
        return
    doc = session.document
    chosen = list(paths)

    def work(progress: Callable[[int, int], bool]) -> three_way.MergePlan:
        progress(0, 0)
        return three_way.plan(doc, chosen, two_way=two_way)

    def finished(plan: three_way.MergePlan) -> None:
        files._done()
        try:
            change = merge.changes(doc, plan)
        except errors.AppError as exc:
            window.tell("Merge review copies", str(exc))
            return
        session.push(change)
        _merged(window, plan, chosen, two_way, done)

    def failed(error: errors.AppError) -> None:
        files._done()
        if not isinstance(error, errors.Cancelled):
            window.tell("Merge review copies", str(error))

    task = Task(work, "merging review copies")
    task.signals.finished.connect(finished)
    task.signals.failed.connect(failed)
    task.signals.cancelled.connect(files._done)
    files.run(task, f"Merging {len(chosen)} review cop{'y' if len(chosen) == 1 else 'ies'}…")


def _merged(
    window: MainWindow,
    plan: three_way.MergePlan,
    paths: list[Path],
    two_way: bool,
    done: Callable[[three_way.MergePlan], None] | None,
) -> None:
    """Say what the merge did; offer a value-by-value comparison for copies whose base
    was not found."""
    lines = [
        f"{len(plan.applied)} changes applied (undo with Edit > Undo), "
        f"{len(plan.conflicts)} conflicts listed in the Review tab to choose."
    ]
    lines += [f"Refused: {why}" for _f, why in plan.refused]
    lines += plan.already + plan.problems
    window.tabs.setCurrentWidget(window.review_tab)
    if done is not None:
        done(plan)
    if not two_way and any("--two-way" in why for _f, why in plan.refused):
        answer = window.ask(
            "Merge review copies",
            "\n\n".join(lines) + "\n\nCompare the refused copies value by value instead?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            refused = {f for f, _ in plan.refused}
            merge_copies(window, [p for p in paths if p.name in refused], two_way=True, done=done)
    else:
        window.statusBar().showMessage(" ".join(lines[:1]), 15000)
