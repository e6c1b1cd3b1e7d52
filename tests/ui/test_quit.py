"""Quitting with nothing to save is instant: the window never waits for a running solve."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from stocktake import engine
from stocktake.ui.main_window import MainWindow
from stocktake.ui.matrix.analysis import Analysis
from tests.conftest import SAMPLES


def test_closing_does_not_wait_for_a_portfolio_solve(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    path = SAMPLES / "plan_for_change.xlsx"
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.path == path and window.is_idle(), timeout=20_000)
    window.show()
    analysis = Analysis.of(window.session)
    # the first solve and its binding proof (longer with the sample's funding pots) done
    qtbot.waitUntil(
        lambda: analysis.answer is not None and not analysis.running("portfolio"),
        timeout=30_000,
    )

    real = engine.optimise
    started, release = threading.Event(), threading.Event()
    order: list[str] = []

    def slow_solve(*args, **kwargs):  # type: ignore[no-untyped-def]
        """A solve HiGHS cannot be pulled out of, as a large portfolio's is."""
        started.set()
        release.wait(5)  # had closing waited for the solve, the solve would end first
        order.append("solved")
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "optimise", slow_solve)
    analysis.request_portfolio()
    qtbot.waitUntil(started.is_set, timeout=20_000)  # a loaded box is slow
    assert not window.session.is_dirty
    window.close()
    order.append("closed")
    assert not window.isVisible()
    release.set()
    qtbot.waitUntil(lambda: "solved" in order)
    assert order == ["closed", "solved"]
