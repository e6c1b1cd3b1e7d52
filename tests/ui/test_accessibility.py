"""Every control a person can reach has an accessible name, and the keyboard gets there."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from stocktake.ui.main_window import MainWindow

CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSlider, QComboBox, QLineEdit)


def _unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView | QScrollBar):
            continue  # headers and scroll bars are named by Qt from their view
        if type(widget).__name__.startswith("Q") and not widget.isVisibleTo(root):
            continue  # Qt's own hidden helpers (scroll-bar buttons, header internals)
        name = widget.accessibleName() or (
            widget.text() if isinstance(widget, QAbstractButton) else ""
        )
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_controls_have_accessible_names(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(sample_copy())
    qtbot.waitUntil(
        lambda: window.session.workbook is not None and window.is_idle(), timeout=15_000
    )
    assert _unnamed(window) == []


def test_keyboard_reaches_the_table_from_the_filter(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(sample_copy())
    qtbot.waitUntil(
        lambda: window.is_idle() and window.session.workbook is not None, timeout=15_000
    )
    window.find_action.trigger()  # Ctrl+F
    assert window.initiatives.filter.hasFocus()
    seen = []
    for _ in range(6):
        window.focusNextChild()
        seen.append(window.focusWidget())
    assert window.initiatives.table in seen
    for action in (
        window.open_action,
        window.save_action,
        window.undo_action,
        window.redo_action,
        window.quit_action,
        window.find_action,
    ):
        assert not action.shortcut().isEmpty(), action.text()
