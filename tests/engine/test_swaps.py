"""Swaps at the LP's margin: never break a row, never lose value, never move a forced item."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from stocktake.engine.frontier_solve import best_fill, holds, swapped
from tests.engine.lp_instances import lp_instance


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 150))
def test_a_swapped_portfolio_keeps_every_row_and_is_worth_at_least_the_fill(
    seed: int, n: int
) -> None:
    """Random envelopes, dependencies and LP points: swapping from the best fill gives a
    portfolio that meets every row and bound (checked independently by ``holds``) and is
    worth no less than the fill, so a solve that takes it can only skip a MILP more often."""
    a, b, lower, upper, values, x_lp, reduced = lp_instance(seed, n)
    fill = best_fill(a, b, lower, upper, values, x_lp, reduced)
    if fill is None:
        return
    better = swapped(a, b, lower, upper, values, fill, reduced)
    assert holds(a.tocsr(), b, lower, upper, better)
    assert values[better].sum() >= values[fill].sum() - 1e-9


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 80))
def test_forced_items_stay_where_they_were_forced(seed: int, n: int) -> None:
    """An item forced in is never swapped out; one forced out is never swapped in."""
    rng = np.random.default_rng(seed)
    costs = rng.uniform(0.1, 10.0, size=(2, n))
    a = sparse.csc_array(costs)
    b = costs.sum(axis=1) * 0.4
    values = rng.uniform(0.0, 100.0, n)
    lower, upper = np.zeros(n), np.ones(n)
    lower[0] = 1.0  # forced in, and the cheapest-looking swap out (worth nothing)
    values[0] = 0.0
    upper[1] = 0.0  # forced out, and the most valuable
    values[1] = 1000.0
    start = np.zeros(n, dtype=bool)
    start[0] = True
    if not holds(a.tocsr(), b, lower, upper, start):
        return
    better = swapped(a, b, lower, upper, values, start, -values)
    assert better[0] and not better[1]
    assert holds(a.tocsr(), b, lower, upper, better)


def test_a_swap_replaces_the_item_the_fill_took_first_by_a_better_one() -> None:
    """One envelope of 7. The LP's prices put the 6-cost item (worth 9) first, which leaves
    no room for the 7-cost one (worth 10); one swap takes the better item instead."""
    a = sparse.csc_array(np.array([[6.0, 7.0]]))
    b, values = np.array([7.0]), np.array([9.0, 10.0])
    lower, upper = np.zeros(2), np.ones(2)
    reduced = np.array([-9.0, -1.0])
    fill = np.array([True, False])
    better = swapped(a, b, lower, upper, values, fill, reduced)
    assert better.tolist() == [False, True]
