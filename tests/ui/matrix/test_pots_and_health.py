"""Spend by pot on the Portfolio tab, and the mission-health page (CSF, contribution map,
test and learn, place) on the Plan for Change sample: models checked by qtmodeltester,
words read as a person would, the place filter and the overdue flag against a set day."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stocktake.reports.pot_spend import spend_by_pot
from stocktake.ui import staging
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.portfolio_panel import PortfolioPanel
from stocktake.ui.session import Session
from stocktake.ui.views.mission_health import MissionHealthPage

TODAY = dt.date(2026, 1, 15)


def _column(table, title: str) -> list[str]:  # type: ignore[no-untyped-def]
    model = table.proxy
    col = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == title
    )
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_spend_by_pot_shows_the_optimal_portfolio_against_each_envelope(
    qtbot: QtBot, session: Session, analysis: Analysis, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    panel = PortfolioPanel(session)
    qtbot.addWidget(panel)
    box = panel.pot_spend
    qtmodeltester.check(box.model)
    qtmodeltester.check(box.table.proxy)
    qtbot.waitUntil(lambda: box.current, timeout=20000)  # summed in a worker
    wb = session.workbook
    expected = spend_by_pot(wb, analysis.answer.result.chosen)
    assert box.model.rowCount() == len(expected) == 30  # six pots, five years
    shown = dict(
        zip(
            zip(_column(box.table, "Pot"), _column(box.table, "Year"), strict=True),
            _column(box.table, "Spend £m"),
            strict=True,
        )
    )
    for row in expected:
        assert float(shown[row.pot_id, row.year].replace(",", "")) == pytest.approx(
            row.spend, abs=0.01
        )
    status = _column(box.table, "Status")
    assert set(status) <= {
        "within",
        "at the envelope",
        "over: uses money carried from the year before",
        "over its own envelope: met from the pool or carried money",
    }
    # the optimiser respects each pot: spend over an envelope only with carried money,
    # and never more than the year's envelope plus the share of the year before
    flex = {(p.pot_id, p.year): p.envelope * p.flexibility for p in wb.funding_pots}
    years = sorted({p.year for p in wb.funding_pots})
    for row in expected:
        if row.envelope is None or row.pot_id in {p.pot_id for p in wb.funding_pots if p.pooled}:
            continue
        before = years[years.index(row.year) - 1] if years.index(row.year) else None
        allowed = row.envelope + (flex.get((row.pot_id, before), 0.0) if before else 0.0)
        assert row.spend <= allowed + 1e-6, row
    assert "spend £" in box.plot.accessibleDescription()
    assert box.note.text().startswith("6 pots.")


def test_mission_health_page_says_ratings_trends_gaps_and_overdue_plans(
    qtbot: QtBot, session: Session, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    page = MissionHealthPage(session, today=lambda: TODAY)
    qtbot.addWidget(page)
    # the rows are worked out in a worker, then filled in one table per pass
    qtbot.waitUntil(lambda: page.health is not None and staging.pending() == 0, timeout=20000)
    for table in (page.csf, page.matrix, page.gaps, page.pipeline, page.plans, page.places):
        qtmodeltester.check(table.model)
        qtmodeltester.check(table.proxy)
        assert table.table.accessibleName()
    # CSF: five factors for each of five missions, the latest in words with a trend
    assert page.csf.proxy.rowCount() == 25
    ratings = _column(page.csf, "Latest rating")
    assert all(
        r.split(" ", 1)[1] in {"Not in place", "Emerging", "Developing", "Established", "Embedded"}
        for r in ratings
    )
    trends = _column(page.csf, "Trend")
    assert all(t == "steady" or t.startswith(("improving: up ", "worse: down ")) for t in trends)
    assert set(_column(page.csf, "Assessed")) == {"31/12/2025"}
    # test and learn: every stage counted; overdue plans against the injected day
    stages = _column(page.pipeline, "Stage")
    assert stages[:6] == ["Idea", "Test", "Learn", "Scale", "Stopped", "Business as usual"]
    counts = [int(c) for c in _column(page.pipeline, "Initiatives")]
    assert sum(counts) == len(session.workbook.initiatives)
    status = _column(page.plans, "Status")
    overdue = [s for s in status if s.startswith("overdue")]
    assert overdue and any(s.startswith("due in") for s in status)
    assert any(s == "no evaluation plan" for s in status)
    assert f"{len(overdue)} evaluation plans past the decision date" in page.summary.text()
    # place filter: only plans in Wales are left, and all of them name Wales
    everywhere = page.plans.proxy.rowCount()
    page.place.setCurrentText("Wales")
    qtbot.waitUntil(lambda: page.plans.proxy.rowCount() < everywhere)
    assert all("Wales" in p for p in _column(page.plans, "Place"))
    assert page.matrix.proxy.rowCount() < page.matrix.model.rowCount()
    page.place.setCurrentText("All places")
    qtbot.waitUntil(lambda: page.plans.proxy.rowCount() == everywhere)
    # contribution map: one column per mission; milestones with their partners or a gap
    titles = [
        page.matrix.proxy.headerData(c, Qt.Orientation.Horizontal)
        for c in range(page.matrix.proxy.columnCount())
    ]
    assert titles == ["Organisation", "Sector", "Missions", "M1", "M2", "M3", "M4", "M5"]
    assert set(_column(page.gaps, "Delivery partners")) <= {
        "partners named",
        "gap: no delivery partner named",
    }
    assert "M1:" in page.chart.plot.accessibleDescription()
