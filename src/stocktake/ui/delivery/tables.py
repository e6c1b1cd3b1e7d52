"""The Delivery tab's tables: line of sight by metric and by initiative, basket advice.

Each is a :class:`~stocktake.ui.models.simple_tables.RecordTable` (the project's one
column-spec table model) over rows the background job computed; :class:`ResultTable`
only adds where those rows come from and the status colour beside the status word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from stocktake.delivery.basket import Advice
from stocktake.delivery.line_of_sight import InitiativeSight, MetricSight
from stocktake.delivery.trajectory import Trajectory
from stocktake.model.colours import STATUS_FILL
from stocktake.ui.models.simple_tables import Col, Index, RecordTable
from stocktake.ui.session import Session


class ResultTable(RecordTable):
    """A table over computed rows: :meth:`show` replaces them (cheap: a model reset)."""

    def __init__(self, session: Session, kind: str, columns: Sequence[Col], ident: Any) -> None:
        self._holder: list[Any] = []
        holder = self._holder
        super().__init__(session, kind, columns, lambda _wb: list(holder), ident=ident)

    def show(self, rows: Sequence[Any]) -> None:
        self._holder[:] = rows
        self.reload()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and self.columns[index.column()].key == "status"
        ):
            status = self.columns[index.column()].get(self.rows[index.row()])
            return QColor(STATUS_FILL[status]) if status in STATUS_FILL else None
        return super().data(index, role)


@dataclass(frozen=True, slots=True)
class MetricRow:
    """One metric's line of sight with its trajectory status, for the table."""

    trajectory: Trajectory
    sight: MetricSight

    @property
    def id(self) -> str:
        return self.trajectory.metric.id


def _share(row: MetricRow) -> float | None:
    share = row.sight.share
    return None if share is None else round(100 * share, 1)


def metric_sight_table(session: Session) -> ResultTable:
    return ResultTable(
        session,
        "line_of_sight",
        [
            Col("ID", "id", lambda r: r.id),
            Col("Mission", "mission_id", lambda r: r.trajectory.metric.mission_id),
            Col("Metric", "name", lambda r: r.trajectory.metric.name),
            Col(
                "Status",
                "status",
                lambda r: r.trajectory.status.value,
                tooltip=lambda r: r.trajectory.judgement.reason,
            ),
            Col(
                "Initiatives",
                "initiatives",
                lambda r: "; ".join(c.initiative_id for c in r.sight.contributions) or "none",
            ),
            Col(
                "Gap closed (%)",
                "share",
                _share,
                numeric=True,
                tooltip=lambda r: (
                    "Share of the gap to target the initiatives are expected "
                    "to close (their stated changes, in the metric's good direction)"
                ),
            ),
            Col(
                "Line of sight",
                "reason",
                lambda r: r.sight.reason,
                tooltip=lambda r: r.sight.reason,
            ),
        ],
        ident=lambda r: r.id,
    )


def initiative_sight_table(session: Session) -> ResultTable:
    def name(s: InitiativeSight) -> str:
        wb = session.workbook
        ini = wb.initiatives.get(s.initiative_id) if wb is not None else None
        return ini.name if ini is not None else ""

    return ResultTable(
        session,
        "initiative_sight",
        [
            Col("ID", "id", lambda s: s.initiative_id),
            Col("Initiative", "name", name),
            Col("Metrics moved", "count", lambda s: len(s.contributions), numeric=True),
            Col("Contributes", "reason", lambda s: s.reason, tooltip=lambda s: s.reason),
        ],
        ident=lambda s: s.initiative_id,
    )


ADVICE_WORDS = {
    "keep": "In the smallest basket",
    "redundant": "Possibly redundant",
    "unlinked": "Tied to no milestone",
    "uncovered": "Milestone with no metric",
}


def advice_table(session: Session) -> ResultTable:
    def word(a: Advice) -> str:
        return ADVICE_WORDS.get(a.kind, a.kind)

    return ResultTable(
        session,
        "basket",
        [
            Col("Advice", "kind", word),
            Col("About", "subject", lambda a: a.subject),
            Col("Why", "reason", lambda a: a.reason, tooltip=lambda a: a.reason),
        ],
        ident=lambda a: f"{a.kind}:{a.subject}:{a.related}",
    )
