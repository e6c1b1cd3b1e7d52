"""An open workbook is kept out of full garbage collections, and losing nothing by it.

Freezing (``stocktake.ui.heap``) is safe only because a workbook, its settings and the
engine's arrays hold no reference cycles: when the window lets go of them, reference
counting frees every object, and the collector has nothing left to find.
"""

from __future__ import annotations

import gc

from stocktake.app.document import Document
from stocktake.engine import arrays_from_workbook
from stocktake.excel.reader import read_workbook
from stocktake.ui.session import Session
from tests.conftest import SAMPLES


def test_a_dropped_workbook_leaves_nothing_for_the_collector() -> None:
    document = Document.of(read_workbook(SAMPLES / "plan_for_change.xlsx"), None)
    arrays = arrays_from_workbook(document.workbook, document.settings.discounting)
    gc.collect()
    gc.disable()  # nothing may be collected behind the count below
    try:
        del document, arrays
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_open_workbook_is_frozen_and_released_when_replaced(qtbot: object) -> None:
    session = Session()
    gc.unfreeze()
    session.set_workbook(read_workbook(SAMPLES / "plan_for_change.xlsx"), None)
    assert gc.get_freeze_count() > 0, "the workbook was left in the collector's way"
    session.clear()
    assert gc.get_freeze_count() == 0, "a replaced workbook stayed frozen"
