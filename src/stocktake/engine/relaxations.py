"""The binding proof's re-solves: one HiGHS model, rows changed, solved, put back.

Why its own module: proving that a row binds means asking, again and again, whether the
problem with that row reversed (or with some rows dropped) has a portfolio worth more
than a level. Built afresh each time (``scipy``'s ``linprog`` and ``milp``), every
question paid for a model build and a cold start, and each MILP was solved to its gap
even when the question was only "is anything better than the level?". Here one LP and
one MILP of the base problem live for the whole proof (``highspy``, the HiGHS project's
own interface); a question only changes the bounds of its rows, and each answer is
reached by the cheapest step that settles it:

1. **LP bound** (a warm dual-simplex re-solve from the last basis, milliseconds): if the
   changed problem's LP optimum cannot beat the level, nothing can. Exact;
2. **LP portfolio**: a portfolio built from that LP optimum
   (:func:`stocktake.engine.frontier_solve.lp_fill`) with the changed rows left out,
   checked row by row here. If it beats the level, the row binds, and if it is within
   the requested gap of the LP bound its value is certified as the frontier's is. If
   nothing beats the level and the LP bound is within the requested gap of the level
   (or of that portfolio), relaxing gains nothing worth the name, as a solve to the
   requested gap would conclude (with a gap of 0: nothing);
3. **MILP** with a cut-off at the level (HiGHS prunes every branch that cannot beat it,
   so "nothing beats the level" is proven without finding the relaxed optimum) and,
   when asked, a stop at the first portfolio that beats it (binding proven; its value
   is then only a lower bound on the gain, and said so).

A portfolio is claimed only after its rows are checked here, without the relaxed rows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray
from stocktake.engine.dual_screen import DualScreen
from stocktake.engine.frontier_solve import best_fill, highs_model, holds, row_use, swapped
from stocktake.engine.milp import LinearModel, relative_gap, solver_silenced

Changes = Mapping[int, tuple[float, float]]
"""Rows whose bounds change for one question: row -> (lower, upper)."""

PRICE_BOUND, LP_BOUND, WITHIN_GAP, MILP_BOUND = "price bound", "LP bound", "within the gap", "MILP"

PROOF_MIP_OPTIONS: dict[str, object] = {
    "presolve": "off",
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
}
"""HiGHS options for the proof's MILPs. Measured on the sample workbook's 24 re-solves
(90 items, 5 envelopes, 50 funding-pot rows): 4.4 s of CPU with HiGHS's defaults, 2.2 s
with these, every answer the same. With pots most of each solve went to the RINS and
RENS sub-MIPs, looking for portfolios that the cut-off at the level then discards, and
to presolving a model that a question only changes by a row's bounds."""

PROOF_PRESOLVE_FROM = 500
"""From this many items the proof's MILPs presolve after all: most columns are then
fixed by :meth:`Relaxations._fixed_by_prices`, and presolve removes them. Measured
uncapped: 1,000 generated initiatives 4.6 s without presolve, 1.5 s with; 2,000: 1.0
and 0.6 s; the sample workbook's 90 items: 1.75 s without, 2.1 s with."""


@dataclass(frozen=True, slots=True, eq=False)
class Gain:
    """A portfolio that meets every row but the relaxed ones and beats the level."""

    value: float
    chosen: BoolArray
    certified: bool
    """True when ``value`` is within the requested gap of the relaxed optimum; False
    when it is only proven to be reachable (a lower bound on what relaxing gains)."""


@dataclass(frozen=True, slots=True)
class Cleared:
    """Nothing beats the level once the rows are relaxed; ``how`` says what proved it."""

    how: str


@dataclass(frozen=True, slots=True, eq=False)
class Open:
    """The LP could beat the level and its portfolio did not settle it: a MILP must."""

    lp_bound: float
    start: BoolArray | None


Outcome = Gain | Cleared | Open


class Relaxations:
    """One proof's shared HiGHS models, and the questions it asks of them."""

    def __init__(
        self,
        model: LinearModel,
        values: FloatArray,
        level: float,
        *,
        mip_rel_gap: float,
    ) -> None:
        self.model = model
        self.values = np.asarray(values, dtype=float)
        self.level = float(level)
        """The value a relaxed problem must beat (the base bound plus a tolerance)."""
        self.gap = float(mip_rel_gap)
        self.a_csr = model.a.tocsr()
        self.a_csc = model.a.tocsc()
        self.use = row_use(self.a_csc)
        self.b = np.asarray(model.b, dtype=float)
        self.lp = highs_model(model, self.values, integer=False)
        self.mip: Any = None  # built on the first question the LP cannot settle
        self.screen = self._price_base()

    def _price_base(self) -> DualScreen | None:
        """The base LP solved once; its row prices give every row's free bound."""
        import highspy

        with solver_silenced():
            self.lp.run()
        if self.lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        duals = -np.asarray(self.lp.getSolution().row_dual, dtype=float)  # max sense
        m = self.model
        return DualScreen.priced(self.a_csr, self.b, m.lower, m.upper, self.values, duals)

    def reversed_rhs(self, r: int) -> float:
        """``c`` of the reversed row ``a·x >= c``: ``b + 1`` when the row is whole numbers
        over 0-1 choices (a dependency, an exclusion, a mission cap), else ``b``."""
        start, end = self.a_csr.indptr[r], self.a_csr.indptr[r + 1]
        data = self.a_csr.data[start:end]
        b = float(self.b[r])
        whole = bool(np.all(data == np.round(data))) and b == round(b)
        return b + 1.0 if whole else b

    def reverse(self, r: int) -> Changes:
        """The changes that reverse row r."""
        import highspy

        return {r: (self.reversed_rhs(r), highspy.kHighsInf)}

    def drop(self, rows: set[int]) -> Changes:
        """The changes that drop some rows (relax them completely)."""
        import highspy

        return {k: (-highspy.kHighsInf, highspy.kHighsInf) for k in sorted(rows)}

    def priced_out(self, r: int) -> Cleared | None:
        """Row r reversed cannot beat the level by its price bound alone (no solve)."""
        if self.screen is None:
            return None
        bound = self.screen.reversed_bound(r, self.reversed_rhs(r))
        # the bound is a float sum of the row's terms: keep clear of rounding
        if bound + 1e-9 * max(1.0, abs(bound)) <= self.level:
            return Cleared(PRICE_BOUND)
        return None

    @contextlib.contextmanager
    def _changed(self, h: Any, changes: Changes) -> Iterator[None]:
        rows = np.fromiter(changes, dtype=np.int32, count=len(changes))
        import highspy

        lo = np.array([changes[int(k)][0] for k in rows], dtype=float)
        hi = np.array([changes[int(k)][1] for k in rows], dtype=float)
        h.changeRowsBounds(len(rows), rows, lo, hi)
        try:
            yield
        finally:
            h.changeRowsBounds(
                len(rows), rows, np.full(len(rows), -highspy.kHighsInf), self.b[rows]
            )

    def _relaxed_b(self, changes: Changes) -> FloatArray:
        """The right-hand sides a claimed portfolio must meet: the relaxed rows left out."""
        b = self.b.copy()
        b[list(changes)] = np.inf
        return b

    def _beats(self, chosen: BoolArray, b: FloatArray) -> float | None:
        """The portfolio's value if it meets every other row and beats the level."""
        m = self.model
        if not holds(self.a_csr, b, m.lower, m.upper, chosen):
            return None
        value = float(self.values[chosen].sum())
        return value if value > self.level else None

    def settle(self, changes: Changes, seconds: float | None = None) -> Outcome:
        """The LP steps: its bound, then a portfolio built from its optimum. ``seconds``
        (the proof's budget left) is HiGHS's time limit for the LP: an LP stopped by it
        is Open with no portfolio, so it is left undecided unless a later step has time."""
        import highspy

        limit = highspy.kHighsInf if seconds is None else max(float(seconds), 0.0)
        self.lp.setOptionValue("time_limit", limit)
        with self._changed(self.lp, changes), solver_silenced():
            self.lp.run()
            status = self.lp.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                return Cleared(LP_BOUND)
            if status != highspy.HighsModelStatus.kOptimal:
                return Open(np.inf, None)  # an LP this small does not fail; if so, MILP
            obj = -float(self.lp.getInfo().objective_function_value)
            bound = obj + 1e-10 * max(1.0, abs(obj))  # the LP's own feasibility tolerance
            if bound <= self.level:
                return Cleared(LP_BOUND)
            sol = self.lp.getSolution()
            x_lp, reduced = np.asarray(sol.col_value), np.asarray(sol.col_dual)
        b = self._relaxed_b(changes)
        m = self.model
        fill = best_fill(
            self.a_csc,
            b,
            m.lower,
            m.upper,
            self.values,
            x_lp,
            reduced,
            self.use,
            lambda value: value > self.level and relative_gap(value, bound) <= self.gap,
        )
        if fill is not None and not holds(self.a_csr, b, m.lower, m.upper, fill):
            fill = None
        value = -np.inf if fill is None else float(self.values[fill].sum())
        if fill is not None and not (value > self.level and relative_gap(value, bound) <= self.gap):
            # short of settling it: swaps at the margin often are not (milliseconds, where
            # the MILP below costs seconds); re-checked here like the fill
            better = swapped(self.a_csc, b, m.lower, m.upper, self.values, fill, reduced)
            if holds(self.a_csr, b, m.lower, m.upper, better):
                fill, value = better, float(self.values[better].sum())
        if fill is not None and value > self.level:  # binding, certified if within the gap
            return (
                Gain(value, fill, True)
                if relative_gap(value, bound) <= self.gap
                else Open(bound, fill)
            )
        # Nothing better found; if the LP bound is within the requested gap of the level,
        # or of a portfolio that does not beat it, relaxing gains nothing worth the name
        # (what a solve to that gap concludes; with a gap of 0, nothing at all).
        near = fill is not None and relative_gap(value, bound) <= self.gap
        if near or relative_gap(self.level, bound) <= self.gap:
            return Cleared(WITHIN_GAP)
        return Open(bound, None)

    def search(
        self, changes: Changes, start: BoolArray | None, *, seconds: float, early: bool
    ) -> Gain | Cleared | None:
        """The MILP step, within ``seconds``: a portfolio beating the level (to the gap;
        ``early``: the first one found), Cleared if none can, None if undecided."""
        import highspy

        if seconds <= 0:
            return None
        h = self._mip()
        h.setOptionValue("time_limit", float(seconds))
        h.setOptionValue("objective_bound", -self.level)
        h.setOptionValue("objective_target", -self.level if early else -highspy.kHighsInf)
        n = len(self.values)
        b = self._relaxed_b(changes)
        ref = self.level
        if start is not None and (v := self._beats(start, b)) is not None:
            ref = v
        fixed = self._fixed_by_prices(changes, ref)
        with self._changed(h, changes), self._fixing(h, fixed):
            if start is not None:
                h.setSolution(n, np.arange(n, dtype=np.int32), start.astype(float))
            with solver_silenced():
                h.run()
            status = h.getModelStatus()
            sol = h.getSolution()
            x = np.asarray(sol.col_value) if sol.value_valid else None
        best = None if x is None or len(x) != n else x > 0.5
        value = None if best is None else self._beats(best, b)
        better_start = start is not None and (value is None or self.values[start].sum() > value)
        if better_start and (alt := self._beats(cast(BoolArray, start), b)) is not None:
            best, value = start, alt
        if best is not None and value is not None:
            return Gain(value, best, status == highspy.HighsModelStatus.kOptimal)
        if status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kInfeasible):
            return Cleared(MILP_BOUND)  # every branch pruned at the level (to the gap)
        return None

    def _fixed_by_prices(self, changes: Changes, ref: float) -> tuple[np.ndarray, FloatArray]:
        """Items every portfolio worth more than ``ref`` must leave as they are: exact
        reduced-cost fixing from the changed problem's LP prices.

        For any prices ``y`` (>= 0 on a row's upper limit, <= 0 on its lower one),
        ``v·x <= L - Σ_j |d_j| [x_j differs from the side d_j favours]`` with
        ``d = v - Aᵀy`` and ``L`` the Lagrangian bound (weak duality, as in
        :mod:`~stocktake.engine.dual_screen`). So an item with ``|d_j| > L - ref`` is at
        that side in every portfolio worth more than ``ref``, and the MILP may fix it:
        on the 1,000-initiative benchmark a reversed envelope left 30 of 1,000 items
        free, where HiGHS alone branched 52 nodes over a second. The prices are HiGHS's,
        but the bound is computed here from them, so their rounding cannot make it wrong.
        """
        import highspy

        none = (np.zeros(0, dtype=np.int32), np.zeros(0))
        with self._changed(self.lp, changes), solver_silenced():
            self.lp.run()
            if self.lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return none
            y = -np.asarray(self.lp.getSolution().row_dual, dtype=float)  # max sense
        lo = np.full(len(self.b), -np.inf)
        hi = self.b.copy()
        for k, (low, high) in changes.items():
            lo[k], hi[k] = low, high
        y = np.where((y > 0) & np.isfinite(hi), y, np.where((y < 0) & np.isfinite(lo), y, 0.0))
        rows = np.where(y > 0, y * np.where(np.isfinite(hi), hi, 0.0), 0.0) + np.where(
            y < 0, y * np.where(np.isfinite(lo), lo, 0.0), 0.0
        )
        m = self.model
        d = self.values - self.a_csr.T @ y
        side = np.where(d > 0, m.upper, m.lower)
        bound = float(rows.sum()) + float((d * side).sum())
        room = bound - ref + 1e-9 * max(1.0, abs(bound))
        fix = np.flatnonzero((np.abs(d) * (m.upper - m.lower) > room) & (m.upper > m.lower))
        return fix.astype(np.int32), side[fix]

    @contextlib.contextmanager
    def _fixing(self, h: Any, fixed: tuple[np.ndarray, FloatArray]) -> Iterator[None]:
        cols, at = fixed
        if len(cols):
            h.changeColsBounds(len(cols), cols, at, at)
        try:
            yield
        finally:
            if len(cols):
                m = self.model
                h.changeColsBounds(len(cols), cols, m.lower[cols], m.upper[cols])

    def _mip(self) -> Any:
        if self.mip is None:
            self.mip = highs_model(self.model, self.values, integer=True)
            for option, value in PROOF_MIP_OPTIONS.items():
                self.mip.setOptionValue(option, value)
            if len(self.values) >= PROOF_PRESOLVE_FROM:
                self.mip.setOptionValue("presolve", "on")
            self.mip.setOptionValue("mip_rel_gap", self.gap)
        return self.mip
