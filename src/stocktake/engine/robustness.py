"""Robustness under uncertain weights: how often an initiative stays in the top set.

Sampling method (documented in docs/engine.md):

* one seeded generator (numpy PCG64, ``np.random.default_rng(seed)``) draws, in this
  order, a (draws × criteria) matrix of independent uniform factors in
  [1 − r, 1 + r] and a vector of balances uniform in [λ_lo, λ_hi];
* draw d's swing weights are the current weights times row d of the factors (so a
  weight of 0 stays 0 and a raw weight moves by at most ±r). A criterion's *share* of
  its group moves more, by up to (1+r)/(1−r) − 1 (+50% at r = 0.2), since the group is
  renormalised: docs/engine.md gives the exact bounds, and a test checks them;
* every draw is scored with exactly the same formula as the app (per-group normalised
  weights, absolute scales, missing scores at the bottom of the scale).

All random numbers are drawn before any scoring, so results depend only on the seed
and the number of draws, not on block sizes, and draw d of the rank acceptability is
the same weight vector as draw d of the portfolio acceptability.

Rank acceptability scores a block of draws with one matrix product (n × C by C × B)
and marks the top k of each column (ties: lower total cost, then ID). Portfolio
acceptability needs one MILP solve per draw, so it takes fewer draws, reports progress
and can be cancelled; it reports how many draws it actually made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from stocktake.engine.arrays import FloatArray, ScoreArrays, group_values
from stocktake.engine.milp import build_model, solve_model
from stocktake.engine.portfolio import Progress
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scoring import check_sampling, combine

_BLOCK = 512


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """How uncertain the weights and the balance are, and how to sample them."""

    weight_range: float = 0.2
    """Each weight varies independently within ± this fraction of its value (0-1)."""
    balance_lo: float = 0.5
    balance_hi: float = 0.5
    draws: int = 10_000
    seed: int = 20250101
    risk_adjusted: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.weight_range <= 1.0:
            raise ValueError(
                f"the weight range must be 0-1 (e.g. 0.2 for ±20%), not {self.weight_range}"
            )
        check_sampling(self.balance_lo, self.balance_hi, self.draws)

    @classmethod
    def around(cls, balance: float, balance_range: float = 0.0, **kw: Any) -> Uncertainty:
        """Balance uniform in [balance − range, balance + range], clipped to [0, 1]."""
        return cls(
            balance_lo=max(0.0, balance - balance_range),
            balance_hi=min(1.0, balance + balance_range),
            **kw,
        )


def sample(arrays: ScoreArrays, u: Uncertainty) -> tuple[FloatArray, FloatArray]:
    """(weights (draws × C), balances (draws,)), reproducible from ``u.seed``."""
    rng = np.random.default_rng(u.seed)
    factors = rng.uniform(
        1.0 - u.weight_range, 1.0 + u.weight_range, size=(u.draws, len(arrays.criteria))
    )
    balances = rng.uniform(u.balance_lo, u.balance_hi, size=u.draws)
    return arrays.weights[None, :] * factors, balances


def draw_values(
    arrays: ScoreArrays, weights: FloatArray, balances: FloatArray, risk_adjusted: bool
) -> FloatArray:
    """(n, B) values for a block of draws: the scoring formula, batched."""
    g = group_values(arrays.normalised, arrays.groups, weights)  # (n, B, 3)
    return np.asarray(combine(g, balances[None, :], risk_adjusted)[1])


def top_k_mask(values: FloatArray, tie_order: np.ndarray, k: int) -> np.ndarray:
    """(n, B) True where an initiative is in its column's top k (ties: cost, then ID)."""
    n = values.shape[0]
    if k >= n:
        return np.ones(values.shape, dtype=bool)
    if k <= 0:
        return np.zeros(values.shape, dtype=bool)
    perm = np.argsort(tie_order)  # items in tie-break order, so cumsum picks the winners
    v = np.ascontiguousarray(values[perm].T)  # (B, n): each draw contiguous for partition
    kth = np.partition(v, n - k, axis=1)[:, n - k : n - k + 1]
    tol = 1e-9 * np.maximum(1.0, np.abs(kth))
    above = v > kth + tol
    equal = ~above & (v >= kth - tol)
    slots = k - above.sum(axis=1, keepdims=True)
    chosen = above | equal
    crowded = np.flatnonzero(equal.sum(axis=1, keepdims=True)[:, 0] > slots[:, 0])
    if len(crowded):  # more tied at the k-th value than places left: tie-break order decides
        eq = equal[crowded]
        chosen[crowded] = above[crowded] | (eq & (np.cumsum(eq, axis=1) <= slots[crowded]))
    out = np.empty((n, values.shape[1]), dtype=bool)
    out[perm] = chosen.T
    return out


@dataclass(frozen=True, slots=True, eq=False)
class Acceptability:
    """Share of draws in which each initiative was in the top k (or the optimal portfolio)."""

    ids: tuple[str, ...]
    share: FloatArray
    draws: int
    """Draws actually made (fewer than requested when cancelled)."""
    requested: int
    uncertainty: Uncertainty
    k: int | None

    @property
    def cancelled(self) -> bool:
        return self.draws < self.requested

    def as_dict(self) -> dict[str, float]:
        return {iid: float(s) for iid, s in zip(self.ids, self.share, strict=True)}


def rank_acceptability(
    arrays: ScoreArrays, k: int, u: Uncertainty = Uncertainty(), progress: Progress | None = None
) -> Acceptability:
    """For each initiative, the share of weight/balance draws that put it in the top k."""
    weights, balances = sample(arrays, u)
    counts = np.zeros(arrays.n)
    done = 0
    for s in range(0, u.draws, _BLOCK):
        e = min(u.draws, s + _BLOCK)
        v = draw_values(arrays, weights[s:e], balances[s:e], u.risk_adjusted)
        counts += top_k_mask(v, arrays.tie_order, k).sum(axis=1)
        done = e
        if progress is not None and not progress(done, u.draws):
            break
    share = counts / done if done else counts
    return Acceptability(arrays.ids, share, done, u.draws, u, k)


def portfolio_acceptability(
    arrays: ScoreArrays,
    problem: PortfolioProblem,
    u: Uncertainty = Uncertainty(draws=200),
    *,
    time_limit: float = 5.0,
    mip_rel_gap: float = 1e-3,
    progress: Progress | None = None,
    samples: tuple[FloatArray, FloatArray] | None = None,
) -> Acceptability:
    """For each initiative, the share of draws whose optimal portfolio includes it.

    Draws with no feasible portfolio count as "not chosen" for everyone. Each solve stops
    at a 0.1% certified gap by default: the share is a sampling estimate anyway, and a
    1e-4 proof can take seconds per draw for a couple of hundred initiatives.
    ``samples`` (weights (draws × C), balances) replaces the box draws of ``u``, so the
    SMAA weight spaces (:mod:`stocktake.engine.smaa`) can be used for the portfolio too.
    """
    weights, balances = sample(arrays, u) if samples is None else samples
    model = build_model(arrays, problem)
    counts = np.zeros(arrays.n)
    done = 0
    for d in range(u.draws):
        v = draw_values(arrays, weights[d : d + 1], balances[d : d + 1], u.risk_adjusted)[:, 0]
        sol = solve_model(model, v, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
        counts += sol.chosen
        done = d + 1
        if progress is not None and not progress(done, u.draws):
            break
    share = counts / done if done else counts
    return Acceptability(arrays.ids, share, done, u.draws, u, None)
