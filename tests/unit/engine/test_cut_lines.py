"""Cut lines are the user's to set: saved in the settings, read back, used for quadrants."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from stocktake.engine import CutLines, arrays_from_workbook, quadrants
from stocktake.engine.matrix import cut_lines_from_settings, cut_settings
from stocktake.excel.reader import read_workbook
from stocktake.excel.writer import save
from stocktake.reports import analysis_plan, problem_from_settings


def test_settings_round_trip_and_bad_values_fall_back() -> None:
    cuts = CutLines(70.0, 35.0)
    stored = {k: f"{v:g}" for k, v in cut_settings(cuts).items()}
    assert cut_lines_from_settings(stored) == cuts
    assert cut_lines_from_settings({}) == CutLines()
    assert cut_lines_from_settings({"cut:near-term": "high", "cut:long-term": "140"}) == (
        CutLines()
    )


def test_saved_cut_lines_decide_the_quadrants_in_the_workbook(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    wb = read_workbook(path)
    cuts = CutLines(80.0, 20.0)
    plan = analysis_plan(
        wb, balance=0.5, problem=problem_from_settings(wb), cuts=cuts, frontier_scales=(1.0,)
    )
    save(path, plan)
    again = read_workbook(path)
    assert cut_lines_from_settings(again.settings) == cuts
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
