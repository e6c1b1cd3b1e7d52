"""The mission-health page's Place tab: initiatives by place (a table, and the same as a
bar chart: :mod:`.place_chart`), and each place's metrics counted by status."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget

from stocktake.ui.models.simple_tables import Col, RecordTable
from stocktake.ui.session import Session
from stocktake.ui.views.mission_models import Source, _rows
from stocktake.ui.views.record_tables import FilteredTable


def place_status_model(session: Session, source: Source) -> RecordTable:
    """Per place with readings: how many metrics are in each status (status words as
    the column titles, so the table needs no colour)."""
    return RecordTable(
        session,
        "place metric statuses",
        [
            Col("Place", "place", lambda r: r.place),
            Col("Metrics", "metrics", lambda r: r.metrics, numeric=True),
            Col("On track", "on_track", lambda r: r.on_track, numeric=True),
            Col("At risk", "at_risk", lambda r: r.at_risk, numeric=True),
            Col("Off track", "off_track", lambda r: r.off_track, numeric=True),
            Col("Not enough data", "no_data", lambda r: r.no_data, numeric=True),
        ],
        _rows(source, "place_statuses"),
        ident=lambda r: r.place,
    )


def place_page(
    parent: QWidget, places: FilteredTable, statuses: FilteredTable, chart: QWidget
) -> QWidget:
    """The Place tab: the initiatives table over the chart and the metric statuses."""
    split = QSplitter(Qt.Orientation.Vertical, parent)
    split.setChildrenCollapsible(False)
    split.addWidget(places)
    lower = QSplitter(Qt.Orientation.Horizontal, split)
    lower.setChildrenCollapsible(False)
    lower.addWidget(chart)
    lower.addWidget(statuses)
    lower.setSizes([3000, 2000])
    split.addWidget(lower)
    split.setSizes([2000, 3000])  # shares, not pixels: Qt scales them to the room
    return split
