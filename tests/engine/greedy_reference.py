"""The greedy order of buy written the plain way: one envelope level, item by item.

This is the rule of :mod:`stocktake.engine.greedy` as the engine first implemented it
(Python lists and running totals, one level per call), kept here as the definition the
shared many-level walk must reproduce exactly: the same purchases in the same order, the
same running totals and the same verdict on the forced items and the long-term share.
"""

from __future__ import annotations

import numpy as np

from stocktake.engine.arrays import FloatArray, ScoreArrays
from stocktake.engine.matrix import long_term_led
from stocktake.engine.milp import pot_coefficients
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scoring import value_for_money


def reference_greedy(
    arrays: ScoreArrays, values: FloatArray, problem: PortfolioProblem
) -> tuple[list[bool], list[tuple[tuple[str, ...], float, float]], bool]:
    """(chosen per initiative, purchases as (IDs, running cost, running value), meets all)."""
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
    cost_rows: list[list[float]] = arrays.costs.tolist()
    chosen = [False] * n
    spend = [0.0] * len(arrays.years)
    fte_used = 0.0
    bought_cost = bought_value = 0.0
    count: dict[str, int] = {}
    steps: list[tuple[tuple[str, ...], float, float]] = []
    ok = True

    def closure(i: int) -> list[int]:
        seen, todo = {i}, [i]
        while todo:
            for j in needs[todo.pop()]:
                if j not in seen:
                    seen.add(j)
                    todo.append(j)
        return sorted(seen)

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
            for c in range(len(spend)):
                spend[c] += cost_rows[k][c]
            fte_used += fte[k]
            for r, (coef, _) in enumerate(pots):
                pot_spend[r] += coef[k]
            bought_cost += float(arrays.total_cost[k])
            bought_value += float(values[k])
            count[missions[k]] = count.get(missions[k], 0) + 1
        steps.append((tuple(arrays.ids[k] for k in bundle), bought_cost, bought_value))

    for k_in in arrays.indices(problem.force_in):
        bundle = [k for k in closure(k_in) if not chosen[k]]
        if bundle and not fits(bundle):
            ok = False
        if bundle:
            buy(bundle)
    vfm = value_for_money(values, arrays.total_cost)
    vfm = np.where(arrays.total_cost <= 0, np.where(values > 0, np.inf, -np.inf), vfm)
    for i in np.lexsort((arrays.tie_order, -vfm)):
        if chosen[i] or values[i] <= 0:
            continue
        bundle = [k for k in closure(int(i)) if not chosen[k]]
        if fits(bundle):
            buy(bundle)
    mask = np.array(chosen, dtype=bool)
    if problem.min_long_term_share is not None:
        total = float(arrays.total_cost[mask].sum())
        led = float(arrays.total_cost[mask & long_term_led(arrays)].sum())
        if total > 0 and led < problem.min_long_term_share * total - 1e-9:
            ok = False
    return chosen, steps, ok
