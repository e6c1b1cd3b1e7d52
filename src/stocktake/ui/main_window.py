"""The main window a mission team works in during a stock-take.

Menus and standard shortcuts; workbook views as tabs; problems in a dock; opening and
saving off the GUI thread with progress and cancel; undo/redo through the session's
stack; autosave journal and crash recovery; conflicts on save offered as Reload / Save
a copy. Questions to the user go through :meth:`MainWindow.ask` so tests can answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stocktake import __version__
from stocktake.model import Problem, Workbook
from stocktake.ui import journal, staging
from stocktake.ui.app_settings import AppSettings
from stocktake.ui.help_text import HOW_IT_WORKS
from stocktake.ui.icon import app_icon
from stocktake.ui.models.roles import ObjectRole
from stocktake.ui.models.simple_tables import ProblemsModel, criteria_model, metrics_model
from stocktake.ui.session import Session
from stocktake.ui.views.initiatives_view import InitiativesView
from stocktake.ui.views.tables_view import RecordTableView
from stocktake.ui.workers import Task
from stocktake.ui.workspace import LazyTab, MatrixPage, matrix_page, panel, portfolio_of

AUTOSAVE_MS = 5_000
_FALLBACK_KEYS = {
    QKeySequence.StandardKey.Quit: "Ctrl+Q",
    QKeySequence.StandardKey.Close: "Ctrl+W",
    QKeySequence.StandardKey.SaveAs: "Ctrl+Shift+S",
    QKeySequence.StandardKey.HelpContents: "F1",
}
WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm)"
Buttons = QMessageBox.StandardButton


def _open_job(path: Path, holder: list[Task]) -> Callable[[Callable[[int, int], bool]], Any]:
    """Read in two steps: everything but the readings first (published at once, so the
    tables appear within a second or two), then the readings, which can run to 200k.

    The file's stamp (size, time, digest: what "changed on disk?" compares against) is
    taken before reading; the writer that owns the stamp type is only imported in the
    second step, off the path to the first table.
    """

    def job(progress: Callable[[int, int], bool]) -> Any:
        import hashlib

        from stocktake.engine import arrays_from_workbook
        from stocktake.excel.reader import read_deferred, read_workbook

        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        wb = read_workbook(path, progress, defer=("readings",))
        arrays = arrays_from_workbook(wb) if wb.criteria and wb.initiatives else None
        holder[0].publish((wb, None, arrays))
        part = read_deferred(path, wb)
        from stocktake.excel.writer import FileStamp

        return part, FileStamp(info.st_size, info.st_mtime_ns, digest)

    return job


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.session = Session(self)
        self._task: Task | None = None
        self._closing = False
        self.setAcceptDrops(True)
        self.setWindowIcon(app_icon())

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Workbook views")
        self.tabs.setDocumentMode(True)
        self.initiatives = InitiativesView(self.session)
        self.criteria = RecordTableView(criteria_model(self.session), "Criteria")
        self.metrics = RecordTableView(metrics_model(self.session), "Metrics")
        self.matrix_tab = LazyTab(
            matrix_page(self.session, self.settings), "Ruthless-choice matrix"
        )
        self.portfolio_tab = LazyTab(
            panel("portfolio_panel", "PortfolioPanel", self.session), "Optimal portfolio"
        )
        self.robustness_tab = LazyTab(
            panel("robustness_panel", "RobustnessPanel", self.session), "Robustness"
        )
        self.log_tab = LazyTab(panel("decision_log", "DecisionLog", self.session), "Decision log")
        self.scenarios_tab = LazyTab(
            panel("scenarios", "ScenariosPanel", self.session), "Scenarios"
        )
        self.tabs.addTab(self.initiatives, "&Initiatives")
        self.tabs.addTab(self.matrix_tab, "&Matrix")
        self.tabs.addTab(self.portfolio_tab, "&Portfolio")
        self.tabs.addTab(self.robustness_tab, "R&obustness")
        self.tabs.addTab(self.log_tab, "&Decision log")
        self.tabs.addTab(self.scenarios_tab, "&Scenarios")
        self.tabs.addTab(self.criteria, "&Criteria")
        self.tabs.addTab(self.metrics, "M&etrics")
        table = self.initiatives.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._initiative_menu)
        self.setCentralWidget(self.tabs)
        for model in (self.initiatives.model, self.criteria.model):
            model.edit_rejected.connect(self._edit_rejected)

        self.problems_model = ProblemsModel(self.session)
        self.problems = RecordTableView(self.problems_model, "Problems")
        self.problems.table.activated.connect(self._problem_activated)
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problems")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)

        self.summary = QLabel("Open a stock-take workbook to begin (File > Open, Ctrl+O).")
        self.summary.setAccessibleName("Workbook summary")
        self.statusBar().addWidget(self.summary, 1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the running task")
        self.cancel_button.clicked.connect(self.cancel_task)
        for w in (self.progress, self.cancel_button):
            self.statusBar().addPermanentWidget(w)
            w.hide()

        self._build_menus()
        self.session.dirty_changed.connect(self._update_title)
        self.session.workbook_loaded.connect(self._update_title)
        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave)
        self.autosave.start()

        if not self.settings.restore_window(self):
            self._default_size()
        self._update_title()

    def _default_size(self) -> None:
        """Most of the screen on first start (no fixed pixel sizes anywhere)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        metrics = self.fontMetrics()
        if screen is not None and screen.width() > 0:
            self.resize(int(screen.width() * 0.85), int(screen.height() * 0.85))
        else:
            self.resize(metrics.averageCharWidth() * 160, metrics.height() * 45)

    # -- menus -------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            if action.shortcut().isEmpty() and shortcut in _FALLBACK_KEYS:
                # Some platforms define no key for a standard action (Quit on a bare X11).
                action.setShortcut(QKeySequence(_FALLBACK_KEYS[shortcut]))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action(
            "&New from template…",
            self.new_from_template,
            QKeySequence.StandardKey.New,
            "Create a stock-take workbook with the template sheets",
        )
        self.open_action = self._action("&Open…", self.choose_file, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.save_action = self._action(
            "&Save",
            self.save,
            QKeySequence.StandardKey.Save,
            "Save decisions and edits into the workbook",
        )
        self.save_copy_action = self._action(
            "Save a &Copy As…", self.save_copy, QKeySequence.StandardKey.SaveAs
        )
        self.reload_action = self._action(
            "Re&load", self.reload, "Ctrl+R", "Read the workbook again from disk"
        )
        self.close_action = self._action(
            "&Close", self.close_workbook, QKeySequence.StandardKey.Close
        )
        self.export_action = self._action(
            "&Export charts as PNG…",
            self.export_charts,
            "Ctrl+E",
            "The matrix, rank-vs-balance and frontier charts as PNG images",
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        file_menu.insertAction(self.open_action, self.new_action)
        file_menu.addSeparator()
        file_menu.addActions(
            [self.save_action, self.save_copy_action, self.reload_action, self.close_action]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.session.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.session.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        self.find_action = self._action(
            "&Find initiative…", self._focus_filter, QKeySequence.StandardKey.Find
        )
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        self.name_action = self._action(
            "Your &name for the decision log…",
            self.ask_user_name,
            tip="Decisions you record are signed with this name",
        )
        edit_menu.addAction(self.name_action)

        self.view_menu = bar.addMenu("&View")
        self.view_menu.addAction(self.problems_dock.toggleViewAction())
        self.large_text_action = QAction("&Large text (for a projector)", self, checkable=True)
        self.large_text_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.large_text_action.toggled.connect(self.set_large_text)
        self.view_menu.addAction(self.large_text_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(
            self._action(
                "&How Stocktake works", self.show_help, QKeySequence.StandardKey.HelpContents
            )
        )
        help_menu.addAction(self._action("&About Stocktake", self.show_about))
        for action in (
            self.save_action,
            self.save_copy_action,
            self.reload_action,
            self.close_action,
            self.export_action,
        ):
            action.setEnabled(False)
        self.session.workbook_loaded.connect(self._update_actions)
        self.session.dirty_changed.connect(self._update_actions)
        if self.settings.large_text:
            self.large_text_action.setChecked(True)

    def _update_actions(self) -> None:
        has = self.session.workbook is not None and self.session.path is not None
        self.save_action.setEnabled(has)
        self.save_copy_action.setEnabled(has)
        self.reload_action.setEnabled(has)
        self.export_action.setEnabled(has)
        self.close_action.setEnabled(self.session.workbook is not None)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        if not files:
            empty = self.recent_menu.addAction("No recent workbooks")
            empty.setEnabled(False)
        for n, name in enumerate(files, 1):
            action = self.recent_menu.addAction(f"&{n % 10} {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda _c=False, p=name: self.open_path(Path(p)))

    def _update_title(self) -> None:
        name = self.session.path.name if self.session.path else "Stocktake"
        self.setWindowTitle(f"{name}[*] — Stocktake" if self.session.path else "Stocktake")
        self.setWindowModified(self.session.is_dirty)

    def _focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.initiatives)
        self.initiatives.filter.setFocus()
        self.initiatives.filter.selectAll()

    def set_large_text(self, on: bool) -> None:
        font = self.font()
        base = QWidget().font().pointSizeF()
        font.setPointSizeF(base * (1.6 if on else 1.0))
        self.setFont(font)
        self.settings.large_text = on
        if self.matrix_tab.content is not None:
            self.matrix_page().matrix.set_large_text(on)

    def matrix_page(self) -> MatrixPage:
        page = self.matrix_tab.build()
        assert isinstance(page, MatrixPage)
        if self.large_text_action.isChecked():
            page.matrix.set_large_text(True)
        return page

    def _initiative_menu(self, pos: QPoint) -> None:
        from stocktake.ui.matrix.actions import initiative_menu

        table = self.initiatives.table
        initiative_menu(self, self.session, self.session.selection).exec(
            table.viewport().mapToGlobal(pos)
        )

    def export_charts(self, folder: Path | None = None) -> list[Path]:
        """Write the matrix, rank-vs-balance and frontier charts as PNG images."""
        if self.session.workbook is None:
            return []
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Export charts to folder")
            if not chosen:
                return []
            folder = Path(chosen)
        from stocktake.ui.matrix.export import export_png

        page = self.matrix_page()
        stem = self.session.path.stem if self.session.path else "stocktake"
        plots = [
            (page.matrix.plot, "matrix", 1600, 1200),
            (page.ranks.plot, "rank-vs-balance", 1600, 900),
            (portfolio_of(self.portfolio_tab).frontier_plot, "frontier", 1600, 1000),
        ]
        written = []
        try:
            for plot, name, width, height in plots:
                written.append(export_png(plot, folder / f"{stem} {name}.png", width, height))
        except OSError as exc:
            self.tell("Charts not exported", str(exc))
        else:
            self.statusBar().showMessage(f"Exported {len(written)} charts to {folder}", 8000)
        return written

    def ask_user_name(self) -> str:
        """The name decisions are recorded under; asked once, remembered in settings."""
        name, ok = QInputDialog.getText(
            self, "Your name", "Name for the decision log:", text=self.settings.user_name
        )
        if ok and name.strip():
            self.settings.user_name = name
        return self.settings.user_name

    # -- asking -------------------------------------------------------------------------
    def ask(
        self,
        title: str,
        text: str,
        buttons: QMessageBox.StandardButton,
        default: QMessageBox.StandardButton,
    ) -> QMessageBox.StandardButton:
        """Ask the user; tests replace this to answer without a modal dialog."""
        return QMessageBox.question(self, title, text, buttons, default)

    def tell(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # -- background tasks ------------------------------------------------------------------
    def _run(self, task: Task, label: str) -> None:
        self._task = task
        task.signals.progress.connect(self._on_progress)
        self.summary.setText(label)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        task.start()

    def cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _task_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._task = None

    def is_idle(self) -> bool:
        """No background task running and no staged view update waiting."""
        return self._task is None and staging.pending() == 0

    def wait_for_task(self, timeout_s: float = 30) -> None:
        """Block until the running task ends (tests and shutdown)."""
        if self._task is not None:
            self._task.done.wait(timeout_s)

    # -- opening ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        if not self._maybe_keep_changes():
            return
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        start = (
            str(self.session.path.parent)
            if self.session.path
            else QStandardPaths.writableLocation(documents)
        )
        name, _ = QFileDialog.getOpenFileName(
            self, "Open stock-take workbook", start, WORKBOOK_FILTER
        )
        if name:
            self.open_path(Path(name), ask_first=False)

    def open_path(self, path: Path, *, ask_first: bool = True) -> None:
        from stocktake.excel.safety import WorkbookRefused

        if ask_first and not self._maybe_keep_changes():
            return
        path = Path(path)
        self.cancel_task()
        self.wait_for_task()
        holder: list[Task] = []
        task = Task(_open_job(path, holder), (WorkbookRefused, OSError))
        holder.append(task)
        task.signals.partial.connect(lambda result: self._opened(path, *result))
        task.signals.finished.connect(lambda result: self._readings_arrived(path, *result))
        task.signals.failed.connect(lambda message: self._open_failed(path, message))
        task.signals.cancelled.connect(self._open_cancelled)
        self._run(task, f"Opening {path.name}…")

    def _open_cancelled(self) -> None:
        self._task_done()
        self.summary.setText("Opening was cancelled.")

    def _open_failed(self, path: Path, message: str) -> None:
        self._task_done()
        self.summary.setText(f"{path.name} could not be opened.")
        self.tell("Stocktake", message)

    def _readings_arrived(self, path: Path, part: Workbook, stamp: Any) -> None:
        self._task_done()
        if self.session.path == path and self.session.workbook is not None:
            self.session.stamp = stamp
            self.session.attach_readings(part)
            self._show_summary(path, self.session.workbook)
            self._offer_restore(path)

    def _opened(self, path: Path, wb: Workbook, stamp: Any, arrays: Any = None) -> None:
        self.session.set_workbook(wb, path, stamp, arrays)
        if "balance" not in wb.settings and self.settings.last_balance is not None:
            self.session.set_balance(self.settings.last_balance)
        self.settings.add_recent(path)
        self._show_summary(path, wb)

    def _show_summary(self, path: Path, wb: Workbook) -> None:
        counts = wb.counts()
        self.summary.setText(
            f"{path.name}: {counts['initiatives']:,} initiatives in {counts['missions']} "
            f"missions, {counts['criteria']} criteria, {counts['metrics']} metrics "
            f"({counts['readings']:,} readings). {len(wb.errors)} error(s), "
            f"{len(wb.warnings)} warning(s)."
            + (" Reading the metric readings…" if self._task is not None else "")
        )
        self.problems_dock.setVisible(bool(wb.problems))

    def _offer_restore(self, path: Path) -> None:
        entry = journal.read(path)
        if entry is None or not entry.change_count:
            return
        when = entry.saved_at.replace("T", " at ")
        answer = self.ask(
            "Restore unsaved changes?",
            f"Stocktake closed on {when} with {entry.change_count} unsaved "
            f"change(s) to {path.name}. Restore them?",
            Buttons.Yes | Buttons.No,
            Buttons.Yes,
        )
        if answer == Buttons.Yes:
            failed = journal.restore(self.session, entry)
            if failed:
                self.tell("Some changes could not be restored", "\n".join(failed))
        else:
            journal.discard(path)

    def reload(self) -> None:
        if self.session.path is not None:
            self.open_path(self.session.path)

    def close_workbook(self) -> None:
        if not self._maybe_keep_changes():
            return
        if self.session.path is not None:
            journal.discard(self.session.path)
        self.session.clear()
        self.summary.setText("Open a stock-take workbook to begin (File > Open, Ctrl+O).")

    def new_from_template(self) -> None:
        if not self._maybe_keep_changes():
            return
        name, _ = QFileDialog.getSaveFileName(self, "New stock-take workbook", "", WORKBOOK_FILTER)
        if not name:
            return
        path = Path(name if name.lower().endswith((".xlsx", ".xlsm")) else f"{name}.xlsx")
        from stocktake.excel.writer import WriteError, init_workbook

        try:
            init_workbook(path)
        except WriteError as exc:
            self.tell("Stocktake", str(exc))
            return
        self.open_path(path, ask_first=False)

    # -- saving ------------------------------------------------------------------------------
    def _save_job(self) -> Callable[[], Any]:
        """What a save writes, captured now (on the GUI thread) and composed later.

        Edits and decisions are taken as they are at the click; the analysis sheets
        (Scores, Portfolio, Charts, settings) are computed in the worker because the
        solves can take seconds on a long list.
        """
        from stocktake.excel.writer import CellEdit
        from stocktake.reports import analysis_plan
        from stocktake.ui.matrix.analysis import Analysis

        wb = self.session.workbook
        assert wb is not None
        edits = []
        for e in self.session.field_edits():
            cell = e.cell(wb)
            if cell is not None:
                edits.append(CellEdit(cell.sheet, cell.row, cell.col, e.cell_value))
        decisions = self.session.pending_decisions()
        balance = self.session.balance
        analysis = Analysis.of(self.session)
        problem = analysis.state.problem()
        scenarios = list(analysis.scenarios.values())
        cuts = analysis.cuts
        can_analyse = bool(wb.criteria and wb.initiatives)

        def compose() -> Any:
            from stocktake.excel.writer import SavePlan

            plan = (
                analysis_plan(wb, balance=balance, problem=problem, scenarios=scenarios, cuts=cuts)
                if can_analyse
                else SavePlan()
            )
            plan.edits = edits
            plan.decisions = decisions
            return plan

        return compose

    def save(self, target: Path | None = None) -> None:
        """Save into the workbook (or a copy); off the GUI thread, never clobbering."""
        if self.session.workbook is None or self.session.path is None:
            return
        if self._task is not None:
            self.statusBar().showMessage(
                "Still busy reading or saving; save again in a moment.", 5000
            )
            return
        from stocktake.excel.writer import Cancelled, WriteError, save

        path = self.session.path
        compose = self._save_job()
        stamp = self.session.stamp
        classification = self.session.workbook.classification.value

        holder: list[Task] = []

        def job(progress: Callable[[int, int], bool]) -> Any:
            progress(0, 100)
            plan = compose()
            return save(
                path,
                plan,
                expected=stamp,
                classification=classification,
                target=target,
                progress=lambda fraction, _msg: progress(int(fraction * 100), 100),
                cancel=lambda: holder[0].cancelled,
            )

        task = Task(job, (WriteError, Cancelled, OSError, ValueError))
        holder.append(task)
        task.signals.finished.connect(lambda report: self._saved(report, target))
        task.signals.failed.connect(lambda message: self._save_failed(message, target))
        task.signals.cancelled.connect(self._task_done)
        self._run(task, f"Saving {(target or path).name}…")

    def _saved(self, report: Any, target: Path | None) -> None:
        self._task_done()
        if target is None:
            self.session.mark_saved(report.stamp)
            assert self.session.path is not None
            journal.discard(self.session.path)
            self.summary.setText(
                f"Saved {report.path.name} at "
                f"{dt.datetime.now():%H:%M}"
                + (f"; previous version kept as {report.backup.name}" if report.backup else "")
                + "."
            )
        else:
            self.summary.setText(f"Saved a copy as {target.name}.")
        if report.skipped_cells:
            self.tell(
                "Some cells were not written",
                "These cells hold formulas, so Stocktake did not overwrite them: "
                + ", ".join(report.skipped_cells),
            )

    def _save_failed(self, message: str, target: Path | None) -> None:
        self._task_done()
        self.summary.setText("The workbook was not saved; your changes are kept.")
        if (
            "changed on disk" in message.lower()
            or "since it was" in message.lower()
            or ("open in" in message.lower())
        ):
            answer = self.ask(
                "The workbook was not saved",
                f"{message}\n\nYour changes are kept. Reload the workbook "
                "from disk (your unsaved changes are journaled and offered "
                "back), or save a copy?",
                Buttons.Retry | Buttons.Save | Buttons.Cancel,
                Buttons.Save,
            )
            if answer == Buttons.Save:
                self.save_copy()
            elif answer == Buttons.Retry:
                self._autosave()
                self.reload_keep_journal()
            return
        self.tell("The workbook was not saved", message)

    def reload_keep_journal(self) -> None:
        """Reload from disk, offering the journaled changes back afterwards."""
        if self.session.path is None:
            return
        journal.write(self.session)
        self.session.undo_stack.setClean()
        self.open_path(self.session.path, ask_first=False)

    def save_copy(self) -> None:
        if self.session.path is None:
            return
        suggestion = self.session.path.with_name(
            f"{self.session.path.stem} (copy){self.session.path.suffix}"
        )
        name, _ = QFileDialog.getSaveFileName(
            self, "Save a copy as", str(suggestion), WORKBOOK_FILTER
        )
        if name:
            self.save(Path(name))

    # -- journal -------------------------------------------------------------------------------
    def _autosave(self) -> None:
        if self.session.path is not None and self.session.is_dirty:
            try:
                journal.write(self.session)
            except OSError as exc:
                self.statusBar().showMessage(f"Could not journal unsaved changes: {exc}", 5000)

    # -- problems ------------------------------------------------------------------------------
    def _problem_activated(self, index: Any) -> None:
        problem: Problem | None = index.data(ObjectRole)
        wb = self.session.workbook
        if problem is None or wb is None:
            return
        layout = wb.layouts.get("initiatives")
        if layout is not None and problem.sheet == layout.sheet and problem.cell:
            from stocktake.model.workbook import parse_a1

            row, col = parse_a1(problem.cell)
            key = next((k for k, c in layout.columns.items() if c == col), None)
            ident = next((i.id for i in wb.initiatives.values() if i.row == row), None)
            if ident is not None:
                self.tabs.setCurrentWidget(self.initiatives)
                self.initiatives.focus_initiative(ident, key)
                return
        self.statusBar().showMessage(
            f"{problem.place} is not a row Stocktake could use; fix it in Excel and reload.", 8000
        )

    def _edit_rejected(self, message: str) -> None:
        self.statusBar().showMessage(f"Not changed: {message}", 8000)

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].toLocalFile().lower().endswith((".xlsx", ".xlsm")):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls:
            event.acceptProposedAction()
            self.open_path(Path(urls[0].toLocalFile()))

    # -- help ---------------------------------------------------------------------------------
    def show_help(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("How Stocktake works")
        browser = QTextBrowser(dialog)
        browser.setAccessibleName("How Stocktake works")
        browser.setHtml(HOW_IT_WORKS)
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        metrics = self.fontMetrics()
        dialog.resize(metrics.averageCharWidth() * 80, metrics.height() * 30)
        dialog.show()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Stocktake",
            f"<b>Stocktake {__version__}</b><p>A workbench for mission "
            "stock-takes: weigh Plan for Change milestones against long-term "
            "ambitions, make ruthless choices and record them, offline, in "
            "your own workbook.</p>",
        )

    def _stop_analysis(self) -> None:
        from stocktake.ui.matrix.analysis import Analysis

        found = self.session.findChild(Analysis, "stocktake-analysis")
        if isinstance(found, Analysis):
            found.cancel_all()
            found.wait(10)

    # -- closing -------------------------------------------------------------------------------
    def _maybe_keep_changes(self) -> bool:
        """True when it is fine to drop the current workbook (saved, or the user agreed)."""
        if not self.session.is_dirty:
            return True
        name = self.session.path.name if self.session.path else "the workbook"
        answer = self.ask(
            "Unsaved changes",
            f"Save your changes to {name} first?",
            Buttons.Save | Buttons.Discard | Buttons.Cancel,
            Buttons.Save,
        )
        if answer == Buttons.Save:
            self.save()
            self.wait_for_task(60)
            return not self.session.is_dirty
        if answer == Buttons.Discard:
            if self.session.path is not None:
                journal.discard(self.session.path)
            self.session.undo_stack.setClean()
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._maybe_keep_changes():
            event.ignore()
            return
        self.cancel_task()
        self.wait_for_task(10)
        self._stop_analysis()
        self.autosave.stop()
        self.settings.save_window(self)
        self.settings.last_balance = self.session.balance
        self.settings.sync()
        super().closeEvent(event)
