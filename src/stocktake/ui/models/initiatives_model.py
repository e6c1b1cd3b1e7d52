"""The initiatives table: one row per initiative, every column a person scans for.

Columns are built once per workbook (costs per financial year and scores per criterion
vary by workbook). Values the engine computes (near-term, long-term, overall value and
rank at the current balance) are refreshed when the balance or a score changes,
with ``dataChanged`` for just those columns, so a 10k-row table stays responsive.
Edits go through the :class:`~stocktake.ui.session.Session` so each is undoable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from stocktake.model import Initiative, Workbook
from stocktake.model.edits import ENUM_FIELDS, TEXT_FIELDS, EditRejected, editable_keys
from stocktake.ui.models.roles import (
    UNUSED_ROLES,
    ChoicesRole,
    IdRole,
    KeyRole,
    ObjectRole,
    OpenChoiceRole,
    SortRole,
)
from stocktake.ui.palette import dca_fill
from stocktake.ui.session import Session

if TYPE_CHECKING:  # the engine (numpy) loads with the first workbook, not at start-up
    from stocktake.engine import ScoreArrays, ScoreTable

# Column order of ScoreArrays.group_values (see stocktake.engine.arrays).
MILESTONE, AMBITION, DELIVERABILITY = 0, 1, 2

Index = QModelIndex | QPersistentModelIndex


def _cost_in(year: str) -> Callable[[Initiative], Any]:
    """The cell getter for one financial year's cost."""
    return lambda i: i.costs.get(year)


def _score_on(criterion: str) -> Callable[[Initiative], Any]:
    """The cell getter for one criterion's score."""
    return lambda i: i.scores.get(criterion)


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, the field key it edits (if any) and how to read it."""

    title: str
    key: str
    get: Callable[[Initiative], Any]
    numeric: bool = False
    tooltip: str = ""
    computed: bool = False


def _enum_text(value: Any) -> str:
    return "" if value is None else str(value.value)


def _fmt(value: Any, places: int = 1) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.{places}f}" if not value.is_integer() or places else f"{value:,.0f}"
    return str(value)


class InitiativesModel(QAbstractTableModel):
    """Initiatives of the session's workbook, with computed values at the current balance."""

    edit_rejected = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._rows: list[Initiative] = []
        self._columns: list[Column] = []
        self._editable: set[str] = set()
        self._arrays: ScoreArrays | None = None
        self._table: ScoreTable | None = None
        self._row_of: dict[str, int] = {}
        self._first_computed = 0
        self._array_row: dict[str, int] = {}
        session.workbook_loaded.connect(self.reload)
        session.value_changed.connect(self._on_value_changed)
        session.balance_changed.connect(self._rescore)
        self.reload()

    # -- building ------------------------------------------------------------------
    def _build_columns(self, wb: Workbook) -> list[Column]:
        cols = [
            Column("ID", "id", lambda i: i.id),
            Column("Mission", "mission_id", lambda i: i.mission_id),
            Column("Initiative", "name", lambda i: i.name),
            Column("Stage", "stage", lambda i: i.stage),
            Column("DCA", "dca", lambda i: i.dca, tooltip="Delivery Confidence Assessment (IPA)"),
            Column("Evidence", "evidence", lambda i: i.evidence),
            Column("Classification", "classification", lambda i: i.classification),
        ]
        layout = wb.layouts.get("initiatives")
        if layout is not None and "project_type" in layout.columns:
            cols.append(
                Column(
                    "Project type",
                    "project_type",
                    lambda i: i.project_type,
                    tooltip="Green Book project type: sets the optimism-bias uplift on costs "
                    "(a category, or the workbook's own type with an uplift on Settings)",
                )
            )
        for fy in wb.financial_years:
            cols.append(
                Column(
                    f"{fy} £m",
                    f"cost:{fy}",
                    _cost_in(fy),
                    numeric=True,
                    tooltip=f"Cost in {fy}, £ million",
                )
            )
        cols.append(
            Column(
                "Total £m",
                "total_cost",
                lambda i: i.total_cost,
                numeric=True,
                tooltip="Total cost over all financial years, £ million",
            )
        )
        for cid, crit in wb.criteria.items():
            rubric = f"\n\n{crit.rubric}" if crit.rubric else ""
            cols.append(
                Column(
                    cid,
                    f"score:{cid}",
                    _score_on(cid),
                    numeric=True,
                    tooltip=f"{crit.name} ({crit.horizon.value}, weight "
                    f"{crit.weight:g}, scale {crit.scale_lo:g}-"
                    f"{crit.scale_hi:g}){rubric}",
                )
            )
        self._first_computed = len(cols)
        for title, key, tip in (
            ("Near-term", "near_term", "Value for the Plan for Change milestones, 0-100"),
            ("Long-term", "long_term", "Value for the mission's long-term ambition, 0-100"),
            ("Deliverability", "deliverability", "Deliverability, 0-100"),
            ("Overall", "value", "Overall value at the current balance, 0-100"),
            ("Rank", "rank", "Rank by overall value at the current balance (1 = best)"),
        ):
            cols.append(
                Column(title, key, lambda i: None, numeric=True, tooltip=tip, computed=True)
            )
        return cols

    def reload(self) -> None:
        self.beginResetModel()
        wb = self.session.workbook
        if wb is None:
            self._rows, self._columns, self._editable = [], [], set()
            self._arrays = self._table = None
        else:
            self._rows = list(wb.initiatives.values())
            self._columns = self._build_columns(wb)
            self._editable = editable_keys(wb, "initiatives")
            self._row_of = dict(zip(wb.initiatives, range(len(self._rows)), strict=True))
            self._rebuild_arrays()
        self.endResetModel()

    def _rebuild_arrays(self) -> None:
        from stocktake.engine import score

        self._arrays = self.session.arrays
        self._array_row = (
            {}
            if self._arrays is None
            else dict(zip(self._arrays.ids, range(len(self._arrays.ids)), strict=True))
        )
        self._table = None if self._arrays is None else score(self._arrays, self.session.balance)

    def _rescore(self) -> None:
        if self._arrays is None:
            return
        from stocktake.engine import score

        self._table = score(self._arrays, self.session.balance)
        self._computed_changed()

    def _computed_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, self._first_computed),
                self.index(len(self._rows) - 1, len(self._columns) - 1),
                [Qt.ItemDataRole.DisplayRole, SortRole],
            )

    def _on_value_changed(self, kind: str, ident: str, key: str) -> None:
        if kind == "criteria":
            self._rebuild_arrays()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
            self._computed_changed()
            return
        row = self._row_of.get(ident)
        if row is None:
            return
        col = next((c for c, column in enumerate(self._columns) if column.key == key), None)
        if col is not None:
            idx = self.index(row, col)
            self.dataChanged.emit(idx, idx)
        if key.startswith("score:"):
            self._rebuild_arrays()
            self._computed_changed()

    # -- Qt model API ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
                return section + 1
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip or column.title
        if role == KeyRole:
            return column.key
        return None

    def _computed(self, row: int, key: str) -> float | int | None:
        if self._table is None or self._arrays is None:
            return None
        row = self._array_row.get(self._rows[row].id, -1)
        if row < 0:
            return None
        groups = self._arrays.group_values
        if key == "near_term":
            return float(groups[row, MILESTONE])
        if key == "long_term":
            return float(groups[row, AMBITION])
        if key == "deliverability":
            return float(groups[row, DELIVERABILITY])
        if key == "value":
            return float(self._table.value[row])
        if key == "rank":
            return int(self._table.rank[row])
        return None

    def value(self, row: int, col: int) -> Any:
        column = self._columns[col]
        if column.computed:
            return self._computed(row, column.key)
        return column.get(self._rows[row])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in UNUSED_ROLES or not index.isValid():
            return None  # asked for every painted cell: answer before any other work
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(self._columns)):
            return None
        column = self._columns[col]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            value = self.value(row, col)
            if hasattr(value, "value") and not isinstance(value, float | int):
                return _enum_text(value)
            if column.key == "rank" or column.key.startswith("score:"):
                return "" if value is None else f"{value:g}"
            return _fmt(value) if column.numeric else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.EditRole:
            value = self.value(row, col)
            return (
                _enum_text(value)
                if hasattr(value, "value") and not isinstance(value, float | int)
                else value
            )
        if role == SortRole:
            value = self.value(row, col)
            if value is None:
                return float("inf") if column.numeric else ""
            if hasattr(value, "confidence"):
                return value.confidence
            return (
                _enum_text(value)
                if hasattr(value, "value") and not isinstance(value, float | int)
                else value
            )
        if role == Qt.ItemDataRole.BackgroundRole and column.key == "dca":
            return dca_fill(self._rows[row].dca)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.key.startswith("score:") or column.key == "dca":
                return column.tooltip
            if column.key == "name":
                ini = self._rows[row]
                return f"{ini.name}\n{ini.notes}".strip()
            return None
        if role == ObjectRole:
            return self._rows[row]
        if role == IdRole:
            return self._rows[row].id
        if role == KeyRole:
            return column.key
        if role == ChoicesRole and column.key in ENUM_FIELDS:
            return ENUM_FIELDS[column.key].choices()
        if role == ChoicesRole and column.key in TEXT_FIELDS:
            return TEXT_FIELDS[column.key].choices()
        if role == OpenChoiceRole:
            return column.key in TEXT_FIELDS
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self._columns[index.column()].key in self._editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self._columns[index.column()]
        if column.key not in self._editable:
            return False
        if isinstance(value, str) and not value.strip():
            value = None
        try:
            self.session.edit("initiatives", self._rows[index.row()].id, column.key, value)
        except (EditRejected, ValueError, TypeError) as exc:
            self.edit_rejected.emit(f"{self._rows[index.row()].id}: {exc}")
            return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows here, in Python, once per click (a sort proxy would call
        ``data()`` for every comparison: seconds on 10k rows)."""
        if not 0 <= column < len(self._columns) or not self._rows:
            return
        keys = [self.data(self.index(r, column), SortRole) for r in range(len(self._rows))]
        numeric = self._columns[column].numeric or self._columns[column].key in ENUM_FIELDS
        order_rows = sorted(
            range(len(self._rows)),
            key=lambda r: (keys[r] if numeric else str(keys[r]).lower(), self._rows[r].id),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        new_position = {old: new for new, old in enumerate(order_rows)}
        self._rows = [self._rows[r] for r in order_rows]
        self._row_of = {ini.id: r for r, ini in enumerate(self._rows)}
        self.changePersistentIndexList(
            old_persistent, [self.index(new_position[i.row()], i.column()) for i in old_persistent]
        )
        self.layoutChanged.emit()

    def initiative_at(self, row: int) -> Initiative | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- helpers for views -------------------------------------------------------------
    def row_of(self, ident: str) -> int | None:
        return self._row_of.get(ident)

    def column_of(self, key: str) -> int | None:
        return next((c for c, column in enumerate(self._columns) if column.key == key), None)
