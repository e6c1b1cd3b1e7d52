"""The greedy "order of buy" that boards are used to, at one envelope level or many at once.

Why it exists: portfolio tools (Catalyze Equity3 among them) rank initiatives by value
for money and buy down the list until the money runs out. That is easy to follow but can
leave value on the table when costs are lumpy or years differ; the efficient frontier
(:mod:`stocktake.engine.frontier`) shows the greedy choice next to the optimum at every
envelope level, to tell the board how much.

Greedy rule used here: force-ins (with what they depend on) first; then initiatives by
value per £m, best first (ties: lower cost, then ID), each bought together with any
unbought items it depends on, if that bundle breaks no envelope, funding pot (with its
carry-over), FTE cap, exclusion, force-out or mission cap. The minimum long-term share
cannot be honoured item by item; the result says whether the final choice meets it.

Why many levels at once: the rule is sequential (each purchase changes what fits next),
so it cannot be one array expression over the initiatives; but the buying order is the
same at every envelope level, so one walk down the list decides every level together,
each check a numpy operation across the levels. The frontier's 16 levels over 5,000
initiatives took 16 walks of per-item Python (1.5-2.5 s of a save); one shared walk
takes about a tenth of a second. Written by hand: no library runs a greedy knapsack
with dependencies, exclusions, carry-over pots and mission caps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray, ScoreArrays
from stocktake.engine.matrix import long_term_led
from stocktake.engine.milp import pot_coefficients
from stocktake.engine.pots import pot_rows
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scoring import value_for_money

SLACK = 1e-9
"""A purchase fits when it overshoots no limit by more than this (rounding of £m sums)."""


@dataclass(frozen=True, slots=True)
class BuyStep:
    """One purchase in the order of buy: the item(s) bought and the running totals."""

    initiative_ids: tuple[str, ...]
    cumulative_cost: float
    cumulative_value: float


@dataclass(frozen=True, slots=True, eq=False)
class GreedyResult:
    chosen: BoolArray
    value: float
    steps: tuple[BuyStep, ...]
    meets_all_constraints: bool
    """False when the forced items do not fit, or the long-term share is not met."""


def _closure(i: int, needs: list[list[int]]) -> list[int]:
    seen, todo = {i}, [i]
    while todo:
        for j in needs[todo.pop()]:
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return sorted(seen)


class _Walk:
    """The state of every level's purchases as the shared walk goes down the list.

    Every limit is a column of one table, so one check covers them all: the budgeted
    years, the pot rows, the FTE cap and one column per mission (its cap). ``use`` holds
    each initiative's draw on every column (initiatives × columns: its cost in the year,
    its pot coefficient, its FTEs, 1 in its mission's column), ``limit`` each level's
    limits (levels × columns; infinite where none applies) and ``used`` what each level
    has bought so far. Row ``s`` of ``chosen`` and ``bought_at`` (the purchase number at
    which an initiative was bought, -1 if not) is level ``s``.
    """

    def __init__(
        self,
        arrays: ScoreArrays,
        problem: PortfolioProblem,
        levels: list[PortfolioProblem],
    ) -> None:
        n, s = arrays.n, len(levels)
        self.chosen = np.zeros((s, n), dtype=bool)
        self.bought_at = np.full((s, n), -1, dtype=np.int64)
        self.purchases = 0
        self.forced_out = np.zeros(n, dtype=bool)
        self.forced_out[arrays.indices(problem.force_out)] = True
        self.rivals: list[list[int]] = [[] for _ in range(n)]
        for i, j in arrays.excludes:
            self.rivals[int(i)].append(int(j))
            self.rivals[int(j)].append(int(i))
        years = [y for y in problem.budgets if y in arrays.years]
        year_limit = np.array([[p.budgets[y] for y in years] for p in levels], dtype=float)
        pot_use, pot_limit = _pot_rows(arrays, problem, levels)
        fte_cap = np.inf if problem.fte_cap is None else float(problem.fte_cap)
        names = sorted(set(arrays.missions))
        mission = np.array([names.index(m) for m in arrays.missions], dtype=np.int64)
        caps = [problem.cap_for(m) for m in names]
        self.use = np.column_stack(
            [
                arrays.costs[:, [arrays.years.index(y) for y in years]].reshape(n, len(years)),
                pot_use,
                np.nan_to_num(arrays.fte).reshape(n, 1),
                np.arange(len(names)) == mission[:, None],
            ]
        ).astype(float)
        self.limit = (
            np.column_stack(
                [
                    year_limit.reshape(s, len(years)),
                    pot_limit,
                    np.full((s, 1), fte_cap),
                    np.tile([np.inf if c is None else float(c) for c in caps], (s, 1)),
                ]
            )
            + SLACK
        )
        self.used = np.zeros_like(self.limit)
        self.always = np.arange(self.use.shape[1]) < self.use.shape[1] - len(names)
        """Money and FTE columns are checked on every purchase (a level already over them
        buys nothing more); a mission's cap only when the purchase adds to that mission."""

    def fits(self, bundle: list[int], take: BoolArray) -> BoolArray:
        """Per level, whether buying the bundle's members marked in ``take`` (levels ×
        members) breaks nothing; only levels whose ``take`` row has a member matter."""
        ok = ~(take & self.forced_out[bundle]).any(axis=1)
        for j, k in enumerate(bundle):
            if self.rivals[k]:
                inside = [bundle.index(r) for r in self.rivals[k] if r in bundle]
                clash = self.chosen[:, self.rivals[k]].any(axis=1) | take[:, inside].any(axis=1)
                ok &= ~(take[:, j] & clash)
        added = take[:, :1] * self.use[bundle[0]]
        for j, k in enumerate(bundle[1:], start=1):  # summed in the bundle's order
            added = added + take[:, j : j + 1] * self.use[k]
        over = (self.used + added > self.limit) & (self.always | (added > 0))
        return ok & ~over.any(axis=1)

    def buy(self, bundle: list[int], take: BoolArray) -> None:
        """Buy each level's marked members, one at a time in the bundle's order (so the
        running totals add up in the order a single-level walk adds them)."""
        self.chosen[:, bundle] |= take
        self.bought_at[:, bundle] = np.where(take, self.purchases, self.bought_at[:, bundle])
        self.purchases += 1
        for j, k in enumerate(bundle):
            self.used += take[:, j : j + 1] * self.use[k]


def _pot_rows(
    arrays: ScoreArrays, problem: PortfolioProblem, levels: list[PortfolioProblem]
) -> tuple[FloatArray, FloatArray]:
    """Each pot row's coefficient per initiative (initiatives × rows) and its limit per
    level (levels × rows; no limit where a level lacks the row).

    The coefficients do not move with the envelope, so they are worked out once (the
    per-initiative share lookup is the slow part); each level brings its own rows'
    right-hand sides.
    """
    if problem.funding is None:
        return np.zeros((arrays.n, 0)), np.zeros((len(levels), 0))
    coef = {(r.limit, years): c for r, years, c in pot_coefficients(arrays, problem.funding)}
    level_rows = []
    for p in levels:
        assert p.funding is not None  # scaled from a problem with funding
        rows = {(r.limit, years): r.rhs for r, years in pot_rows(p.funding)}
        if not rows.keys() <= coef.keys():  # a row set that changed with the scale
            coef |= {(r.limit, y): c for r, y, c in pot_coefficients(arrays, p.funding)}
        level_rows.append(rows)
    keys = list(coef)
    limit = np.array([[rows.get(k, np.inf) for k in keys] for rows in level_rows], dtype=float)
    cost = np.column_stack([coef[k] for k in keys]) if keys else np.zeros((arrays.n, 0))
    return cost, limit.reshape(len(levels), len(keys))


def _walk(
    arrays: ScoreArrays, values: FloatArray, problem: PortfolioProblem, scales: Sequence[float]
) -> tuple[_Walk, BoolArray]:
    """Run the greedy rule at every ``problem.scaled(s)``: the walk's final state, and
    per level whether every forced item fitted."""
    levels = [problem.scaled(s) for s in scales]
    walk = _Walk(arrays, problem, levels)
    needs: list[list[int]] = [[] for _ in range(arrays.n)]
    for i, j in arrays.depends:
        needs[int(i)].append(int(j))
    forced_fit = np.ones(len(levels), dtype=bool)
    for k_in in arrays.indices(problem.force_in):
        bundle = _closure(k_in, needs)
        take = ~walk.chosen[:, bundle]
        some = take.any(axis=1)
        forced_fit &= ~some | walk.fits(bundle, take)
        walk.buy(bundle, take)
    vfm = value_for_money(values, arrays.total_cost)
    vfm = np.where(arrays.total_cost <= 0, np.where(values > 0, np.inf, -np.inf), vfm)
    order = np.lexsort((arrays.tie_order, -vfm))
    for i in order[values[order] > 0].tolist():
        open_ = ~walk.chosen[:, i]
        if walk.forced_out[i] or not open_.any():
            continue
        bundle = _closure(i, needs) if needs[i] else [i]
        take = open_[:, None] & ~walk.chosen[:, bundle]
        take &= walk.fits(bundle, take)[:, None]
        if take.any():
            walk.buy(bundle, take)
    return walk, forced_fit


def _meets_share(arrays: ScoreArrays, problem: PortfolioProblem, mask: BoolArray) -> bool:
    if problem.min_long_term_share is None:
        return True
    total = float(arrays.total_cost[mask].sum())
    led = float(arrays.total_cost[mask & long_term_led(arrays)].sum())
    return not (total > 0 and led < problem.min_long_term_share * total - SLACK)


def _steps(arrays: ScoreArrays, values: FloatArray, bought_at: np.ndarray) -> tuple[BuyStep, ...]:
    """One level's purchases in order, with running totals added item by item."""
    items = np.flatnonzero(bought_at >= 0)
    if not len(items):
        return ()
    items = items[np.lexsort((items, bought_at[items]))]
    cost = np.cumsum(arrays.total_cost[items])
    value = np.cumsum(np.asarray(values, dtype=float)[items])
    when = bought_at[items]
    ends = np.flatnonzero(np.append(when[1:] != when[:-1], True))
    steps, start = [], 0
    for end in ends.tolist():
        ids = tuple(arrays.ids[k] for k in items[start : end + 1].tolist())
        steps.append(BuyStep(ids, float(cost[end]), float(value[end])))
        start = end + 1
    return tuple(steps)


def greedy(arrays: ScoreArrays, values: FloatArray, problem: PortfolioProblem) -> GreedyResult:
    """Buy down the value-for-money list within the problem's constraints (see module doc)."""
    walk, forced_fit = _walk(arrays, values, problem, (1.0,))
    mask = walk.chosen[0]
    return GreedyResult(
        mask,
        float(values[mask].sum()),
        _steps(arrays, values, walk.bought_at[0]),
        bool(forced_fit[0]) and _meets_share(arrays, problem, mask),
    )


def greedy_values(
    arrays: ScoreArrays, values: FloatArray, problem: PortfolioProblem, scales: Sequence[float]
) -> list[float]:
    """The greedy choice's value at each ``problem.scaled(s)``, from one shared walk:
    ``greedy(arrays, values, problem.scaled(s)).value`` for every ``s``, at a fraction
    of the cost (the frontier's greedy line)."""
    walk, _ = _walk(arrays, values, problem, scales)
    return [float(values[row].sum()) for row in walk.chosen]


def order_of_buy(
    arrays: ScoreArrays, values: FloatArray, problem: PortfolioProblem
) -> tuple[BuyStep, ...]:
    """The greedy buying order with no envelope: the curve boards read the cut-off from."""
    unlimited = PortfolioProblem(
        budgets={},
        fte_cap=None,
        force_in=problem.force_in,
        force_out=problem.force_out,
        max_per_mission=problem.max_per_mission,
        mission_caps=problem.mission_caps,
        min_long_term_share=None,
    )
    return greedy(arrays, values, unlimited).steps
