"""The binding proof's time budget and its second stage."""

from __future__ import annotations

from stocktake.engine import PortfolioProblem, build_arrays, optimise, prove_binding, values_at
from tests.engine.factories import YEARS, initiative, standard_criteria


def _instance():  # type: ignore[no-untyped-def]
    crits = standard_criteria()
    s = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}
    inits = [initiative(f"I-{k}", s, (10.0 + k,)) for k in range(6)]
    arrays = build_arrays(inits, crits, YEARS)
    return arrays, values_at(arrays, 0.5), PortfolioProblem(budgets={"2025-26": 40.0})


def test_no_time_left_claims_nothing_and_lists_the_rows_not_checked() -> None:
    arrays, values, problem = _instance()
    result = optimise(arrays, values, problem, binding_seconds=0.0)
    assert result.binding_checked and result.binding == ()
    assert result.binding_unchecked == ("budget 2025-26",)


def test_second_stage_gives_the_same_binding_as_one_call() -> None:
    arrays, values, problem = _instance()
    first = optimise(arrays, values, problem, binding=False)
    assert not first.binding_checked and first.binding == ()
    later = prove_binding(arrays, values, problem, first)
    whole = optimise(arrays, values, problem)
    assert later.binding_checked
    assert [b.constraint for b in later.binding] == ["budget 2025-26"]
    assert later.binding == whole.binding and later.chosen == whole.chosen
