"""A long list's portfolio is solved from the LP relaxation (as a frontier point is):
it must agree with a cold ``scipy.optimize.milp`` solve within both certified gaps,
and keep every constraint."""

from __future__ import annotations

import numpy as np

from stocktake.engine import build_arrays, optimise, values_at
from stocktake.engine.frontier_solve import LONG_LIST
from stocktake.engine.milp import build_model, solve_model
from stocktake.engine.portfolio import DEFAULT_GAP
from tests.engine.factories import YEARS
from tests.engine.oracle import CRITERIA, feasible, plain_value
from tests.engine.test_frontier import _list


def test_a_long_list_is_solved_within_its_gap_of_a_cold_solve() -> None:
    inits, problem = _list(LONG_LIST + 200, 4)
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = values_at(arrays, 0.5)
    result = optimise(arrays, values, problem, binding=False)
    cold = solve_model(build_model(arrays, problem), values, time_limit=30, mip_rel_gap=DEFAULT_GAP)
    assert result.status == "optimal"
    assert result.value is not None and result.bound is not None and result.gap is not None
    assert cold.value is not None and cold.bound is not None
    assert result.gap <= DEFAULT_GAP
    assert result.value <= cold.bound + 1e-6  # nothing beats the cold solve's proven bound
    assert cold.value <= result.bound + 1e-6  # and its own bound is above the cold answer
    assert result.value >= cold.bound * (1 - 2 * DEFAULT_GAP)  # within both gaps
    chosen = np.isin(np.array(arrays.ids), result.chosen)
    assert abs(float(values[chosen].sum()) - result.value) < 1e-9
    assert feasible(set(result.chosen), inits, problem, CRITERIA)
    plain = {i.id: plain_value(i, CRITERIA, 0.5, False) for i in inits}
    assert abs(sum(plain[i] for i in result.chosen) - result.value) < 1e-6
