"""How the ranking moves with the balance and the weights, computed exactly.

Why exact: every value is a straight line in the balance λ (``value = a + b·λ``), so two
initiatives swap places only where their lines cross, and an initiative's rank can only
change at one of its n − 1 crossing points. Sorting those points gives the whole
rank-vs-balance picture with no sampling and no missed flip.

The same holds for one swing weight ``t`` of criterion c in group g: every group value
is ``(A_i + t·v_ic) / (W + t)`` with W the other weights of the group, so
``value_i(t)·(W + t)`` is a straight line in t, and the common positive factor
``W + t`` does not change the order. Switching values for weights use the same sweep.

Ties (equal values) are broken as in the ranking: lower total cost, then ID.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import (
    AMBITION,
    DELIVERABILITY,
    MILESTONE,
    BoolArray,
    FloatArray,
    IntArray,
    ScoreArrays,
)
from stocktake.engine.exact import ExactValues, compare_rows
from stocktake.engine.scoring import check_balance, line_coefficients, score

_CHUNK = 256
"""Initiatives swept per block: bounds memory at CHUNK × n pairs."""


def _pairs(
    a: FloatArray, b: FloatArray, tie: IntArray, rows: IntArray
) -> tuple[FloatArray, FloatArray, np.ndarray]:
    """Differences (other − item) of the lines, snapped to 0 within float noise."""
    scale = max(1.0, float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    tol = 1e-10 * scale
    da = a[None, :] - a[rows, None]
    db = b[None, :] - b[rows, None]
    da[np.abs(da) <= tol] = 0.0
    db[np.abs(db) <= tol] = 0.0
    tie_ahead = tie[None, :] < tie[rows, None]
    return da, db, tie_ahead


def _events(da: FloatArray, db: FloatArray, lo: float, hi: float) -> tuple[FloatArray, IntArray]:
    """Crossing points strictly inside (lo, hi), +inf elsewhere; and the change in "ahead"."""
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(db != 0, -da / np.where(db != 0, db, 1.0), np.inf)
    # A crossing within rounding of an end is the end itself (e.g. equal N at λ = 1).
    tol = 1e-11 * max(1.0, abs(lo), abs(hi) if math.isfinite(hi) else 1.0)
    x = np.where((x > lo + tol) & (x < hi - tol), x, np.inf)
    delta = np.where(db > 0, 1, -1).astype(np.int64)
    return x, delta


def _sorted_counts(
    x: FloatArray, delta: IntArray, start: IntArray
) -> tuple[FloatArray, IntArray, np.ndarray]:
    """Events sorted per row, "ahead" count after each, and whether it ends a group of equal x.

    Several lines can cross an item's line at one point; the count is only meaningful
    after the whole group, so flips are read only at group ends.
    """
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    ds = np.take_along_axis(delta, order, axis=1)
    ds = np.where(np.isfinite(xs), ds, 0)
    counts = start[:, None] + np.cumsum(ds, axis=1)
    nxt = np.concatenate([xs[:, 1:], np.full((len(xs), 1), np.inf)], axis=1)
    finite = np.isfinite(xs)
    safe = np.where(finite, xs, 0.0)
    scale = np.maximum(1.0, np.abs(safe))
    same_as_next = np.isfinite(nxt) & (
        np.abs(np.where(np.isfinite(nxt), nxt, 0.0) - safe) <= 1e-12 * scale
    )
    group_end = finite & ~same_as_next
    return xs, counts, group_end


@dataclass(frozen=True, slots=True)
class RankSteps:
    """An initiative's rank as a step function of the balance.

    ``ranks[k]`` holds on the open interval between ``breakpoints[k-1]`` and
    ``breakpoints[k]`` (with the ends of the range outside), so there is one more
    rank than breakpoints. At a breakpoint itself values tie and the tie-break decides
    (lower cost, then ID): that rank is ``at_breakpoints[k]``, the one the ranking gives.
    """

    initiative_id: str
    breakpoints: tuple[float, ...]
    ranks: tuple[int, ...]
    at_breakpoints: tuple[int, ...] = ()

    def rank_at(self, balance: float) -> int:
        """The rank at ``balance``; on a breakpoint, the tied rank.

        "On" means within 1e-12 (a crossing computed as −Δa/Δb in floating point may be
        0.49999999999999994 where the decimal tie is at 0.5), or exactly at 0 and 1.
        """
        k = int(np.searchsorted(self.breakpoints, balance, side="left"))
        for j in (k - 1, k):
            if not 0 <= j < len(self.at_breakpoints):
                continue
            bp = self.breakpoints[j]
            near = 0.0 if bp in (0.0, 1.0) else 1e-12
            if abs(bp - balance) <= near:
                return self.at_breakpoints[j]
        return self.ranks[int(np.searchsorted(self.breakpoints, balance, side="right"))]


def rank_steps(
    arrays: ScoreArrays,
    risk_adjusted: bool = False,
    lo: float = 0.0,
    hi: float = 1.0,
    items: Sequence[str] | None = None,
) -> list[RankSteps]:
    """Exact rank of each initiative (or of ``items``) as λ runs from ``lo`` to ``hi``.

    Cost grows with n² (every pair may cross); fine for a mission's few hundred items.
    """
    a, b = line_coefficients(arrays, risk_adjusted)
    rows_all = np.arange(arrays.n) if items is None else np.asarray(arrays.indices(items))
    mid = 0.5 * (lo + hi)
    out: list[RankSteps] = []
    for s in range(0, len(rows_all), _CHUNK):
        rows = rows_all[s : s + _CHUNK]
        da, db, tie_ahead = _pairs(a, b, arrays.tie_order, rows)
        x, delta = _events(da, db, lo, hi)
        # Ahead just right of lo: a line that crosses inside the range is ahead before
        # its crossing iff it is falling relative to ours; otherwise the order holds throughout.
        at_mid = da + db * mid
        const_ahead = (at_mid > 0) | ((at_mid == 0) & tie_ahead)
        start_ahead = np.where(np.isfinite(x), db < 0, const_ahead).sum(axis=1)
        xs, counts, group_end = _sorted_counts(x, delta, start_ahead)
        order = np.argsort(x, axis=1, kind="stable")
        # At a crossing the lines tie: those crossing there are ahead by the tie-break.
        tie_sorted = np.take_along_axis(tie_ahead, order, axis=1)
        ahead_sorted = np.take_along_axis(delta < 0, order, axis=1)  # ahead just before
        for r, row in enumerate(rows):
            ends = np.flatnonzero(group_end[r])
            bps: list[float] = []
            ranks = [int(start_ahead[r]) + 1]
            at: list[int] = []
            begin = 0
            for e in ends:
                before = int(counts[r, begin - 1]) if begin else int(start_ahead[r])
                crossers = slice(begin, e + 1)
                tied = before - int(ahead_sorted[r, crossers].sum())
                rk_at = tied + int(tie_sorted[r, crossers].sum()) + 1
                rk = int(counts[r, e]) + 1
                if rk != ranks[-1] or rk_at != ranks[-1]:
                    bps.append(float(xs[r, e]))
                    ranks.append(rk)
                    at.append(rk_at)
                begin = int(e) + 1
            # At the ends, lines that meet there tie too (crossings within rounding of an
            # end were left out above): the tie-break decides, as in the ranking.
            for end, first in ((lo, True), (hi, False)):
                here = da[r] + db[r] * end
                here[np.abs(here) <= 1e-9] = 0.0  # within NEAR: a tie (values run 0-100)
                rk_end = int(((here > 0) | ((here == 0) & tie_ahead[r])).sum()) + 1
                if rk_end != (ranks[0] if first else ranks[-1]):
                    if first:
                        bps, ranks, at = [end, *bps], [ranks[0], *ranks], [rk_end, *at]
                    else:
                        bps, ranks, at = [*bps, end], [*ranks, ranks[-1]], [*at, rk_end]
            out.append(RankSteps(arrays.ids[int(row)], tuple(bps), tuple(ranks), tuple(at)))
    return out


Compare = Callable[[IntArray], tuple[IntArray, BoolArray]]
"""``compare(rows)``: (len(rows), n) signs of value_j − value_i at the current point,
decided exactly near ties, and which pairs are that near
(:func:`stocktake.engine.exact.compare_rows`)."""


def _first_switch(
    a: FloatArray,
    b: FloatArray,
    tie: IntArray,
    rows: IntArray,
    x0: float,
    hi: float,
    k: int,
    compare: Compare,
) -> FloatArray:
    """For each row, the nearest x in [x0, hi) beyond which top-k membership differs.

    NaN when it never changes before ``hi``. Returns x0 itself when the item sits on a
    tie at x0 that any move to the right resolves against its current membership.
    Who is ahead *at* x0 comes from ``compare``, the rule the ranking uses.
    """
    da, db, tie_ahead = _pairs(a, b, tie, rows)
    sign_now, on_tie = compare(rows)
    # Lines within NEAR of each other at x0 cross *at* x0 as far as floating point can
    # tell: who is ahead now is decided exactly, who is ahead just beyond by the slopes.
    ahead_now = np.where(sign_now == 0, tie_ahead, sign_now > 0)
    ahead_right = np.where(on_tie & (db != 0), db > 0, ahead_now)
    member_now = ahead_now.sum(axis=1) < k
    right_count = ahead_right.sum(axis=1)
    x, delta = _events(da, db, x0, hi)
    x = np.where(on_tie, np.inf, x)
    xs, counts, group_end = _sorted_counts(x, delta, right_count)
    flipped = group_end & ((counts < k) != member_now[:, None])
    first = np.where(flipped.any(axis=1), xs[np.arange(len(rows)), flipped.argmax(axis=1)], np.nan)
    return np.where((right_count < k) != member_now, x0, first)


def _switches(
    a: FloatArray,
    b: FloatArray,
    tie: IntArray,
    x0: float,
    lo: float,
    hi: float,
    k: int,
    compare: Compare,
) -> tuple[FloatArray, FloatArray]:
    """Nearest switching point below and above x0 for every item (NaN: none in range).

    Both stay within [lo, hi]: a crossing beyond either end is no switch at all.
    """
    n = len(a)
    below = np.full(n, np.nan)
    above = np.full(n, np.nan)
    for s in range(0, n, _CHUNK):
        rows = np.arange(s, min(n, s + _CHUNK))
        below[rows], above[rows] = _switches_of(a, b, tie, rows, x0, lo, hi, k, compare)
    return below, above


def _switches_of(
    a: FloatArray,
    b: FloatArray,
    tie: IntArray,
    rows: IntArray,
    x0: float,
    lo: float,
    hi: float,
    k: int,
    compare: Compare,
) -> tuple[FloatArray, FloatArray]:
    """:func:`_switches` for ``rows`` only (each row's sweep is against every item, and
    independent of the other rows)."""
    below = np.full(len(rows), np.nan)
    above = np.full(len(rows), np.nan)
    if x0 < hi:
        above = _first_switch(a, b, tie, rows, x0, hi, k, compare)
    if x0 > lo:
        below = -_first_switch(a, -b, tie, rows, -x0, -lo, k, compare)
    return below, above


def _opt(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@dataclass(frozen=True, slots=True)
class BalanceSwitch:
    """The nearest balances, below and above the current one, at which an initiative
    enters or leaves the top k. None: it does not change on that side (up to 0 or 1)."""

    initiative_id: str
    in_top_k: bool
    below: float | None
    above: float | None

    def words(self, k: int, digits: int = 2) -> str:
        """'Stays in the top 10 until the balance rises past 0.71 (towards the
        milestones) or falls below 0.42 (towards the long term).' One sentence for the
        window and the command line alike, so both say the same thing."""
        where = f"the top {k}"
        sides = []
        if self.above is not None:
            sides.append(f"rises past {self.above:.{digits}f} (towards the milestones)")
        if self.below is not None:
            sides.append(f"falls below {self.below:.{digits}f} (towards the long term)")
        if self.in_top_k:
            if not sides:
                return f"Stays in {where} at every balance."
            return f"Stays in {where} until the balance " + " or ".join(sides) + "."
        if not sides:
            return f"Outside {where} at every balance."
        return f"Outside {where}; enters it if the balance " + " or ".join(sides) + "."


def balance_switching_values(
    arrays: ScoreArrays, balance: float, k: int, risk_adjusted: bool = False
) -> list[BalanceSwitch]:
    """Switching values of the balance for top-k membership, for every initiative."""
    lam = check_balance(balance)
    a, b = line_coefficients(arrays, risk_adjusted)
    compare, member = _current(arrays, lam, k, risk_adjusted)
    below, above = _switches(a, b, arrays.tie_order, lam, 0.0, 1.0, k, compare)
    return [
        BalanceSwitch(iid, bool(member[i]), _opt(below[i]), _opt(above[i]))
        for i, iid in enumerate(arrays.ids)
    ]


@dataclass(frozen=True, slots=True)
class SwitchSweep:
    """What every switching-value sweep at one balance shares (the lines, who is ahead
    now, top-k membership): made once, then swept one initiative at a time."""

    ids: list[str]
    lam: float
    k: int
    a: FloatArray
    b: FloatArray
    tie: IntArray
    compare: Compare
    member: BoolArray

    def of(self, index: int) -> BalanceSwitch:
        """The switching values of the initiative at ``index``: its row alone, O(n)."""
        rows = np.array([index], dtype=np.int64)
        below, above = _switches_of(
            self.a, self.b, self.tie, rows, self.lam, 0.0, 1.0, self.k, self.compare
        )
        return BalanceSwitch(
            self.ids[index], bool(self.member[index]), _opt(below[0]), _opt(above[0])
        )


def switching_sweep(
    arrays: ScoreArrays, balance: float, k: int, risk_adjusted: bool = False
) -> SwitchSweep:
    """A :class:`SwitchSweep` at ``balance``. The decision panel shows one initiative at
    a time: sweeping all 10,000 rows (:func:`balance_switching_values`) for it held the
    window for minutes, and re-ranking exactly for each one half a second."""
    lam = check_balance(balance)
    a, b = line_coefficients(arrays, risk_adjusted)
    compare, member = _current(arrays, lam, k, risk_adjusted)
    return SwitchSweep(list(arrays.ids), lam, k, a, b, arrays.tie_order, compare, member)


def balance_switching_value(
    arrays: ScoreArrays, balance: float, k: int, index: int, risk_adjusted: bool = False
) -> BalanceSwitch:
    """:func:`balance_switching_values` for the one initiative at ``index``."""
    return switching_sweep(arrays, balance, k, risk_adjusted).of(index)


def _current(
    arrays: ScoreArrays, balance: float, k: int, risk_adjusted: bool
) -> tuple[Compare, BoolArray]:
    """Who is ahead of whom now, and top-k membership now, by the ranking's own rule."""
    table = score(arrays, balance, risk_adjusted)
    exact = ExactValues(arrays)

    def compare(rows: IntArray) -> tuple[IntArray, BoolArray]:
        return compare_rows(table.value, rows, exact, table.balance, risk_adjusted)

    member = np.zeros(arrays.n, dtype=bool)
    member[table.order[:k]] = True
    return compare, member


def weight_lines(
    arrays: ScoreArrays, criterion: int, balance: float, risk_adjusted: bool
) -> tuple[FloatArray, FloatArray, float] | None:
    """(a, b, W): value_i(t)·(W + t) = a_i + b_i·t for weight t of one criterion.

    None when the criterion cannot move any value (a Cost criterion, or a
    Deliverability criterion while values are not risk-adjusted).
    """
    g = int(arrays.groups[criterion])
    if g < 0 or (g == DELIVERABILITY and not risk_adjusted):
        return None
    lam = check_balance(balance)
    vals = arrays.group_values
    nn, ll, dd = vals[:, MILESTONE], vals[:, AMBITION], vals[:, DELIVERABILITY]
    scale = dd / 100.0 if risk_adjusted else np.ones(arrays.n)
    if g == MILESTONE:
        alpha, beta = lam * scale, (1 - lam) * ll * scale
    elif g == AMBITION:
        alpha, beta = (1 - lam) * scale, lam * nn * scale
    else:
        alpha, beta = (lam * nn + (1 - lam) * ll) / 100.0, np.zeros(arrays.n)
    others = (arrays.groups == g) & (np.arange(len(arrays.criteria)) != criterion)
    w_other = float(arrays.weights[others].sum())
    a_other = arrays.normalised[:, others] @ arrays.weights[others]
    v = arrays.normalised[:, criterion]
    return alpha * a_other + beta * w_other, alpha * v + beta, w_other


@dataclass(frozen=True, slots=True)
class WeightSwitch:
    """The smallest change of one swing weight that moves an initiative in or out of the top k."""

    initiative_id: str
    in_top_k: bool
    criterion_id: str | None
    weight: float | None
    new_weight: float | None
    direction: int = 0
    """+1 if the weight must rise past ``new_weight``, −1 if it must fall below it (0: none).
    Needed when ``new_weight`` equals ``weight``: the item sits on a tie that a move one
    way resolves against it, and the change alone cannot say which way."""

    @property
    def change(self) -> float | None:
        if self.weight is None or self.new_weight is None:
            return None
        return self.new_weight - self.weight


def weight_switching_values(
    arrays: ScoreArrays,
    balance: float,
    k: int,
    risk_adjusted: bool = False,
    max_weight: float | None = None,
) -> list[WeightSwitch]:
    """For every initiative, the single-weight change of least size that flips top-k membership.

    Weights range over [0, ``max_weight``] (default: 10 × the largest weight); a weight
    whose group has no other weight is kept above 0 so the group stays defined.
    """
    compare, member = _current(arrays, check_balance(balance), k, risk_adjusted)
    top = max_weight if max_weight is not None else 10.0 * float(arrays.weights.max(initial=1.0))
    best = np.full(arrays.n, np.inf)
    best_c = np.full(arrays.n, -1)
    best_w = np.full(arrays.n, np.nan)
    best_d = np.zeros(arrays.n, dtype=np.int64)
    for c in range(len(arrays.criteria)):
        lines = weight_lines(arrays, c, balance, risk_adjusted)
        if lines is None:
            continue
        a, b, _ = lines
        w0 = float(arrays.weights[c])
        below, above = _switches(a, b, arrays.tie_order, w0, 0.0, max(top, w0), k, compare)
        for cand, way in ((below, -1), (above, 1)):
            dist = np.abs(cand - w0)
            better = ~np.isnan(cand) & (dist < best)
            best[better] = dist[better]
            best_c[better] = c
            best_w[better] = cand[better]
            best_d[better] = way
    out = []
    for i, iid in enumerate(arrays.ids):
        c = int(best_c[i])
        if c < 0:
            out.append(WeightSwitch(iid, bool(member[i]), None, None, None))
        else:
            out.append(
                WeightSwitch(
                    iid,
                    bool(member[i]),
                    arrays.criteria[c],
                    float(arrays.weights[c]),
                    float(best_w[i]),
                    int(best_d[i]),
                )
            )
    return out


@dataclass(frozen=True, slots=True)
class CriterionSwitch:
    """For one initiative and one criterion: the nearest swing weights, below and above
    the current one, at which the initiative enters or leaves the top k (None: no change
    on that side within [0, ``max_weight``])."""

    criterion_id: str
    weight: float
    below: float | None
    above: float | None


def weight_switches_of(
    arrays: ScoreArrays,
    initiative_id: str,
    balance: float,
    k: int,
    risk_adjusted: bool = False,
    max_weight: float | None = None,
) -> list[CriterionSwitch]:
    """Each valued criterion's switching weights for one initiative's top-k membership.

    The same sweep as :func:`weight_switching_values`, one row and every criterion, so
    ``stocktake explain`` can say which weight, moved how far, changes the answer.
    """
    lam = check_balance(balance)
    compare, _ = _current(arrays, lam, k, risk_adjusted)
    top = max_weight if max_weight is not None else 10.0 * float(arrays.weights.max(initial=1.0))
    rows = np.asarray([arrays.index(initiative_id)])
    out = []
    for c, cid in enumerate(arrays.criteria):
        lines = weight_lines(arrays, c, lam, risk_adjusted)
        if lines is None:
            continue
        a, b, _ = lines
        w0 = float(arrays.weights[c])
        hi = max(top, w0)
        above = (
            _first_switch(a, b, arrays.tie_order, rows, w0, hi, k, compare)[0]
            if w0 < hi
            else np.nan
        )
        below = (
            -_first_switch(a, -b, arrays.tie_order, rows, -w0, 0.0, k, compare)[0]
            if w0 > 0
            else np.nan
        )
        out.append(CriterionSwitch(cid, w0, _opt(float(below)), _opt(float(above))))
    return out


def balance_switch_of(
    arrays: ScoreArrays, initiative_id: str, balance: float, k: int, risk_adjusted: bool = False
) -> BalanceSwitch:
    """:func:`balance_switching_values` for one initiative: one row of the sweep, O(n)
    rather than O(n²), for ``stocktake explain`` on a long list."""
    lam = check_balance(balance)
    a, b = line_coefficients(arrays, risk_adjusted)
    compare, member = _current(arrays, lam, k, risk_adjusted)
    i = arrays.index(initiative_id)
    rows = np.asarray([i])
    above = (
        _first_switch(a, b, arrays.tie_order, rows, lam, 1.0, k, compare)[0] if lam < 1 else np.nan
    )
    below = (
        -_first_switch(a, -b, arrays.tie_order, rows, -lam, 0.0, k, compare)[0]
        if lam > 0
        else np.nan
    )
    return BalanceSwitch(initiative_id, bool(member[i]), _opt(float(below)), _opt(float(above)))
