"""The mission-health Place tab on the sample: initiatives and cost by place as a chart
in words, each place's metrics by status, reachable by keyboard, named for a reader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stocktake.excel.reader import read_workbook
from stocktake.ui import staging
from stocktake.ui.session import Session
from stocktake.ui.views.mission_health import MissionHealthPage
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "plan_for_change.xlsx"


@pytest.fixture
def page(qtbot: QtBot) -> Iterator[MissionHealthPage]:
    session = Session()
    session.set_workbook(read_workbook(SAMPLE), SAMPLE)
    page = MissionHealthPage(session, today=lambda: dt.date(2026, 1, 15))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(
        lambda: page.health is not None and staging.pending() == 0 and page.place_chart is not None,
        timeout=20000,
    )
    page.pages.setCurrentIndex(3)
    assert page.pages.tabText(3) == "P&lace"
    yield page
    session.deleteLater()


def _rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    m = table.proxy
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_each_places_metrics_are_counted_by_status(page: MissionHealthPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    table = page.place_statuses
    qtmodeltester.check(table.model)
    assert table.table.accessibleName() == "Metrics by place and status"
    headers = [
        table.proxy.headerData(c, Qt.Orientation.Horizontal)
        for c in range(table.proxy.columnCount())
    ]
    assert headers == [
        "Place",
        "Metrics",
        "On track",
        "At risk",
        "Off track",
        "Not enough data",
    ]
    # The sample's illustrative readings by place: knife crime (MT09) in England, Wales
    # and London, clean power (MT13) in England, Scotland and Wales; London has no
    # trajectory of its own. Each judged as the CLI judges it (tests/cli).
    assert _rows(table) == [
        ["England", "2", "1", "0", "1", "0"],
        ["Scotland", "1", "1", "0", "0", "0"],
        ["Wales", "2", "0", "0", "2", "0"],
        ["London", "1", "0", "0", "0", "1"],
    ]


def test_the_chart_draws_initiatives_and_cost_by_place_in_words(page: MissionHealthPage) -> None:
    chart = page.place_chart
    assert page.health is not None
    places = page.health.places
    assert chart.count_plot.accessibleName() == "Initiatives and cost by place chart"
    bars = next(i for i in chart.count_plot.getPlotItem().items if isinstance(i, pg.BarGraphItem))
    assert list(bars.opts["width"]) == [r.initiatives for r in places]
    cost_bars = next(
        i for i in chart.cost_plot.getPlotItem().items if isinstance(i, pg.BarGraphItem)
    )
    assert list(cost_bars.opts["width"]) == pytest.approx([r.cost for r in places])
    # every bar's figure is written beside it, and the places named on the axis
    figures = [
        i.toPlainText() for i in chart.count_plot.getPlotItem().items if isinstance(i, pg.TextItem)
    ]
    assert figures == [str(r.initiatives) for r in places]
    ticks = chart.count_plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert [t for _y, t in ticks] == [r.place for r in places]
    wales = next(r for r in places if r.place == "Wales")
    words = chart.count_plot.accessibleDescription()
    assert f"Wales: {wales.initiatives} initiatives, £" in words
    assert "Not stated" in words or all(r.place != "Not stated" for r in places)


def test_the_chart_is_reached_by_keyboard(page: MissionHealthPage, qtbot: QtBot) -> None:
    page.activateWindow()
    bar = page.pages.tabBar()
    bar.setFocus()
    qtbot.waitUntil(bar.hasFocus)
    qtbot.keyClick(bar, Qt.Key.Key_Tab)  # from the Place tab's title, the chart is next
    target = page.place_chart.count_plot
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target)
    qtbot.keyClick(target, Qt.Key.Key_Tab)  # and then the initiatives table
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.places.table)
