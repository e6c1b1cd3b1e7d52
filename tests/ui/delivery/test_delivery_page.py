"""The Delivery tab on the sample workbook: charts, filters, line of sight, basket."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stocktake.ui.delivery.page import DeliveryPage
from stocktake.ui.main_window import MainWindow


def _page(qtbot: QtBot, path: Path) -> tuple[MainWindow, DeliveryPage]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.ask = lambda *a: None  # type: ignore[method-assign,assignment]
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.path == path and window.is_idle(), timeout=15_000)
    window.tabs.setCurrentWidget(window.delivery_tab)
    page = window.delivery_tab.build()
    assert isinstance(page, DeliveryPage)
    qtbot.waitUntil(lambda: page.result is not None and page.grid.pending == 0, timeout=15_000)
    return window, page


def _column(model, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    c = next(i for i, col in enumerate(model.columns) if col.key == key)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def test_a_missions_metrics_are_charted_with_their_status(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, sample_copy())
    first = page.mission.currentData()
    assert first == "M1"  # a dashboard of one mission to begin with
    ids = _column(page.metric_table, "id")
    assert ids and all(window.session.workbook.metrics[i].mission_id == "M1" for i in ids)
    assert len(page.grid.plots) == len(ids)
    statuses = _column(page.metric_table, "status")
    assert set(statuses) <= {"on track", "at risk", "off track", "not enough data"}
    titles = [p.titleLabel.text for p in page.grid.plots]
    assert all(s in t for s, t in zip(statuses, titles, strict=True))
    status_col = next(i for i, c in enumerate(page.metric_table.columns) if c.key == "status")
    fill = page.metric_table.index(0, status_col).data(Qt.ItemDataRole.BackgroundRole)
    assert fill is not None  # the word has its colour too
    assert "metric(s) shown" in page.summary.text()


def test_filters_by_mission_and_status(qtbot: QtBot, sample_copy) -> None:  # type: ignore[no-untyped-def]
    _window, page = _page(qtbot, sample_copy())
    page.mission.setCurrentIndex(page.mission.findData(""))  # every mission
    qtbot.waitUntil(lambda: page.grid.pending == 0)
    every = page.metric_table.rowCount()
    assert every == 15
    page.status.setCurrentIndex(page.status.findData("off track"))
    qtbot.waitUntil(lambda: page.grid.pending == 0)
    off = _column(page.metric_table, "status")
    assert off and set(off) == {"off track"} and len(off) < every
    assert len(page.grid.plots) == len(off)


def test_line_of_sight_and_basket_tables(qtbot: QtBot, qtmodeltester, sample_copy) -> None:  # type: ignore[no-untyped-def]
    _window, page = _page(qtbot, sample_copy())
    page.mission.setCurrentIndex(page.mission.findData(""))
    for model in (page.metric_table, page.initiative_table, page.advice):
        qtmodeltester.check(model)
    reasons = _column(page.metric_table, "reason")
    assert any("gap to target" in r for r in reasons)
    assert any(r.startswith("no initiative is expected to move") for r in reasons)
    assert "move no metric" in page.flags.text()
    advice = _column(page.advice, "kind")
    assert "In the smallest basket" in advice and "Possibly redundant" in advice
    assert page.initiative_table.rowCount() == 90
