"""Frozen first columns for a wide table, as Excel's freeze panes: scrolling across to
the scores keeps each row's ID and name in view.

Qt has no frozen columns; this is its documented pattern (the "Frozen Column" example),
written here because no maintained library provides it for a ``QTableView``: a second
view over the same model and selection model, laid over the table's left edge, showing
only the first columns and scrolling up and down with the table.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView


class FrozenColumns(QTableView):
    """The first ``count`` columns of ``table``, always in view on top of it."""

    def __init__(self, table: QTableView, count: int) -> None:
        super().__init__(table)
        self.table = table
        self.count = count
        self.setAccessibleName(f"{table.accessibleName()}: frozen columns".strip(": "))
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setItemDelegate(table.itemDelegate())
        self.setEditTriggers(table.editTriggers())
        self.setSelectionBehavior(table.selectionBehavior())
        self.setWordWrap(table.wordWrap())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table keeps the keyboard
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.setSortingEnabled(table.isSortingEnabled())
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        table.viewport().stackUnder(self)

        header = table.horizontalHeader()
        header.sectionResized.connect(self._column_resized)
        header.sortIndicatorChanged.connect(self._follow_sort)
        self.horizontalHeader().sortIndicatorChanged.connect(self._sort_table)
        table.verticalHeader().sectionResized.connect(
            lambda row, _old, new: self.setRowHeight(row, new)
        )
        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        model = table.model()
        model.modelReset.connect(self._columns)
        model.layoutChanged.connect(self._columns)
        model.columnsInserted.connect(self._columns)
        table.installEventFilter(self)
        self._columns()

    def _columns(self) -> None:
        model = self.model()
        for col in range(model.columnCount() if model is not None else 0):
            self.setColumnHidden(col, col >= self.count)
            if col < self.count:
                self.setColumnWidth(col, self.table.columnWidth(col))
        self.place()

    def _column_resized(self, col: int, _old: int, new: int) -> None:
        if col < self.count:
            self.setColumnWidth(col, new)
            self.place()

    def _follow_sort(self, col: int, order: Qt.SortOrder) -> None:
        shown = self.horizontalHeader()
        shown.blockSignals(True)
        shown.setSortIndicator(col if col < self.count else -1, order)
        shown.blockSignals(False)

    def _sort_table(self, col: int, order: Qt.SortOrder) -> None:
        self.table.sortByColumn(col, order)

    def _context_menu(self, pos: QPoint) -> None:
        where = self.table.viewport().mapFromGlobal(self.viewport().mapToGlobal(pos))
        self.table.customContextMenuRequested.emit(where)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.place()
        return super().eventFilter(watched, event)

    def width_needed(self) -> int:
        return sum(self.table.columnWidth(c) for c in range(self.count))

    def place(self) -> None:
        """Over the table's first columns, from its header to the bottom of its rows."""
        table = self.table
        rows = table.verticalHeader().defaultSectionSize()
        if self.verticalHeader().defaultSectionSize() != rows:  # level rows, always
            self.verticalHeader().setDefaultSectionSize(rows)
        frame = table.frameWidth()
        left = frame + (table.verticalHeader().width() if table.verticalHeader().isVisible() else 0)
        self.setGeometry(
            left,
            frame,
            self.width_needed(),
            table.viewport().height() + table.horizontalHeader().height(),
        )
        self.verticalScrollBar().setValue(table.verticalScrollBar().value())


def freeze_first_columns(table: QTableView, count: int) -> FrozenColumns:
    """Freeze ``count`` columns of ``table`` (scrolled by pixel, so the two views stay
    level as the table scrolls)."""
    frozen = FrozenColumns(table, count)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return frozen
