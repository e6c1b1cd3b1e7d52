"""Why no portfolio fits: the fewest constraints to relax, said in plain words.

Method (elastic programming): every constraint row ``a·x <= b`` gets a slack
``s >= 0`` (``a·x − s <= b``) and a 0-1 switch ``z`` with ``s <= M·z``, where M is the
most the row could ever be exceeded by. The elastic model always has a solution; we
minimise, in strict order of importance,

1. the weighted number of relaxed constraints Σ w·z — an envelope, cap or share counts
   1, a force-in or force-out 1.25 (a choice the user made on purpose), a dependency or
   exclusion 1.5 (a fact about the work, which no one can wish away), so that "the
   envelope cannot cover what you forced in" is preferred to "drop a dependency";
2. the total relative slack Σ s/M — relax each as little as possible;
3. the number of initiatives chosen — so what remains chosen is what the constraints
   *require*, and the sentences can name exactly those items.

Each relaxed row is then described with the items that push against it.
"""

from __future__ import annotations

import numpy as np

from stocktake.engine.arrays import BoolArray, ScoreArrays
from stocktake.engine.matrix import long_term_led
from stocktake.engine.milp import (
    BUDGET,
    DEPENDS,
    EXCLUDES,
    FORCE_IN,
    FORCE_OUT,
    FTE,
    LONG_TERM_SHARE,
    MISSION_CAP,
    Row,
    build_model,
    solve_binary,
)
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.sentences import Conflict, id_list, money

_WEIGHTS = {FORCE_IN: 1.25, FORCE_OUT: 1.25, DEPENDS: 1.5, EXCLUDES: 1.5}


def explain_infeasibility(
    arrays: ScoreArrays, problem: PortfolioProblem, *, time_limit: float = 10.0
) -> tuple[Conflict, ...]:
    """A small set of conflicting constraints, each as a sentence; empty if all can hold."""
    from scipy import sparse

    model = build_model(arrays, problem, forces_as_rows=True)
    n, nrows = arrays.n, len(model.rows)
    if nrows == 0:
        return ()
    a = model.a
    max_lhs = np.asarray(a.maximum(0).sum(axis=1)).ravel()
    big_m = np.maximum(max_lhs - model.b, 0.0)
    soft = np.flatnonzero(big_m > 1e-12)
    k = len(soft)
    if k == 0:
        return ()
    pick = sparse.csr_array((np.ones(k), (soft, np.arange(k))), shape=(nrows, k))
    eye = sparse.identity(k, format="csr")
    top = sparse.hstack([a, -pick, sparse.csr_array((nrows, k))])
    link = sparse.hstack([sparse.csr_array((k, n)), eye, -sparse.diags(big_m[soft])])
    full = sparse.vstack([top, link]).tocsr()
    rhs = np.concatenate([model.b, np.zeros(k)])
    weights = np.array([_WEIGHTS.get(model.rows[r].kind, 1.0) for r in soft])
    # Tie-breakers sum to < 0.25, the smallest difference between two weighted counts.
    eps_slack = 0.1 / (k + 1)
    eps_items = 1e-3 / (n + 1)
    objective = np.concatenate([np.full(n, eps_items), eps_slack / big_m[soft], weights])
    integrality = np.concatenate([np.ones(n), np.zeros(k), np.ones(k)])
    lower = np.zeros(n + 2 * k)
    upper = np.concatenate([np.ones(n), big_m[soft], np.ones(k)])
    sol = solve_binary(
        objective,
        full,
        rhs,
        lower,
        upper,
        time_limit=time_limit,
        mip_rel_gap=1e-6,
        integrality=integrality,
        maximise=False,
    )
    if sol.value is None:
        return (
            Conflict(
                (),
                "The constraints conflict, but the solver ran out of time "
                "finding which; allow it more time.",
            ),
        )
    x_all = sol.chosen  # for slack columns this is "> 0.5", so read slacks separately below
    chosen = x_all[:n]
    # Recompute the violation of each row under the relaxed choice: exact, free of solver noise.
    excess = np.asarray(a @ chosen.astype(float)) - model.b
    relaxed = [r for r in soft if excess[r] > 1e-7 * max(1.0, abs(model.b[r]))]
    explainer = _Explainer(arrays, problem, model.rows, chosen)
    return tuple(explainer.describe(model.rows[r], float(excess[r])) for r in relaxed)


class _Explainer:
    """Turns one relaxed row and the minimal relaxed choice into a sentence."""

    def __init__(
        self,
        arrays: ScoreArrays,
        problem: PortfolioProblem,
        rows: tuple[Row, ...],
        chosen: BoolArray,
    ) -> None:
        self.arrays = arrays
        self.problem = problem
        self.chosen = chosen
        self.ids = arrays.ids
        self.deps = [(int(i), int(j)) for i, j in arrays.depends]
        self.excl = [(int(i), int(j)) for i, j in arrays.excludes]

    def forced_keys(self, items: list[int]) -> list[str]:
        return [f"{FORCE_IN} {self.ids[i]}" for i in items if self.ids[i] in self.problem.force_in]

    def why_in(self, i: int) -> str:
        if self.ids[i] in self.problem.force_in:
            return "forced in"
        needers = [self.ids[k] for k, j in self.deps if j == i and self.chosen[k]]
        if needers:
            return f"needed by {id_list(needers)}"
        return "needed to meet the other constraints"

    def why_out(self, j: int) -> str:
        if self.ids[j] in self.problem.force_out:
            return "forced out"
        rivals = [
            self.ids[b if a == j else a]
            for a, b in self.excl
            if j in (a, b) and self.chosen[b if a == j else a]
        ]
        if rivals:
            return f"excluded by {id_list(rivals)}"
        return "kept out by the other constraints"

    def split(self, items: list[int]) -> tuple[list[str], list[str]]:
        forced = [self.ids[i] for i in items if self.ids[i] in self.problem.force_in]
        others = [self.ids[i] for i in items if self.ids[i] not in self.problem.force_in]
        return forced, others

    def what_must_be_in(self, items: list[int]) -> str:
        forced, others = self.split(items)
        if forced and others:
            return (
                f"the forced-in item{'s' if len(forced) > 1 else ''} {', '.join(forced)} and "
                f"the items they need, {id_list(others)}"
            )
        if forced:
            return f"the forced-in item{'s' if len(forced) > 1 else ''} {id_list(forced)}"
        return f"{id_list(others)}, which the other constraints require"

    def describe(self, row: Row, excess: float) -> Conflict:
        a, ids, chosen = self.arrays, self.ids, self.chosen
        if row.kind in (BUDGET, FTE):
            if row.kind == BUDGET:
                year = row.key.removeprefix(f"{BUDGET} ")
                col = a.years.index(year) if year in a.years else None
                amounts = a.costs[:, col] if col is not None else np.zeros(a.n)
                items = [int(i) for i in np.flatnonzero(chosen) if amounts[i] > 0]
                need = float(amounts[items].sum())
                msg = (
                    f"The {year} envelope of {money(row.limit)} cannot cover "
                    f"{self.what_must_be_in(items)} ({money(need)}"
                    f"{' in all' if len(items) > 1 else ''})."
                )
            else:
                amounts = np.nan_to_num(a.fte)
                items = [int(i) for i in np.flatnonzero(chosen) if amounts[i] > 0]
                need = float(amounts[items].sum())
                msg = (
                    f"The cap of {row.limit:g} FTE cannot cover "
                    f"{self.what_must_be_in(items)} ({need:g} FTE)."
                )
            return Conflict((row.key, *self.forced_keys(items)), msg)
        if row.kind == MISSION_CAP:
            mission = row.key.removeprefix(f"{MISSION_CAP} ")
            items = [i for i in row.items if chosen[i]]
            msg = (
                f"Mission {mission} may have at most {row.limit:g} priorities, but "
                f"{len(items)} must be in: {self.what_must_be_in(items)}."
            )
            return Conflict((row.key, *self.forced_keys(items)), msg)
        if row.kind == DEPENDS:
            i, j = row.items
            msg = (
                f"{ids[i]} depends on {ids[j]}, but {ids[i]} must be in ({self.why_in(i)}) "
                f"while {ids[j]} must stay out ({self.why_out(j)})."
            )
            keys = [row.key, *self.forced_keys([i])]
            if ids[j] in self.problem.force_out:
                keys.append(f"{FORCE_OUT} {ids[j]}")
            return Conflict(tuple(keys), msg)
        if row.kind == EXCLUDES:
            i, j = row.items
            msg = (
                f"{ids[i]} and {ids[j]} exclude each other, but both must be in "
                f"({ids[i]} {self.why_in(i)}; {ids[j]} {self.why_in(j)})."
            )
            return Conflict((row.key, *self.forced_keys([i, j])), msg)
        if row.kind == LONG_TERM_SHARE:
            items = [int(i) for i in np.flatnonzero(chosen)]
            spend = float(a.total_cost[items].sum())
            led = float(a.total_cost[items][long_term_led(a)[items]].sum())
            share = led / spend if spend > 0 else 0.0
            msg = (
                f"At least {row.limit:.0%} of spend must go to long-term-led initiatives, "
                f"but {self.what_must_be_in(items)} put only {share:.0%} of their "
                f"{money(spend)} there."
            )
            return Conflict((row.key, *self.forced_keys(items)), msg)
        if row.kind == FORCE_IN:
            (i,) = row.items
            return self._force_in_conflict(row.key, i)
        if row.kind == FORCE_OUT:
            (j,) = row.items
            needers = [ids[k] for k, jj in self.deps if jj == j and chosen[k]]
            why = (
                (
                    f"{id_list(needers)} must be in and depend{'s' if len(needers) == 1 else ''} "
                    "on it"
                )
                if needers
                else "the other constraints need it"
            )
            return Conflict((row.key,), f"{ids[j]} cannot be forced out: {why}.")
        return Conflict((row.key,), f"{row.key} cannot hold with the other constraints.")

    def _force_in_conflict(self, key: str, i: int) -> Conflict:
        a, iid = self.arrays, self.ids[i]
        reason = self.problem.force_in.get(iid, "")
        lead = f"{iid} cannot be forced in{f' ({reason})' if reason else ''}"
        if iid in self.problem.force_out:
            return Conflict((key, f"{FORCE_OUT} {iid}"), f"{lead}: it is also forced out.")
        closure = self._closure(i)
        over, years = [], []
        for year, env in self.problem.budgets.items():
            if year in a.years:
                need = float(a.costs[closure, a.years.index(year)].sum())
                if need > env + 1e-9:
                    over.append(f"{money(need)} in {year} against an envelope of {money(env)}")
                    years.append(f"{BUDGET} {year}")
        if over:
            return Conflict(
                (key, *years), f"{lead}: with the items it needs it costs {'; '.join(over)}."
            )
        blocked = [self.ids[k] for k in closure if self.ids[k] in self.problem.force_out]
        if blocked:
            verb = "is" if len(blocked) == 1 else "are"
            return Conflict(
                (key, *(f"{FORCE_OUT} {b}" for b in blocked)),
                f"{lead}: it needs {id_list(blocked)}, which {verb} forced out.",
            )
        clash = [
            (k, r)
            for k in closure
            for a_, b_ in self.excl
            if k in (a_, b_)
            for r in [b_ if a_ == k else a_]
            if self.ids[r] in self.problem.force_in or self.chosen[r]
        ]
        if clash:
            k, r = clash[0]
            who = iid if k == i else f"{self.ids[k]}, which it needs,"
            lo_, hi_ = sorted((k, r))
            return Conflict(
                (key, f"{EXCLUDES} {self.ids[lo_]} / {self.ids[hi_]}", *self.forced_keys([r])),
                f"{lead}: {who} and {self.ids[r]} exclude each other, and {self.ids[r]} must "
                f"be in ({self.why_in(r)}).",
            )
        return Conflict((key,), f"{lead}: it does not fit with the other constraints.")

    def _closure(self, i: int) -> list[int]:
        """i and everything it depends on, directly or through others."""
        seen, todo = {i}, [i]
        while todo:
            k = todo.pop()
            for a, b in self.deps:
                if a == k and b not in seen:
                    seen.add(b)
                    todo.append(b)
        return sorted(seen)
