"""The LP portfolio's early stop: once no item left fits, stopping changes nothing."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from stocktake.engine import frontier_solve
from stocktake.engine.frontier_solve import lp_fill


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 300), st.sampled_from([1, 2, 7, 64]))
def test_checking_for_room_gives_the_same_portfolio_as_trying_every_item(
    seed: int, n: int, every: int
) -> None:
    """Random envelopes (some tight, some loose), dependencies (negative coefficients)
    and LP points: the fill with the room check every ``every`` items is the fill that
    tries every item."""
    rng = np.random.default_rng(seed)
    costs = rng.uniform(0.1, 10.0, size=(3, n)) * (rng.random((3, n)) < 0.8)
    rows = [costs]
    for _ in range(int(rng.integers(0, n // 3 + 1))):
        i, j = rng.choice(n, size=2, replace=n < 2)
        dep = np.zeros((1, n))
        dep[0, i] += 1.0
        dep[0, j] -= 1.0
        rows.append(dep)
    a = sparse.csc_array(np.vstack(rows))
    b = np.concatenate([costs.sum(axis=1) * rng.uniform(0.05, 1.2, 3), np.zeros(len(rows) - 1)])
    b[3:] = 0.0
    values = rng.uniform(0.0, 100.0, n)
    x_lp = np.where(rng.random(n) < 0.3, 1.0, rng.random(n) * (rng.random(n) < 0.2))
    reduced = rng.normal(0.0, 10.0, n)
    lower, upper = np.zeros(n), (rng.random(n) < 0.95).astype(float)
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
