"""Missions beside a sortable, filterable table of their initiatives.

Selecting rows selects those initiatives in the session (so the matrix and the
decision panel follow), and a selection made elsewhere is shown here.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stocktake.ui.models.initiatives_model import InitiativesModel
from stocktake.ui.models.roles import IdRole, ObjectRole
from stocktake.ui.session import Session
from stocktake.ui.staging import later
from stocktake.ui.views.delegates import ChoiceDelegate
from stocktake.ui.views.frozen import freeze_first_columns
from stocktake.ui.views.sizing import fit_columns

Index = QModelIndex | QPersistentModelIndex
ALL = ""


class InitiativeFilter(QSortFilterProxyModel):
    """Filter by mission and by text in the ID, name, lead or notes; sort by SortRole."""

    def __init__(self) -> None:
        super().__init__()
        self.mission = ALL
        self.text = ""
        self.setDynamicSortFilter(False)  # re-sorting under a user's edit moves the row

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Let the source model sort (fast, in Python); this proxy only filters."""
        source = self.sourceModel()
        if isinstance(source, InitiativesModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def set_mission(self, mission: str) -> None:
        self.beginFilterChange()
        self.mission = mission
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.mission and not self.text:
            return True
        source = self.sourceModel()
        ini = (
            source.initiative_at(source_row)
            if isinstance(source, InitiativesModel)
            else source.index(source_row, 0, source_parent).data(ObjectRole)
        )
        if ini is None:
            return False
        if self.mission and ini.mission_id != self.mission:
            return False
        if self.text:
            hay = f"{ini.id} {ini.name} {ini.lead_department} {ini.notes}".lower()
            return self.text in hay
        return True


FROZEN_COLUMNS = 3
"""ID, mission and name: what says which row a score belongs to."""


class InitiativesView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = InitiativesModel(session)
        self.proxy = InitiativeFilter()
        self.proxy.setSourceModel(self.model)

        self.missions = QListWidget()
        self.missions.setAccessibleName("Missions")
        self.missions.setAccessibleDescription("Choose a mission to show its initiatives")
        self.missions.currentItemChanged.connect(self._mission_chosen)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter initiatives by ID, name, lead or notes")
        self.filter.setAccessibleName("Filter initiatives")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.count = QLabel()
        self.count.setAccessibleName("Number of initiatives shown")

        self.table = QTableView()
        self.table.setAccessibleName("Initiatives")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(self._table_selection)
        session.selection_changed.connect(self._show_selection)
        session.workbook_loaded.connect(self._workbook_loaded)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        rl.addLayout(top)
        rl.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.missions)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 4)
        char = self.fontMetrics().averageCharWidth()
        splitter.setSizes([char * 32, char * 140])
        self.missions.setWordWrap(True)
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.5))
        # ID, mission and name stay in view when scrolling across to the scores
        self.frozen = freeze_first_columns(self.table, FROZEN_COLUMNS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._syncing = False
        self._reload()

    def _workbook_loaded(self) -> None:
        # The model has just been reset: paint it in a later pass, not on top of the
        # reset, so neither holds the event loop for long (see stocktake.ui.staging).
        self.table.setUpdatesEnabled(False)
        later(self, self._reload)

    def _reload(self) -> None:
        self.missions.blockSignals(True)
        self.missions.clear()
        wb = self.session.workbook
        total = QListWidgetItem(f"All missions ({len(wb.initiatives) if wb else 0})")
        total.setData(Qt.ItemDataRole.UserRole, ALL)
        self.missions.addItem(total)
        if wb is not None:
            counts = Counter(i.mission_id for i in wb.initiatives.values())
            for mid, mission in wb.missions.items():
                n = counts[mid]
                item = QListWidgetItem(f"{mid}  {mission.name} ({n})")
                item.setData(Qt.ItemDataRole.UserRole, mid)
                item.setToolTip(mission.ambition or mission.name)
                self.missions.addItem(item)
        self.missions.setCurrentRow(0)
        self.missions.blockSignals(False)
        if self.proxy.mission != ALL:
            self.proxy.set_mission(ALL)
        self._update_count()
        # Column widths, then painting, each in their own event-loop pass.
        later(self, self.fit_columns)
        later(self, lambda: self.table.setUpdatesEnabled(True))

    def fit_columns(self) -> None:
        fit_columns(self.table)

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount():,} of {self.model.rowCount():,} shown")

    def _mission_chosen(self, item: QListWidgetItem | None) -> None:
        self.proxy.set_mission(item.data(Qt.ItemDataRole.UserRole) if item else ALL)
        self._update_count()

    def _table_selection(self, *_: QItemSelection) -> None:
        if self._syncing:
            return
        rows = self.table.selectionModel().selectedRows()
        ids = [r.data(IdRole) for r in sorted(rows, key=lambda r: r.row())]
        self._syncing = True
        try:
            self.session.select(ids)
        finally:
            self._syncing = False

    def _show_selection(self, ids: list[str]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            selection = QItemSelection()
            for ident in ids:
                row = self.model.row_of(ident)
                if row is None:
                    continue
                idx = self.proxy.mapFromSource(self.model.index(row, 0))
                if idx.isValid():
                    selection.select(idx, idx)
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.selectionModel().select(selection, flags)
            if not selection.isEmpty():
                self.table.scrollTo(selection.indexes()[0])
        finally:
            self._syncing = False

    def focus_initiative(self, ident: str, key: str | None = None) -> bool:
        """Show one initiative (clearing filters that hide it) and select its row."""
        row = self.model.row_of(ident)
        if row is None:
            return False
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if not idx.isValid():
            self.filter.clear()
            self.missions.setCurrentRow(0)
            idx = self.proxy.mapFromSource(self.model.index(row, 0))
        col = self.model.column_of(key) if key else None
        self.session.select([ident])
        if col is not None:
            target = self.proxy.mapFromSource(self.model.index(row, col))
            # The row is selected already (select above); only the current cell moves.
            # ``QTableView.setCurrentIndex`` would pick its selection command from the
            # keys held, so a problem opened with Ctrl held toggled the row off again.
            self.table.selectionModel().setCurrentIndex(
                target, QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.table.scrollTo(target)
        self.table.setFocus()
        return True
