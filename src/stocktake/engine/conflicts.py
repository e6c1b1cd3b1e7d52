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
3. the number of initiatives chosen.

The elastic answer says which rows must give way, but not which others they fight
with. For each relaxed row r, every other relaxed row is dropped: what is left cannot
hold (else relaxing fewer rows would do), and every set of rows in it that cannot hold
contains r (the rest hold at the elastic answer). A deletion filter then drops each
row whose absence still leaves no portfolio, giving an **irreducible** conflicting set:
it cannot hold, and without any one member it can. The sentence names exactly its
members, each in words (envelopes and caps with their limits, the long-term share,
links, forced items with their reasons).
"""

from __future__ import annotations

import time

import numpy as np

from stocktake.engine.arrays import ScoreArrays
from stocktake.engine.milp import (
    BUDGET,
    DEPENDS,
    EXCLUDES,
    FORCE_IN,
    FORCE_OUT,
    FTE,
    INFEASIBLE,
    LONG_TERM_SHARE,
    MISSION_CAP,
    POT,
    LinearModel,
    Row,
    build_model,
    solve_binary,
)
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.sentences import Conflict, money

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
    chosen = sol.chosen[:n]
    # Recompute the violation of each row under the relaxed choice: exact, free of solver noise.
    excess = np.asarray(a @ chosen.astype(float)) - model.b
    relaxed = [int(r) for r in soft if excess[r] > 1e-7 * max(1.0, abs(model.b[r]))]
    deadline = time.perf_counter() + time_limit
    out: list[Conflict] = []
    found: list[set[int]] = []
    for r in relaxed:
        start = [k for k in range(nrows) if k == r or k not in relaxed]
        members, whole = _deletion_filter(model, start, r, deadline)
        if all(set(members) != seen for seen in found):  # two relaxed rows, one conflict
            found.append(set(members))
            out.append(_sentence(arrays, problem, model, r, members, whole, deadline))
    return tuple(out)


def _holds(model: LinearModel, keep: list[int], deadline: float) -> bool | None:
    """Whether some portfolio meets the rows ``keep`` (None: out of time)."""
    left = deadline - time.perf_counter()
    if left <= 0:
        return None
    sol = solve_binary(
        np.zeros(model.a.shape[1]),
        model.a[keep],
        model.b[keep],
        model.lower,
        model.upper,
        time_limit=left,
        mip_rel_gap=1.0,
    )
    if sol.status == INFEASIBLE:
        return False
    return True if sol.value is not None else None


def _deletion_filter(
    model: LinearModel, rows: list[int], keep_last: int, deadline: float
) -> tuple[list[int], bool]:
    """An irreducible subset of ``rows`` that cannot hold (``rows`` cannot).

    Each row is dropped in turn if what remains still cannot hold. Returns the set and
    whether it is proven irreducible (False if time ran out: then it still cannot hold,
    but may not be the smallest).
    """
    members = list(rows)
    whole = True
    for k in [k for k in rows if k != keep_last]:
        rest = [m for m in members if m != k]
        held = _holds(model, rest, deadline)
        if held is None:
            whole = False
            break
        if not held:
            members = rest
    return members, whole


def row_phrase(arrays: ScoreArrays, problem: PortfolioProblem, row: Row) -> str:
    """One constraint as a clause a board paper would write."""
    ids = arrays.ids
    if row.kind == BUDGET:
        year = row.key.removeprefix(f"{BUDGET} ")
        return f"the {year} envelope of {money(row.limit)} must not be exceeded"
    if row.kind == FTE:
        return f"the cap of {row.limit:g} FTE must not be exceeded"
    if row.kind == MISSION_CAP:
        mission = row.key.removeprefix(f"{MISSION_CAP} ")
        return f"mission {mission} may have at most {row.limit:g} priorities"
    if row.kind == POT:
        return f"{row.label} must not be exceeded"
    if row.kind == LONG_TERM_SHARE:
        return f"at least {row.limit:.0%} of spend must go to long-term-led initiatives"
    if row.kind == DEPENDS:
        i, j = row.items
        return f"{ids[i]} depends on {ids[j]}"
    if row.kind == EXCLUDES:
        i, j = row.items
        return f"{ids[i]} and {ids[j]} exclude each other"
    if row.kind in (FORCE_IN, FORCE_OUT):
        iid = ids[row.items[0]]
        given = problem.force_in if row.kind == FORCE_IN else problem.force_out
        reason = given.get(iid, "")
        way = "in" if row.kind == FORCE_IN else "out"
        return f"{iid} is forced {way}{f' ({reason})' if reason else ''}"
    return row.key


def _least(model: LinearModel, r: int, others: list[int], deadline: float) -> float | None:
    """The least the others let row r's left side be: what they need of its limit."""
    left = deadline - time.perf_counter()
    if left <= 0:
        return None
    coef = model.a[[r]].toarray().ravel()
    sol = solve_binary(
        coef,
        model.a[others],
        model.b[others],
        model.lower,
        model.upper,
        time_limit=left,
        mip_rel_gap=0.0,
        maximise=False,
    )
    if sol.value is None or sol.status != "optimal":
        return None
    return float(coef[sol.chosen].sum())


def _sentence(
    arrays: ScoreArrays,
    problem: PortfolioProblem,
    model: LinearModel,
    r: int,
    members: list[int],
    whole: bool,
    deadline: float,
) -> Conflict:
    """The conflict in words: the relaxed row, the rest of its set, and the amount at stake."""
    row = model.rows[r]
    others = [k for k in members if k != r]
    keys = tuple(model.rows[k].key for k in [r, *others])
    clauses = [row_phrase(arrays, problem, model.rows[k]) for k in [r, *others]]
    if not others:
        text = clauses[0][0].upper() + clauses[0][1:]
        return Conflict(keys, f"This cannot hold on its own: {text}.")
    listed = (
        "; ".join(clauses[:-1]) + "; and " + clauses[-1]
        if len(clauses) > 2
        else " and ".join(clauses)
    )
    detail = ""
    if row.kind in (BUDGET, FTE, MISSION_CAP, POT):
        need = _least(model, r, others, deadline)
        if need is not None:
            where = row.key.removeprefix(f"{BUDGET} ").removeprefix(f"{MISSION_CAP} ")
            amount = {
                BUDGET: f"{money(need)} in {where}",
                FTE: f"{need:g} FTE",
                MISSION_CAP: f"{need:g} priorities on mission {where}",
                POT: f"{money(need)} against {row.label}",
            }[row.kind]
            detail = f". Meeting the rest needs at least {amount}"
    caveat = "" if whole else " (the solver ran out of time before narrowing this down)"
    return Conflict(keys, f"These cannot all hold: {listed}{detail}{caveat}.")
