"""Exact arithmetic for the few comparisons where floating-point noise could decide.

Why: values are computed in floating point (fast enough for a slider over 10k
initiatives), but two initiatives whose values are *mathematically* equal can come out
1e-14 apart, and an initiative exactly on a cut line can come out at 49.999999999999993.
Letting that noise decide a rank, a quadrant or "long-term-led" would contradict the
documented rules (ties go to the lower cost, then the ID; a value on a line counts as
high). So every comparison is made in floating point first, and only pairs closer than
:data:`NEAR` are decided again here in exact rational arithmetic.

Inputs are taken as the decimals a person typed: a score of 0.1 or a balance of 0.1
means 1/10 (``Fraction(repr(x))``, the shortest decimal that round-trips), not the
binary fraction nearest to it. Written by hand because no library offers exact
re-evaluation of this particular formula; :mod:`fractions` does the arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np

from stocktake.engine.arrays import (
    AMBITION,
    DELIVERABILITY,
    EMPTY_GROUP_VALUE,
    MILESTONE,
    BoolArray,
    FloatArray,
    IntArray,
    ScoreArrays,
)
from stocktake.model.value_scale import benefit

NEAR = 1e-9
"""Two values (0-100) closer than this are compared again exactly. Floating-point noise
in a value is below 1e-12; a real difference between values from typed scores and
weights is far above 1e-9, so the exact pass changes only what noise would have decided."""

_HUNDRED = Fraction(100)


def decimal(x: float) -> Fraction:
    """The number a person typed: ``0.1`` is 1/10, not the binary double nearest to it."""
    return Fraction(repr(float(x)))


def group_values(arrays: ScoreArrays, row: int) -> tuple[Fraction, Fraction, Fraction]:
    """N, L, D of one initiative, exactly, by the same rules as :func:`arrays.build_arrays`
    (one rule for both: :func:`stocktake.model.value_scale.benefit`)."""
    sums = [Fraction(0)] * 3
    totals = [Fraction(0)] * 3
    for c, code in enumerate(arrays.groups):
        g = int(code)
        if g < 0:
            continue
        w = decimal(arrays.weights[c])
        if w == 0:
            continue
        raw = float(arrays.raw[row, c])
        s = None if math.isnan(raw) else decimal(raw)
        sums[g] += w * benefit(arrays.scales[c], s, decimal)
        totals[g] += w
    out = [
        sums[g] / totals[g] if totals[g] > 0 else Fraction(EMPTY_GROUP_VALUE[g]) for g in range(3)
    ]
    return out[MILESTONE], out[AMBITION], out[DELIVERABILITY]


class ExactValues:
    """Exact group values of an initiative, computed once per distinct row of scores.

    Initiatives with identical scores (say 5,000 unscored ones) share one computation,
    so an exact pass over a large tie costs little more than a small one. The values are
    kept on the arrays themselves (``ScoreArrays.exact_groups``), so every ``ExactValues``
    of the same arrays (each score at another balance, each sweep) shares them; a lost
    race between two threads only works one row out twice.
    """

    def __init__(self, arrays: ScoreArrays) -> None:
        self.arrays = arrays
        self._by_scores: dict[bytes, tuple[Fraction, Fraction, Fraction]] = arrays.exact_groups

    def groups(self, row: int) -> tuple[Fraction, Fraction, Fraction]:
        key = np.ascontiguousarray(self.arrays.raw[row]).tobytes()
        got = self._by_scores.get(key)
        if got is None:
            got = group_values(self.arrays, row)
            self._by_scores[key] = got
        return got

    def value(self, row: int, balance: float, risk_adjusted: bool) -> Fraction:
        """V = λN + (1 − λ)L, times D/100 when risk-adjusted, exactly."""
        near, long, deliver = self.groups(row)
        lam = decimal(balance)
        v = lam * near + (1 - lam) * long
        return v * deliver / _HUNDRED if risk_adjusted else v


def rank_order(
    values: FloatArray,
    tie_order: IntArray,
    exact: ExactValues | None = None,
    balance: float = 0.0,
    risk_adjusted: bool = False,
) -> IntArray:
    """Row indices best first: higher value, then lower total cost, then ID.

    Sorted in floating point; each run of values within :data:`NEAR` of its neighbour is
    then re-sorted by its exact values (when ``exact`` is given) so that only true ties
    reach the tie-break. Without ``exact`` (Monte Carlo draws of random weights, where
    no exact tie is meaningful) values within NEAR count as tied.
    """
    n = len(values)
    by_tie = np.empty_like(tie_order)
    by_tie[tie_order] = np.arange(n, dtype=tie_order.dtype)
    order = by_tie[np.argsort(-values[by_tie], kind="stable")].astype(np.int64, copy=False)
    if n < 2:
        return order
    sorted_vals = values[order]
    near = np.abs(np.diff(sorted_vals)) <= NEAR
    if not near.any():
        return order
    # Runs of consecutive near-equal values: [start, end) in the sorted order.
    edges = np.diff(np.concatenate([[0], near.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1) + 1
    out = order.copy()
    for s, e in zip(starts, ends, strict=True):
        run = [int(r) for r in order[s:e]]
        if exact is None:
            run.sort(key=lambda r: int(tie_order[r]))
        else:
            run.sort(key=lambda r: (-exact.value(r, balance, risk_adjusted), int(tie_order[r])))
        out[s:e] = run
    return out


def compare_rows(
    values: FloatArray,
    rows: Sequence[int] | IntArray,
    exact: ExactValues,
    balance: float,
    risk_adjusted: bool,
) -> tuple[IntArray, BoolArray]:
    """For each row i against every j: the sign of value_j − value_i and whether they are near.

    Signs are 1 (j ahead), 0 (tied) or −1 (j behind). Pairs further apart than
    :data:`NEAR` are decided in floating point; nearer pairs ("near", True) exactly, by the
    same rule as :func:`rank_order`, so a sweep and a re-score agree on who is ahead now.
    """
    rows_arr = np.asarray(rows, dtype=np.int64)
    diff = values[None, :] - values[rows_arr, None]
    sign = np.sign(diff).astype(np.int64)
    near = np.abs(diff) <= NEAR
    for r, j in zip(*np.nonzero(near), strict=True):
        i, jj = int(rows_arr[r]), int(j)
        if i == jj:
            sign[r, j] = 0
            continue
        vi = exact.value(i, balance, risk_adjusted)
        vj = exact.value(jj, balance, risk_adjusted)
        sign[r, j] = (vj > vi) - (vj < vi)
    return sign, near


def at_least(values: FloatArray, line: float, exact_of: Callable[[int], Fraction]) -> BoolArray:
    """values >= line, deciding values within NEAR of the line exactly (on the line = high)."""
    out = np.asarray(values >= line).copy()
    close = np.flatnonzero(np.abs(values - line) <= NEAR)
    if len(close):
        cut = decimal(line)
        for i in close:
            out[i] = exact_of(int(i)) >= cut
    return out


def greater(
    left: FloatArray, right: FloatArray, exact_pair: Callable[[int], tuple[Fraction, Fraction]]
) -> BoolArray:
    """left > right elementwise, deciding pairs within NEAR exactly (equal is not greater)."""
    out = np.asarray(left > right).copy()
    for i in np.flatnonzero(np.abs(left - right) <= NEAR):
        lft, rgt = exact_pair(int(i))
        out[i] = lft > rgt
    return out
