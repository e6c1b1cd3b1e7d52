"""The Delivery tab: a mission's metrics on their trajectories, line of sight, basket.

The picture (:func:`stocktake.app.delivery.delivery`: pandas over every reading, a set
cover) is computed in the background whenever a workbook or its readings arrive; the
page only filters what it was given, by mission and by status, which is cheap.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

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

from stocktake.app.delivery import STATUS_ORDER, Delivery, delivery, sight_in
from stocktake.delivery.line_of_sight import LineOfSight
from stocktake.ui import heap
from stocktake.ui.delivery.charts import (
    LEGEND_HTML,
    PLOT_HEIGHT,
    ChartData,
    TrajectoryGrid,
    chart_data,
)
from stocktake.ui.delivery.place_filter import PlaceChooser, place_view
from stocktake.ui.delivery.tables import (
    MetricRow,
    advice_table,
    initiative_sight_table,
    metric_sight_table,
)
from stocktake.ui.matrix.job_runner import JobRunner
from stocktake.ui.session import Session
from stocktake.ui.staging import IdleStart
from stocktake.ui.views.tables_view import RecordTableView

ALL = ""


class DeliveryPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName("Delivery")
        self.result: Delivery | None = None
        self.shown_sight: LineOfSight | None = None
        self.chart_data: dict[str, ChartData] = {}
        self.runner = JobRunner(self)
        self._start = IdleStart(self, self._compute)  # after the page's own passes
        self.mission = QComboBox()
        self.mission.setAccessibleName("Mission")
        self.mission.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.mission.setMinimumContentsLength(24)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        self.status.addItem("Every status", ALL)
        for s in STATUS_ORDER:
            self.status.addItem(s.value.capitalize(), s.value)
        self.place = PlaceChooser()
        self.summary = QLabel("Working out each metric's trajectory…")
        self.summary.setAccessibleName("Delivery summary")
        self.summary.setWordWrap(True)
        self.grid = TrajectoryGrid()
        self.metric_table = metric_sight_table(session)
        self.initiative_table = initiative_sight_table(session)
        self.advice = advice_table(session)
        self.metric_view = RecordTableView(self.metric_table, "Line of sight by metric")
        self.initiative_view = RecordTableView(self.initiative_table, "Line of sight by initiative")
        self.advice_view = RecordTableView(self.advice, "Smallest basket advice")
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        self.flags.setAccessibleName("Line of sight gaps")
        self.side = QTabWidget()
        self.side.setAccessibleName("Line of sight and basket")
        by_metric = QWidget()
        col = QVBoxLayout(by_metric)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.flags)
        col.addWidget(self.metric_view, 1)
        self.side.addTab(by_metric, "Line of sight")
        self.side.addTab(self.initiative_view, "By initiative")
        self.side.addTab(self.advice_view, "Smallest basket")
        bar = QHBoxLayout()
        boxes = (("&Mission:", self.mission), ("S&tatus:", self.status), ("Pl&ace:", self.place))
        for label, box in boxes:
            text = QLabel(label)
            text.setBuddy(box)
            bar.addWidget(text)
            bar.addWidget(box)
        bar.addWidget(self.summary, 1)
        charts = QWidget()
        stack = QVBoxLayout(charts)
        stack.setContentsMargins(0, 0, 0, 0)
        key = QLabel(LEGEND_HTML)
        key.setAccessibleName("Chart key")
        stack.addWidget(key)
        stack.addWidget(self.grid, 1)
        body = QSplitter(Qt.Orientation.Vertical)
        body.setChildrenCollapsible(False)
        body.addWidget(charts)
        body.addWidget(self.side)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        # Two rows of charts over the tables to begin with (the tables' own size hints
        # would otherwise take most of the height and crop the charts).
        body.setSizes([2 * PLOT_HEIGHT + 40, PLOT_HEIGHT])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(body, 1)
        self.mission.currentIndexChanged.connect(lambda _i: self._filter())
        self.status.currentIndexChanged.connect(lambda _i: self._filter())
        self.place.currentIndexChanged.connect(lambda _i: self._filter())
        session.workbook_loaded.connect(self.refresh)
        session.readings_loaded.connect(self.refresh)
        self.refresh()

    @property
    def busy(self) -> bool:
        """Computing, or charts still being drawn (screenshots and tests wait on it)."""
        return self._start.queued or self.runner.running("delivery") or self.grid.pending > 0

    # -- computing ------------------------------------------------------------------------
    def refresh(self) -> None:
        wb = self.session.workbook
        if wb is None:
            self.result = None
            self._filter()
            return
        self.summary.setText("Working out each metric's trajectory…")
        heap.settle()  # a full collection while the charts are made froze the window
        # Started once the page is made and painted: the worker's first step (pandas
        # over every reading) holds the interpreter lock in long native calls, and
        # started at once it held the page's first show for up to 230 ms (bench_gui).
        self._start.request()

    def _compute(self) -> None:
        wb = self.session.workbook
        if wb is None:
            return

        def work(_progress: object) -> tuple[Delivery, dict[str, ChartData]]:
            import pyqtgraph  # noqa: F401  (loaded here, off the GUI thread, for the charts)

            result = delivery(wb)
            return result, {m: chart_data(t) for m, t in result.trajectories.items()}

        self.runner.start("delivery", work, self._computed)

    def _computed(self, computed: tuple[Delivery, dict[str, ChartData]]) -> None:
        result, self.chart_data = computed
        self.result = result
        wb = self.session.workbook
        current = self.mission.currentData()
        self.mission.blockSignals(True)
        self.mission.clear()
        self.mission.addItem("Every mission", ALL)
        for mid, m in wb.missions.items() if wb is not None else ():
            self.mission.addItem(f"{mid} {m.name}", mid)
        index = self.mission.findData(current) if current is not None else -1
        # First time: the first mission with metrics (a dashboard of one mission).
        if index < 0:
            with_metrics = {t.metric.mission_id for t in result.trajectories.values()}
            index = next(
                (
                    i
                    for i in range(1, self.mission.count())
                    if self.mission.itemData(i) in with_metrics
                ),
                0,
            )
        self.mission.setCurrentIndex(index)
        self.mission.blockSignals(False)
        self.shown_sight = None
        self._filter()

    def _show_sight(self, sight: LineOfSight) -> None:
        """The flags and the by-initiative table for the whole UK or one place (only
        when the place changes: 10,000 initiatives are a model reset)."""
        if sight is self.shown_sight:
            return
        self.shown_sight = sight
        unmoved, idle = sight.unmoved_metrics, sight.idle_initiatives
        where = f" in {sight.place} (or UK-wide)" if sight.place else ""
        self.flags.setText(
            f"{len(unmoved)} metric(s) no initiative{where} is expected to move"
            + (f" ({', '.join(unmoved[:8])}{'…' if len(unmoved) > 8 else ''})" if unmoved else "")
            + f"; {len(idle):,} initiative(s){where} move no metric."
        )
        self.initiative_table.show(list(sight.initiatives.values()))

    # -- filtering ------------------------------------------------------------------------
    def _filter(self) -> None:
        result = self.result
        if result is None:
            self.grid.show_trajectories([])
            self.metric_table.show([])
            self.advice.show([])
            return
        mission = self.mission.currentData() or None
        status = self.status.currentData() or None
        self.place.follow(result)
        if self.place.place:
            self._filter_place(result, mission, status)
            return
        shown = [
            t for t in result.for_mission(mission) if status is None or t.status.value == status
        ]
        self._show_sight(result.sight)
        self.grid.show_trajectories(shown, self.chart_data)
        self.metric_table.show([MetricRow(t, result.sight.metrics[t.metric.id]) for t in shown])
        wb = self.session.workbook
        self.advice.show(
            [a for a in result.basket.advice if self._in_mission(a.subject, mission, wb)]
        )
        counts = Counter(t.status.value for t in result.for_mission(mission))
        words = ", ".join(f"{counts[s.value]} {s.value}" for s in STATUS_ORDER if counts[s.value])
        self.summary.setText(
            f"{len(shown)} metric(s) shown. {words or 'No metrics'}. Basket: "
            f"{len(result.basket.smallest)} metric(s) cover every milestone that has one."
        )

    def _filter_place(self, result: Delivery, mission: str | None, status: str | None) -> None:
        """One place's series: its charts and judgements, and its line of sight (the
        initiatives there and UK-wide, its own gap: docs/delivery.md); basket advice
        stays the whole UK's (milestones are UK-wide)."""
        place = self.place.place
        shown, text = place_view(result, place, mission, status)
        self.grid.show_trajectories(shown, self.place.chart_data(place))
        wb = self.session.workbook
        sight = sight_in(result, wb, place) if wb is not None else result.sight
        self._show_sight(sight)
        self.metric_table.show([MetricRow(t, sight.metrics[t.metric.id]) for t in shown])
        self.advice.show(
            [a for a in result.basket.advice if self._in_mission(a.subject, mission, wb)]
        )
        self.summary.setText(text)

    @staticmethod
    def _in_mission(subject: str, mission: str | None, wb: Any) -> bool:
        if mission is None or wb is None:
            return True
        owner = wb.metrics.get(subject) or wb.milestones.get(subject)
        return owner is None or owner.mission_id == mission
