"""What a stock-take leaves behind, in the window: actions, what changed, minutes.

One ``install(window)`` call adds the Actions tab, Edit > New action… (Ctrl+Shift+A,
from anywhere), View > What changed since last time… and File > Export minutes… so
the main window and the menus change by one line each (other work shares them).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stocktake.app import since_last
from stocktake.app.changes import Group, Undone
from stocktake.app.minutes import AddMinutes, Minutes, compose
from stocktake.ui.actions_panel import ActionsPanel
from stocktake.ui.session import Session
from stocktake.ui.workers import Task

if TYPE_CHECKING:
    from stocktake.ui.main_window import MainWindow


class SinceLastDialog(QDialog):
    """What changed since last time, in plain words (read-only, selectable, Esc closes).

    The comparison runs in the background: "last time" may be a backup, a whole
    workbook to read (seconds at 10k initiatives), and comparing every initiative is
    work too; the dialog says it is working until :attr:`lines` are ready.
    """

    def __init__(
        self, session: Session, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("What changed since last time")
        self.setAccessibleName(self.windowTitle())
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("What changed since last time, in words")
        self.lines: list[str] = []
        self.text.setPlainText("Working out what changed since last time…")
        doc = session.document

        def work(_progress: object) -> list[str]:
            return since_last.lines(since_last.compare(doc, today), doc.workbook, today)

        self.task = Task(work, "what changed since last time")
        self.task.signals.finished.connect(self._show)
        self.task.signals.failed.connect(lambda exc: self.text.setPlainText(str(exc)))
        self.task.start()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 24)

    @property
    def ready(self) -> bool:
        """The comparison is done and shown (tests wait on it)."""
        return bool(self.lines)

    def _show(self, lines: list[str]) -> None:
        self.text.setHtml(
            "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"
        )
        self.lines = lines


def warm_previous(w: MainWindow) -> None:
    """Read the workbook's previous saved state in the background as soon as it is open.

    Why: with no snapshot in the file, "last time" is its newest backup, a whole
    workbook to read; meeting mode's "changed since last time" walk and the What changed
    view would otherwise read it on the GUI thread, freezing the window for seconds.
    (``PreviousState`` is thread-safe: a view asking meanwhile waits for this read.)
    """
    previous = w.session.document.previous
    if w.session.workbook is None or previous is None:
        return
    task = Task(lambda _progress: previous.get(), "reading the previous saved state")
    w.previous_task = task
    task.start()


def _menu(w: MainWindow, title: str) -> QMenu | None:
    for a in w.menuBar().actions():
        if a.text() == title and a.menu() is not None:
            menu = a.menu()
            return menu if isinstance(menu, QMenu) else None
    return None


def keep_minutes(session: Session, minutes: Minutes) -> None:
    """Queue ``minutes`` for the next save (one undo step); minutes of the same meeting
    not saved yet are replaced, so exporting twice does not minute a meeting twice."""
    doc = session.document
    same = [m for m in doc.minutes if (m.meeting, m.held) == (minutes.meeting, minutes.held)]
    if same == [minutes]:
        return
    if same:
        parts = (*(Undone(AddMinutes(m)) for m in same), AddMinutes(minutes))
        session.push(Group(parts, f"Update the minutes of {minutes.meeting}"))
    else:
        session.push(AddMinutes(minutes))


MEETING_MODE = "stocktake-meeting-mode"
"""The object name of the window's meeting mode (``stocktake.ui.meeting``), found by name
so the minutes work with or without a meeting having been held."""


def meeting_facts(w: QWidget) -> tuple[dt.datetime | None, Mapping[str, float]]:
    """When the window's meeting began and the seconds spent per item, if one was held."""
    mode = w.findChild(QObject, MEETING_MODE)
    meeting = getattr(mode, "meeting", None)
    if meeting is None:
        return None, {}
    started = getattr(meeting, "started", None)
    seconds: Callable[[], Mapping[str, float]] | None = getattr(meeting, "item_seconds", None)
    times = dict(seconds()) if callable(seconds) else {}
    return (started if isinstance(started, dt.datetime) else None), times


def export_minutes(
    w: MainWindow,
    times: Mapping[str, float] | None = None,
    since: dt.datetime | None = None,
    target: Path | None = None,
) -> Path | None:
    """Compose the minutes (``times``: by default the meeting mode's timer, if one ran,
    and from when it began), keep them for the workbook's Minutes sheet and write them
    as Markdown to ``target``. Returns where they went; without a ``target`` the Export
    minutes dialog opens (see :func:`ask_where_to_export`) and this returns None."""
    s = w.session
    if s.workbook is None or s.path is None:
        return None
    started, timed = meeting_facts(w)
    if times is None:
        times = timed
    minutes = compose(s.document, since=since or started or s.document.opened_at, times=times)
    if target is None:
        ask_where_to_export(w, minutes)
        return None
    write_minutes(w, minutes, target)
    return target


def write_minutes(w: MainWindow, minutes: Minutes, target: Path) -> None:
    """Write ``minutes`` to ``target``, queue them for the Minutes sheet and say so."""
    target.write_text(minutes.markdown(), encoding="utf-8")
    keep_minutes(w.session, minutes)
    w.statusBar().showMessage(
        f"Minutes written to {target.name}; they go into the workbook's Minutes sheet "
        "when you save.",
        10_000,
    )


def ask_where_to_export(w: MainWindow, minutes: Minutes) -> QFileDialog:
    """The Export minutes dialog, opened window-modal rather than run in a loop of its
    own (``QFileDialog.getSaveFileName``): the window keeps answering while it is up
    (and a keyboard-only test can press Enter in it); the keyboard goes back to the
    window when it closes."""
    path = w.session.path
    assert path is not None
    dialog = QFileDialog(
        w,
        "Export minutes",
        str(path.with_name(f"{path.stem} minutes {minutes.held.isoformat()}.md")),
        "Markdown (*.md);;Text (*.txt)",
    )
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("md")
    dialog.fileSelected.connect(lambda name: write_minutes(w, minutes, Path(name)))
    dialog.finished.connect(lambda _r: w.activateWindow())
    w.minutes_dialog = dialog
    dialog.open()
    return dialog


def in_meeting(w: QWidget) -> bool:
    """True while the window's meeting mode is on."""
    return bool(getattr(w.findChild(QObject, MEETING_MODE), "active", False))


def new_action_in_meeting(w: MainWindow) -> None:
    """Ctrl+Shift+A during a meeting: the dialog opens over the meeting, which stays on
    the Matrix tab (on the Actions tab the meeting keys would not work), and the keyboard
    goes back to where it was when the dialog closes; what was added is said on the
    status line, as the meeting's other keys say what they did."""
    back = QApplication.focusWidget()
    before = {a.action_id for a in w.session.document.actions}
    dialog = w.actions_panel.new_action()
    if dialog is None:
        return

    def done(_result: int) -> None:
        added = [a for a in w.session.document.actions if a.action_id not in before]
        if added:
            a = added[-1]
            w.statusBar().showMessage(
                f"Added action {a.action_id}: {a.what} (Ctrl+Z to undo; listed on the "
                "Actions tab).",
                10_000,
            )
        if back is not None and shiboken_valid(back) and back.isVisible():
            # not every window system gives the main window back its activation when a
            # dialog closes (the offscreen one never does): ask for it, or no key works
            w.activateWindow()
            back.setFocus(Qt.FocusReason.OtherFocusReason)

    dialog.finished.connect(done)


def shiboken_valid(widget: QWidget) -> bool:
    """Whether ``widget``'s C++ object still exists (a widget can go while a dialog is up)."""
    from shiboken6 import isValid

    return bool(isValid(widget))


def install(w: MainWindow) -> None:
    """Add the Actions tab and the three menu items to ``w``."""
    w.actions_panel = ActionsPanel(w.session)
    w.tabs.addTab(w.actions_panel, "&Actions")

    def new_action() -> None:
        if in_meeting(w):
            new_action_in_meeting(w)
            return
        w.tabs.setCurrentWidget(w.actions_panel)
        w.actions_panel.new_action()

    w.new_action_item = QAction("New &action…", w)
    w.new_action_item.setShortcut(QKeySequence("Ctrl+Shift+A"))
    w.new_action_item.setStatusTip("Add an action: what, owner, due date and what it is for")
    w.new_action_item.triggered.connect(lambda _c=False: new_action())
    w.addAction(w.new_action_item)  # works from anywhere, menus open or not
    edit = _menu(w, "&Edit")
    if edit is not None:
        edit.addSeparator()
        edit.addAction(w.new_action_item)

    w.since_last_item = QAction("What &changed since last time…", w)
    w.since_last_item.setStatusTip(
        "Scores, DCA, costs and stages changed since the last save, and what is due"
    )
    w.since_last_item.triggered.connect(lambda _c=False: show_since_last(w))
    w.view_menu.addAction(w.since_last_item)

    w.export_minutes_item = QAction("Export m&inutes…", w)  # M is Merge's
    w.export_minutes_item.setStatusTip(
        "A one-page summary of this meeting as Markdown, also kept in the workbook"
    )
    w.export_minutes_item.triggered.connect(lambda _c=False: export_minutes(w))
    file_menu = _menu(w, "&File")
    if file_menu is not None:
        file_menu.insertAction(w.pack_action, w.export_minutes_item)

    def enable() -> None:
        has = w.session.workbook is not None and w.session.path is not None
        for item in (w.new_action_item, w.since_last_item, w.export_minutes_item):
            item.setEnabled(has)

    w.session.workbook_loaded.connect(enable)
    w.session.workbook_loaded.connect(lambda: warm_previous(w))
    enable()


def show_since_last(w: MainWindow) -> SinceLastDialog | None:
    if w.session.workbook is None:
        return None
    dialog = SinceLastDialog(w.session, w)
    w.since_last_dialog = dialog
    dialog.open()
    return dialog
