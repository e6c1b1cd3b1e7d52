"""The optimal portfolio within the funding envelope, and what it costs to force items in.

Why: a mission board needs the best set of initiatives it can afford, with the proof
of how close to the best it is (HiGHS's certified bound), which constraints stop it
doing more, and, when the constraints cannot all hold, which ones conflict.

Choose x_i ∈ {0, 1} to maximise Σ x_i·value_i subject to the rows of
:func:`stocktake.engine.milp.build_model`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray, ScoreArrays
from stocktake.engine.binding import MAX_BINDING_CHECKS, binding_constraints
from stocktake.engine.conflicts import explain_infeasibility
from stocktake.engine.frontier_solve import solve_one
from stocktake.engine.milp import (
    INFEASIBLE,
    OPTIMAL,
    LinearModel,
    Solution,
    build_model,
    solve_model,
)
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.sentences import Binding, Conflict, id_list, money

__all__ = [
    "DEFAULT_GAP",
    "DEFAULT_TIME_LIMIT",
    "MAX_BINDING_CHECKS",
    "Binding",
    "Conflict",
    "ForceInPrice",
    "PortfolioResult",
    "Progress",
    "binding_constraints",
    "force_in_prices",
    "id_list",
    "money",
    "optimise",
    "prove_binding",
    "spend_by_year",
]

DEFAULT_TIME_LIMIT = 10.0
"""Seconds HiGHS may take before it stops at the best portfolio found and its certified gap."""
DEFAULT_GAP = 1e-4
"""Relative gap at which a portfolio counts as optimal: within 0.01% of the best possible."""

Progress = Callable[[int, int], bool]
"""``progress(done, total)`` for long work; return False to cancel."""


@dataclass(frozen=True, slots=True, eq=False)
class PortfolioResult:
    """The answer of one optimisation, ready to show and to save.

    ``status`` is ``optimal`` (proven within ``requested_gap``), ``feasible`` (stopped at
    the time limit; ``gap`` is certified by the solver's bound), ``infeasible`` (see
    ``conflicts``) or ``no solution`` (stopped before finding any portfolio).
    """

    status: str
    chosen: tuple[str, ...]
    chosen_mask: BoolArray
    value: float | None
    bound: float | None
    gap: float | None
    requested_gap: float
    spend: dict[str, float]
    envelope: dict[str, float]
    binding: tuple[Binding, ...]
    conflicts: tuple[Conflict, ...]
    seconds: float
    binding_unchecked: tuple[str, ...] = ()
    """Constraints that might bind but were not decided (over MAX_BINDING_CHECKS, or
    out of the time allowed): never called binding; shown as "not checked"."""
    binding_checked: bool = True
    """False while the binding proof has not run yet (the window's first stage)."""

    @property
    def summary(self) -> str:
        """One sentence on how good the answer is."""
        if self.status == INFEASIBLE:
            return "No portfolio meets every constraint: " + "; ".join(
                c.message for c in self.conflicts
            )
        if self.value is None:
            return "The solver stopped before it found any portfolio; allow it more time."
        gap = self.gap or 0.0
        if self.status == OPTIMAL:
            if gap == 0.0:
                return f"Proven optimal: value {self.value:,.2f}."
            return (
                f"Optimal to within {gap:.3%}: value {self.value:,.2f}, "
                f"no portfolio can exceed {self.bound:,.2f}."
            )
        return (
            f"Stopped at the time limit within {gap:.3%} of the best possible: value "
            f"{self.value:,.2f}, no portfolio can exceed {self.bound:,.2f}."
        )


def spend_by_year(arrays: ScoreArrays, chosen: BoolArray) -> dict[str, float]:
    """£m spent in each financial year of the workbook by the chosen initiatives."""
    totals = arrays.costs[chosen].sum(axis=0) if arrays.years else np.zeros(0)
    return {y: float(t) for y, t in zip(arrays.years, totals, strict=True)}


def optimise(
    arrays: ScoreArrays,
    values: FloatArray,
    problem: PortfolioProblem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    mip_rel_gap: float = DEFAULT_GAP,
    explain_conflicts: bool = True,
    binding: bool = True,
    binding_seconds: float | None = None,
    model: LinearModel | None = None,
) -> PortfolioResult:
    """The best portfolio for ``values`` (from :func:`stocktake.engine.scoring.values_at`).

    ``binding=False`` returns at once after the solve, with ``binding_checked`` False:
    the window shows the portfolio and then calls :func:`prove_binding`.
    ``binding_seconds`` caps the binding proof (rows left undecided are listed in
    ``binding_unchecked``). ``model`` is ``build_model(arrays, problem)`` when the
    caller has built it already (a save shares it with the efficient frontier).
    """
    if model is None:
        model = build_model(arrays, problem)
    sol = solve_one(model, values, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    conflicts: tuple[Conflict, ...] = ()
    if sol.status == INFEASIBLE and explain_conflicts:
        conflicts = explain_infeasibility(arrays, problem, time_limit=time_limit)
    chosen = sol.chosen
    result = PortfolioResult(
        status=sol.status,
        chosen=tuple(arrays.ids[i] for i in np.flatnonzero(chosen)),
        chosen_mask=chosen,
        value=sol.value,
        bound=sol.bound,
        gap=sol.gap,
        requested_gap=mip_rel_gap,
        spend=spend_by_year(arrays, chosen),
        envelope={y: float(b) for y, b in problem.budgets.items()},
        binding=(),
        conflicts=conflicts,
        seconds=sol.seconds,
        binding_checked=sol.value is None,
    )
    if not binding:
        return result
    return _with_binding(arrays, values, model, sol, result, time_limit, binding_seconds)


def prove_binding(
    arrays: ScoreArrays,
    values: FloatArray,
    problem: PortfolioProblem,
    result: PortfolioResult,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    seconds: float | None = None,
) -> PortfolioResult:
    """The second stage: ``result`` (solved with ``binding=False``) with its binding
    constraints proven, within ``seconds`` if given."""
    if result.binding_checked or result.value is None:
        return result
    model = build_model(arrays, problem)
    sol = Solution(
        result.status, result.chosen_mask, result.value, result.bound, result.gap, result.seconds
    )
    return _with_binding(arrays, values, model, sol, result, time_limit, seconds)


def _with_binding(
    arrays: ScoreArrays,
    values: FloatArray,
    model: LinearModel,
    sol: Solution,
    result: PortfolioResult,
    time_limit: float,
    seconds: float | None,
) -> PortfolioResult:
    proof = binding_constraints(
        arrays,
        values,
        model,
        sol,
        time_limit=time_limit,
        mip_rel_gap=result.requested_gap,
        seconds=seconds,
    )
    return dataclasses.replace(
        result, binding=proof.binding, binding_unchecked=proof.unchecked, binding_checked=True
    )


@dataclass(frozen=True, slots=True)
class ForceInPrice:
    """The value a forced-in initiative costs the portfolio: optimum without it minus with it.

    ``price`` is None when the problem with the force-in has no solution; it is
    known to within the two solves' certified gaps (``uncertainty``, in value points).
    """

    initiative_id: str
    reason: str
    price: float | None
    uncertainty: float


def force_in_prices(
    arrays: ScoreArrays,
    values: FloatArray,
    problem: PortfolioProblem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    mip_rel_gap: float = DEFAULT_GAP,
    progress: Progress | None = None,
    solved: PortfolioResult | None = None,
) -> list[ForceInPrice]:
    """The price of each force-in: one extra solve per forced item.

    ``solved`` is the optimisation of this same problem and values when the caller has
    it already (a save): its value and bound stand in for the base solve.
    """
    if solved is not None:
        base = Solution(
            solved.status, solved.chosen_mask, solved.value, solved.bound, solved.gap, 0.0
        )
    else:
        base = solve_model(
            build_model(arrays, problem), values, time_limit=time_limit, mip_rel_gap=mip_rel_gap
        )
    out = []
    total = len(problem.force_in)
    for done, (iid, reason) in enumerate(problem.force_in.items(), start=1):
        if base.value is None:
            out.append(ForceInPrice(iid, reason, None, 0.0))
        else:
            free = solve_model(
                build_model(arrays, problem.without_force_in(iid)),
                values,
                time_limit=time_limit,
                mip_rel_gap=mip_rel_gap,
            )
            if free.value is None or free.bound is None or base.bound is None:
                out.append(ForceInPrice(iid, reason, None, 0.0))  # solver out of time
            else:
                price = max(free.value - base.value, 0.0)
                uncertainty = (free.bound - free.value) + (base.bound - base.value)
                out.append(ForceInPrice(iid, reason, price, uncertainty))
        if progress is not None and not progress(done, total):
            break
    return out
