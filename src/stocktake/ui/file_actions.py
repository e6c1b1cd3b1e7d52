"""Opening, saving, reloading and closing a workbook from the window, off the GUI thread.

Why a class of its own: these are the window's longest conversations with the user
(progress and cancel, "save first?", "changed on disk", crash recovery), and each is
driven by the application layer's results and *typed* errors, not by widgets. The
window wires menu actions to these methods and supplies :meth:`MainWindow.ask` and
:meth:`MainWindow.tell` (which tests replace to answer).

Asking "save first?" never blocks: answering Save starts the save and the action that
asked (close the window, open another file) runs when the save has finished, or not at
all if it failed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from stocktake.app import errors, reading
from stocktake.model import Workbook
from stocktake.ui import journal, staging
from stocktake.ui.workers import Task, file_pool

if TYPE_CHECKING:
    from stocktake.app.document import SaveReport
    from stocktake.app.saving import SaveJob
    from stocktake.ui.main_window import MainWindow

WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm)"
Buttons = QMessageBox.StandardButton
Then = Callable[[], None]


def _open_job(path: Path, holder: list[Task]) -> Callable[[Callable[[int, int], bool]], Any]:
    """Read in two steps: everything but the readings first (published at once, so the
    tables appear within a second or two), then the readings, which can run to 200k."""

    def job(progress: Callable[[int, int], bool]) -> Any:
        from stocktake.engine import arrays_from_workbook

        wb, stamp = reading.read(path, progress, defer=("readings",))
        arrays = arrays_from_workbook(wb) if wb.criteria and wb.initiatives else None
        holder[0].publish((wb, stamp, arrays))
        return (reading.read_rest(path, wb),)

    return job


class FileActions(QObject):
    """The window's file menu, as conversations with the user and background tasks."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.task: Task | None = None

    # -- background tasks ------------------------------------------------------------------
    def run(self, task: Task, label: str) -> None:
        w = self.window
        self.task = task
        task.signals.progress.connect(self._on_progress)
        w.summary.setText(label)
        w.progress.setRange(0, 0)
        w.progress.show()
        w.cancel_button.show()
        task.start(file_pool())

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        self.window.progress.setRange(0, max(total, 1))
        self.window.progress.setValue(done)

    def _done(self) -> None:
        self.window.progress.hide()
        self.window.cancel_button.hide()
        self.task = None

    def is_idle(self) -> bool:
        """No background task running and no staged view update waiting."""
        return self.task is None and staging.pending() == 0

    def wait(self, timeout_s: float = 30) -> None:
        """Block until the running task ends (tests and shutdown)."""
        if self.task is not None:
            self.task.done.wait(timeout_s)

    # -- opening ------------------------------------------------------------------------------
    def choose(self) -> None:
        if not self.keep_changes_then(self.choose):
            return
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        path = self.session.path
        start = str(path.parent) if path else QStandardPaths.writableLocation(documents)
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Open stock-take workbook", start, WORKBOOK_FILTER
        )
        if name:
            self.open(Path(name), ask_first=False)

    def open(self, path: Path, *, ask_first: bool = True) -> None:
        path = Path(path)
        if ask_first and not self.keep_changes_then(lambda: self.open(path, ask_first=False)):
            return
        self.cancel()
        self.wait()
        holder: list[Task] = []
        task = Task(_open_job(path, holder), f"opening {path.name}")
        holder.append(task)
        task.signals.partial.connect(lambda result: self._opened(path, *result))
        task.signals.finished.connect(lambda result: self._readings_arrived(path, *result))
        task.signals.failed.connect(lambda error: self._open_failed(path, error))
        task.signals.cancelled.connect(self._open_cancelled)
        self.run(task, f"Opening {path.name}…")

    def _open_cancelled(self) -> None:
        self._done()
        self.window.summary.setText("Opening was cancelled.")

    def _open_failed(self, path: Path, error: errors.AppError) -> None:
        self._done()
        if isinstance(error, errors.Cancelled):
            self.window.summary.setText("Opening was cancelled.")
            return
        self.window.summary.setText(f"{path.name} could not be opened.")
        if isinstance(error, errors.Missing):  # moved or deleted: off the recent list
            self.window.settings.forget_recent(str(path.resolve()))
        self.window.tell("Stocktake", str(error))

    def _opened(self, path: Path, wb: Workbook, stamp: Any, arrays: Any = None) -> None:
        self.session.set_workbook(wb, path, stamp, arrays)
        self.window.settings.add_recent(path)
        self.window.show_summary()

    def _readings_arrived(self, path: Path, part: Workbook) -> None:
        self._done()
        if self.session.path == path and self.session.workbook is not None:
            self.session.attach_readings(part)
            self.window.show_summary()
            self._offer_restore(path)

    def _offer_restore(self, path: Path) -> None:
        entry = journal.read(path)
        if entry is None or not entry.change_count:
            return
        when = entry.saved_at.replace("T", " at ")
        answer = self.window.ask(
            "Restore unsaved changes?",
            f"Stocktake closed on {when} with {entry.change_count} unsaved "
            f"change(s) to {path.name}. Restore them?",
            Buttons.Yes | Buttons.No,
            Buttons.Yes,
        )
        if answer == Buttons.Yes:
            failed = journal.restore(self.session, entry)
            if failed:
                self.window.tell("Some changes could not be restored", "\n".join(failed))
        else:
            journal.discard(path)

    def reload(self) -> None:
        if self.session.path is not None:
            self.open(self.session.path)

    def reload_keep_journal(self) -> None:
        """Reload from disk, offering the journaled changes back afterwards."""
        if self.session.path is None:
            return
        journal.write(self.session)
        self.session.undo_stack.setClean()
        self.open(self.session.path, ask_first=False)

    def close_workbook(self) -> None:
        if not self.keep_changes_then(self.close_workbook):
            return
        if self.session.path is not None:
            journal.discard(self.session.path)
        self.session.clear()
        self.window.summary.setText("Open a stock-take workbook to begin (File > Open, Ctrl+O).")

    def new_from_template(self) -> None:
        if not self.keep_changes_then(self.new_from_template):
            return
        name, _ = QFileDialog.getSaveFileName(
            self.window, "New stock-take workbook", "", WORKBOOK_FILTER
        )
        if not name:
            return
        path = Path(name if name.lower().endswith((".xlsx", ".xlsm")) else f"{name}.xlsx")
        from stocktake.app.usecases import init

        try:
            init(path)
        except errors.AppError as exc:
            self.window.tell("Stocktake", str(exc))
            return
        self.open(path, ask_first=False)

    # -- saving -------------------------------------------------------------------------------
    def save(self, target: Path | None = None, then: Then | None = None) -> None:
        """Save into the workbook (or a copy); off the GUI thread, never clobbering.
        ``then`` runs after a successful save (closing, opening another file)."""
        if self.session.workbook is None or self.session.path is None:
            return
        if self.task is not None:
            self.window.statusBar().showMessage(
                "Still busy reading or saving; save again in a moment.", 5000
            )
            return
        try:
            job = self.session.save_job(target)
        except errors.AppError as exc:
            self.window.tell("The workbook was not saved", str(exc))
            return
        holder: list[Task] = []

        def work(progress: Callable[[int, int], bool]) -> Any:
            def report(fraction: float, _message: str) -> None:
                progress(int(fraction * 100), 100)

            return job.run(
                progress=report,
                cancel=lambda: holder[0].cancelled,
            )

        name = (target or self.session.path).name
        task = Task(work, f"saving {name}")
        holder.append(task)
        task.signals.finished.connect(lambda report: self._saved(job, report, then))
        task.signals.failed.connect(lambda error: self._save_failed(error, target))
        task.signals.cancelled.connect(self._done)
        self.run(task, f"Saving {name}…")

    def _saved(self, job: SaveJob, report: SaveReport, then: Then | None) -> None:
        self._done()
        w = self.window
        if job.target is None:
            self.session.mark_saved(job, report)
            assert self.session.path is not None
            if self.session.document.unsaved:
                journal.write(self.session)
            else:
                journal.discard(self.session.path)
            kept = report.backup_note if report.backup else ""
            w.summary.setText(
                f"Saved {report.path.name} at {dt.datetime.now():%H:%M}"
                + (f"; {kept}" if kept else "")
                + "."
            )
        else:
            w.summary.setText(f"Saved a copy as {job.target.name}.")
        notes = list(report.notes)
        if report.skipped_cells:
            notes.append(
                "These cells hold formulas, so Stocktake did not overwrite them: "
                + ", ".join(report.skipped_cells)
            )
        if notes:
            w.tell("Saved, with notes", "\n\n".join(notes))
        if then is not None:
            QTimer.singleShot(0, then)

    def _save_failed(self, error: errors.AppError, target: Path | None) -> None:
        self._done()
        w = self.window
        if isinstance(error, errors.Cancelled):
            w.summary.setText("Saving was cancelled; the workbook on disk is unchanged.")
            return
        w.summary.setText("The workbook was not saved; your changes are kept.")
        if target is None and isinstance(error, errors.ChangedOnDisk | errors.OpenElsewhere):
            answer = w.ask(
                "The workbook was not saved",
                f"{error}\n\nYour changes are kept. Reload the workbook from disk (your "
                "unsaved changes are journaled and offered back), or save a copy?",
                Buttons.Retry | Buttons.Save | Buttons.Cancel,
                Buttons.Save,
            )
            if answer == Buttons.Save:
                self.save_copy()
            elif answer == Buttons.Retry:
                self.autosave()
                self.reload_keep_journal()
            return
        if target is None and isinstance(error, errors.ReadOnly):
            answer = w.ask(
                "The workbook was not saved",
                f"{error}\n\nYour changes are kept. Save a copy somewhere else?",
                Buttons.Save | Buttons.Cancel,
                Buttons.Save,
            )
            if answer == Buttons.Save:
                self.save_copy()
            return
        w.tell("The workbook was not saved", str(error))

    def save_copy(self) -> None:
        path = self.session.path
        if path is None:
            return
        suggestion = path.with_name(f"{path.stem} (copy){path.suffix}")
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save a copy as", str(suggestion), WORKBOOK_FILTER
        )
        if name:
            self.save(Path(name))

    # -- the journal and "save first?" --------------------------------------------------------
    def autosave(self) -> None:
        if self.session.path is not None and self.session.is_dirty:
            try:
                journal.write(self.session)
            except OSError as exc:
                self.window.statusBar().showMessage(
                    f"Could not journal unsaved changes: {exc}", 5000
                )

    def keep_changes_then(self, then: Then) -> bool:
        """True when the current workbook may be dropped now (saved, or the user agreed).

        Answering Save starts the save and returns False; ``then`` runs once the save has
        succeeded (so the caller simply tries again), never while it is still running.
        """
        if not self.session.is_dirty:
            return True
        path = self.session.path
        name = path.name if path else "the workbook"
        answer = self.window.ask(
            "Unsaved changes",
            f"Save your changes to {name} first?",
            Buttons.Save | Buttons.Discard | Buttons.Cancel,
            Buttons.Save,
        )
        if answer == Buttons.Save:
            self.save(then=then)
            return False
        if answer == Buttons.Discard:
            if path is not None:
                journal.discard(path)
            self.session.undo_stack.setClean()
            return True
        return False
