"""A read-only table of rows already in words: the model behind the Portfolio tab's lists.

Why not a ``QTableWidget``: filling one makes an item object per cell on the GUI thread
(40,000 for the 10k-initiative workbook's "Chosen and not chosen" list, over a second
with their flags and tooltips). Here the rows are worked out as plain tuples of text
in the background and handed over whole; a cell's text is looked up only when it is
drawn, so showing a new list costs one model reset.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from stocktake.ui.models.display import shown
from stocktake.ui.models.headers import column_title
from stocktake.ui.models.roles import UNUSED_ROLES

Index = QModelIndex | QPersistentModelIndex


class TextRows(QAbstractTableModel):
    """Rows of text under ``headers``; each row may carry an ID (``UserRole`` on every
    cell), and the columns in ``tooltip_columns`` show their whole text as a tooltip
    (long names and reasons are cut to the column's width)."""

    def __init__(
        self,
        headers: Sequence[str],
        tooltip_columns: Sequence[int] = (),
    ) -> None:
        super().__init__()
        self.headers = tuple(headers)
        self._tips = frozenset(tooltip_columns)
        self.rows: list[tuple[str, ...]] = []
        self.ids: list[str] = []

    def set_rows(self, rows: Sequence[tuple[str, ...]], ids: Sequence[str] = ()) -> None:
        """Replace every row at once (one reset, however many rows)."""
        self.beginResetModel()
        self.rows = list(rows)
        self.ids = list(ids)
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        """The whole text of one cell (not cut for drawing)."""
        return self.rows[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(self.headers, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in UNUSED_ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(self.rows[r][c])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.rows[r][c]
        if role == Qt.ItemDataRole.ToolTipRole and c in self._tips:
            return self.rows[r][c]
        if role == Qt.ItemDataRole.UserRole and r < len(self.ids):
            return self.ids[r]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
