"""The saved Scores and Portfolio sheets carry each initiative's robustness and the price
of each force-in, checked against the earlier Monte Carlo and against brute force."""

from __future__ import annotations

from pathlib import Path

import pytest

from stocktake.engine import (
    CutLines,
    PortfolioProblem,
    Uncertainty,
    arrays_from_workbook,
    rank_acceptability,
)
from stocktake.excel.reader import read_workbook
from stocktake.reports import analysis_plan
from tests.conftest import SAMPLES
from tests.reports.test_analysis import COST, ENVELOPE, VALUE, trap

__all__ = ["trap"]


def _sheets(plan) -> dict:  # type: ignore[no-untyped-def]
    return {s.name: s for s in plan.owned}


def test_scores_sheet_has_the_top_set_share_of_the_monte_carlo() -> None:
    wb = read_workbook(SAMPLES / "plan_for_change.xlsx")
    plan = analysis_plan(
        wb, balance=0.5, problem=PortfolioProblem(), cuts=CutLines(), frontier_scales=()
    )
    scores = _sheets(plan)["Scores"]
    assert scores.headers[-1].startswith("Top-10 share (weights ±20%, balance ±0.1")
    got = {row[0]: row[-1] for row in scores.rows}
    arrays = arrays_from_workbook(wb)
    expected = rank_acceptability(
        arrays, 10, Uncertainty.around(0.5, 0.1, weight_range=0.2, draws=2000)
    ).as_dict()
    assert got == {iid: pytest.approx(s, abs=1e-4) for iid, s in expected.items()}
    assert sum(1 for s in got.values() if 0.2 <= s <= 0.8) > 0  # some fragile ones
    portfolio = _sheets(plan)["Portfolio"]
    title = next(r for r in portfolio.rows if r and r[0] == "Chosen initiatives")
    assert title[2] == scores.headers[-1]
    chosen = [r for r in portfolio.rows if r and r[0] in got and r[2] != ""]
    assert chosen and all(r[2] == pytest.approx(got[r[0]]) for r in chosen)


def test_portfolio_sheet_prices_each_force_in(trap: Path) -> None:
    wb = read_workbook(trap)
    problem = PortfolioProblem(
        budgets={"2025-26": ENVELOPE},
        force_out={"W": "Paused by the board"},
        force_in={"X": "Manifesto pledge"},
    )
    plan = analysis_plan(wb, balance=0.5, problem=problem, cuts=CutLines(), frontier_scales=())
    rows = _sheets(plan)["Portfolio"].rows
    start = next(k for k, r in enumerate(rows) if r and r[0] == "Forced in")
    end = next((k for k in range(start + 1, len(rows)) if not rows[k]), len(rows))
    [x] = rows[start + 1 : end]  # the block runs to its first blank row
    # by hand: without the pledge Y + Z (200); with it X and one of Y, Z (160)
    free = VALUE["Y"] + VALUE["Z"]
    forced = VALUE["X"] + VALUE["Y"]
    assert COST["X"] + COST["Y"] + COST["Z"] > ENVELOPE
    assert x[:3] == ["X", "Initiative X", "Manifesto pledge"]
    assert x[3] == pytest.approx(free - forced)
