"""Monte Carlo in the background, scenarios through save and reopen, PNG exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from stocktake import engine
from stocktake.excel.reader import read_workbook
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.balance_dial import RankChart
from stocktake.ui.matrix.export import export_png
from stocktake.ui.matrix.matrix_view import MatrixView
from stocktake.ui.matrix.portfolio_panel import PortfolioPanel
from stocktake.ui.matrix.robustness_panel import COLUMNS, RobustnessPanel
from stocktake.ui.matrix.scenarios import ScenariosPanel
from stocktake.ui.session import Session

READING = COLUMNS.index("Reading")


def test_monte_carlo_runs_in_background_and_marks_fragile_choices(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    panel = RobustnessPanel(session)
    matrix = MatrixView(session)
    qtbot.addWidget(panel)
    qtbot.addWidget(matrix)
    panel.draws.setValue(3000)
    panel.portfolio_draws.setValue(0)
    with qtbot.waitSignal(analysis.robustness_updated, timeout=60000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        assert panel.cancel_button.isEnabled()
    expected = engine.rank_acceptability(
        analysis.arrays, 10, engine.Uncertainty.around(0.5, 0.1, weight_range=0.2, draws=3000)
    )
    got = analysis.robustness.top
    assert (got.share == expected.share).all()
    assert panel.table.rowCount() == 90 and panel.progress.value() == 3000
    best = panel.table.item(0, 2).text()
    assert best == f"{expected.share.max():.0%}"
    fragile = analysis.fragile_mask()
    assert fragile.any() and len(matrix.fragile.data) == int(fragile.sum())
    assert "fragile" in matrix.legend.text()


def test_monte_carlo_can_be_cancelled(qtbot: QtBot, session: Session, analysis: Analysis) -> None:
    panel = RobustnessPanel(session)
    qtbot.addWidget(panel)
    panel.draws.setValue(100_000)
    panel.portfolio_draws.setValue(2000)
    panel.run()
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=20000)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert not analysis.running("robustness") and panel.run_button.isEnabled()
    analysis.wait()
    assert analysis.robustness.top is None


def test_scenario_compare_lists_what_enters_and_leaves_and_round_trips(
    qtbot: QtBot, session: Session, analysis: Analysis, tmp_path: Path, sample_path: Path
) -> None:
    panel = ScenariosPanel(session)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.name, "Even")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    session.set_balance(0.9)
    year = next(iter(analysis.state.budgets))
    analysis.set_budget(year, analysis.state.budgets[year] * 0.8)
    analysis.force_in("I-031", "Manifesto commitment")
    panel.name.setText("Milestone first, tighter")
    panel.save_current()
    assert sorted(analysis.scenarios) == ["Even", "Milestone first, tighter"]
    panel.first.setCurrentText("Even")
    panel.second.setCurrentText("Milestone first, tighter")
    with qtbot.waitSignal(analysis.compare_done, timeout=60000):
        qtbot.mouseClick(panel.compare_button, Qt.MouseButton.LeftButton)
    _, diffs = engine.compare(
        analysis.arrays,
        [analysis.scenarios["Even"], analysis.scenarios["Milestone first, tighter"]],
    )
    d = diffs[1]
    assert d.entering and d.leaving
    assert panel.entering.text().startswith(
        f"Enter in 'Milestone first, tighter' ({len(d.entering)}): {d.entering[0]}"
    )
    assert f"({len(d.leaving)}): {d.leaving[0]}" in panel.leaving.text()
    assert panel.table.item(2, 1).text() == f"{d.base_value:,.1f}"
    assert panel.table.item(2, 2).text() == f"{d.value:,.1f}"
    # save a copy of the workbook, reopen it, and the scenarios are back
    path = tmp_path / "copy.xlsx"
    session.save_job(target=path).run()
    again = Session()
    again.set_workbook(read_workbook(path), path)
    other = Analysis.of(again)
    try:
        assert other.scenarios == analysis.scenarios
        assert other.state == analysis.state and again.balance == 0.9
    finally:
        other.cancel_all()
        other.wait()
        again.deleteLater()


def test_png_exports_are_images_of_the_requested_size(
    qtbot: QtBot, session: Session, analysis: Analysis, tmp_path: Path
) -> None:
    matrix, chart, portfolio = MatrixView(session), RankChart(session), PortfolioPanel(session)
    for w in (matrix, chart, portfolio):
        qtbot.addWidget(w)
        w.resize(800, 600)
    with qtbot.waitSignal(analysis.frontier_updated, timeout=60000):
        portfolio.compute_frontier()
    for name, plot, (w, h) in (
        ("matrix", matrix.plot, (1600, 1200)),
        ("rank", chart.plot, (1200, 500)),
        ("frontier", portfolio.frontier_plot, (1000, 700)),
    ):
        path = export_png(plot, tmp_path / f"{name}.png", w, h)
        image = QImage(str(path))
        assert (image.width(), image.height()) == (w, h)
        assert path.stat().st_size > 5000
        # not blank: several distinct colours were drawn on the white background
        colours = {image.pixel(x, y) for x in range(0, w, 7) for y in range(0, h, 7)}
        assert len(colours) > 10


def test_the_reading_names_the_share_it_reads(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    """With no uncertainty every draw is today's ranking: the top 10, worked out here by
    hand from the two values, are in the top set in 100% of draws and must never be
    read as "rarely in", even one kept out of the portfolio."""
    import numpy as np

    arrays = analysis.arrays
    value = 0.5 * arrays.near_term + 0.5 * arrays.long_term
    tenth = np.sort(value)[::-1][9]
    surely_top = [arrays.ids[i] for i in np.flatnonzero(value > tenth)]
    kept_out = surely_top[0]
    analysis.force_out(kept_out, "test: kept out of the portfolio")
    panel = RobustnessPanel(session)
    qtbot.addWidget(panel)
    panel.draws.setValue(200)
    panel.portfolio_draws.setValue(5)
    panel.weight_range.setValue(0)
    panel.balance_range.setValue(0)
    with qtbot.waitSignal(analysis.robustness_updated, timeout=60000):
        panel.run()
    rows = {
        panel.table.item(r, 0).data(Qt.ItemDataRole.UserRole): r
        for r in range(panel.table.rowCount())
    }
    for iid in surely_top:
        r = rows[iid]
        assert panel.table.item(r, 2).text() == "100%"
        words = panel.table.item(r, READING).text()
        assert words.startswith("Robust in the top 10"), words
        assert "rarely in the top" not in words.lower()
    words = panel.table.item(rows[kept_out], READING).text()
    assert panel.table.item(rows[kept_out], 3).text() == "0%"
    assert "rarely in the portfolio" in words and "Robust in the top 10" in words
    assert "share of those draws" in panel.note.text()  # what the share means, in words
