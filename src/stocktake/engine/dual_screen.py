"""A free upper bound on a row-reversed problem, from the base LP's row prices.

Why its own module: the binding proof asks, for each candidate row ``a·x <= b``, whether
the problem with that row *reversed* (``a·x >= c``) can beat a level. On 2,000
initiatives there are hundreds of candidates and even a warm LP re-solve per row
costs seconds in all. Lagrangian duality answers most of them with no solve at all:
for any prices ``y >= 0`` on the other rows and ``mu >= 0`` on the reversed one,

    L(y, mu) = sum_{k != r} y_k b_k - mu c
               + sum_j max over x_j in [lower_j, upper_j] of
                 (v_j - sum_{k != r} y_k a_kj + mu a_rj) x_j

is an upper bound on the reversed problem's optimum (weak duality: for every ``x``
meeting the rows, each priced term only adds a non-negative amount). It holds for *any*
non-negative prices, so the base LP's duals (clipped at 0) give a valid bound however
HiGHS rounded them; only ``mu`` is chosen here, exactly, as the minimiser of a convex
piecewise-linear function of one variable. If the bound cannot beat the level, the row
is not binding: the conclusion is exact, not a heuristic. Rows it cannot settle go on
to the LP and MILP re-solves (:mod:`stocktake.engine.relaxations`).

Written by hand because no library computes this one-row Lagrangian bound: it is a few
lines of numpy over the row's entries, where a solver call would cost a model build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from stocktake.engine.arrays import FloatArray


def _best(t: FloatArray, lower: FloatArray, upper: FloatArray) -> FloatArray:
    """max over x in [lower, upper] of t·x, item by item."""
    return np.maximum(t * lower, t * upper)


@dataclass(frozen=True, slots=True, eq=False)
class DualScreen:
    """The base problem priced once: row prices, reduced values and their sums."""

    a_csr: Any
    b: FloatArray
    lower: FloatArray
    upper: FloatArray
    prices: FloatArray
    """``y >= 0``, one per row (the base LP's duals in the max sense, clipped at 0)."""
    reduced: FloatArray
    """``v - Aᵀy``: each item's value net of its rows' prices."""
    total: float
    """``y·b + Σ_j best(reduced_j)``: the Lagrangian bound of the base problem itself."""

    @classmethod
    def priced(
        cls,
        a_csr: Any,
        b: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
        values: FloatArray,
        row_prices: FloatArray,
    ) -> DualScreen:
        y = np.maximum(np.asarray(row_prices, dtype=float), 0.0)
        reduced = np.asarray(values, dtype=float) - a_csr.T @ y
        total = float(y @ b) + float(_best(reduced, lower, upper).sum())
        return cls(a_csr, b, lower, upper, y, reduced, total)

    def reversed_bound(self, r: int, c: float) -> float:
        """An upper bound on max v·x over the other rows and ``a_r·x >= c``
        (``-inf`` when no 0-1 choice within the bounds can meet ``a_r·x >= c``)."""
        start, end = self.a_csr.indptr[r], self.a_csr.indptr[r + 1]
        idx = self.a_csr.indices[start:end]
        a = np.asarray(self.a_csr.data[start:end], dtype=float)
        lo, hi = self.lower[idx], self.upper[idx]
        d = self.reduced[idx]
        y_r = float(self.prices[r])
        # Everything off the row is unchanged by mu; the row's own price moves to mu.
        rest = self.total - y_r * float(self.b[r]) - float(_best(d, lo, hi).sum())
        # f(mu) = -mu c + Σ best(d + (y_r + mu) a) is convex and piecewise linear; its
        # right slope rises by |a_j|(hi_j - lo_j) as mu passes each item's breakpoint.
        t0 = d + y_r * a
        up = (t0 > 0) | ((t0 == 0) & (a > 0))
        slope = -c + float(np.where(up, a * hi, a * lo).sum())
        mu = 0.0
        if slope < 0:
            free = (hi > lo) & (a != 0)
            at = -d[free] / a[free] - y_r
            steps = np.abs(a[free]) * (hi[free] - lo[free])
            ahead = at > 0
            at, steps = at[ahead], steps[ahead]
            order = np.argsort(at, kind="stable")
            rising = slope + np.cumsum(steps[order])
            final = float(rising[-1]) if len(rising) else slope
            if final < -1e-9 * max(1.0, abs(c), float(np.abs(a).sum())):
                return -np.inf  # even the most a·x can reach falls short of c
            k = min(int(np.searchsorted(rising, 0.0, side="left")), len(order) - 1)
            mu = float(at[order[k]]) if len(order) else 0.0
        return rest - mu * c + float(_best(d + (y_r + mu) * a, lo, hi).sum())
