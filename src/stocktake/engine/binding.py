"""Which constraints stop the portfolio taking more value: each one proven by a solve.

Why its own module: a board reads "the 2025-26 envelope binds" as "more money there
would buy more value", so a row is reported only when a solve proves it. Proving it
row by row is the costly part of an optimisation (one MILP per candidate), so this
module makes each proof cheap and lets the window run it as a second stage, after the
portfolio itself is on screen.

The proof for one row ``a·x <= b``: the optimum without the row exceeds the current
certified bound only if some better portfolio breaks the row, that is only if the
problem without the row *plus the reversed row* ``a·x >= b`` (``>= b + 1`` when the row
is whole numbers over 0-1 choices: a dependency, an exclusion, a mission cap) has a
portfolio worth more than the bound. That restricted problem is much smaller in
practice (a dependency reversed fixes two items), so

1. its LP relaxation (milliseconds) often shows it can never beat the bound: not binding;
2. otherwise one MILP on the restricted problem decides it, and its value is the gain.

A time budget stops the work; rows not decided by then are listed as not checked,
never called binding.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from stocktake.engine.arrays import FloatArray, ScoreArrays
from stocktake.engine.frontier_solve import solve_one
from stocktake.engine.milp import (
    BUDGET,
    DEPENDS,
    EXCLUDES,
    FTE,
    LONG_TERM_SHARE,
    MISSION_CAP,
    POT,
    LinearModel,
    Row,
    Solution,
)
from stocktake.engine.sentences import Binding, money

MAX_BINDING_CHECKS = 60
"""At most this many constraints are tried (each may cost one solve); the rest are
listed in :attr:`BindingProof.unchecked`, never claimed."""


@dataclass(frozen=True, slots=True)
class BindingProof:
    """The proven binding constraints, and the keys of candidates left undecided."""

    binding: tuple[Binding, ...]
    unchecked: tuple[str, ...]


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


def reversed_row(model: LinearModel, r: int) -> LinearModel:
    """The model without row r but with its reverse, ``a·x >= b`` (``b + 1`` if whole).

    Every portfolio that the row forbids lies in this model, and every portfolio of this
    model is allowed without the row: so the optimum without the row exceeds a level
    that the full problem cannot reach exactly when this model's optimum does.
    """
    from scipy import sparse

    rest = without_rows(model, {r})
    row = model.a[[r]]
    b = float(model.b[r])
    whole = bool(np.all(row.data == np.round(row.data))) and b == round(b)
    rhs = -(b + 1.0) if whole else -b
    return LinearModel(
        a=sparse.vstack([rest.a, -row]).tocsr(),
        b=np.append(rest.b, rhs),
        rows=rest.rows,
        lower=model.lower,
        upper=model.upper,
    )


def lp_bound(
    model: LinearModel, values: FloatArray, time_limit: float | None = None
) -> float | None:
    """The LP relaxation's optimum (an upper bound on the 0-1 optimum); None if infeasible.

    Stopped by ``time_limit`` (seconds) it proves nothing: infinity, like any failure."""
    from scipy.optimize import linprog

    from stocktake.engine.milp import solver_silenced

    if np.any(model.lower > model.upper):
        return None
    with solver_silenced():
        res = linprog(
            -np.asarray(values, dtype=float),
            A_ub=model.a if model.a.shape[0] else None,
            b_ub=model.b if model.a.shape[0] else None,
            bounds=np.column_stack([model.lower, model.upper]),
            method="highs",
            options={} if time_limit is None else {"time_limit": max(time_limit, 0.0)},
        )
    if res.status == 2:
        return None
    if res.status != 0:  # an LP this small does not fail; if it does, prove by MILP
        return float("inf")
    return float(-res.fun)


def candidates(model: LinearModel, sol: Solution) -> list[int]:
    """Rows whose removal could let the portfolio move: an unchosen item (not forced out)
    with a positive coefficient could come in, or a chosen item (not forced in) with a
    negative one could leave (a prerequisite whose dependant holds it in the plan)."""
    chosen = sol.chosen
    can_enter = ~chosen & (model.upper > 0)
    can_leave = chosen & (model.lower < 1)
    a = model.a.tocsr()
    return [
        r
        for r in range(len(model.rows))
        if (a[[r]][:, can_enter] > 0).nnz > 0 or (a[[r]][:, can_leave] < 0).nnz > 0
    ]


def binding_constraints(
    arrays: ScoreArrays,
    values: FloatArray,
    model: LinearModel,
    sol: Solution,
    *,
    time_limit: float,
    mip_rel_gap: float,
    seconds: float | None = None,
) -> BindingProof:
    """Constraints that, removed alone, let the portfolio be worth more than the current
    solve's certified bound (so better beyond doubt), each said in plain words.

    Envelopes and caps that bind only together (raising any one alone gains nothing)
    are found by removing them all, then putting each back while the gain remains, and
    are reported "together with" the others. ``seconds`` caps the whole proof: what is
    not decided by then is returned in ``unchecked``.
    """
    if not model.rows or sol.value is None:
        return BindingProof((), ())
    deadline = None if seconds is None else time.perf_counter() + seconds
    base = sol.value
    proof = sol.bound if sol.bound is not None else base
    tol = 1e-9 * max(1.0, abs(proof))

    def left() -> float:
        if deadline is None:
            return time_limit
        return min(time_limit, deadline - time.perf_counter())

    def best_above(m: LinearModel) -> float | bool | None:
        """The optimum of m if it beats the bound; False if it cannot; None if undecided.

        No solve starts once the budget is spent, and each runs within what is left of it
        (every stage calls here, so the cap holds for all of them)."""
        if left() <= 0:
            return None
        bound = lp_bound(m, values, left())
        if bound is None or bound <= proof + tol:
            return False
        budget = left()
        if budget <= 0:
            return None
        found = solve_one(m, values, time_limit=budget, mip_rel_gap=mip_rel_gap)
        if found.value is not None and found.value > proof + tol:
            return found.value
        if found.bound is not None and found.bound <= proof + tol:
            return False
        if found.status == "infeasible":
            return False
        if found.value is not None and found.status == "optimal":
            return False  # within the requested gap of the bound: no gain worth the name
        return None

    cand = candidates(model, sol)
    pot_years = _pot_years(model, cand)
    cand = [r for r in cand if model.rows[r].kind != POT]
    checked = cand[:MAX_BINDING_CHECKS]
    unchecked = [model.rows[r].key for r in cand[MAX_BINDING_CHECKS:]]
    slack = np.asarray(model.b - model.a @ sol.chosen.astype(float))
    spend = np.asarray(model.a @ sol.chosen.astype(float))
    out: list[Binding] = []
    alone_not: list[int] = []
    for r in checked:
        if deadline is not None and time.perf_counter() >= deadline:
            unchecked.append(model.rows[r].key)
            continue
        found = best_above(reversed_row(model, r))
        if found is None:
            unchecked.append(model.rows[r].key)
        elif found is False:
            alone_not.append(r)
        else:
            gain = float(found) - base
            said = _say(arrays, values, model, r, slack, spend, gain)
            out.append(Binding(model.rows[r].key, said))

    # Relaxing more can only gain more: when all pots together (then one pot's every
    # year) gain nothing, none of their years can, and one solve rules them all out.
    pot_groups: dict[str, set[int]] = {}
    for k, row in enumerate(model.rows):
        if row.kind == POT:
            pot_groups.setdefault(row.group, set()).add(k)
    if pot_years and best_above(without_rows(model, set().union(*pot_groups.values()))) is False:
        pot_years = {}
    for limit, members in pot_groups.items():
        mine = [k for k in pot_years if model.rows[k].group == limit]
        if len(mine) > 1 and best_above(without_rows(model, members)) is False:
            for k in mine:
                del pot_years[k]
    for single, drop in pot_years.items():
        if deadline is not None and time.perf_counter() >= deadline:
            unchecked.append(model.rows[single].key)
            continue
        found = best_above(without_rows(model, drop))
        if found is None:
            unchecked.append(model.rows[single].key)
        elif found is not False:
            gain = float(found) - base
            said = _say(arrays, values, model, single, slack, spend, gain)
            out.append(Binding(model.rows[single].key, said))

    def group_gain(drop: set[int]) -> float | None:
        found = best_above(without_rows(model, drop))
        return None if found is None or found is False else float(found) - base

    group = [r for r in alone_not if model.rows[r].kind in (BUDGET, FTE, MISSION_CAP)]
    if len(group) > 1 and group_gain(set(group)) is not None:
        for r in list(group):  # deletion filter: keep only rows the gain needs
            rest = set(group) - {r}
            if rest and group_gain(rest) is not None:
                group.remove(r)
        together = group_gain(set(group))
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
    return BindingProof(tuple(out), tuple(unchecked))


def _pot_years(model: LinearModel, cand: list[int]) -> dict[int, set[int]]:
    """Pot-years that could bind, each as its one-year row and every row of its pot that
    spans the year: with the year's envelope unlimited, every sum over it is too, so
    dropping them all relaxes that pot-year alone (one row alone is usually implied by
    the others and would never show a gain)."""
    rows = model.rows
    single = {
        (r.group, r.span[0]): k for k, r in enumerate(rows) if r.kind == POT and len(r.span) == 1
    }
    out: dict[int, set[int]] = {}
    for r in cand:
        row = rows[r]
        if row.kind != POT:
            continue
        for year in row.span:
            k = single.get((row.group, year))
            if k is not None and k not in out:
                out[k] = {
                    j
                    for j, o in enumerate(rows)
                    if o.kind == POT and o.group == row.group and year in o.span
                }
    return dict(sorted(out.items()))


def _name(row: Row) -> str:
    """A constraint as a board paper names it."""
    if row.kind == BUDGET:
        return f"The {row.key.removeprefix(f'{BUDGET} ')} envelope of {money(row.limit)}"
    if row.kind == FTE:
        return f"The cap of {row.limit:g} FTE"
    if row.kind == MISSION_CAP:
        return f"The cap of {row.limit:g} on mission {row.key.removeprefix(f'{MISSION_CAP} ')}"
    if row.label:
        return row.label[0].upper() + row.label[1:]
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
    if row.kind == POT:
        return (
            f"{_name(row)} binds: {money(row.limit - used)} is left there, too little for "
            f"{more} (the best of them {best})."
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
