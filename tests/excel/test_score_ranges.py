"""Score ranges read from ``C1 low``/``C1 high`` columns (and synonyms), problems by cell."""

from __future__ import annotations

from pathlib import Path

from stocktake.engine import arrays_from_workbook
from stocktake.engine.smaa import score_ranges
from stocktake.excel.reader import read_workbook
from tests.workbooks import CRITERIA, MISSIONS, build

HEAD = ["Initiative ID", "Mission ID", "Initiative", "C1", "C1 low", "C1 high", "Max Growth", "C2"]


def _read(tmp_path: Path, rows: list[list[object]]):  # type: ignore[no-untyped-def]
    path = build(
        tmp_path / "r.xlsx",
        {"Missions": MISSIONS, "Criteria": CRITERIA, "Initiatives": [HEAD, *rows]},
    )
    return read_workbook(path)


def test_ranges_are_read_beside_the_scores(tmp_path: Path) -> None:
    wb = _read(
        tmp_path,
        [
            ["I-1", "M1", "A", 3, 2, 4, 5, 3],
            ["I-2", "M1", "B", 1, None, None, None, 2],
            ["I-3", "M1", "C", 2, None, 3, None, 4],
        ],
    )
    assert not wb.errors
    inits = wb.initiatives
    # "Max Growth": the criterion's name with an end word, the high end of C2
    assert inits["I-1"].score_ranges == {"C1": (2.0, 4.0), "C2": (None, 5.0)}
    assert inits["I-1"].scores == {"C1": 3.0, "C2": 3.0}  # the central scores as typed
    assert inits["I-2"].score_ranges == {}
    assert inits["I-3"].score_ranges == {"C1": (None, 3.0)}
    arrays = arrays_from_workbook(wb)
    ranges = score_ranges(wb, arrays)
    assert ranges is not None
    i, c = arrays.index("I-1"), arrays.criteria.index("C1")
    assert (ranges.low[i, c], ranges.high[i, c]) == (40.0, 80.0)  # 2 and 4 on 0-5
    j = arrays.index("I-3")
    assert (ranges.low[j, c], ranges.high[j, c]) == (40.0, 60.0)  # blank low: the score


def test_unusable_ranges_are_problems_by_cell_and_left_out(tmp_path: Path) -> None:
    wb = _read(
        tmp_path,
        [
            ["I-1", "M1", "A", 3, 4, 2, None, 3],  # reversed
            ["I-2", "M1", "B", 3, 1, 9, None, 3],  # high end off the 0-5 scale
            ["I-3", "M1", "C", 5, 1, 4, None, 3],  # score above the range
        ],
    )
    said = {p.place: p.message for p in wb.problems}
    assert "low end 4 is above the high end 2" in said["Initiatives!E2"]
    assert "high end 9 is outside the scale 0-5" in said["Initiatives!F3"]
    assert "score 5 is above the high end 4" in said["Initiatives!F4"]
    assert all("the range is left out" in said[k] for k in ("Initiatives!E2", "Initiatives!F3"))
    assert all(not i.score_ranges for i in wb.initiatives.values())
    assert wb.initiatives["I-3"].scores["C1"] == 5.0


def test_a_score_ranges_sheet_adds_ranges_row_by_row(tmp_path: Path) -> None:
    path = build(
        tmp_path / "t.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": [HEAD, ["I-1", "M1", "A", 3, 2, 4, None, 3], ["I-2", "M1", "B", 1]],
            "Score ranges": [
                ["Ranges agreed at the March stock-take"],
                ["Initiative", "Criterion", "Min", "Max"],
                ["I-2", "C2", 1, 4],  # C2 is blank for I-2: the range stands alone
                ["I-1", "C1", 1, 5],  # already given by the columns
                ["I-9", "C1", 1, 2],  # no such initiative
                ["I-2", "C1", 3, 4],  # the score 1 is below the range
            ],
        },
    )
    wb = read_workbook(path)
    assert "Score ranges" not in wb.unrecognised_sheets
    assert wb.initiatives["I-1"].score_ranges == {"C1": (2.0, 4.0)}
    assert wb.initiatives["I-2"].score_ranges == {"C2": (1.0, 4.0)}
    said = {p.place: p.message for p in wb.problems}
    assert "already has a range" in said["'Score ranges'!B4"]
    assert "no initiative I-9" in said["'Score ranges'!A5"]
    assert "score 1 is below the low end 3" in said["'Score ranges'!C6"]
