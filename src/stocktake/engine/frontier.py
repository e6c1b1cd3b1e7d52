"""The efficient frontier, and the greedy "order of buy" that boards are used to.

Why both: portfolio tools (Catalyze Equity3 among them) rank initiatives by value for
money and buy down the list until the money runs out. That is easy to follow but can
leave value on the table when costs are lumpy or years differ; showing the greedy
choice next to the optimum, at every envelope level, tells the board how much.

Greedy rule used here: force-ins (with what they depend on) first; then initiatives by
value per £m, best first (ties: lower cost, then ID), each bought together with any
unbought items it depends on, if that bundle breaks no envelope, funding pot (with its
carry-over), FTE cap, exclusion, force-out or mission cap. The minimum long-term share
cannot be honoured item by item; the result says whether the final choice meets it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray, ScoreArrays
from stocktake.engine.frontier_solve import solve_points
from stocktake.engine.matrix import long_term_led
from stocktake.engine.milp import build_model, pot_coefficients
from stocktake.engine.portfolio import DEFAULT_TIME_LIMIT, Progress
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scoring import value_for_money


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


def greedy(arrays: ScoreArrays, values: FloatArray, problem: PortfolioProblem) -> GreedyResult:
    """Buy down the value-for-money list within the problem's constraints (see module doc)."""
    n = arrays.n
    needs: list[list[int]] = [[] for _ in range(n)]
    for i, j in arrays.depends:
        needs[int(i)].append(int(j))
    rivals: list[set[int]] = [set() for _ in range(n)]
    for i, j in arrays.excludes:
        rivals[int(i)].add(int(j))
        rivals[int(j)].add(int(i))
    forced_out = set(arrays.indices(problem.force_out))
    year_cols = [
        (arrays.years.index(y), float(b)) for y, b in problem.budgets.items() if y in arrays.years
    ]
    fte = np.nan_to_num(arrays.fte).tolist()
    missions = arrays.missions
    pots = (
        [(c.tolist(), row.rhs) for row, _, c in pot_coefficients(arrays, problem.funding)]
        if problem.funding is not None
        else []
    )
    pot_spend = [0.0] * len(pots)
    # Plain lists and running totals: greedy runs once per frontier point, over every
    # initiative, and numpy calls per candidate made it the frontier's slowest part.
    cost_rows: list[list[float]] = arrays.costs.tolist()
    total_cost: list[float] = arrays.total_cost.tolist()
    value_of: list[float] = np.asarray(values, dtype=float).tolist()
    chosen = [False] * n
    spend = [0.0] * len(arrays.years)
    fte_used = 0.0
    bought_cost = bought_value = 0.0
    count: dict[str, int] = {}
    steps: list[BuyStep] = []
    ok = True

    def fits(bundle: list[int]) -> bool:
        if any(k in forced_out for k in bundle):
            return False
        members = set(bundle)
        if any(rivals[k] & members or any(chosen[r] for r in rivals[k]) for k in bundle):
            return False
        for c, b in year_cols:
            if spend[c] + sum(cost_rows[k][c] for k in bundle) > b + 1e-9:
                return False
        for r, (coef, rhs) in enumerate(pots):
            if pot_spend[r] + sum(coef[k] for k in bundle) > rhs + 1e-9:
                return False
        if problem.fte_cap is not None and (
            fte_used + sum(fte[k] for k in bundle) > problem.fte_cap + 1e-9
        ):
            return False
        for m in {missions[k] for k in bundle}:
            cap = problem.cap_for(m)
            if cap is not None and count.get(m, 0) + sum(missions[k] == m for k in bundle) > cap:
                return False
        return True

    def buy(bundle: list[int]) -> None:
        nonlocal fte_used, bought_cost, bought_value
        for k in bundle:
            chosen[k] = True
            row = cost_rows[k]
            for c in range(len(spend)):
                spend[c] += row[c]
            fte_used += fte[k]
            for r, (coef, _) in enumerate(pots):
                pot_spend[r] += coef[k]
            bought_cost += total_cost[k]
            bought_value += value_of[k]
            count[missions[k]] = count.get(missions[k], 0) + 1
        steps.append(BuyStep(tuple(arrays.ids[k] for k in bundle), bought_cost, bought_value))

    for k_in in arrays.indices(problem.force_in):
        bundle = [k for k in _closure(k_in, needs) if not chosen[k]]
        if bundle and not fits(bundle):
            ok = False
        if bundle:
            buy(bundle)
    vfm = value_for_money(values, arrays.total_cost)
    vfm = np.where(arrays.total_cost <= 0, np.where(values > 0, np.inf, -np.inf), vfm)
    order = np.lexsort((arrays.tie_order, -vfm))
    for i in order:
        if chosen[i] or values[i] <= 0:
            continue
        bundle = [k for k in _closure(int(i), needs) if not chosen[k]]
        if fits(bundle):
            buy(bundle)
    mask = np.array(chosen, dtype=bool)
    if problem.min_long_term_share is not None:
        total = float(arrays.total_cost[mask].sum())
        led = float(arrays.total_cost[mask & long_term_led(arrays)].sum())
        if total > 0 and led < problem.min_long_term_share * total - 1e-9:
            ok = False
    return GreedyResult(mask, float(values[mask].sum()), tuple(steps), ok)


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


@dataclass(frozen=True, slots=True)
class FrontierPoint:
    """Best value at one envelope level (every yearly envelope times ``scale``)."""

    scale: float
    envelope: dict[str, float]
    status: str
    value: float | None
    bound: float | None
    gap: float | None
    chosen: tuple[str, ...]
    greedy_value: float
    """What buying down the value-for-money list achieves with the same envelope."""

    @property
    def left_by_greedy(self) -> float | None:
        """Value the greedy choice leaves on the table compared with the optimum."""
        return None if self.value is None else max(self.value - self.greedy_value, 0.0)


DEFAULT_SCALES: tuple[float, ...] = tuple(round(0.1 * k, 1) for k in range(1, 16))


FRONTIER_GAP = 1e-3
"""Relative gap each frontier point is solved to: within 0.1% of the best possible.

The frontier is a chart of a dozen or so envelope levels, where 0.1% is below a pixel;
each point still carries its own certified bound and gap. Measured on a generated
2,000-initiative workbook: at 0.1% the LP relaxation and the portfolio built from it
settle most points in milliseconds, while proving 0.01% takes HiGHS seconds per point
(its bound at the root is already within about 0.02%), which put 16 points far beyond
the 3 s the frontier is allowed."""


def efficient_frontier(
    arrays: ScoreArrays,
    values: FloatArray,
    problem: PortfolioProblem,
    scales: Sequence[float] = DEFAULT_SCALES,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    mip_rel_gap: float = FRONTIER_GAP,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[FrontierPoint]:
    """Best value for each envelope level, with the greedy value alongside, in the order
    of ``scales``.

    The points share their work (:mod:`stocktake.engine.frontier_solve`: one HiGHS model
    per worker thread, each point started from the LP and the neighbouring point's
    portfolio, stopping at the certified gap); ``workers`` threads solve runs of levels
    in parallel (default: one per core). ``progress(done, total)`` returning False
    cancels; the levels solved by then are returned. Without budgets or funding pots the
    frontier has one point (there is nothing to scale).
    """
    if not problem.budgets and problem.funding is None:
        scales = (1.0,)
    model = build_model(arrays, problem)
    solved = solve_points(
        model,
        values,
        scales,
        time_limit=time_limit,
        mip_rel_gap=mip_rel_gap,
        workers=workers,
        progress=progress,
    )
    points = []
    for s in scales:
        sol = solved.get(float(s))
        if sol is None:
            continue  # cancelled before this level
        p = problem.scaled(s)
        points.append(
            FrontierPoint(
                scale=float(s),
                envelope=dict(p.budgets),
                status=sol.status,
                value=sol.value,
                bound=sol.bound,
                gap=sol.gap,
                chosen=tuple(arrays.ids[i] for i in np.flatnonzero(sol.chosen)),
                greedy_value=greedy(arrays, values, p).value,
            )
        )
    return points
