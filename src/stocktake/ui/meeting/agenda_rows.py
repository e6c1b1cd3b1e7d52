"""The agenda list's rows: the walk's initiatives in words, a skipped one struck through.

Why a string list and a delegate, not list-widget items or a Python model: an agenda of
every initiative is 10,000 rows. As widget items, every walk chosen set 10,000 tooltips
one call at a time and every key press rebuilt and compared 10,000 strings (0.1-0.3 s
on the large workbook). A model written in Python is no better: the list view lays out
every row after a change, asking the model for its row count twice a row, each a call
into Python. A ``QStringListModel`` keeps the words in C++ (set in one call per walk,
one row per changed mark); the delegate strikes out and explains only the rows drawn.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
)
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from stocktake.app.agenda import Agenda, Mark
from stocktake.model import Initiative

MARK_WORDS = {Mark.DONE: "Done", Mark.SKIPPED: "Skipped"}

Index = QModelIndex | QPersistentModelIndex


class AgendaRows:
    """'7. Done · B-012 Community diagnostic centres', one row per agenda item."""

    def __init__(self, parent: QObject | None = None) -> None:
        self.model = QStringListModel(parent)
        self._items: list[str] = []
        self._row_of: dict[str, int] = {}
        self._marks: dict[str, Mark] = {}
        self._names: Mapping[str, Initiative] = {}

    def text(self, row: int) -> str:
        iid = self._items[row]
        mark = self._marks.get(iid)
        prefix = f"{MARK_WORDS[mark]} · " if mark else ""
        init = self._names.get(iid)
        return f"{row + 1}. {prefix}{iid} {init.name if init is not None else ''}"

    def struck(self, row: int) -> bool:
        """A skipped item is struck through (and says "Skipped": colour is never needed)."""
        return 0 <= row < len(self._items) and self._marks.get(self._items[row]) is Mark.SKIPPED

    def show(self, agenda: Agenda, names: Mapping[str, Initiative]) -> None:
        """Follow ``agenda``: every row for another walk (or workbook), else only the
        rows whose mark changed (a move marks one or two)."""
        if agenda.items != self._items or names is not self._names:
            self._items = list(agenda.items)
            self._row_of = {iid: k for k, iid in enumerate(self._items)}
            self._marks = dict(agenda.marks)
            self._names = names
            prefix = {iid: f"{MARK_WORDS[m]} · " for iid, m in self._marks.items()}
            get, mark = names.get, prefix.get
            self.model.setStringList(
                [
                    f"{k}. {mark(iid, '')}{iid} {n.name if (n := get(iid)) is not None else ''}"
                    for k, iid in enumerate(self._items, 1)
                ]
            )  # the words of text(), made in one pass (10k rows a walk)
            return
        before, self._marks = self._marks, dict(agenda.marks)
        for iid in before.keys() | self._marks.keys():
            row = self._row_of.get(iid)
            if row is not None and before.get(iid) is not self._marks.get(iid):
                self.model.setData(self.model.index(row), self.text(row))


class AgendaDelegate(QStyledItemDelegate):
    """Draws a skipped row struck through and gives each row its whole text as a tooltip
    (the list cuts long names with "…")."""

    def __init__(self, rows: AgendaRows, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = rows

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if self.rows.struck(index.row()):
            font = option.font
            font.setStrikeOut(True)
            option.font = font

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            QToolTip.showText(event.globalPos(), str(index.data()), view)
            return True
        return super().helpEvent(event, view, option, index)
