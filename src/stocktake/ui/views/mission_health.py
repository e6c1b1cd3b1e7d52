"""The mission-health tab: critical success factors, the contribution map, the
test-and-learn pipeline and place, with one place filter over them.

Laid out for a 1366×768 projector: four pages of one tab, each a table (sortable,
keyboard-reachable, read aloud by name) with its flags in words; the contribution page
adds a chart whose key and axis are words, never colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stocktake.app.mission_health import MissionHealth, mission_health
from stocktake.app.place import ALL_PLACES, NOT_STATED
from stocktake.app.test_and_learn import is_overdue
from stocktake.ui.models.simple_tables import RecordTable
from stocktake.ui.session import Session
from stocktake.ui.staging import IdleStart, later, pending
from stocktake.ui.views.mission_models import (
    ContributionMatrix,
    csf_model,
    gaps_model,
    pipeline_model,
    place_model,
    plans_model,
)
from stocktake.ui.views.place_tab import place_page, place_status_model
from stocktake.ui.views.record_tables import FilteredTable
from stocktake.ui.workers import Task

if TYPE_CHECKING:
    from stocktake.ui.views.contribution_chart import ContributionChart
    from stocktake.ui.views.place_chart import PlaceChart


class MissionHealthPage(QWidget):
    """CSF, contribution map, test and learn, place; ``today`` is injectable for tests."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.health: MissionHealth | None = None
        self.task: Task | None = None
        self._start = IdleStart(self, self._compute)
        self.retired: list[Task] = []
        self.setAccessibleName("Mission health")
        self.place = QComboBox(self)
        self.place.setAccessibleName("Place filter")
        # Wide enough for the longest name ("Yorkshire and the Humber"), not clipped.
        self.place.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.place.setToolTip("Show only initiatives and organisations in this nation or region")
        place_label = QLabel("Nation or re&gion:", self)
        place_label.setBuddy(self.place)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Mission health summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        def source() -> MissionHealth | None:
            return self.health

        self.csf = FilteredTable(
            csf_model(session, source), "Critical success factors", parent=self
        )
        self.matrix_model = ContributionMatrix(source)
        self.matrix = FilteredTable(
            self.matrix_model,
            "Contribution map: organisations by mission",
            places=lambda c: c.places or {NOT_STATED},
            parent=self,
        )
        self.gaps = FilteredTable(
            gaps_model(session, source), "Delivery partners by milestone", parent=self
        )
        # The chart (a pyqtgraph plot, slow to make) is made in a pass of its own once
        # the worker has loaded pyqtgraph (its first import takes about a second)
        self.chart_holder = QWidget(self)
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        self.chart: ContributionChart | None = None
        self.pipeline = FilteredTable(
            pipeline_model(session, source), "Test-and-learn pipeline", parent=self
        )
        self.plans = FilteredTable(
            plans_model(session, source),
            "Evaluation plans and decisions",
            places=lambda p: p.places or (NOT_STATED,),
            parent=self,
        )
        self.places = FilteredTable(
            place_model(session, source), "Initiatives by place", parent=self
        )
        self.place_statuses = FilteredTable(
            place_status_model(session, source), "Metrics by place and status", parent=self
        )
        self.place_chart_holder = QWidget(self)
        QVBoxLayout(self.place_chart_holder).setContentsMargins(0, 0, 0, 0)
        self.place_chart: PlaceChart | None = None

        self.pages = QTabWidget(self)
        self.pages.setAccessibleName("Mission health pages")
        self.pages.addTab(self.csf, "Critical success f&actors")
        self.pages.addTab(self._contribution_page(), "Contri&bution map")
        self.pages.addTab(self._learning_page(), "Test and lea&rn")
        self.pages.addTab(
            place_page(self, self.places, self.place_statuses, self.place_chart_holder), "P&lace"
        )

        top = QHBoxLayout()
        top.addWidget(place_label)
        top.addWidget(self.place)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.place.currentTextChanged.connect(self.set_place)
        session.workbook_loaded.connect(self.recompute)
        session.readings_loaded.connect(self.recompute)  # each place's metric statuses
        self.recompute()

    def recompute(self) -> None:
        """Work out every table's rows in a worker; fill the tables when it is done."""
        if self.task is not None:
            self.task.cancel()
            # Kept until it ends: a task dropped while it runs takes its signals with it,
            # and its last emit fails in the worker ("Signal source has been deleted").
            self.retired = [t for t in self.retired if not t.done.is_set()] + [self.task]
        self.health = None
        wb = self.session.workbook
        if wb is None:
            self.refresh()
            self._make_charts()
            return
        self.summary.setText("Working out the mission-health tables…")
        # Started once the page is made and painted (a worker competes with the page's
        # own passes for the interpreter lock)
        self._start.request()

    def _compute(self) -> None:
        wb = self.session.workbook
        if wb is None or self.health is not None:
            return
        today = self.today()

        def work(_progress: object) -> MissionHealth:
            import pyqtgraph  # noqa: F401  (loaded here, off the GUI thread, for the chart)

            return mission_health(wb, today)

        self.task = Task(work, "the mission-health tables")
        self.task.signals.finished.connect(self._computed)
        self.task.start()

    def _computed(self, health: MissionHealth) -> None:
        if self.session.workbook is None:
            return
        self.health = health
        self._make_charts()
        # one table per event-loop pass, so no pass is long on a large workbook
        tables = (self.csf, self.gaps, self.pipeline, self.plans, self.places, self.place_statuses)
        for table in tables:
            later(self, cast(RecordTable, table.model).reload)
        later(self, self.matrix_model.reload)
        later(self, self.refresh)

    def _contribution_page(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.matrix)
        lower = QSplitter(Qt.Orientation.Horizontal, split)
        lower.setChildrenCollapsible(False)
        lower.addWidget(self.chart_holder)
        lower.addWidget(self.gaps)
        lower.setSizes([2000, 3000])  # the chart needs room for a pair of bars per mission
        split.addWidget(lower)
        split.setSizes([3000, 2000])  # shares, not pixels: Qt scales them to the room
        return split

    def _make_charts(self) -> None:
        """The two charts, each in a pass of its own, once the worker has loaded
        pyqtgraph: made sooner, the page's first show waited for that import (the
        import lock) for most of a second."""
        if self.chart is None:
            later(self, self._make_chart)
        if self.place_chart is None:
            later(self, self._make_place_chart)

    def _make_chart(self) -> None:
        from stocktake.ui.views.contribution_chart import ContributionChart

        if self.chart is not None:
            return
        self.chart = ContributionChart(self.matrix_model, self.chart_holder)
        layout = self.chart_holder.layout()
        assert layout is not None
        layout.addWidget(self.chart)

    def _make_place_chart(self) -> None:
        from stocktake.ui.views.place_chart import PlaceChart

        if self.place_chart is not None:
            return
        self.place_chart = PlaceChart(lambda: self.health.places if self.health else [], self)
        self.places.model.modelReset.connect(self.place_chart.refresh)
        later(self, self.place_chart.refresh)
        layout = self.place_chart_holder.layout()
        assert layout is not None
        layout.addWidget(self.place_chart)
        # Tab from the page's tab bar reaches the chart before the tables, which keep
        # Tab for moving between their cells.
        QWidget.setTabOrder(self.pages.tabBar(), self.place_chart.count_plot)
        QWidget.setTabOrder(self.place_chart.count_plot, self.places.table)

    @property
    def busy(self) -> bool:
        """Computing, or tables still being filled (screenshots wait on it)."""
        return (self.session.workbook is not None and self.health is None) or pending() > 0

    def _learning_page(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.pipeline)
        split.addWidget(self.plans)
        split.setSizes([1000, 3000])
        return split

    def refresh(self) -> None:
        """New workbook: the place list and the summary of flags."""
        health = self.health
        current = self.place.currentText() or ALL_PLACES
        self.place.blockSignals(True)
        self.place.clear()
        self.place.addItems([ALL_PLACES, *(health.place_names if health is not None else [])])
        found = self.place.findText(current)
        self.place.setCurrentIndex(max(found, 0))
        self.place.blockSignals(False)
        self.set_place(self.place.currentText())
        if health is None:
            self.summary.setText("")
            return
        overdue = sum(1 for p in health.plans if is_overdue(p))
        gaps = sum(1 for m in health.partners if not m.partners)
        self.summary.setText(
            f"{overdue} evaluation plan{'s' if overdue != 1 else ''} past the decision date; "
            f"{gaps} milestone{'s' if gaps != 1 else ''} with no delivery partner named."
        )

    def set_place(self, place: str) -> None:
        for table in (self.matrix, self.plans):
            table.proxy.set_place(place or ALL_PLACES)
