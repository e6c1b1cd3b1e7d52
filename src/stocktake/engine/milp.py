"""The portfolio as a 0-1 linear programme, and the one call into HiGHS.

Why: every solve in the engine (optimum, frontier, prices, Monte Carlo, parametric
balance, the elastic infeasibility model) must build the same rows and read HiGHS's
answer the same way, including its certified bound. All rows are written ``A x <= b``
so the elastic model can add one slack per row without special cases. scipy is
imported inside the functions so that importing the engine stays cheap.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray, ScoreArrays
from stocktake.engine.matrix import long_term_led
from stocktake.engine.pots import POOLED, POT, Funding, PotRow, pot_rows
from stocktake.engine.problem import PortfolioProblem

BUDGET = "budget"
FTE = "fte"
DEPENDS = "depends"
EXCLUDES = "excludes"
MISSION_CAP = "mission cap"
LONG_TERM_SHARE = "long-term share"
FORCE_IN = "force-in"
FORCE_OUT = "force-out"


@dataclass(frozen=True, slots=True)
class Row:
    """One constraint row, with what a person needs to name it.

    ``key`` is stable text for machines and the CLI (``budget 2025-26``,
    ``depends I-003 on I-001``); ``items`` are the initiatives it involves (rows of the
    arrays); ``limit`` is its right-hand side in the user's units (£m, FTE, count, share).
    """

    kind: str
    key: str
    items: tuple[int, ...]
    limit: float
    label: str = ""
    """The constraint as a board paper names it, where its key is not enough (a pot)."""
    group: str = ""
    span: tuple[str, ...] = ()
    """For a pot row: the pot limit it belongs to and the years whose spend it adds up
    (a pot-year is relaxed by dropping every row of its pot that spans the year)."""


@dataclass(frozen=True, slots=True, eq=False)
class LinearModel:
    """``A x <= b`` over binary x, plus fixed variables (forced items when not rows)."""

    a: Any  # scipy.sparse.csr_array, kept untyped so scipy is not imported at module load
    b: FloatArray
    rows: tuple[Row, ...]
    lower: FloatArray
    upper: FloatArray


def build_model(
    arrays: ScoreArrays, problem: PortfolioProblem, forces_as_rows: bool = False
) -> LinearModel:
    """The rows of a problem. Forced items are variable bounds, or rows for the elastic model."""
    from scipy import sparse

    n = arrays.n
    lookup = {iid: k for k, iid in enumerate(arrays.ids)}
    for iid in (*problem.force_in, *problem.force_out):
        if iid not in lookup:
            raise KeyError(f"cannot force {iid!r}: there is no initiative with that ID")
    rr: list[np.ndarray] = []  # per row: its row number, columns and coefficients
    cc: list[np.ndarray] = []
    vv: list[np.ndarray] = []
    b: list[float] = []
    rows: list[Row] = []

    def add(
        kind: str,
        key: str,
        idx: np.ndarray,
        coef: np.ndarray,
        rhs: float,
        limit: float,
        label: str = "",
        group: str = "",
        span: tuple[str, ...] = (),
    ) -> None:
        r = len(rows)
        cols = np.asarray(idx, dtype=np.int64)
        rr.append(np.full(len(cols), r, dtype=np.int64))
        cc.append(cols)
        vv.append(np.asarray(coef, dtype=float))
        b.append(rhs)
        rows.append(Row(kind, key, tuple(cols.tolist()), limit, label, group, span))

    for year, envelope in problem.budgets.items():
        col = arrays.years.index(year) if year in arrays.years else None
        cost = arrays.costs[:, col] if col is not None else np.zeros(n)
        idx = np.flatnonzero(cost)
        add(BUDGET, f"{BUDGET} {year}", idx, cost[idx], float(envelope), float(envelope))
    if problem.funding is not None:
        _add_pot_rows(arrays, problem.funding, add)
    if problem.fte_cap is not None:
        fte = np.nan_to_num(arrays.fte)
        idx = np.flatnonzero(fte)
        add(FTE, FTE, idx, fte[idx], float(problem.fte_cap), float(problem.fte_cap))
    for i, j in arrays.depends:
        add(
            DEPENDS,
            f"{DEPENDS} {arrays.ids[i]} on {arrays.ids[j]}",
            np.array([i, j]),
            np.array([1.0, -1.0]),
            0.0,
            0.0,
        )
    for i, j in arrays.excludes:
        add(
            EXCLUDES,
            f"{EXCLUDES} {arrays.ids[i]} / {arrays.ids[j]}",
            np.array([i, j]),
            np.array([1.0, 1.0]),
            1.0,
            1.0,
        )
    missions = sorted(set(arrays.missions))
    mission_arr = np.asarray(arrays.missions, dtype=object)
    for m in missions:
        cap = problem.cap_for(m)
        if cap is None:
            continue
        idx = np.flatnonzero(mission_arr == m)
        add(MISSION_CAP, f"{MISSION_CAP} {m}", idx, np.ones(len(idx)), float(cap), float(cap))
    if problem.min_long_term_share is not None:
        share = float(problem.min_long_term_share)
        led = long_term_led(arrays).astype(float)
        coef = arrays.total_cost * (share - led)  # Σ cost·(s − ℓ)·x <= 0
        idx = np.flatnonzero(coef)
        add(LONG_TERM_SHARE, LONG_TERM_SHARE, idx, coef[idx], 0.0, share)

    lower = np.zeros(n)
    upper = np.ones(n)
    for iid in problem.force_in:
        k = lookup[iid]
        if forces_as_rows:
            add(FORCE_IN, f"{FORCE_IN} {iid}", np.array([k]), np.array([-1.0]), -1.0, 1.0)
        else:
            lower[k] = 1.0
    for iid in problem.force_out:
        k = lookup[iid]
        if forces_as_rows:
            add(FORCE_OUT, f"{FORCE_OUT} {iid}", np.array([k]), np.array([1.0]), 0.0, 0.0)
        else:
            upper[k] = 0.0

    def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    a = sparse.csr_array(
        (joined(vv, float), (joined(rr, np.int64), joined(cc, np.int64))), shape=(len(rows), n)
    )
    return LinearModel(
        a=a, b=np.asarray(b, dtype=float), rows=tuple(rows), lower=lower, upper=upper
    )


def pot_coefficients(
    arrays: ScoreArrays, funding: Funding
) -> list[tuple[PotRow, tuple[str, ...], FloatArray]]:
    """Each pot row (see :mod:`stocktake.engine.pots`) with its years and its coefficient
    per initiative (the share of its cost in those years that falls on the row's pots):
    the model's rows, and the greedy order of buy's checks, from one place."""
    limits = funding.limits()
    members = {limit: (set(funding.pooled) if limit == POOLED else {limit}) for limit in limits}
    shares = funding.pot_cost_table(arrays.ids, members)
    col = {y: t for t, y in enumerate(arrays.years)}
    out = []
    for row, years in pot_rows(funding):
        cost = np.zeros(arrays.n)
        for y in years:
            if y in col:
                cost += arrays.costs[:, col[y]]
        out.append((row, years, cost * shares[row.limit]))
    return out


def _add_pot_rows(arrays: ScoreArrays, funding: Funding, add: Any) -> None:
    """One row per pot limit and run of years."""
    for row, years, coef in pot_coefficients(arrays, funding):
        idx = np.flatnonzero(coef)
        add(POT, row.key, idx, coef[idx], row.rhs, row.rhs, row.words(funding), row.limit, years)


OPTIMAL, FEASIBLE, INFEASIBLE, NO_SOLUTION = "optimal", "feasible", "infeasible", "no solution"
"""Solver outcomes: proven within the requested gap; stopped at a time limit with a
certified gap; no portfolio can meet every constraint; stopped before finding any."""


@dataclass(frozen=True, slots=True, eq=False)
class Solution:
    """HiGHS's answer, read once: status, chosen mask, value and its certified bound."""

    status: str
    chosen: BoolArray
    value: float | None
    bound: float | None
    gap: float | None
    seconds: float


def relative_gap(value: float, bound: float) -> float:
    """(bound − value) / |value|: how much better than this the best portfolio could be."""
    diff = max(bound - value, 0.0)
    if diff <= 1e-9 * max(1.0, abs(bound)):
        return 0.0
    return diff / abs(value) if value != 0 else math.inf


PRESOLVE_UP_TO = 500
"""HiGHS presolve is used for up to this many initiatives. Measured on synthetic
portfolios (5 yearly budgets): with 2,000 binaries its probing spends ~2 s and removes
nothing, and turning it off brings the 0.1% gap from ~2.6 s to ~0.9 s; with 200 it
helps (0.5-1.0 s against 1.0-1.5 s)."""


class _Quiet:
    """Shared state of :func:`solver_silenced`: how many solves are running, the saved fd."""

    lock = threading.Lock()
    depth = 0
    saved_fd: int | None = None


@contextlib.contextmanager
def solver_silenced() -> Iterator[None]:
    """Discard anything written to file descriptor 1 while HiGHS runs.

    ``disp: False`` turns HiGHS's log off, but the HiGHS inside scipy (1.17) also has a
    hard-wired ``printf`` ("HighsMipSolverData::transformNewIntegerFeasibleSolution
    tmpSolver.run();") that no option reaches: ``output_flag``/``log_to_console`` were
    tried and the line still appears. It is a debug line meaning nothing to a user, so it
    goes to the null device, not to stderr where the user would still see it.
    Re-entrant and thread-safe (the UI may solve in several workers): the first solve in
    redirects, the last out restores. Nothing else writes to fd 1 during a solve: the
    CLI prints only after solving, and the window never prints.
    """
    with _Quiet.lock:
        if _Quiet.depth == 0:
            with contextlib.suppress(AttributeError, ValueError):
                sys.stdout.flush()
            try:
                _Quiet.saved_fd = os.dup(1)
                null = os.open(os.devnull, os.O_WRONLY)
                try:
                    os.dup2(null, 1)
                finally:
                    os.close(null)
            except OSError:  # no usable descriptors (embedded interpreter): nothing to guard
                _Quiet.saved_fd = None
        _Quiet.depth += 1
    try:
        yield
    finally:
        with _Quiet.lock:
            _Quiet.depth -= 1
            if _Quiet.depth == 0 and _Quiet.saved_fd is not None:
                os.dup2(_Quiet.saved_fd, 1)
                os.close(_Quiet.saved_fd)
                _Quiet.saved_fd = None


def say_on_stdout(text: str) -> None:
    """Write a line to the process's real stdout, even while a solve in another thread
    has fd 1 on the null device (the window's smoke test prints its steps while the
    portfolio job proves what binds; a plain ``print`` then vanished)."""
    sys.stdout.flush()
    with _Quiet.lock:
        fd = _Quiet.saved_fd if _Quiet.depth and _Quiet.saved_fd is not None else 1
        os.write(fd, (text + "\n").encode())


def solve_binary(
    objective: FloatArray,
    a: Any,
    b: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    *,
    time_limit: float,
    mip_rel_gap: float,
    integrality: np.ndarray | None = None,
    maximise: bool = True,
) -> Solution:
    """Solve max (or min) objective·x s.t. A x <= b, lower <= x <= upper, HiGHS silent."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(objective)
    start = time.perf_counter()
    if np.any(lower > upper):
        return Solution(INFEASIBLE, np.zeros(n, dtype=bool), None, None, None, 0.0)
    if n == 0:
        # Nothing to choose (an empty workbook): scipy refuses an empty objective, but
        # the answer is known: the empty choice, feasible iff every row allows 0 <= b.
        if np.any(np.asarray(b) < 0):
            return Solution(INFEASIBLE, np.zeros(0, dtype=bool), None, None, None, 0.0)
        return Solution(OPTIMAL, np.zeros(0, dtype=bool), 0.0, 0.0, 0.0, 0.0)
    sign = -1.0 if maximise else 1.0
    constraints = [LinearConstraint(a, -np.inf, b)] if a.shape[0] else []
    with solver_silenced():
        res = milp(
            c=sign * np.asarray(objective, dtype=float),
            integrality=np.ones(n) if integrality is None else integrality,
            bounds=Bounds(lower, upper),
            constraints=constraints,
            options={
                "disp": False,
                "time_limit": float(time_limit),
                "mip_rel_gap": float(mip_rel_gap),
                "presolve": n <= PRESOLVE_UP_TO,
            },
        )
    seconds = time.perf_counter() - start
    if res.status == 2:
        return Solution(INFEASIBLE, np.zeros(n, dtype=bool), None, None, None, seconds)
    if res.x is None:
        return Solution(NO_SOLUTION, np.zeros(n, dtype=bool), None, None, None, seconds)
    x = np.asarray(res.x)
    chosen = x > 0.5
    value = float(sign * res.fun)
    dual = getattr(res, "mip_dual_bound", None)
    bound = value if dual is None or not math.isfinite(dual) else float(sign * dual)
    if maximise:
        bound = max(bound, value)
    gap = relative_gap(value, bound) if maximise else None
    status = OPTIMAL if res.status == 0 else FEASIBLE
    return Solution(status, chosen, value, bound, gap, seconds)


def solve_model(
    model: LinearModel, values: FloatArray, *, time_limit: float, mip_rel_gap: float
) -> Solution:
    """Maximise Σ values·x over the model's rows; the chosen set is read from the 0-1 answer."""
    sol = solve_binary(
        values,
        model.a,
        model.b,
        model.lower,
        model.upper,
        time_limit=time_limit,
        mip_rel_gap=mip_rel_gap,
    )
    if sol.value is None:
        return sol
    # Report the value of the rounded choice exactly (HiGHS's x may carry 1e-9 noise).
    exact = float(np.asarray(values)[sol.chosen].sum())
    bound = max(sol.bound if sol.bound is not None else exact, exact)
    return Solution(sol.status, sol.chosen, exact, bound, relative_gap(exact, bound), sol.seconds)
