"""Numbers as a UK reader expects them: thousands separated by commas, no exponents,
the metric's unit beside the number."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stocktake.ui.models.simple_tables import metrics_model, uk_number, with_unit
from stocktake.ui.session import Session
from tests.ui.matrix.conftest import *  # noqa: F403  (the live sample session)

UK = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_any_number_reads_the_uk_way_and_means_the_same(value: float) -> None:
    text = uk_number(value)
    assert "e" not in text.lower() and UK.fullmatch(text), text
    back = float(text.replace(",", ""))
    # as many decimals as are shown: whole numbers from 1,000, two below, four below 1
    tolerance = 0.5 if abs(value) >= 1000 or back == int(back) else 0.005
    if abs(value) < 1:
        tolerance = 0.00005
    assert abs(back - value) <= tolerance + 1e-9 * abs(value)
    if abs(value) >= 1000:  # the digits are the rounded number's, grouped in threes
        assert text.replace(",", "") == str(round(value))


def test_units_sit_where_a_reader_expects() -> None:
    assert with_unit("58.8", "%") == "58.8%"
    assert with_unit("1.8", "% q/q") == "1.8% q/q"
    assert with_unit("186,600", "dwellings") == "186,600 dwellings"
    assert with_unit("", "dwellings") == ""


def test_the_metrics_tab_shows_numbers_with_their_units(qtbot: QtBot, session: Session) -> None:
    model = metrics_model(session)
    horizontal = Qt.Orientation.Horizontal
    col = next(
        c for c in range(model.columnCount()) if model.headerData(c, horizontal) == "Baseline"
    )
    shown = [model.index(r, col).data() for r in range(model.rowCount())]
    wb = session.workbook
    metric = next(m for m in wb.metrics.values() if m.baseline and m.baseline >= 1e5)
    row = list(wb.metrics).index(metric.id)
    assert shown[row] == f"{metric.baseline:,.0f} {metric.unit}"
    assert not any("e+" in text for text in shown)
