"""Monetised benefits given in yearly columns are read as benefits (not costs) and reach
the saved Scores and Portfolio sheets and `stocktake optimise`, nominal and in present
value; a workbook without them shows nothing new."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from stocktake.cli import main
from stocktake.engine import CutLines, PortfolioProblem
from stocktake.excel.reader import read_workbook
from stocktake.reports import analysis_plan
from tests.workbooks import CRITERIA, MISSIONS, build

DF = Fraction(1000, 1035)


def _book(tmp_path: Path, benefits: bool) -> Path:
    header = ["Initiative ID", "Mission ID", "Initiative", "Cost 2025-26 (£m)", "2026/27 cost"]
    header += ["C1", "C2", "Benefits 2026-27 (£m)", "2027/28 benefit"] if benefits else ["C1", "C2"]
    rows = [
        ["I-1", "M1", "Depot", 10, 10, 4, 4, 15, 20],
        ["I-2", "M1", "Bridge", 5, 0, 3, 3, None, None],
        ["I-3", "M2", "Clinic", 2, 2, 2, 2, None, 9],
    ]
    return build(
        tmp_path / "b.xlsx",
        {
            "Missions": MISSIONS,
            "Criteria": CRITERIA,
            "Initiatives": [header, *(r[: len(header)] for r in rows)],
        },
    )


def _block(rows: list[list[Any]], title: str) -> list[list[Any]]:
    top = next(i for i, r in enumerate(rows) if r and r[0] == title)
    end = next((i for i in range(top, len(rows)) if not rows[i]), len(rows))
    return [list(r) for r in rows[top:end]]


def test_benefit_columns_reach_the_saved_sheets_in_present_value(tmp_path: Path) -> None:
    wb = read_workbook(_book(tmp_path, benefits=True))
    assert wb.financial_years == ["2025-26", "2026-27"]  # benefit years are not costs
    assert wb.initiatives["I-1"].benefits == {"2026-27": 15.0, "2027-28": 20.0}
    assert wb.initiatives["I-2"].benefits == {}
    plan = analysis_plan(
        wb, balance=0.5, problem=PortfolioProblem(), cuts=CutLines(), frontier_scales=()
    )
    sheets = {s.name: s for s in plan.owned}
    scores = sheets["Scores"]
    col = {h: k for k, h in enumerate(scores.headers)}
    by_id = {row[0]: row for row in scores.rows}
    gain1 = 15 * DF + 20 * DF**2
    cost1 = 10 + 10 * DF
    assert by_id["I-1"][col["Present value of benefits (£m)"]] == pytest.approx(
        float(gain1), abs=1e-4
    )
    assert by_id["I-1"][col["Benefit-cost ratio"]] == pytest.approx(float(gain1 / cost1), abs=1e-4)
    assert by_id["I-2"][col["Benefits (£m)"]] is None  # not given, not £0

    block = _block(
        list(sheets["Portfolio"].rows),
        "Monetised benefits of the chosen portfolio, where given (Green Book)",
    )
    assert block[1][0].startswith("2 of the 3 chosen initiatives give benefits in £m")
    total = next(r for r in block if r[0] == "Total")
    assert total[3:] == [44.0, pytest.approx(float(gain1 + 9 * DF**2), abs=1e-4)]
    npv = next(r for r in block if r[0] == "Net present value (£m)")
    cost = cost1 + 2 + 2 * DF
    assert npv[4] == pytest.approx(float(gain1 + 9 * DF**2 - cost), abs=1e-4)


def test_optimise_gives_the_benefits_of_the_chosen_where_given(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = _book(tmp_path, benefits=True)
    assert main(["optimise", str(path), "--json", "--budget", "2025-26=12"]) == 0
    obj = json.loads(capfd.readouterr().out)
    gains = obj["benefits"]
    assert obj["chosen"] == ["I-1", "I-3"]  # £12m: I-2 (£5m) does not fit
    assert gains["initiatives"] == ["I-1", "I-3"]
    want = 15 * DF + 20 * DF**2 + 9 * DF**2
    assert gains["total_benefit_pv"] == pytest.approx(float(want))
    assert gains["npv"] == pytest.approx(float(want - (10 + 10 * DF + 2 + 2 * DF)))
    rows = {r["id"]: r for r in obj["initiatives"]}
    assert rows["I-1"]["total_benefit_pv"] == pytest.approx(float(15 * DF + 20 * DF**2))
    assert rows["I-2"]["total_benefit"] is None
    assert main(["optimise", str(path), "--budget", "2025-26=17"]) == 0
    assert "Monetised benefits (given by 2 of the chosen" in capfd.readouterr().out


def test_a_workbook_without_benefits_saves_no_benefit_columns(tmp_path: Path) -> None:
    wb = read_workbook(_book(tmp_path, benefits=False))
    plan = analysis_plan(
        wb, balance=0.5, problem=PortfolioProblem(), cuts=CutLines(), frontier_scales=()
    )
    sheets = {s.name: s for s in plan.owned}
    assert "Benefits (£m)" not in sheets["Scores"].headers
    assert not any(r and "Monetised benefits" in str(r[0]) for r in sheets["Portfolio"].rows)
