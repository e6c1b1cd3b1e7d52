"""SMAA robustness: rank acceptability and central weights when the weights (and scores)
are only partly known.

Why besides the box of :mod:`stocktake.engine.robustness`: a board rarely knows its
weights to ±20%; it knows "C01 matters more than C02" or "C04 is between a quarter and a
half of the long-term value". Stochastic Multicriteria Acceptability Analysis (SMAA-2,
Lahdelma & Salminen 2001) samples every weight vector consistent with what is known,
uniformly, and reports how often each initiative takes each rank.

What moves, exactly (docs/engine.md, "SMAA"):

* **Weights**, per group (Milestone, Ambition, Deliverability: each group's weights are
  normalised to shares that sum to 1, so a group is a simplex of its own). A criterion
  weighted 0 stays at 0 in every mode; a group with one weighted criterion has share 1.

  - ``box``: today's method, each raw weight × an independent factor in [1 − r, 1 + r].
  - ``simplex``: shares uniform on the group's simplex (``numpy`` Dirichlet(1, …, 1)),
    within optional per-criterion bounds on the share (min, max in 0-1). Lower bounds
    are exact (shares = min + (1 − Σ min) × Dirichlet, uniform on that region); upper
    bounds by rejection of draws that break them.
  - ``ordering``: as ``simplex``, and the criteria listed in ``order`` keep that order
    within their group (first ≥ second ≥ …). Drawn by sorting those shares of a uniform
    draw (each ordering of exchangeable shares is equally likely, so sorting maps the
    simplex onto the ordered region uniformly), then the bounds by rejection.

* **Balance**: uniform in [balance_lo, balance_hi], as in the box method.
* **Scores** (when score ranges are given): each range-bearing score's points move
  uniformly between the points of its low and its high score (for the default straight
  line of a scale, that is the score uniform in [low, high]); scores without a range
  stay put. Independent per score and per draw.

All random numbers are drawn from one seeded generator (``np.random.default_rng(seed)``)
before any scoring: weights, then balances, then score positions, so results depend on
the seed and the number of draws only. Ranks use the app's rule: higher value first,
values within 1e-9 points count as tied and the tie-break (lower cost, then ID) decides.

Hand-written here because numpy and scipy do not offer them: the sort-to-order map,
the bound rejection loop and the rank/central-weight tallies. Dirichlet and uniform
draws are numpy's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from stocktake.engine.arrays import (
    AMBITION,
    EMPTY_GROUP_VALUE,
    MILESTONE,
    FloatArray,
    IntArray,
    ScoreArrays,
    arrays_from_workbook,
    group_values,
    group_weight_matrix,
)
from stocktake.engine.portfolio import Progress
from stocktake.engine.scoring import check_sampling, combine
from stocktake.model import Workbook

MODES = ("box", "simplex", "ordering")
_MAX_TRIES = 200
"""Rejection rounds before bounds are called too tight to sample."""
_CELLS_PER_BLOCK = 4_000_000
"""Draw × initiative × criterion cells scored at once when scores move (bounds memory)."""


@dataclass(frozen=True, slots=True)
class WeightSpace:
    """What is known about the weights: the region they are drawn from, uniformly."""

    mode: str = "simplex"
    weight_range: float = 0.2
    """``box`` only: each raw weight within ± this fraction."""
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """``simplex``/``ordering``: criterion ID → (min, max) share of its group, 0-1."""
    order: tuple[str, ...] = ()
    """``ordering``: criterion IDs, most important first (compared within a group)."""

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(
                f"the weight space must be one of {', '.join(MODES)}, not {self.mode!r}"
            )
        if not 0.0 <= self.weight_range <= 1.0:
            raise ValueError(f"the weight range must be 0-1, not {self.weight_range}")
        for cid, (lo, hi) in self.bounds.items():
            if not 0.0 <= lo <= hi <= 1.0:
                raise ValueError(
                    f"the share bounds of {cid} must satisfy 0 <= min <= max <= 1, "
                    f"not {lo:g}-{hi:g}"
                )
        if len(set(self.order)) != len(self.order):
            raise ValueError("the ordering names a criterion twice")


@dataclass(frozen=True, slots=True)
class Smaa:
    """One SMAA run's settings."""

    space: WeightSpace = field(default_factory=WeightSpace)
    balance_lo: float = 0.5
    balance_hi: float = 0.5
    draws: int = 10_000
    seed: int = 20250101
    risk_adjusted: bool = False
    top_k: int = 10
    ranks: int = 10
    """Rank positions reported in the acceptability table (1 … ``ranks``)."""

    def __post_init__(self) -> None:
        check_sampling(self.balance_lo, self.balance_hi, self.draws)
        if self.top_k < 1 or self.ranks < 1:
            raise ValueError("the top set and the ranks reported must be 1 or more")


@dataclass(frozen=True, slots=True, eq=False)
class ScoreRanges:
    """The points of every score at the low and the high end of its range, (n, C) each,
    aligned with the arrays; equal to ``arrays.normalised`` where no range is given."""

    low: FloatArray
    high: FloatArray

    @property
    def any(self) -> bool:
        return bool(np.any(self.low != self.high))


@dataclass(frozen=True, slots=True, eq=False)
class SmaaResult:
    """Rank acceptability and central weights (SMAA-2).

    ``acceptability[i, r]``: share of draws in which initiative i took rank r + 1.
    ``top_share[i]``: share in which it ranked in the top k. ``central_first[i]`` and
    ``central_top[i]``: the mean weight *shares* (each within its group) of the draws in
    which it ranked first / in the top k; NaN where it never did.
    """

    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    acceptability: FloatArray
    top_share: FloatArray
    first_share: FloatArray
    central_first: FloatArray
    central_top: FloatArray
    draws: int
    requested: int
    settings: Smaa
    k: int

    @property
    def cancelled(self) -> bool:
        return self.draws < self.requested


def _shares(arrays: ScoreArrays, weights: FloatArray) -> FloatArray:
    """(…, C) raw weights → each criterion's share of its group (0 for unvalued ones)."""
    return group_weight_matrix(arrays.groups, weights).sum(axis=-1)


def _group_members(arrays: ScoreArrays) -> list[IntArray]:
    """Criteria that can carry weight, per group (weighted > 0 and valued)."""
    return [
        np.flatnonzero((arrays.groups == g) & (arrays.weights > 0)).astype(np.int64)
        for g in range(3)
    ]


def _check_space(arrays: ScoreArrays, space: WeightSpace) -> None:
    known = set(arrays.criteria)
    unknown = [c for c in (*space.bounds, *space.order) if c not in known]
    if unknown:
        raise ValueError(f"no criterion {', '.join(unknown)} to bound or order")
    for members in _group_members(arrays):
        ids = [arrays.criteria[c] for c in members]
        lows = sum(space.bounds.get(c, (0.0, 1.0))[0] for c in ids)
        highs = sum(space.bounds.get(c, (0.0, 1.0))[1] for c in ids)
        if ids and not lows <= 1.0 <= highs + 1e-12:
            raise ValueError(
                f"the share bounds of {', '.join(ids)} cannot hold together: their minimums "
                f"add up to {lows:.0%} and their maximums to {highs:.0%}, and the shares "
                "of a group add up to 100%"
            )


def _simplex_group(
    rng: np.random.Generator,
    m: int,
    draws: int,
    lows: FloatArray,
    highs: FloatArray,
    chain: IntArray,
) -> FloatArray:
    """(draws, m) shares uniform on {Σ = 1, lows ≤ s ≤ highs, s[chain] non-increasing}.

    ``lows + (1 − Σ lows) × Dirichlet(1)`` is uniform on the region above the lows. When
    the chain's lows are equal, the order of the shifted shares is the order of the
    Dirichlet's, so sorting those coordinates is exact; otherwise the order is kept by
    rejection too (slower, still uniform).
    """
    free = 1.0 - float(lows.sum())
    sort = len(chain) > 1 and float(np.ptp(lows[chain])) == 0.0
    out = np.empty((0, m))
    for _ in range(_MAX_TRIES):
        need = draws - len(out)
        if need <= 0:
            break
        s = rng.dirichlet(np.ones(m), size=max(need, 64) * 2)
        if sort:
            s[:, chain] = -np.sort(-s[:, chain], axis=1)
        s = lows + free * s
        ok = np.all(s <= highs + 1e-12, axis=1)
        if len(chain) > 1 and not sort:
            ok &= np.all(np.diff(s[:, chain], axis=1) <= 0.0, axis=1)
        out = np.concatenate([out, s[ok]])
    if len(out) < draws:
        raise ValueError(
            "the bounds and the ordering leave too little room to draw weights from; "
            "widen a bound or drop part of the ordering"
        )
    return out[:draws]


def sample_weights(
    arrays: ScoreArrays, space: WeightSpace, draws: int, rng: np.random.Generator
) -> FloatArray:
    """(draws, C) weights from ``space``: raw weights for ``box``, shares otherwise."""
    _check_space(arrays, space)
    c = len(arrays.criteria)
    if space.mode == "box":
        r = space.weight_range
        return arrays.weights[None, :] * rng.uniform(1.0 - r, 1.0 + r, size=(draws, c))
    out = np.zeros((draws, c))
    order = space.order if space.mode == "ordering" else ()
    for members in _group_members(arrays):
        if len(members) == 0:
            continue
        if len(members) == 1:
            out[:, members[0]] = 1.0
            continue
        ids = [arrays.criteria[k] for k in members]
        lows = np.array([space.bounds.get(cid, (0.0, 1.0))[0] for cid in ids])
        highs = np.array([space.bounds.get(cid, (0.0, 1.0))[1] for cid in ids])
        chain = np.array([ids.index(cid) for cid in order if cid in ids], dtype=np.int64)
        out[:, members] = _simplex_group(rng, len(members), draws, lows, highs, chain)
    return out


def draw_weights(
    arrays: ScoreArrays, settings: Smaa, draws: int, rng: np.random.Generator | None = None
) -> tuple[FloatArray, FloatArray]:
    """(weights (draws × C), balances (draws,)): the first numbers a run draws, in order.

    The portfolio acceptability takes these too, so its draws come from the same space.
    """
    rng = np.random.default_rng(settings.seed) if rng is None else rng
    weights = sample_weights(arrays, settings.space, draws, rng)
    return weights, rng.uniform(settings.balance_lo, settings.balance_hi, size=draws)


def _block_values(
    arrays: ScoreArrays,
    weights: FloatArray,
    balances: FloatArray,
    points: FloatArray | None,
    risk_adjusted: bool,
) -> FloatArray:
    """(B, n) values, one row per draw; ``points`` (B, n, C) when scores move, else the
    arrays' own. Rows per draw because :func:`leaders` partitions each draw's values: made
    as (n, B) and transposed, the copy to rows took half the robustness draws' time on
    5,000 initiatives (0.3 of 0.6 s).

    Without risk adjustment or moving scores, V = λN + (1 − λ)L is one product with the
    per-draw blend of the group weights, λ·G_N + (1 − λ)·G_L: the same sum as
    ``combine`` over ``group_values`` (an empty N or L group has an all-zero column and
    a value of 0 either way), without the (n, B, 3) array; five times faster on long
    lists, which is what lets a save carry the robustness of 5,000 initiatives.
    """
    if points is None and not risk_adjusted:
        gw = group_weight_matrix(arrays.groups, weights)  # (B, C, 3)
        lam = balances[:, None]
        blend = lam * gw[:, :, MILESTONE] + (1.0 - lam) * gw[:, :, AMBITION]  # (B, C)
        return np.asarray(blend @ arrays.normalised.T)
    if points is None:
        g = group_values(arrays.normalised, arrays.groups, weights)  # (n, B, 3)
    else:
        gw = group_weight_matrix(arrays.groups, weights)  # (B, C, 3)
        g = np.einsum("bnc,bcg->nbg", points, gw, optimize=True)
        empty = np.asarray(~gw.any(axis=-2))  # (B, 3)
        if empty.any():
            g = np.where(empty[None, :, :], np.asarray(EMPTY_GROUP_VALUE), g)
    return np.ascontiguousarray(np.asarray(combine(g, balances[None, :], risk_adjusted)[1]).T)


def leaders(values: FloatArray, tie_order: IntArray, m: int) -> IntArray:
    """(B, m): the initiatives at ranks 1 … m of each draw (rows of ``values``, (B, n)).

    Higher value first; values within 1e-9 points tie and then ``tie_order`` decides
    (lower cost, then ID). Each (value, tie position) pair becomes one exact int64 key,
    value rounded to 1e-9 points times n plus the tie position, so a partition can pick
    the leaders without a full sort and ties can never be split arbitrarily.
    """
    n = values.shape[1]
    m = min(m, n)
    grid = np.rint(values * 1e9).astype(np.int64)  # (B, n)
    key = -grid * n + tie_order[None, :]
    if m < n:
        part = np.argpartition(key, m - 1, axis=1)[:, :m]
        order = np.argsort(np.take_along_axis(key, part, axis=1), axis=1)
        return np.take_along_axis(part, order, axis=1)
    return np.argsort(key, axis=1)


def smaa(
    arrays: ScoreArrays,
    settings: Smaa = Smaa(),
    scores: ScoreRanges | None = None,
    progress: Progress | None = None,
) -> SmaaResult:
    """Rank acceptability, top-k share and central weights over ``settings.draws`` draws."""
    s = settings
    n, c = arrays.n, len(arrays.criteria)
    k = max(1, min(s.top_k, n))
    ranks = max(1, min(s.ranks, n))
    rng = np.random.default_rng(s.seed)
    weights, balances = draw_weights(arrays, s, s.draws, rng)
    moving = scores is not None and scores.any
    positions = rng.uniform(size=(s.draws, n, c)) if moving else None
    shares = _shares(arrays, weights) if s.space.mode == "box" else weights
    counts = np.zeros((n, ranks))
    top = np.zeros(n)
    first_sum = np.zeros((n, c))
    top_sum = np.zeros((n, c))
    block = max(1, min(512, _CELLS_PER_BLOCK // max(1, n * c))) if moving else 512
    done = 0
    for start in range(0, s.draws, block):
        end = min(s.draws, start + block)
        points = None
        if moving:
            assert scores is not None and positions is not None
            points = scores.low + positions[start:end] * (scores.high - scores.low)
        v = _block_values(arrays, weights[start:end], balances[start:end], points, s.risk_adjusted)
        lead = leaders(v, arrays.tie_order, max(k, ranks))  # (B, m)
        for r in range(ranks):
            counts[:, r] += np.bincount(lead[:, r], minlength=n)
        in_top = lead[:, :k].ravel()
        top += np.bincount(in_top, minlength=n)
        block_shares = shares[start:end]
        top_shares = np.repeat(block_shares, k, axis=0)  # row b·k + j: draw b
        for col in range(c):
            first_sum[:, col] += np.bincount(lead[:, 0], block_shares[:, col], minlength=n)
            top_sum[:, col] += np.bincount(in_top, top_shares[:, col], minlength=n)
        done = end
        if progress is not None and not progress(done, s.draws):
            break
    total = max(done, 1)
    first_count = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        central_first = first_sum / first_count[:, None]
        central_top = top_sum / top[:, None]
    return SmaaResult(
        ids=arrays.ids,
        criteria=arrays.criteria,
        acceptability=counts / total,
        top_share=top / total,
        first_share=first_count / total,
        central_first=np.where(first_count[:, None] > 0, central_first, np.nan),
        central_top=np.where(top[:, None] > 0, central_top, np.nan),
        draws=done,
        requested=s.draws,
        settings=s,
        k=k,
    )


def score_ranges(workbook: Workbook, arrays: ScoreArrays) -> ScoreRanges | None:
    """The points at each end of the workbook's score ranges (``Initiative.score_ranges``),
    or None when it gives none.

    Each end is scored by the engine's own :func:`arrays_from_workbook` on a copy of the
    workbook with that end typed in, so it gets exactly the points a typed score would
    (scale, and whatever value function the criterion has). An end left blank is the
    score itself.
    """
    if not any(i.score_ranges for i in workbook.initiatives.values()):
        return None
    ends = []
    for side in (0, 1):
        inits = {
            iid: dataclasses.replace(
                init,
                scores={
                    **init.scores,
                    **{
                        cid: pair[side]
                        for cid, pair in init.score_ranges.items()
                        if pair[side] is not None
                    },
                },
            )
            for iid, init in workbook.initiatives.items()
        }
        ends.append(arrays_from_workbook(dataclasses.replace(workbook, initiatives=inits)))
    low, high = ends[0].normalised, ends[1].normalised
    if low.shape != arrays.normalised.shape or ends[0].ids != arrays.ids:
        raise ValueError("the score ranges do not line up with the scores")
    return ScoreRanges(np.minimum(low, high), np.maximum(low, high))


def sequence_of(order: Sequence[str] | str) -> tuple[str, ...]:
    """``"C01 > C02 >= C03"`` or a list → ("C01", "C02", "C03")."""
    if isinstance(order, str):
        parts = order.replace(">=", ">").replace("≥", ">").split(">")
        return tuple(p.strip() for p in parts if p.strip())
    return tuple(order)
