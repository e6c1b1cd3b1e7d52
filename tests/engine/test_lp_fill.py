"""The LP portfolio's early stop: once no item left fits, stopping changes nothing."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from stocktake.engine import frontier_solve
from stocktake.engine.frontier_solve import best_fill, holds, lp_fill
from tests.engine.lp_instances import lp_instance


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 300), st.sampled_from([1, 2, 7, 64]))
def test_checking_for_room_gives_the_same_portfolio_as_trying_every_item(
    seed: int, n: int, every: int
) -> None:
    """Random envelopes (some tight, some loose), dependencies (negative coefficients)
    and LP points: the fill with the room check every ``every`` items is the fill that
    tries every item."""
    a, b, lower, upper, values, x_lp, reduced = lp_instance(seed, n)
    kept = frontier_solve.FIT_CHECK_EVERY
    try:
        frontier_solve.FIT_CHECK_EVERY = every
        checked = lp_fill(a, b, lower, upper, values, x_lp, reduced)
        frontier_solve.FIT_CHECK_EVERY = 10**9
        tried = lp_fill(a, b, lower, upper, values, x_lp, reduced)
    finally:
        frontier_solve.FIT_CHECK_EVERY = kept
    assert (checked is None) == (tried is None)
    if checked is not None and tried is not None:
        assert np.array_equal(checked, tried)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 200))
def test_the_best_of_three_fills_keeps_every_row_and_is_never_worse_than_one(
    seed: int, n: int
) -> None:
    """Random envelopes and LP points: the portfolio the long-list solve and the binding
    proof now take (:func:`best_fill`) meets every row and bound, and is worth at least
    the reduced-cost fill they took before (so a solve skips its MILP at least as often)."""
    a, b, lower, upper, values, x_lp, reduced = lp_instance(seed, n, dependencies=False)
    one = lp_fill(a, b, lower, upper, values, x_lp, reduced)
    best = best_fill(a, b, lower, upper, values, x_lp, reduced)
    assert (one is None) == (best is None)
    if one is not None and best is not None:
        assert holds(a.tocsr(), b, lower, upper, best)
        assert values[best].sum() >= values[one].sum()


def test_value_per_pound_finds_the_portfolio_the_reduced_costs_miss() -> None:
    """One envelope of 10: the LP's prices (here zero) rank the 9-cost item first, which
    leaves room for nothing else; taking the two cheaper items is worth more."""
    a = sparse.csc_array(np.array([[9.0, 5.0, 5.0]]))
    b, values = np.array([10.0]), np.array([10.0, 8.0, 8.0])
    lower, upper, x_lp = np.zeros(3), np.ones(3), np.zeros(3)
    reduced = np.array([-3.0, -1.0, -1.0])
    one = lp_fill(a, b, lower, upper, values, x_lp, reduced)
    best = best_fill(a, b, lower, upper, values, x_lp, reduced)
    assert one is not None and best is not None
    assert one.tolist() == [True, False, False]
    assert best.tolist() == [False, True, True]
