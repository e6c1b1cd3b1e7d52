"""File > Export board pack…: choose a folder and whether it is the public version, then
write the pack on a worker thread with progress and Cancel in the status bar.

The work is :func:`stocktake.app.pack.export_pack`, the same as ``stocktake pack``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stocktake.app import errors
from stocktake.app.pack import pack_job
from stocktake.ui.workers import Task

if TYPE_CHECKING:
    from collections.abc import Callable

    from stocktake.ui.file_actions import FileActions


class PackDialog(QDialog):
    """Where the pack goes and whether OFFICIAL-SENSITIVE items are withheld."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export board pack")
        self.folder = QLineEdit(str(folder))
        self.folder.setAccessibleName("Folder for the pack files")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.public = QCheckBox("&Public version: withhold everything OFFICIAL-SENSITIVE")
        self.public.setToolTip(
            "Removes OFFICIAL-SENSITIVE initiatives before the analysis and writes a "
            "manifest of what was withheld"
        )
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A workbook and an accessible PDF, marked on every page."))
        layout.addLayout(row)
        layout.addWidget(self.public)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the board pack")
        if chosen:
            self.folder.setText(chosen)


def export_board_pack(files: FileActions, folder: Path | None = None, public: bool = False) -> None:
    """Ask (unless ``folder`` is given), then write the pack in the background."""
    session, window = files.session, files.window
    if session.workbook is None or session.path is None or files.task is not None:
        return
    if folder is None:
        dialog = PackDialog(session.path.parent, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        folder, public = Path(dialog.folder.text()), dialog.public.isChecked()
    try:
        job = pack_job(session.document, folder, public=public)  # captured here, run there
    except errors.AppError as exc:
        window.tell("The board pack was not written", str(exc))
        return
    holder: list[Task] = []

    def work(progress: Callable[[int, int], bool]) -> Any:
        def report(fraction: float, _message: str) -> None:
            progress(int(fraction * 100), 100)

        return job.run(report, cancel=lambda: holder[0].cancelled)

    def finished(result: Any) -> None:
        files._done()
        names = ", ".join(p.name for p in result.all)
        window.summary.setText(f"Board pack written to {folder}: {names}.")

    def failed(error: errors.AppError) -> None:
        files._done()
        if isinstance(error, errors.Cancelled):
            window.summary.setText("The board pack was cancelled; no pack files were left.")
            return
        window.tell("The board pack was not written", str(error))

    task = Task(work, "writing the board pack")
    holder.append(task)
    task.signals.finished.connect(finished)
    task.signals.failed.connect(failed)
    task.signals.cancelled.connect(files._done)
    files.run(task, "Writing the board pack…")
