"""The window's menus and their standard shortcuts, built in one place.

Every action is a :class:`QAction` on the window (so its shortcut works wherever focus
is), with a platform fallback where a platform defines no key for a standard action.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from stocktake.ui.pack_dialog import export_board_pack

if TYPE_CHECKING:
    from stocktake.ui.main_window import MainWindow

_FALLBACK_KEYS = {
    QKeySequence.StandardKey.Quit: "Ctrl+Q",
    QKeySequence.StandardKey.Close: "Ctrl+W",
    QKeySequence.StandardKey.SaveAs: "Ctrl+Shift+S",
    QKeySequence.StandardKey.HelpContents: "F1",
}


def action(
    window: MainWindow,
    text: str,
    slot: Callable[[], Any],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    made = QAction(text, window)
    if shortcut is not None:
        made.setShortcut(QKeySequence(shortcut))
        fallback = (
            _FALLBACK_KEYS.get(shortcut) if isinstance(shortcut, QKeySequence.StandardKey) else None
        )
        if made.shortcut().isEmpty() and fallback:
            # Some platforms define no key for a standard action (Quit on a bare X11).
            made.setShortcut(QKeySequence(fallback))
    if tip:
        made.setStatusTip(tip)
        made.setToolTip(tip)
    made.triggered.connect(lambda _checked=False: slot())
    return made


def build_menus(w: MainWindow) -> None:
    """File, Edit, View and Help, with the actions stored on the window."""
    files = w.files
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    w.new_action = action(
        w,
        "&New from template…",
        files.new_from_template,
        QKeySequence.StandardKey.New,
        "Create a stock-take workbook with the template sheets",
    )
    w.open_action = action(w, "&Open…", files.choose, QKeySequence.StandardKey.Open)
    w.recent_menu = file_menu.addMenu("Open &Recent")
    w.recent_menu.aboutToShow.connect(lambda: fill_recent(w))
    w.save_action = action(
        w,
        "&Save",
        w.save,
        QKeySequence.StandardKey.Save,
        "Save decisions and edits into the workbook",
    )
    w.save_copy_action = action(
        w, "Save a &Copy As…", files.save_copy, QKeySequence.StandardKey.SaveAs
    )
    w.reload_action = action(
        w, "Re&load", files.reload, "Ctrl+R", "Read the workbook again from disk"
    )
    w.close_action = action(w, "&Close", files.close_workbook, QKeySequence.StandardKey.Close)
    w.export_action = action(
        w,
        "&Export charts as PNG…",
        w.export_charts,
        "Ctrl+E",
        "The matrix, rank-vs-balance and frontier charts as PNG images",
    )
    from stocktake.ui.review.actions import merge_copies, send_for_review

    w.send_review_action = action(
        w,
        "Send for re&view…",
        lambda: send_for_review(w),
        None,
        "Make a copy for a reviewer to work on offline, in Stocktake or in Excel",
    )
    w.merge_review_action = action(
        w,
        "&Merge review copies…",
        lambda: merge_copies(w),
        None,
        "Fold reviewers' copies back into this workbook; conflicts are listed to choose",
    )
    w.pack_action = action(
        w,
        "Export &board pack…",
        lambda: export_board_pack(files),
        "Ctrl+Shift+E",
        "A marked workbook and an accessible PDF for the mission board (optionally public)",
    )
    w.quit_action = action(w, "&Quit", w.close, QKeySequence.StandardKey.Quit)
    file_menu.insertAction(w.recent_menu.menuAction(), w.open_action)
    file_menu.insertAction(w.open_action, w.new_action)
    file_menu.addSeparator()
    file_menu.addActions([w.save_action, w.save_copy_action, w.reload_action, w.close_action])
    file_menu.addSeparator()
    file_menu.addActions([w.export_action, w.pack_action])
    file_menu.addSeparator()
    file_menu.addActions([w.send_review_action, w.merge_review_action])
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)

    edit_menu = bar.addMenu("&Edit")
    w.undo_action = w.session.undo_stack.createUndoAction(w, "&Undo")
    w.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    w.redo_action = w.session.undo_stack.createRedoAction(w, "&Redo")
    # Ctrl+Y as well as the platform's own redo keys (Ctrl+Shift+Z on Linux). Some
    # platforms list Ctrl+Y already: a key listed twice on one action is ambiguous to
    # Qt, and an ambiguous shortcut does nothing.
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    w.redo_action.setShortcuts(list(dict.fromkeys([*redo_keys, QKeySequence("Ctrl+Y")], None)))
    edit_menu.addActions([w.undo_action, w.redo_action])
    edit_menu.addSeparator()
    w.find_action = action(w, "&Find initiative…", w.focus_filter, QKeySequence.StandardKey.Find)
    edit_menu.addAction(w.find_action)
    edit_menu.addSeparator()
    w.name_action = action(
        w,
        "Your &name for the decision log…",
        w.ask_user_name,
        tip="Decisions you record are signed with this name",
    )
    edit_menu.addAction(w.name_action)

    w.view_menu = bar.addMenu("&View")
    w.view_menu.addAction(w.problems_dock.toggleViewAction())
    w.large_text_action = QAction("&Large text (for a projector)", w, checkable=True)
    w.large_text_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
    w.large_text_action.toggled.connect(w.set_large_text)
    w.view_menu.addAction(w.large_text_action)

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(
        action(w, "&How Stocktake works", w.show_help, QKeySequence.StandardKey.HelpContents)
    )
    help_menu.addAction(action(w, "&About Stocktake", w.show_about))
    update_actions(w)
    w.session.workbook_loaded.connect(lambda: update_actions(w))
    w.session.dirty_changed.connect(lambda _dirty: update_actions(w))


def update_actions(w: MainWindow) -> None:
    has = w.session.workbook is not None and w.session.path is not None
    for a in (
        w.save_action,
        w.save_copy_action,
        w.reload_action,
        w.export_action,
        w.pack_action,
        w.send_review_action,
        w.merge_review_action,
    ):
        a.setEnabled(has)
    w.close_action.setEnabled(w.session.workbook is not None)


def fill_recent(w: MainWindow) -> None:
    w.recent_menu.clear()
    files = w.settings.recent_files()
    if not files:
        empty = w.recent_menu.addAction("No recent workbooks")
        empty.setEnabled(False)
    for n, name in enumerate(files, 1):
        item = w.recent_menu.addAction(f"&{n % 10} {Path(name).name}")
        item.setToolTip(name)
        item.triggered.connect(lambda _c=False, p=name: w.open_path(Path(p)))
