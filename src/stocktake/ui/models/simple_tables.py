"""Small read-mostly tables: criteria (weights editable), metrics, and problems.

They share :class:`RecordTable`, a column-spec table model over a list of records,
so each view is a list of columns rather than another hand-written model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from stocktake.model import Criterion, Metric, Problem, Workbook
from stocktake.model.edits import EditRejected, editable_keys
from stocktake.ui.models.display import shown
from stocktake.ui.models.roles import UNUSED_ROLES, IdRole, KeyRole, ObjectRole, SortRole
from stocktake.ui.palette import ERROR_FILL, WARNING_FILL
from stocktake.ui.session import Session
from stocktake.ui.staging import later

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Col:
    title: str
    key: str
    get: Callable[[Any], Any]
    numeric: bool = False
    tooltip: Callable[[Any], str] | None = None
    unit: Callable[[Any], str] | None = None
    """The unit a number is read in (a metric's own), shown after it."""


def uk_number(value: float) -> str:
    """A number as a UK reader writes it: 186,600 or 7.62 or 0.034, never 1.866e+05."""
    if value == int(value) or abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.4f}".rstrip("0").rstrip(".")


def with_unit(number: str, unit: str) -> str:
    """'58.8%', '1.8% q/q', '186,600 dwellings': a per cent sign sits on the number."""
    unit = unit.strip()
    if not unit or not number:
        return number
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"


def _text(value: Any, unit: str = "") -> str:
    if value is None:
        return ""
    if hasattr(value, "value") and not isinstance(value, int | float):
        return str(value.value)
    if isinstance(value, float):
        return with_unit(uk_number(value), unit)
    return str(value)


class RecordTable(QAbstractTableModel):
    """A table over records with declared columns; ``kind`` enables session edits."""

    edit_rejected = Signal(str)

    def __init__(
        self,
        session: Session,
        kind: str,
        columns: Sequence[Col],
        records: Callable[[Workbook], Sequence[Any]],
        ident: Callable[[Any], str] = lambda r: getattr(r, "id", ""),
    ) -> None:
        super().__init__()
        self.session = session
        self.kind = kind
        self.columns = list(columns)
        self._records_of = records
        self._ident = ident
        self.rows: list[Any] = []
        self._editable: set[str] = set()
        # Each table reloads in its own event-loop pass (see stocktake.ui.staging), so
        # showing a large workbook never blocks the GUI for the sum of them.
        session.workbook_loaded.connect(lambda: later(self, self.reload))
        session.readings_loaded.connect(lambda: later(self, self.reload))
        session.value_changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        wb = self.session.workbook
        self.rows = list(self._records_of(wb)) if wb is not None else []
        self._editable = editable_keys(wb, self.kind) if wb is not None else set()
        self.endResetModel()

    def _changed(self, kind: str, ident: str, key: str) -> None:
        if kind != self.kind:
            return
        for r, record in enumerate(self.rows):
            if self._ident(record) == ident:
                for c, col in enumerate(self.columns):
                    if col.key == key:
                        self.dataChanged.emit(self.index(r, c), self.index(r, c))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == KeyRole:
                return self.columns[section].key
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in UNUSED_ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        record = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(_text(col.get(record), col.unit(record) if col.unit else ""))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _text(col.get(record), col.unit(record) if col.unit else "")
        if role == Qt.ItemDataRole.EditRole:
            return col.get(record)
        if role == SortRole:
            value = col.get(record)
            if value is None:
                return float("inf") if col.numeric else ""
            return value if col.numeric else _text(value)
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
            return col.tooltip(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ObjectRole:
            return record
        if role == IdRole:
            return self._ident(record)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].key in self._editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.columns[index.column()]
        if col.key not in self._editable:
            return False
        ident = self._ident(self.rows[index.row()])
        try:
            self.session.edit(self.kind, ident, col.key, value)
        except (EditRejected, ValueError, TypeError) as exc:
            self.edit_rejected.emit(f"{ident}: {exc}")
            return False
        return True


def criteria_model(session: Session) -> RecordTable:
    def rubric(c: Criterion) -> str:
        return c.rubric or "No rubric given for this criterion."

    return RecordTable(
        session,
        "criteria",
        [
            Col("ID", "id", lambda c: c.id),
            Col("Criterion", "name", lambda c: c.name, tooltip=rubric),
            Col("Horizon", "horizon", lambda c: c.horizon),
            Col("Milestone", "milestone_id", lambda c: c.milestone_id),
            Col(
                "Weight",
                "weight",
                lambda c: c.weight,
                numeric=True,
                tooltip=lambda c: "Swing weight (0-100); relative within its horizon group",
            ),
            Col("Scale", "scale", lambda c: f"{c.scale_lo:g}-{c.scale_hi:g}"),
            Col("Rubric", "rubric", lambda c: c.rubric.replace("\n", "; "), tooltip=rubric),
        ],
        lambda wb: list(wb.criteria.values()),
    )


def metrics_model(session: Session) -> RecordTable:
    """Metrics with their latest actual reading."""

    def unit(m: Metric) -> str:
        return m.unit

    def latest(m: Metric) -> Any:
        wb = session.workbook
        return None if wb is None else wb.latest_actuals().get(m.id)

    return RecordTable(
        session,
        "metrics",
        [
            Col("ID", "id", lambda m: m.id),
            Col("Mission", "mission_id", lambda m: m.mission_id),
            Col("Metric", "name", lambda m: m.name, tooltip=lambda m: m.source or m.name),
            Col("Unit", "unit", lambda m: m.unit),
            Col("Direction", "direction", lambda m: m.direction),
            Col("Baseline", "baseline", lambda m: m.baseline, numeric=True, unit=unit),
            Col("Target", "target", lambda m: m.target, numeric=True, unit=unit),
            Col("Target date", "target_date", lambda m: m.target_date),
            Col(
                "Latest actual",
                "latest",
                lambda m: getattr(latest(m), "value", None),
                numeric=True,
                unit=unit,
            ),
            Col("As at", "latest_date", lambda m: getattr(latest(m), "date", None)),
        ],
        lambda wb: list(wb.metrics.values()),
    )


class ProblemsModel(RecordTable):
    """Every reader problem; errors and warnings told apart by word and by colour."""

    def __init__(self, session: Session) -> None:
        super().__init__(
            session,
            "problems",
            [
                Col("Severity", "severity", lambda p: "Error" if p.is_error else "Warning"),
                Col("Place", "place", lambda p: p.place),
                Col("Problem", "message", lambda p: p.message, tooltip=lambda p: p.message),
            ],
            lambda wb: sorted(wb.problems, key=lambda p: (not p.is_error,)),
            ident=lambda p: p.place,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and index.column() == 0:
            problem: Problem = self.rows[index.row()]
            return ERROR_FILL if problem.is_error else WARNING_FILL
        return super().data(index, role)
