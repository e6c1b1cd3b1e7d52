"""The optimal portfolio within the funding envelope, and what it costs to force items in.

Why: a mission board needs the best set of initiatives it can afford, with the proof
of how close to the best it is (HiGHS's certified bound), which constraints stop it
doing more, and, when the constraints cannot all hold, which ones conflict.

Choose x_i ∈ {0, 1} to maximise Σ x_i·value_i subject to the rows of
:func:`stocktake.engine.milp.build_model`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray, ScoreArrays
from stocktake.engine.conflicts import explain_infeasibility
from stocktake.engine.milp import (
    BUDGET,
    DEPENDS,
    EXCLUDES,
    FTE,
    INFEASIBLE,
    LONG_TERM_SHARE,
    MISSION_CAP,
    OPTIMAL,
    LinearModel,
    Row,
    Solution,
    build_model,
    solve_model,
)
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.sentences import Binding, Conflict, id_list, money

__all__ = [
    "DEFAULT_GAP",
    "DEFAULT_TIME_LIMIT",
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
    """Constraints that might bind but were not re-solved (over MAX_BINDING_CHECKS)."""

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
                return f"Proven optimal: value {self.value:.2f}."
            return (
                f"Optimal to within {gap:.3%}: value {self.value:.2f}, "
                f"no portfolio can exceed {self.bound:.2f}."
            )
        return (
            f"Stopped at the time limit within {gap:.3%} of the best possible: value "
            f"{self.value:.2f}, no portfolio can exceed {self.bound:.2f}."
        )


def spend_by_year(arrays: ScoreArrays, chosen: BoolArray) -> dict[str, float]:
    """£m spent in each financial year of the workbook by the chosen initiatives."""
    totals = arrays.costs[chosen].sum(axis=0) if arrays.years else np.zeros(0)
    return {y: float(t) for y, t in zip(arrays.years, totals, strict=True)}


def _row_slack(model: LinearModel, chosen: BoolArray) -> FloatArray:
    return np.asarray(model.b - model.a @ chosen.astype(float))


MAX_BINDING_CHECKS = 60
"""At most this many constraints are re-solved to prove they bind (each proof is one
solve); the rest are listed in :attr:`PortfolioResult.binding_unchecked`, never claimed."""


def without_rows(model: LinearModel, drop: set[int]) -> LinearModel:
    """The same model with some rows removed: each constraint relaxed completely."""
    keep = np.array([r not in drop for r in range(len(model.rows))], dtype=bool)
    return LinearModel(
        a=model.a[np.flatnonzero(keep)],
        b=model.b[keep],
        rows=tuple(r for r, k in zip(model.rows, keep, strict=True) if k),
        lower=model.lower,
        upper=model.upper,
    )


def binding_constraints(
    arrays: ScoreArrays,
    values: FloatArray,
    model: LinearModel,
    sol: Solution,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    mip_rel_gap: float = DEFAULT_GAP,
) -> tuple[tuple[Binding, ...], tuple[str, ...]]:
    """Constraints that, removed alone, let the portfolio be worth more: proven by a re-solve.

    A row is a candidate only if removing it lets the portfolio move in a direction the row
    forbids: an unchosen item (not forced out) with a positive coefficient could come in,
    or a chosen item (not forced in) with a negative coefficient could leave (a
    prerequisite that a dependency holds in the plan, freeing its money). A better
    portfolio that breaks the row must make one of those moves, so this is a necessary
    condition. Each candidate is then
    removed alone and the problem solved again; it **binds** only if the new portfolio's
    value exceeds the current solve's certified bound (so it is better beyond doubt).
    Envelopes and caps that bind only together (raising any one alone gains nothing)
    are found by removing them all, then putting each back while the gain remains, and
    are reported "together with" the others. Returns (binding, keys not checked).
    """
    if not model.rows or sol.value is None:
        return (), ()
    chosen = sol.chosen
    base = sol.value
    proof = sol.bound if sol.bound is not None else base
    tol = 1e-9 * max(1.0, abs(proof))
    can_enter = ~chosen & (model.upper > 0)
    can_leave = chosen & (model.lower < 1)
    a = model.a.tocsr()
    cand = [
        r
        for r in range(len(model.rows))
        if (a[[r]][:, can_enter] > 0).nnz > 0 or (a[[r]][:, can_leave] < 0).nnz > 0
    ]
    checked, unchecked = cand[:MAX_BINDING_CHECKS], cand[MAX_BINDING_CHECKS:]

    def gain(drop: set[int]) -> float | None:
        relaxed = solve_model(
            without_rows(model, drop), values, time_limit=time_limit, mip_rel_gap=mip_rel_gap
        )
        if relaxed.value is None or relaxed.value <= proof + tol:
            return None
        return relaxed.value - base

    slack = _row_slack(model, chosen)
    spend = model.a @ chosen.astype(float)
    out: list[Binding] = []
    alone_not: list[int] = []
    for r in checked:
        g = gain({r})
        if g is None:
            alone_not.append(r)
            continue
        out.append(Binding(model.rows[r].key, _say(arrays, values, model, r, slack, spend, g)))
    group = [r for r in alone_not if model.rows[r].kind in (BUDGET, FTE, MISSION_CAP)]
    if len(group) > 1 and gain(set(group)) is not None:
        for r in list(group):  # deletion filter: keep only rows the gain needs
            rest = set(group) - {r}
            if rest and gain(rest) is not None:
                group.remove(r)
        together = gain(set(group))
        if len(group) > 1 and together is not None:
            keys = [model.rows[r].key for r in group]
            for r in group:
                others = ", ".join(k for k in keys if k != model.rows[r].key)
                out.append(
                    Binding(
                        model.rows[r].key,
                        f"{_name(model.rows[r])} binds together with {others}: relaxing "
                        f"it alone gains nothing, but removing all of them lets the "
                        f"portfolio be worth {together:.2f} more.",
                    )
                )
    return tuple(out), tuple(model.rows[r].key for r in unchecked)


def _name(row: Row) -> str:
    """A constraint as a board paper names it."""
    if row.kind == BUDGET:
        return f"The {row.key.removeprefix(f'{BUDGET} ')} envelope of {money(row.limit)}"
    if row.kind == FTE:
        return f"The cap of {row.limit:g} FTE"
    if row.kind == MISSION_CAP:
        return f"The cap of {row.limit:g} on mission {row.key.removeprefix(f'{MISSION_CAP} ')}"
    return f"The constraint {row.key}"


def _say(
    arrays: ScoreArrays,
    values: FloatArray,
    model: LinearModel,
    r: int,
    slack: FloatArray,
    spend: FloatArray,
    gain: float,
) -> str:
    """The binding sentence: what the row keeps out, and the gain proven without it."""
    row = model.rows[r]
    col = model.a[[r]].toarray().ravel()
    tol = 1e-9 * max(1.0, abs(float(model.b[r])))
    blocked = [
        int(k)
        for k in np.flatnonzero(col > slack[r] + tol)
        if values[k] > 0 and model.upper[k] > 0 and col[k] > 0
    ]
    proven = f" Without it the portfolio could be worth {gain:.2f} more."
    if not blocked:
        return f"{_name(row)} binds.{proven}"
    blocked.sort(key=lambda k: -values[k])
    return _binding_message(arrays, row, blocked, float(spend[r])) + proven


def _binding_message(arrays: ScoreArrays, row: Row, items: list[int], used: float) -> str:
    ids = arrays.ids
    best = ids[items[0]]
    more = f"{len(items)} more initiative{'s' if len(items) > 1 else ''} with value"
    if row.kind == BUDGET:
        year = row.key.removeprefix(f"{BUDGET} ")
        return (
            f"The {year} envelope of {money(row.limit)} binds: {money(row.limit - used)} is "
            f"left, too little for {more} (the best of them {best})."
        )
    if row.kind == FTE:
        return (
            f"The cap of {row.limit:g} FTE binds: {row.limit - used:g} FTE is left, "
            f"too little for {more} (the best of them {best})."
        )
    if row.kind == DEPENDS:
        i, j = row.items
        return f"{ids[i]} depends on {ids[j]}, which is not chosen, so {ids[i]} cannot be added."
    if row.kind == EXCLUDES:
        i, j = row.items
        return f"{ids[i]} and {ids[j]} exclude each other, so {best} cannot be added."
    if row.kind == MISSION_CAP:
        mission = row.key.removeprefix(f"{MISSION_CAP} ")
        return (
            f"Mission {mission} is at its cap of {row.limit:g} priorities, which keeps out "
            f"{more} (the best of them {best})."
        )
    if row.kind == LONG_TERM_SHARE:
        return (
            f"The minimum {row.limit:.0%} share of spend on long-term-led initiatives keeps "
            f"out {more} (the best of them {best})."
        )
    return f"{row.key} keeps out {more} (the best of them {best})."


def optimise(
    arrays: ScoreArrays,
    values: FloatArray,
    problem: PortfolioProblem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    mip_rel_gap: float = DEFAULT_GAP,
    explain_conflicts: bool = True,
) -> PortfolioResult:
    """The best portfolio for ``values`` (from :func:`stocktake.engine.scoring.values_at`)."""
    model = build_model(arrays, problem)
    sol = solve_model(model, values, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    return _result(arrays, values, problem, model, sol, mip_rel_gap, time_limit, explain_conflicts)


def _result(
    arrays: ScoreArrays,
    values: FloatArray,
    problem: PortfolioProblem,
    model: LinearModel,
    sol: Solution,
    mip_rel_gap: float,
    time_limit: float,
    explain_conflicts: bool,
) -> PortfolioResult:
    conflicts: tuple[Conflict, ...] = ()
    if sol.status == INFEASIBLE and explain_conflicts:
        conflicts = explain_infeasibility(arrays, problem, time_limit=time_limit)
    chosen = sol.chosen
    binding, unchecked = binding_constraints(
        arrays, values, model, sol, time_limit=time_limit, mip_rel_gap=mip_rel_gap
    )
    return PortfolioResult(
        status=sol.status,
        chosen=tuple(arrays.ids[i] for i in np.flatnonzero(chosen)),
        chosen_mask=chosen,
        value=sol.value,
        bound=sol.bound,
        gap=sol.gap,
        requested_gap=mip_rel_gap,
        spend=spend_by_year(arrays, chosen),
        envelope={y: float(b) for y, b in problem.budgets.items()},
        binding=binding,
        conflicts=conflicts,
        binding_unchecked=unchecked,
        seconds=sol.seconds,
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
) -> list[ForceInPrice]:
    """The price of each force-in: one extra solve per forced item."""
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
