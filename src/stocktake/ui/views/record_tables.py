"""A sortable table over computed records, with an optional place filter: the building
block of the mission-health pages and the spend-by-pot list.

Why not :class:`~stocktake.ui.views.tables_view.RecordTableView`: these tables are
filtered by place (a proxy that reads each record's places), and their records are
computed from the workbook (and the portfolio) rather than read from one list of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView, QVBoxLayout, QWidget

from stocktake.app.place import ALL_PLACES
from stocktake.ui.models.roles import ObjectRole, SortRole
from stocktake.ui.views.sizing import fit_columns


class PlaceFilter(QSortFilterProxyModel):
    """Keeps the rows whose record is in the chosen place (all rows for "All places")."""

    def __init__(self, places: Callable[[Any], Iterable[str]] | None) -> None:
        super().__init__()
        self._places = places
        self.place = ALL_PLACES
        self.setSortRole(SortRole)

    def set_place(self, place: str) -> None:
        self.beginFilterChange()
        self.place = place
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._places is None or self.place == ALL_PLACES:
            return True
        # The record straight from the model's list where it has one: asking data() for
        # each of thousands of rows is most of the time a filter takes.
        rows = getattr(self.sourceModel(), "rows", None)
        if isinstance(rows, list) and 0 <= row < len(rows):
            record = rows[row]
        else:
            record = self.sourceModel().index(row, 0, parent).data(ObjectRole)
        if record is None:
            return True
        return self.place in self._places(record)


class FilteredTable(QWidget):
    """A read-only, sortable, keyboard-reachable table (of a ``RecordTable`` mostly)."""

    def __init__(
        self,
        model: QAbstractTableModel,
        name: str,
        places: Callable[[Any], Iterable[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = PlaceFilter(places)
        self.proxy.setSourceModel(model)
        self.table = QTableView(self)
        self.table.setAccessibleName(name)
        self.table.setModel(self.proxy)
        # No sort indicator before sorting is enabled: enabling it would otherwise sort
        # every row by the first column at once (seconds on 10k initiatives).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        model.modelReset.connect(lambda: fit_columns(self.table))
        fit_columns(self.table)  # the model may have rows already (a page made late)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
