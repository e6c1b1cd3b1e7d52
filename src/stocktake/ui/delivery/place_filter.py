"""The Delivery tab's place filter: the whole-UK series, or one nation or region's.

Apart from :mod:`.page` so the page only gains a hook: the chooser, which trajectories a
place shows, the sentence that says what is missing ("no readings for Wales") and each
place's chart arrays (made in the background when a result arrives).
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QComboBox, QWidget

from stocktake.app.delivery import STATUS_ORDER, Delivery
from stocktake.delivery.trajectory import Trajectory
from stocktake.model.places import WHOLE_UK
from stocktake.ui.delivery.charts import ChartData, chart_data
from stocktake.ui.matrix.job_runner import JobRunner

WHOLE_UK_LABEL = "Whole UK (no place)"


class PlaceChooser(QComboBox):
    """The whole UK and each place the readings name, nations first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Place")
        self.setToolTip(
            "Show each metric's series and judgement for one nation or region "
            "(from readings that name a place), or the whole-UK series"
        )
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.result: Delivery | None = None
        self.cache: dict[str, dict[str, ChartData]] = {}
        self.runner = JobRunner(self)
        self.addItem(WHOLE_UK_LABEL, WHOLE_UK)

    @property
    def place(self) -> str:
        return str(self.currentData() or WHOLE_UK)

    def follow(self, result: Delivery | None) -> None:
        """A new result: list its places, keeping the choice if it still has readings."""
        if result is self.result:
            return
        self.result = result
        self.cache = {}
        current = self.place
        self.blockSignals(True)
        self.clear()
        self.addItem(WHOLE_UK_LABEL, WHOLE_UK)
        for place in result.places if result is not None else ():
            self.addItem(place, place)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.blockSignals(False)
        if result is not None and result.by_place:
            by_place = result.by_place
            self.runner.start("place charts", lambda _p: _arrays(by_place), self.cache.update)

    def chart_data(self, place: str) -> dict[str, ChartData]:
        """The place's chart arrays by metric ID, once the background job has made them
        (until then the grid makes each chart's as it draws it, one per pass: making
        them all at once blocked the window for 0.3 s on 50,000 readings for Wales)."""
        return self.cache.get(place, {})


def _arrays(by_place: dict[str, dict[str, Trajectory]]) -> dict[str, dict[str, ChartData]]:
    return {p: {mid: chart_data(t) for mid, t in ts.items()} for p, ts in by_place.items()}


def place_view(
    result: Delivery, place: str, mission: str | None, status: str | None
) -> tuple[list[Trajectory], str]:
    """The place's trajectories to chart (metrics with readings there, of the status
    chosen) and the summary sentence, which says in words what has no readings."""
    every = result.for_place(place, mission)
    mine = result.by_place.get(place, {})
    judged = [t for t in every if t.metric.id in mine]
    missing = [t.metric.id for t in every if t.metric.id not in mine]
    shown = [t for t in judged if status is None or t.status.value == status]
    if not judged:
        where = "this mission" if mission else "the workbook"
        return [], f"No readings for {place} in {where}: nothing to chart for {place}."
    counts = Counter(t.status.value for t in judged)
    words = ", ".join(f"{counts[s.value]} {s.value}" for s in STATUS_ORDER if counts[s.value])
    text = f"{place}: {len(shown)} metric(s) shown. {words}."
    if missing:
        listed = ", ".join(missing[:6]) + ("…" if len(missing) > 6 else "")
        text += f" {len(missing)} metric(s) have no readings for {place} ({listed})."
    return shown, text
