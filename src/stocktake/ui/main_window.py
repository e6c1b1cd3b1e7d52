"""The main window: for now, open a workbook in the background and show what it holds.

The full workbench (tables, matrix, decisions) grows on this frame; what is here is
the part every later view relies on: open off the GUI thread with progress and
cancel, a summary of what was read, and the problems by sheet and cell.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stocktake.model import Workbook
from stocktake.ui.workers import Task


def _read(path: Path):  # type: ignore[no-untyped-def]
    def job(progress):  # type: ignore[no-untyped-def]
        from stocktake.excel.reader import read_workbook

        return read_workbook(path, progress)

    return job


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Stocktake")
        self.workbook: Workbook | None = None
        self._task: Task | None = None

        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.summary = QLabel("Open a stock-take workbook to begin (File > Open, Ctrl+O).")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Workbook summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems")
        self.problems.setAccessibleDescription("Every problem found in the workbook, by cell")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.summary)
        splitter.addWidget(self.problems)
        layout.addWidget(splitter)
        self.setCentralWidget(central)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Opening progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel opening")
        self.cancel_button.clicked.connect(self.cancel_open)
        for w in (self.progress, self.cancel_button):
            self.statusBar().addPermanentWidget(w)
            w.hide()

        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self, shortcut=QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_file)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addActions([open_action, quit_action])
        self.resize(self.fontMetrics().averageCharWidth() * 120,
                    self.fontMetrics().height() * 40)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open stock-take workbook", "",
                                              "Excel workbooks (*.xlsx *.xlsm)")
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> None:
        from stocktake.excel.safety import WorkbookRefused

        self.cancel_open()
        task = Task(_read(Path(path)), (WorkbookRefused,))
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(lambda wb: self._on_loaded(Path(path), wb))
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_done)
        self._task = task
        self.summary.setText(f"Opening {Path(path).name}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        task.start()

    def cancel_open(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._task = None

    def _on_failed(self, message: str) -> None:
        self._on_done()
        self.summary.setText("The workbook could not be opened.")
        QMessageBox.warning(self, "Stocktake", message)

    def _on_loaded(self, path: Path, wb: Workbook) -> None:
        self._on_done()
        self.workbook = wb
        self.setWindowTitle(f"{path.name} — Stocktake")
        counts = ", ".join(f"{n:,} {k}" for k, n in wb.counts().items())
        self.summary.setText(f"{path.name}: {counts}. {len(wb.errors)} error(s), "
                             f"{len(wb.warnings)} warning(s).")
        self.problems.clear()
        for problem in wb.problems:
            item = QListWidgetItem(f"{problem.severity.upper()} — {problem.place}: "
                                   f"{problem.message}")
            self.problems.addItem(item)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._task is not None:
            self._task.cancel()
            self._task.done.wait(5)
        super().closeEvent(event)
