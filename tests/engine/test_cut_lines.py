"""Cut lines are the user's to set: saved in the settings, read back, used for quadrants."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from stocktake.app.document import Document
from stocktake.engine import CutLines, arrays_from_workbook, quadrants


def test_saved_cut_lines_decide_the_quadrants_in_the_workbook(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    doc = Document.open(path)
    cuts = CutLines(80.0, 20.0)
    change = doc.set_cuts(cuts.near_term, cuts.long_term)
    assert change is not None
    doc.apply(change)
    doc.save_job().run()
    again = Document.open(path).workbook
    assert Document.of(again).cuts == cuts
    expected = quadrants(arrays_from_workbook(again), cuts)
    default = quadrants(arrays_from_workbook(again))
    assert expected != default  # the cut lines matter for this sample
    # The Scores sheet's Quadrant column follows the user's cut lines.
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Scores").to_python()
    header = rows[0] if "Quadrant" in rows[0] else next(r for r in rows if "Quadrant" in r)
    col, id_col = header.index("Quadrant"), header.index("Initiative ID")
    start = rows.index(header) + 1
    by_id = {r[id_col]: r[col] for r in rows[start:] if r[id_col]}
    ids = arrays_from_workbook(again).ids
    assert [by_id[i] for i in ids] == [q.value for q in expected]
