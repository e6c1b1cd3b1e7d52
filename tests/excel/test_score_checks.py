"""Scores and scales checked by cell: each problem says what the engine does instead,
and the engine does exactly that (never a silent 0, never only a line on stderr)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stocktake.cli import main
from stocktake.engine import arrays_from_workbook, score
from stocktake.excel.reader import read_workbook
from stocktake.model import Workbook
from tests.workbooks import MISSIONS, build

HEADER = ["Initiative ID", "Mission ID", "Initiative", "Cost 2025-26 (£m)", "N1", "L1", "D1"]


def _workbook(tmp_path: Path, scales: dict[str, Any], *rows: list[Any]) -> Path:
    criteria = [
        ["Criterion ID", "Criterion", "Horizon", "Weight", "Scale"],
        ["N1", "Homes started", "Milestone", 1, scales.get("N1", "0-5")],
        ["L1", "Growth", "Ambition", 1, scales.get("L1", "0-5")],
        ["D1", "Confidence", "Deliverability", 1, scales.get("D1", "1-5")],
    ]
    return build(
        tmp_path / "scores.xlsx",
        {"Missions": MISSIONS, "Criteria": criteria, "Initiatives": [HEADER, *rows]},
    )


def _by_place(wb: Workbook) -> dict[str, str]:
    return {p.place: p.message for p in wb.problems}


def test_a_score_off_its_scale_is_no_benefit_and_says_so(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {}, ["I-1", "M1", "A", 1, 7, 5, 5], ["I-2", "M1", "B", 1, 5, 5, 5])
    wb = read_workbook(path)
    message = _by_place(wb)["Initiatives!E2"]
    assert "found 7, outside the scale 0-5" in message
    assert "counted as 0, the no-contribution level" in message
    arrays = arrays_from_workbook(wb)
    # The 7 is not read as a 5 (the top) nor guessed at: I-1 earns nothing near term.
    assert arrays.near_term[arrays.index("I-1")] == 0.0
    assert arrays.near_term[arrays.index("I-2")] == 100.0


def test_blank_scores_are_problems_at_their_cells(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {}, ["I-1", "M1", "A", 1, None, 5, None])
    wb = read_workbook(path)
    places = _by_place(wb)
    assert (
        places["Initiatives!E2"]
        == "I-1 has no score for N1; counted as 0, the no-contribution level (no benefit claimed)."
    )
    assert "counted as 3, the middle of the scale (confidence unknown)" in places["Initiatives!G2"]
    table = score(arrays_from_workbook(wb), 0.0, risk_adjusted=True)
    # Worth 100 long term; unknown deliverability halves it rather than zeroing it.
    assert table.value[0] == pytest.approx(50.0)


@pytest.mark.parametrize(
    ("typed", "read_as", "words"),
    [
        ("5-1", (1.0, 5.0), "written top first; it is read as 1-5 with 5 the best score"),
        (None, (0.0, 5.0), "no scale is given; its scores are read on 0-5, the default"),
        ("high/low", (0.0, 5.0), "the scale cannot be read; its scores are read on 0-5"),
    ],
)
def test_a_scale_that_is_reversed_blank_or_unreadable_says_what_is_used(
    tmp_path: Path, typed: str | None, read_as: tuple[float, float], words: str
) -> None:
    path = _workbook(tmp_path, {"L1": typed}, ["I-1", "M1", "A", 1, 5, 2, 5])
    wb = read_workbook(path)
    crit = wb.criteria["L1"]
    assert (crit.scale_lo, crit.scale_hi) == read_as
    at_scale = [p.message for p in wb.problems if p.place == "Criteria!E3"]
    assert any(words in m for m in at_scale), at_scale
    expected = 100 * (2 - read_as[0]) / (read_as[1] - read_as[0])
    assert arrays_from_workbook(wb).long_term[0] == pytest.approx(expected)


def test_check_lists_score_problems_in_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(tmp_path, {"N1": "5-0"}, ["I-1", "M1", "A", 1, 9, None, 3])
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Initiatives!E2: warning: N1 score: found 9" in out
    assert "Initiatives!F2: warning: I-1 has no score for L1" in out
    assert "Criteria!E2: warning: N1: the scale is written top first" in out
    assert main(["check", "--json", str(path)]) == 0
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {(p["sheet"], p["cell"]) for p in problems} == {
        ("Initiatives", "E2"),
        ("Initiatives", "F2"),
        ("Criteria", "E2"),
    }


def _method_workbook(tmp_path: Path, function: str) -> Path:
    criteria = [
        [
            "Criterion ID",
            "Criterion",
            "Horizon",
            "Weight",
            "Scale",
            "Direction",
            "No contribution at",
            "Value function",
        ],
        ["N1", "Homes started", "Milestone", 1, "0-5", "", 1, function],
        ["L1", "Cost to citizens", "Ambition", 1, "0-10", "Lower is better", "", ""],
    ]
    header = ["Initiative ID", "Mission ID", "Initiative", "Cost 2025-26 (£m)", "N1", "L1"]
    return build(
        tmp_path / "method.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": criteria,
            "Initiatives": [header, ["I-1", "M1", "A", 1, 3, 2], ["I-2", "M1", "B", 1, 0, 4]],
        },
    )


def test_direction_do_nothing_and_value_function_columns_are_read_and_used(
    tmp_path: Path,
) -> None:
    wb = read_workbook(_method_workbook(tmp_path, "0:0; 2:60; 5:100"))
    arrays = arrays_from_workbook(wb)
    # N1 at 3: 60 + 40/3, less the value at doing nothing (1 -> 30); L1 at 2 of 0-10,
    # lower is better: 80 above the worst end.
    assert arrays.near_term[0] == pytest.approx(60 + 40 / 3 - 30)
    assert arrays.long_term[0] == pytest.approx(80.0)
    # I-2's 0 on N1 is below doing nothing: 0 benefit, said at its cell.
    assert arrays.near_term[1] == 0.0
    assert "below the no-contribution level 1" in _by_place(wb)["Initiatives!E3"]


def test_an_unusable_value_function_is_a_problem_at_its_cell(tmp_path: Path) -> None:
    wb = read_workbook(_method_workbook(tmp_path, "0:0; 2:80; 5:60"))
    message = _by_place(wb)["Criteria!H2"]
    assert "only rise, or only fall" in message and "straight line" in message
    assert arrays_from_workbook(wb).near_term[0] == pytest.approx(60.0 - 20.0)


def test_optimism_bias_is_read_as_typed_and_a_negative_one_is_a_problem(tmp_path: Path) -> None:
    path = build(
        tmp_path / "ob.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": [
                ["Criterion ID", "Criterion", "Horizon", "Weight", "Scale"],
                ["N1", "Homes", "Milestone", 1, "0-5"],
            ],
            "Initiatives": [
                [*HEADER[:5], "Optimism bias"],
                ["I-1", "M1", "A", 10, 5, "24%"],
                ["I-2", "M1", "B", 10, 5, -0.1],
            ],
        },
    )
    wb = read_workbook(path)
    arrays = arrays_from_workbook(wb)
    assert arrays.pv_cost.tolist() == pytest.approx([12.4, 10.0])  # one year: no discount
    assert (
        _by_place(wb)["Initiatives!F3"]
        == "I-2: optimism bias -0.1 is below 0 and is not used; the uplift for its project "
        "type applies, if any."
    )
