"""A portfolio improved by one-for-one swaps at the LP's margin, then filled again.

Why: the portfolio built from an LP optimum (:func:`stocktake.engine.frontier_solve.best_fill`)
adds left-out items greedily, and on some lists that leaves it just outside the requested
gap of the LP bound. Then a MILP ran only to find a better portfolio: on the generated
1,000-initiative workbook, HiGHS spent 0.5 to 3 s of CPU per solve at its root (cuts, then
sub-MIPs) to find one a few value points better, in the portfolio solve, in three of the
frontier's points and in the binding proof. Swapping one chosen item for one left out,
among the few dozen items the LP prices closest to the margin, finds most of that in a
few milliseconds (frontier points from 0.11-0.25% to 0.05-0.08% from the LP bound), and
a MILP started from the swapped portfolio closes at its root.

Every swap is checked against every row of the model with the same tolerance as
:func:`~stocktake.engine.frontier_solve.holds`, so a swapped portfolio is as feasible as
the fill it came from; nothing here bounds or certifies anything. Written by hand because
HiGHS offers no local search that starts from a given portfolio without running its MILP.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray

SWAP_WIDTH = 64
"""Items on each side of the margin tried per round: the chosen ones the LP prices
lowest, the left-out ones it prices highest. 64 x 64 pairs cost about a millisecond on
300 rows; 128 found no better portfolios on the generated 1,000-initiative workbook."""

SWAP_ROUNDS = 50
"""At most this many improving swaps (each followed by a greedy fill); on the generated
workbooks at most five were ever made."""


def improve_by_swaps(
    a_csc: Any,
    limit: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    values: FloatArray,
    chosen: BoolArray,
    reduced: FloatArray,
    refill: Callable[[BoolArray], BoolArray | None],
) -> BoolArray:
    """``chosen`` (which must meet every row) made better while any swap helps.

    ``reduced`` is the LP's reduced cost of each item in the minimising sense (HiGHS's
    column duals of min −values·x): the most negative is the most attractive, so the
    chosen items with the largest and the left-out ones with the smallest are the
    margin. A round takes the best swap that keeps every row ``a·x <= limit`` (the
    right-hand sides with the caller's tolerance) and gains value, then ``refill(x)``
    adds whatever now fits (the caller's fill rule; None keeps x). Forced items stay.
    """
    x = chosen.copy()
    for _ in range(SWAP_ROUNDS):
        use = a_csc @ x.astype(float)
        outs = np.flatnonzero(x & (lower < 0.5))
        ins = np.flatnonzero(~x & (upper > 0.5) & (values > 0))
        if not len(outs) or not len(ins):
            break
        outs = outs[np.argsort(-reduced[outs], kind="stable")[:SWAP_WIDTH]]
        ins = ins[np.argsort(reduced[ins], kind="stable")[:SWAP_WIDTH]]
        out_cols = a_csc[:, outs].toarray()
        in_cols = a_csc[:, ins].toarray()
        # rows no candidate appears in keep their use, which fits (x meets every row):
        # only the others are checked (10,000 items: about 20 of 295 rows, not 10 MB)
        rows = np.flatnonzero((out_cols != 0).any(axis=1) | (in_cols != 0).any(axis=1))
        out_cols, in_cols = out_cols[rows], in_cols[rows]
        after = use[rows, None, None] - out_cols[:, :, None] + in_cols[:, None, :]
        fits = np.all(after <= limit[rows, None, None], axis=0)
        gain = np.where(fits, values[ins][None, :] - values[outs][:, None], -np.inf)
        o, i = np.unravel_index(int(np.argmax(gain)), gain.shape)
        if not gain[o, i] > 1e-9 * max(1.0, float(np.abs(values).max())):
            break
        x[outs[o]] = False
        x[ins[i]] = True
        refilled = refill(x)
        if refilled is not None:
            x = refilled
    return x
