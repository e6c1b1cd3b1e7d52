"""The table models of the mission-health page: CSF, contribution map, milestone gaps,
test-and-learn pipeline and plans, and place.

Each is a :class:`RecordTable` over records computed by the application layer (the
words, trends and flags are decided there, so the board pack can say the same), except
the contribution matrix, whose columns are the workbook's missions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from stocktake.app.contribution_map import Contributor
from stocktake.app.mission_health import MissionHealth
from stocktake.app.place import NOT_STATED
from stocktake.app.test_and_learn import PlanStatus
from stocktake.ui.models.display import shown
from stocktake.ui.models.roles import UNUSED_ROLES, IdRole, ObjectRole, SortRole
from stocktake.ui.models.simple_tables import Col, RecordTable
from stocktake.ui.session import Session

Index = QModelIndex | QPersistentModelIndex
Source = Callable[[], MissionHealth | None]
"""Where a model finds its rows: the page's latest :class:`MissionHealth` (None: not yet)."""


def _rows(source: Source, attr: str) -> Callable[[object], list[Any]]:
    def rows(_wb: object) -> list[Any]:
        health = source()
        return [] if health is None else list(getattr(health, attr))

    return rows


def _date(d: dt.date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def csf_model(session: Session, source: Source) -> RecordTable:
    return RecordTable(
        session,
        "csf view",
        [
            Col("Mission", "mission", lambda r: f"{r.mission_id} {r.mission}"),
            Col("Factor", "factor", lambda r: r.factor),
            Col("Latest rating", "rating", lambda r: r.rating),
            Col("Trend", "trend", lambda r: r.trend),
            Col("Assessed", "date", lambda r: r.date or ("" if r.latest is None else "no date")),
            Col("Assessments", "count", lambda r: r.assessments, numeric=True),
            Col("Evidence", "evidence", lambda r: r.evidence, tooltip=lambda r: r.evidence),
        ],
        _rows(source, "csf"),
        ident=lambda r: f"{r.mission_id}:{r.factor}",
    )


def gaps_model(session: Session, source: Source) -> RecordTable:
    return RecordTable(
        session,
        "milestone partners",
        [
            Col("Milestone", "id", lambda r: r.milestone_id),
            Col("Mission", "mission", lambda r: r.mission_id),
            Col("Delivery partners", "status", lambda r: r.status),
            Col("Who", "who", lambda r: "; ".join(r.partners)),
            Col("Milestone text", "name", lambda r: r.milestone),
        ],
        _rows(source, "partners"),
        ident=lambda r: r.milestone_id,
    )


def pipeline_model(session: Session, source: Source) -> RecordTable:
    return RecordTable(
        session,
        "pipeline",
        [
            Col("Stage", "stage", lambda r: r.stage),
            Col("Initiatives", "count", lambda r: r.count, numeric=True),
            Col("Time in stage", "time", lambda r: r.time_in_stage),
        ],
        _rows(source, "pipeline"),
        ident=lambda r: r.stage,
    )


def plans_model(session: Session, source: Source) -> RecordTable:
    def plan(attr: str) -> Callable[[PlanStatus], Any]:
        return lambda r: "" if r.plan is None else getattr(r.plan, attr)

    return RecordTable(
        session,
        "evaluations view",
        [
            Col("Initiative", "id", lambda r: r.initiative_id, tooltip=lambda r: r.initiative),
            Col("Stage", "stage", lambda r: r.stage),
            Col("Status", "status", lambda r: r.status),
            Col("Decision date", "date", lambda r: _date(r.plan.decision_date) if r.plan else ""),
            Col("Question", "question", plan("question"), tooltip=plan("question")),
            Col("Measure", "measure", plan("measure")),
            Col("Success threshold", "threshold", plan("threshold")),
            Col("Result", "result", plan("result"), tooltip=plan("result")),
            Col("Decision", "decision", plan("decision")),
            Col("Place", "place", lambda r: "; ".join(r.places) or NOT_STATED),
        ],
        _rows(source, "plans"),
        ident=lambda r: r.initiative_id,
    )


def place_model(session: Session, source: Source) -> RecordTable:
    return RecordTable(
        session,
        "place view",
        [
            Col("Place", "place", lambda r: r.place),
            Col("Initiatives", "count", lambda r: r.initiatives, numeric=True),
            Col("Missions", "missions", lambda r: r.missions, numeric=True),
            Col("Cost £m (all years)", "cost", lambda r: r.cost, numeric=True),
            Col("In test or learn", "learning", lambda r: r.in_test_or_learn, numeric=True),
        ],
        _rows(source, "places"),
        ident=lambda r: r.place,
    )


class ContributionMatrix(QAbstractTableModel):
    """Organisations (rows) by mission (columns): the role each plays, blank if none.

    A cell says the role in words; the Missions column counts the missions an organisation
    works across, so collective leadership (or its absence) can be sorted on.
    """

    FIXED = ("Organisation", "Sector", "Missions")

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source
        self.rows: list[Contributor] = []
        self.missions: list[tuple[str, str]] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        health = self.source()
        self.rows = [] if health is None else health.contributors
        self.missions = [] if health is None else health.missions
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + len(self.missions)

    def _title(self, section: int) -> str:
        if section < len(self.FIXED):
            return self.FIXED[section]
        return self.missions[section - len(self.FIXED)][0]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._title(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            k = section - len(self.FIXED)
            if 0 <= k < len(self.missions):
                return self.missions[k][1]
        return None

    def _value(self, c: Contributor, column: int) -> Any:
        if column == 0:
            return c.organisation
        if column == 1:
            return c.sector
        if column == 2:
            return len(c.roles)
        return c.role_in(self.missions[column - len(self.FIXED)][0])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in UNUSED_ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        c = self.rows[index.row()]
        value = self._value(c, index.column())
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            if role == Qt.ItemDataRole.AccessibleTextRole and value == "":
                return f"no role in {self._title(index.column())}"
            return shown(str(value)) if role == Qt.ItemDataRole.DisplayRole else str(value)
        if role == SortRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ObjectRole:
            return c
        if role == IdRole:
            return c.organisation
        return None
