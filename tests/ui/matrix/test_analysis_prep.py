"""The first analysis tab works the engine's arrays out in a worker: the Analysis made
from them is the one a person would get without it, and stale work is not used."""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from stocktake import engine
from stocktake.model import Workbook
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.matrix.analysis_prep import Inputs
from stocktake.ui.session import Session
from stocktake.ui.workspace import LazyTab, analysis_first


def _session(qtbot: QtBot, workbook: Workbook, path) -> Session:  # type: ignore[no-untyped-def]
    s = Session()
    s.set_workbook(workbook, path)
    return s


def _stop(analysis: Analysis) -> None:
    analysis.cancel_all()
    analysis.wait()


def test_prepared_arrays_are_used_only_while_they_fit(
    qtbot: QtBot, workbook: Workbook, sample_path
) -> None:  # type: ignore[no-untyped-def]
    session = _session(qtbot, workbook, sample_path)
    inputs = Inputs.of(session)
    assert inputs is not None
    prepared = inputs.work()
    session.push(session.document.set_balance(0.8))  # moved after the work began
    analysis = Analysis.of(session, prepared)
    try:
        assert analysis.arrays is not prepared.arrays  # stale: made afresh
        fresh = engine.score(analysis.arrays, 0.8)
        assert np.allclose(analysis.table.value, fresh.value)
    finally:
        _stop(analysis)

    other = _session(qtbot, workbook, sample_path)
    ready = Inputs.of(other)
    assert ready is not None
    kept = ready.work()
    analysis = Analysis.of(other, kept)
    try:
        assert analysis.arrays is kept.arrays and analysis.table is kept.table
        assert np.array_equal(analysis.quadrant_codes, kept.quadrant_codes)
        assert np.allclose(analysis.table.value, engine.score(kept.arrays, other.balance).value)
    finally:
        _stop(analysis)


def test_a_tab_prepared_in_the_background_says_so_then_shows_its_page(
    qtbot: QtBot, workbook: Workbook, sample_path
) -> None:  # type: ignore[no-untyped-def]
    session = _session(qtbot, workbook, sample_path)
    threads: list[int] = []
    prepare = analysis_first(session, "portfolio_panel")

    def watched():  # type: ignore[no-untyped-def]
        work, install = prepare()

        def work_here():  # type: ignore[no-untyped-def]
            threads.append(threading.get_ident())
            return work()

        return work_here, install

    tab = LazyTab(lambda: QLabel("the page"), "Optimal portfolio", watched)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.content is None and tab.busy
    assert any(isinstance(w, QLabel) and w.text() == "Opening…" for w in tab.findChildren(QLabel))
    qtbot.waitUntil(lambda: tab.content is not None, timeout=20000)
    assert threads and threads[0] != threading.get_ident()  # the work ran off this thread
    assert isinstance(tab.content, QLabel) and tab.content.text() == "the page"
    assert not tab.busy
    analysis = session.findChild(Analysis, "stocktake-analysis")
    assert isinstance(analysis, Analysis) and analysis.arrays is not None
    _stop(analysis)
