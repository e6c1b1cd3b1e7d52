"""The matrix and the dial, driven as a person would: drag, click, keys."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from pytestqt.qtbot import QtBot

from stocktake import engine
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.balance_dial import BalanceDial, RankChart
from stocktake.ui.matrix.matrix_view import MatrixView
from stocktake.ui.session import Session


def _settle(qtbot: QtBot, analysis: Analysis) -> None:
    qtbot.waitUntil(
        lambda: (
            not analysis.running("portfolio")
            and analysis.answer is not None
            and analysis.answer.balance == analysis.session.balance
        ),
        timeout=20000,
    )


def test_dial_keys_change_ranks_and_portfolio_as_the_engine_says(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    dial = BalanceDial(session)
    chart = RankChart(session)
    matrix = MatrixView(session)
    for w in (dial, chart, matrix):
        qtbot.addWidget(w)
    before = list(analysis.table.top(10))
    chosen_before = set(analysis.answer.result.chosen)
    dial.slider.setFocus()
    qtbot.keyClick(dial.slider, Qt.Key.Key_Home)  # all milestone
    assert session.balance == 1.0
    for _ in range(2):
        qtbot.keyClick(dial.slider, Qt.Key.Key_PageUp)  # 0.1 towards long-term each
    assert abs(session.balance - 0.8) < 1e-9
    _settle(qtbot, analysis)
    expected = engine.score(analysis.arrays, 0.8)
    assert analysis.table.top(10) == expected.top(10) != before
    # the rank chart and the matrix's rank numbers are redrawn when the dial pauses
    # (a timer): wait for that to have happened, never for a length of time
    qtbot.waitUntil(lambda: chart.items == expected.top(10), timeout=20000)
    assert chart.marker.value() == session.balance
    # the highlighted portfolio is the engine's optimum at the new balance
    # (to within the solver's certified gap: two equally good sets may both be optimal,
    # and a loaded machine may stop a solve at its time limit)
    opt = engine.optimise(analysis.arrays, expected.value, analysis.problem())
    got = analysis.answer.result
    assert got.value is not None and opt.value is not None
    tolerance = max(got.gap or 0.0, opt.gap or 0.0, 1e-9) * opt.value + 1e-6
    assert abs(got.value - opt.value) <= tolerance
    assert set(got.chosen) != chosen_before
    brushes = matrix.scatter.data["brush"]
    alpha = np.array([b.color().alpha() for b in brushes])
    rows = matrix._shown
    mask = got.chosen_mask
    assert (alpha[mask[rows]] > alpha[~mask[rows]].max()).all()

    # the rank numbers on the matrix are the engine's ranks
    def shown() -> list[str]:
        return sorted((lab.toPlainText() for lab in matrix.rank_labels if lab.isVisible()), key=int)

    qtbot.waitUntil(lambda: shown() == [str(r) for r in range(1, 11)], timeout=20000)
    assert "Balance λ = 0.80" in dial.readout.text()


def test_lasso_selects_the_same_ids_in_the_session(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    matrix = MatrixView(session)
    qtbot.addWidget(matrix)
    matrix.resize(900, 700)
    matrix.show()
    qtbot.waitExposed(matrix)
    vb = matrix.viewbox
    x0, x1, y0, y1 = -3.0, 9.7, 62.0, 103.0
    rect = QRectF(QPointF(x0, y0), QPointF(x1, y1))
    top_left = matrix.plot.mapFromScene(vb.mapViewToScene(QPointF(x0, y1)))
    bottom_right = matrix.plot.mapFromScene(vb.mapViewToScene(QPointF(x1, y0)))
    viewport = matrix.plot.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=top_left)
    for k in range(1, 6):
        qtbot.mouseMove(viewport, top_left + (bottom_right - top_left) * (k / 5))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=bottom_right)
    arrays = analysis.arrays
    # no bubble centre sits within a pixel or so of the rectangle's edges
    assert np.abs(arrays.near_term - x1).min() > 0.3 and np.abs(arrays.long_term - y0).min() > 0.3
    expected = [
        i
        for i, x, y in zip(arrays.ids, arrays.near_term, arrays.long_term, strict=True)
        if x0 <= x <= x1 and y0 <= y <= y1
    ]
    assert expected and sorted(session.selection) == sorted(expected)
    assert sorted(matrix.ids_in(rect)) == sorted(expected)
    # the selection from the session is ringed on the matrix
    assert len(matrix.rings.data) == len(expected)
    session.select(["I-001"])
    assert len(matrix.rings.data) == 1


def test_filters_colour_by_decision_and_tooltip_words(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    matrix = MatrixView(session)
    qtbot.addWidget(matrix)
    assert len(matrix.scatter.data) == 90
    matrix.mission_filter.setCurrentIndex(1)
    m1 = [i for i in session.workbook.initiatives.values() if i.mission_id == "M1"]
    assert len(matrix.scatter.data) == len(m1)
    matrix.mission_filter.setCurrentIndex(0)
    matrix.class_filter.setCurrentIndex(2)  # OFFICIAL-SENSITIVE
    sens = [i for i in session.workbook.initiatives.values() if i.is_sensitive]
    assert len(matrix.scatter.data) == len(sens)
    matrix.class_filter.setCurrentIndex(0)
    matrix.colour_by.setCurrentText("Decision")
    assert "Prioritise" in matrix.legend.text() and "No decision yet" in matrix.legend.text()
    k = analysis.index("I-041")
    tip = matrix._tip(0, 0, k)
    assert "Decision: Scale" in tip and "DCA:" in tip and "Total cost £" in tip
    matrix.set_large_text(True)
    assert matrix.large_text.isChecked()


def test_cut_lines_move_quadrants_undoably(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    matrix = MatrixView(session)
    qtbot.addWidget(matrix)
    before = analysis.quadrant_codes.copy()
    matrix.cut_near.setValue(80)
    assert analysis.cuts == engine.CutLines(80.0, 50.0)
    assert matrix.cut_x.value() == 80.0
    expected = engine.quadrants(analysis.arrays, engine.CutLines(80.0, 50.0))
    assert [engine.matrix.QUADRANT_ORDER[int(c)] for c in analysis.quadrant_codes] == expected
    assert list(analysis.quadrant_codes) != list(before)
    assert session.document.settings.rows()["cut:near-term"] == 80
    session.undo_stack.undo()
    assert analysis.cuts == engine.CutLines() and matrix.cut_near.value() == 50.0
    assert list(analysis.quadrant_codes) == list(before)


def test_a_new_workbook_clears_the_last_portfolio_until_its_own_is_solved(
    qtbot: QtBot, session: Session, analysis: Analysis, sample_path
) -> None:  # type: ignore[no-untyped-def]
    from stocktake.excel.reader import read_workbook

    dial = BalanceDial(session)
    qtbot.addWidget(dial)
    qtbot.waitUntil(lambda: "Optimal portfolio:" in dial.summary.text(), timeout=20_000)
    session.set_workbook(read_workbook(sample_path), sample_path)
    # at once, before the new workbook's solve has even started: no stale portfolio
    assert analysis.answer is None
    assert "Optimal portfolio:" not in dial.summary.text()
    assert "Solving the portfolio…" in dial.summary.text()
    qtbot.waitUntil(lambda: "Optimal portfolio:" in dial.summary.text(), timeout=20_000)
    analysis.wait()
