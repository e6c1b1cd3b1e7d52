"""The Robustness tab's weight spaces: box, simplex and ordering, run off the GUI thread,
shown as rank acceptability and the weights that favour each initiative."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stocktake.app.robustness import RobustnessRequest, default_order, run
from stocktake.engine.smaa import Smaa, WeightSpace, smaa
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.robustness_panel import COLUMNS, RobustnessPanel
from stocktake.ui.session import Session


def test_ordering_mode_runs_in_the_background_and_shows_rank_acceptability(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    panel = RobustnessPanel(session)
    qtbot.addWidget(panel)
    assert analysis.arrays is not None
    # today's weights, heaviest first, are offered as the order
    assert panel.order.text() == " > ".join(default_order(analysis.arrays))
    assert not panel.order.isEnabled()
    panel.mode.setCurrentIndex(panel.mode.findData("ordering"))
    assert panel.order.isEnabled() and not panel.weight_range.isEnabled()
    panel.draws.setValue(2000)
    panel.portfolio_draws.setValue(0)
    with qtbot.waitSignal(analysis.robustness_updated, timeout=60000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        assert analysis.running("robustness")  # a worker, not the GUI thread
    answer = analysis.robustness.answer
    assert answer is not None and answer.smaa.settings.space.mode == "ordering"
    expected = smaa(
        analysis.arrays,
        Smaa(
            WeightSpace("ordering", order=default_order(analysis.arrays)),
            0.4,
            0.6,
            draws=2000,
            seed=answer.smaa.settings.seed,
        ),
    )
    np.testing.assert_array_equal(answer.smaa.acceptability, expected.acceptability)
    # the shares drawn obey the order: the central weights of every winner do too
    first_col = COLUMNS.index("Ranked first")
    rows = {
        panel.table.item(r, 0).data(Qt.ItemDataRole.UserRole): r
        for r in range(panel.table.rowCount())
    }
    best = int(np.argmax(expected.first_share))
    shown = panel.table.item(rows[analysis.arrays.ids[best]], first_col).text()
    assert shown == f"{expected.first_share[best]:.0%}"
    assert "keep the criteria in the stated order" in panel.note.text()
    favour = panel.table.item(
        rows[analysis.arrays.ids[best]], COLUMNS.index("Weights that favour it")
    )
    assert favour.text() and "today" in favour.toolTip()


def test_run_uses_the_same_space_for_the_portfolio_draws(
    session: Session, analysis: Analysis
) -> None:
    arrays = analysis.arrays
    assert arrays is not None
    req = RobustnessRequest(draws=200, mode="simplex", portfolio_draws=3, top_k=10)
    a = run(arrays, session.workbook, analysis.problem(), req)
    b = run(arrays, session.workbook, analysis.problem(), dataclasses.replace(req, mode="box"))
    assert a.portfolio is not None and a.portfolio.draws == 3
    assert b.portfolio is not None
    assert not np.array_equal(a.smaa.top_share, b.smaa.top_share)
    assert a.scores_moved == 0  # the sample gives no score ranges


def test_share_bounds_are_read_in_words_and_a_bad_one_is_named() -> None:
    from stocktake.app.robustness import parse_bounds

    got = parse_bounds("C04 25-50%; C01 0.1-0.4,C02: 5 to 20")
    assert got == {
        "C04": (0.25, 0.5),
        "C01": (0.1, 0.4),
        "C02": (pytest.approx(0.05), pytest.approx(0.2)),
    }
    assert parse_bounds("  ") == {}
    for bad in ("C04 fifty", "C04 60-20%"):
        try:
            parse_bounds(bad)
        except ValueError as exc:
            assert repr(bad) in str(exc)
        else:
            raise AssertionError(f"{bad!r} was accepted")


def test_simplex_with_bounds_from_the_tab(
    qtbot: QtBot, session: Session, analysis: Analysis
) -> None:
    panel = RobustnessPanel(session)
    qtbot.addWidget(panel)
    panel.mode.setCurrentIndex(panel.mode.findData("simplex"))
    panel.bounds.setText("C04 60-80%")
    panel.draws.setValue(500)
    panel.portfolio_draws.setValue(0)
    with qtbot.waitSignal(analysis.robustness_updated, timeout=60000):
        panel.run()
    answer = analysis.robustness.answer
    assert answer is not None
    assert answer.smaa.settings.space.bounds == {"C04": (0.6, 0.8)}
    arrays = analysis.arrays
    assert arrays is not None
    c = arrays.criteria.index("C04")
    shares = answer.smaa.central_top[:, c]
    seen = ~np.isnan(shares)
    assert seen.any() and np.all((shares[seen] >= 0.6) & (shares[seen] <= 0.8))
    tip = panel.table.item(0, COLUMNS.index("Most often at rank")).toolTip()
    assert tip.startswith("Share of draws at each rank: ")
    panel.bounds.setText("C04 lots")
    panel.run()
    assert panel.note.text().startswith("Not run: cannot read the share bound 'C04 lots'")
    assert not analysis.running("robustness")
