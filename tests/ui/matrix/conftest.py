"""Fixtures for the matrix panels: the Plan for Change sample in a live session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from stocktake.excel.reader import read_workbook
from stocktake.model import Workbook
from stocktake.ui.matrix.analysis import Analysis
from stocktake.ui.session import Session
from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def sample_path():  # type: ignore[no-untyped-def]
    return SAMPLES / "plan_for_change.xlsx"


@pytest.fixture
def workbook(sample_path) -> Workbook:  # type: ignore[no-untyped-def]
    return read_workbook(sample_path)


@pytest.fixture
def session(qtbot: QtBot, workbook: Workbook, sample_path) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    s = Session()
    s.set_workbook(workbook, sample_path)
    analysis = Analysis.of(s)
    # The first solve and its binding proof both end before the test starts: a solve
    # running across pytest's setup/call boundary sees pytest move fd 1 under it.
    qtbot.waitUntil(
        lambda: analysis.answer is not None and not analysis.running("portfolio"),
        timeout=20000,
    )
    yield s
    analysis.cancel_all()
    analysis.wait()
    s.deleteLater()


@pytest.fixture
def analysis(session: Session) -> Analysis:
    return Analysis.of(session)
