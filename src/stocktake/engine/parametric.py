"""The optimal portfolio as the balance runs from 0 to 1, and its switching values.

Why exact and cheap: each initiative's value is a line in λ, so a portfolio's value is a
line too, and the best achievable value is the upper envelope of finitely many lines: a
convex, piecewise-linear function whose kinks are the only balances where the optimal
portfolio changes. The Eisner–Severance method finds every kink with about two solves
per kink: solve at both ends; if the two portfolios differ, solve where their lines
cross; if nothing beats them there, that crossing is a kink, otherwise recurse on both
halves with the better portfolio.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import BoolArray, ScoreArrays
from stocktake.engine.milp import build_model, solve_model
from stocktake.engine.portfolio import Progress
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scoring import check_balance, line_coefficients


@dataclass(frozen=True, slots=True)
class PathSegment:
    """On [start, end] of the balance, ``chosen`` is an optimal portfolio, worth
    ``intercept + slope·λ``."""

    start: float
    end: float
    chosen: frozenset[str]
    intercept: float
    slope: float

    def value_at(self, balance: float) -> float:
        return self.intercept + self.slope * balance


@dataclass(frozen=True, slots=True)
class PortfolioSwitch:
    """The nearest balances below/above the current one where an initiative enters or
    leaves the optimal portfolio (None: not on that side)."""

    initiative_id: str
    chosen: bool
    below: float | None
    above: float | None


@dataclass(frozen=True, slots=True)
class PortfolioPath:
    """Optimal portfolios over a range of balances; ``complete`` is False if cancelled,
    or when a solve stopped short of proof (then a kink may be missed)."""

    segments: tuple[PathSegment, ...]
    solves: int
    complete: bool

    def segment_at(self, balance: float) -> PathSegment:
        for seg in self.segments:
            if seg.start <= balance <= seg.end:
                return seg
        raise ValueError(f"balance {balance} is outside the path")

    def switching_values(self, balance: float, ids: tuple[str, ...]) -> list[PortfolioSwitch]:
        """For each ID, the nearest kink on each side where its membership changes."""
        idx = next(k for k, s in enumerate(self.segments) if s.start <= balance <= s.end)
        current = self.segments[idx].chosen
        out = []
        for iid in ids:
            here = iid in current
            below = next(
                (
                    self.segments[k].end
                    for k in range(idx - 1, -1, -1)
                    if (iid in self.segments[k].chosen) != here
                ),
                None,
            )
            above = next(
                (
                    self.segments[k].start
                    for k in range(idx + 1, len(self.segments))
                    if (iid in self.segments[k].chosen) != here
                ),
                None,
            )
            out.append(PortfolioSwitch(iid, here, below, above))
        return out


def portfolio_path(
    arrays: ScoreArrays,
    problem: PortfolioProblem,
    *,
    risk_adjusted: bool = False,
    lo: float = 0.0,
    hi: float = 1.0,
    time_limit: float = 10.0,
    mip_rel_gap: float = 1e-9,
    max_solves: int = 200,
    progress: Progress | None = None,
) -> PortfolioPath:
    """Every optimal portfolio for λ in [lo, hi], with the exact balances where it changes."""
    lo, hi = check_balance(lo), check_balance(hi)
    a, b = line_coefficients(arrays, risk_adjusted)
    model = build_model(arrays, problem)
    solves = 0
    complete = True
    scale = max(1.0, float(np.abs(a).sum() + np.abs(b).sum()))
    tol = 1e-9 * scale

    def solve(lam: float) -> BoolArray | None:
        nonlocal solves, complete
        sol = solve_model(model, a + b * lam, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
        solves += 1
        if sol.gap is None or sol.gap > max(mip_rel_gap, 1e-9):
            complete = False
        if progress is not None and not progress(solves, max_solves):
            complete = False
            return None
        return None if sol.value is None else sol.chosen

    def line(mask: BoolArray) -> tuple[float, float]:
        return float(a[mask].sum()), float(b[mask].sum())

    kinks: list[tuple[float, BoolArray]] = []  # (balance, portfolio optimal to its right)

    def between(lam_l: float, s_l: BoolArray, lam_r: float, s_r: BoolArray) -> None:
        nonlocal complete
        (al, bl), (ar, br) = line(s_l), line(s_r)
        if np.array_equal(s_l, s_r) or (abs(al - ar) <= tol and abs(bl - br) <= tol):
            return
        if bl - br >= -tol:  # left portfolio cannot be beaten on the right: solver noise
            return
        cross = (ar - al) / (bl - br)
        if not lam_l < cross < lam_r:
            kinks.append((min(max(cross, lam_l), lam_r), s_r))
            return
        if solves >= max_solves:
            complete = False
            kinks.append((cross, s_r))
            return
        s_m = solve(cross)
        if s_m is None:
            kinks.append((cross, s_r))
            return
        am, bm = line(s_m)
        if am + bm * cross <= al + bl * cross + tol:
            kinks.append((cross, s_r))
        else:
            between(lam_l, s_l, cross, s_m)
            between(cross, s_m, lam_r, s_r)

    first = solve(lo)
    if first is None:
        return PortfolioPath((), solves, False)
    last = solve(hi) if hi > lo else first
    if last is None:
        last = first
    between(lo, first, hi, last)
    kinks.sort(key=lambda kv: kv[0])
    segments = []
    start, current = lo, first
    for lam, nxt in kinks:
        if lam >= hi - 1e-12:
            break  # a tie only at the very end: no balance in range prefers the new one
        if lam > start + 1e-12:
            segments.append(_segment(arrays, start, lam, current, a, b))
        start, current = lam, nxt
    segments.append(_segment(arrays, start, hi, current, a, b))
    return PortfolioPath(tuple(segments), solves, complete)


def _segment(
    arrays: ScoreArrays, start: float, end: float, mask: BoolArray, a: np.ndarray, b: np.ndarray
) -> PathSegment:
    return PathSegment(
        start,
        end,
        frozenset(arrays.ids[i] for i in np.flatnonzero(mask)),
        float(a[mask].sum()),
        float(b[mask].sum()),
    )
