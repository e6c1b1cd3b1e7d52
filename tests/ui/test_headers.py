"""Column titles across the top of the tables that keep them in a list; no row numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt

from stocktake.ui.actions_panel import COLUMNS as ACTION_COLUMNS
from stocktake.ui.actions_panel import ActionsModel
from stocktake.ui.models.text_rows import TextRows
from stocktake.ui.session import Session

ACROSS, DOWN = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
SHOWN = Qt.ItemDataRole.DisplayRole


def test_each_column_is_titled_and_rows_are_not_numbered(qtbot: object) -> None:
    rows = TextRows(("Initiative", "Why"))
    assert [rows.headerData(c, ACROSS) for c in range(rows.columnCount())] == [
        "Initiative",
        "Why",
    ]
    assert rows.headerData(0, DOWN) is None
    assert rows.headerData(2, ACROSS) is None  # past the last column
    assert rows.headerData(0, ACROSS, Qt.ItemDataRole.ToolTipRole) is None


def test_the_actions_table_titles_its_columns(qtbot: object) -> None:
    model = ActionsModel(Session())
    titles = [model.headerData(c, ACROSS, SHOWN) for c in range(model.columnCount())]
    assert titles == list(ACTION_COLUMNS) and "Owner" in titles
    assert model.headerData(0, DOWN, SHOWN) is None
