"""Scenarios: saved in settings as JSON, compared side by side."""

from __future__ import annotations

import pytest

from stocktake.engine import PortfolioProblem, Scenario, arrays_from_workbook, compare
from stocktake.engine.matrix import CutLines
from stocktake.model import Workbook


def test_scenario_round_trips_through_workbook_settings() -> None:
    s = Scenario(
        "Flat cash",
        balance=0.7,
        weights={"N1": 10.0},
        cuts=CutLines(40, 60),
        problem=PortfolioProblem(
            budgets={"2025-26": 12.5},
            force_in={"I-001": "manifesto"},
            max_per_mission=2,
            min_long_term_share=0.3,
        ),
        risk_adjusted=True,
    )
    assert Scenario.from_json(s.name, s.to_json()) == s
    with pytest.raises(ValueError):
        Scenario.from_json("broken", "{oops")


def test_compare_says_what_enters_and_leaves(small_workbook: Workbook) -> None:
    arrays = arrays_from_workbook(small_workbook)
    budget = {"2025-26": 12.0}
    near = Scenario("Milestones first", balance=1.0, problem=PortfolioProblem(budgets=budget))
    far = Scenario("Long term first", balance=0.0, problem=PortfolioProblem(budgets=budget))
    outcomes, diffs = compare(arrays, [near, far])
    assert [d.name for d in diffs] == ["Milestones first", "Long term first"]
    assert diffs[0].entering == () and diffs[0].leaving == ()
    a, b = (set(o.portfolio.chosen) for o in outcomes)
    assert set(diffs[1].entering) == b - a and set(diffs[1].leaving) == a - b
    assert a != b  # the balance changes the choice in this workbook
