"""The efficient frontier's solves: one shared HiGHS model per worker, reused point to point.

Why not :func:`stocktake.engine.milp.solve_model` per point: ``scipy.optimize.milp``
builds a fresh HiGHS model on every call and cannot take a starting solution, so each
of the 15 envelope levels started cold (5,000 initiatives: 51 s for the frontier). The
points differ only in the envelopes' right-hand sides, so here each worker keeps one
HiGHS model (through ``highspy``, the HiGHS project's own Python interface) and per point

1. changes the envelope rows' bounds and re-solves the **LP relaxation** from the last
   basis (dual simplex, milliseconds). Its optimum is a certified upper bound;
2. builds a portfolio from it: the items the LP takes whole, then the rest while every
   row still holds, the best of three orders of adding them (:func:`best_fill`). The
   previous point's portfolio (feasible here too when the envelopes grew) is kept if better;
3. stops there when that portfolio is within the requested gap of the LP bound (the
   usual case on long lists, where a handful of fractional items is all the LP gains);
4. otherwise runs the MILP on the same model, started from that portfolio, to the gap.

Every reported bound is one HiGHS proved (LP optimum or MILP dual bound), so a point's
certified gap means what it means for :func:`~stocktake.engine.portfolio.optimise`.
Points are split into contiguous runs of envelope levels, one run per worker thread
(HiGHS releases the GIL while it solves).
"""

from __future__ import annotations

import dataclasses
import math
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from stocktake.engine.arrays import BoolArray, FloatArray
from stocktake.engine.milp import (
    BUDGET,
    FEASIBLE,
    INFEASIBLE,
    NO_SOLUTION,
    OPTIMAL,
    PRESOLVE_UP_TO,
    LinearModel,
    Solution,
    relative_gap,
    solve_model,
    solver_silenced,
)
from stocktake.engine.pots import POT
from stocktake.engine.swaps import improve_by_swaps

ROW_TOLERANCE = 1e-9
"""A row holds when ``a·x <= b + ROW_TOLERANCE·max(1, |b|)`` (costs are £m to one
decimal; this only absorbs float sums like 0.1 + 0.2)."""

MAX_WORKERS = 4


def default_workers(points: int) -> int:
    """Threads for ``points`` frontier points: one per core, at most :data:`MAX_WORKERS`."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, points))


def highs_model(model: LinearModel, values: FloatArray, *, integer: bool) -> Any:
    """A silent HiGHS instance holding max values·x s.t. A x <= b (as min −values·x)."""
    import highspy

    a = model.a.tocsc()
    n, m = a.shape[1], a.shape[0]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = -np.asarray(values, dtype=float)
    lp.col_lower_ = np.asarray(model.lower, dtype=float)
    lp.col_upper_ = np.asarray(model.upper, dtype=float)
    lp.row_lower_ = np.full(m, -highspy.kHighsInf)
    lp.row_upper_ = np.asarray(model.b, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    with solver_silenced():  # the first Highs() of a process prints HiGHS's banner
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "on" if n <= PRESOLVE_UP_TO else "off")
    h.passModel(lp)
    return h


def holds(a_csr: Any, b: FloatArray, lower: FloatArray, upper: FloatArray, x: BoolArray) -> bool:
    """Whether the 0-1 choice ``x`` meets every row and bound of the model."""
    xf = x.astype(float)
    if np.any(xf < lower - 0.5) or np.any(xf > upper + 0.5):
        return False
    return bool(np.all(a_csr @ xf <= b + ROW_TOLERANCE * np.maximum(1.0, np.abs(b))))


def lp_fill(
    a_csc: Any,
    b: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    values: FloatArray,
    x_lp: FloatArray,
    reduced: FloatArray,
) -> BoolArray | None:
    """A portfolio from an LP optimum: what the LP takes whole, then greedily more.

    Written here because HiGHS finds the same portfolio only through its sub-MIP
    heuristics, which take seconds on 2,000 items. Items are added in order of reduced
    cost (the LP's own price of taking each one: value minus its rows' shadow prices),
    each only if every row it appears in still has room. None when rounding the LP down
    already breaks a row (a row with negative coefficients, such as the long-term share).
    """
    x = ((x_lp >= 1.0 - 1e-6) | (lower > 0.5)) & (upper > 0.5)
    slack = b - a_csc @ x.astype(float)
    tol = ROW_TOLERANCE * np.maximum(1.0, np.abs(b))
    if np.any(slack < -tol):
        return None
    indptr, indices, data = a_csc.indptr, a_csc.indices, a_csc.data
    room = slack + tol
    candidates = np.flatnonzero(~x & (upper > 0.5) & (values > 0))
    # reduced cost of min −values·x: most negative is the most attractive; ties by value
    order = candidates[np.lexsort((-values[candidates], reduced[candidates]))]
    for step, i in enumerate(order):
        # Room only shrinks: once no item left fits, none will (5,000 items: the loop
        # ran on through thousands that could not, 30 ms a fill in the binding proof).
        if step % FIT_CHECK_EVERY == FIT_CHECK_EVERY - 1 and not _any_fits(
            a_csc, room, order[step:]
        ):
            break
        rows = indices[indptr[i] : indptr[i + 1]]
        coef = data[indptr[i] : indptr[i + 1]]
        if np.all(coef <= room[rows]):
            room[rows] -= coef
            x[i] = True
    return x


def row_use(a_csc: Any) -> FloatArray:
    """Each item's positive coefficients summed over the rows: :func:`best_fill`'s
    denominator for value per unit of row use."""
    return np.asarray(a_csc.maximum(0).sum(axis=0), dtype=float).ravel()


FIT_CHECK_EVERY = 64
"""How often :func:`lp_fill` checks, for all items left at once, whether any still fits."""


def best_fill(
    a_csc: Any,
    b: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    values: FloatArray,
    x_lp: FloatArray,
    reduced: FloatArray,
    use: FloatArray | None = None,
    enough: Callable[[float], bool] | None = None,
) -> BoolArray | None:
    """The best of three :func:`lp_fill` portfolios from one LP optimum, each adding the
    items the LP leaves out in another order: by reduced cost, by value per unit of row
    use (the column's positive coefficients: mostly £m of envelope), and by value.

    Why three: on long lists one fill often lands just outside the requested gap of the
    LP bound (5,000 initiatives: 0.012% by reduced cost against 0.003% by value per £m,
    for a 0.01% gap), and then a MILP runs (about 1 s of CPU) only to find a portfolio a
    few value points better. A fill costs a millisecond or two. No order wins everywhere.
    ``use`` is :func:`row_use` of ``a_csc`` when the caller keeps it (one per model).
    ``enough(value)`` True stops at the first fill worth that much (the caller's gap is
    met: the other orders would only cost time; 10,000 initiatives: 20 ms a fill).
    """
    if use is None:
        use = row_use(a_csc)
    orders = (lambda: reduced, lambda: -values / np.maximum(use, 1e-9), lambda: -values)
    best: BoolArray | None = None
    best_value = -np.inf
    for key in orders:
        fill = lp_fill(a_csc, b, lower, upper, values, x_lp, key())
        if fill is None:
            continue
        value = float(values[fill].sum())
        if value > best_value:
            best, best_value = fill, value
        if enough is not None and enough(best_value):
            break
    return best


def swapped(
    a_csc: Any,
    b: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    values: FloatArray,
    chosen: BoolArray,
    reduced: FloatArray,
) -> BoolArray:
    """``chosen`` improved by :func:`stocktake.engine.swaps.improve_by_swaps`, with this
    module's row tolerance and :func:`lp_fill` (reduced-cost order) as the refill."""
    limit = b + ROW_TOLERANCE * np.maximum(1.0, np.abs(b))
    return improve_by_swaps(
        a_csc,
        limit,
        lower,
        upper,
        values,
        chosen,
        reduced,
        lambda x: lp_fill(a_csc, b, lower, upper, values, x.astype(float), reduced),
    )


def _any_fits(a_csc: Any, room: FloatArray, items: np.ndarray) -> bool:
    """Whether any of ``items`` has every coefficient within its row's room."""
    indptr = a_csc.indptr
    ok = a_csc.data <= room[a_csc.indices]
    fits = np.ones(a_csc.shape[1], dtype=bool)
    nonempty = np.flatnonzero(np.diff(indptr) > 0)
    if len(nonempty):
        fits[nonempty] = np.logical_and.reduceat(ok, indptr[nonempty])
    return bool(fits[items].any())


class FrontierWorker:
    """One thread's shared models: the LP relaxation and the MILP, reused point to point."""

    def __init__(
        self,
        model: LinearModel,
        values: FloatArray,
        *,
        time_limit: float,
        mip_rel_gap: float,
    ) -> None:
        self.model = model
        self.values = np.asarray(values, dtype=float)
        self.a_csr = model.a.tocsr()
        self.a_csc = model.a.tocsc()
        self.use = row_use(self.a_csc)
        self.budget_rows = np.array(
            # yearly budgets and funding pots: a pot row's limit (envelopes plus what may be
            # carried in, both shares of envelopes) scales exactly as Funding.scaled does
            [k for k, r in enumerate(model.rows) if r.kind in (BUDGET, POT)],
            dtype=np.int32,
        )
        self.time_limit = float(time_limit)
        self.gap = float(mip_rel_gap)
        self.lp = highs_model(model, values, integer=False)
        self.mip: Any = None  # built on the first point the LP cannot settle
        self.previous: BoolArray | None = None
        self.started = 0.0  # when the level in hand began: its MILP gets what is left

    def _set_budgets(self, h: Any, b: FloatArray) -> None:
        import highspy

        rows = self.budget_rows
        if len(rows):
            h.changeRowsBounds(len(rows), rows, np.full(len(rows), -highspy.kHighsInf), b[rows])

    def solve(self, scale: float) -> Solution:
        """The best portfolio with every envelope row's limit times ``scale``."""
        import highspy

        self.started = time.perf_counter()
        b = np.array(self.model.b, dtype=float)
        b[self.budget_rows] *= scale
        n = len(self.values)
        none = np.zeros(n, dtype=bool)
        if n == 0:
            ok = bool(np.all(b >= 0))
            return Solution(OPTIMAL if ok else INFEASIBLE, none, 0.0 if ok else None, 0.0, 0.0, 0.0)
        self._set_budgets(self.lp, b)
        with solver_silenced():
            self.lp.run()
        status = self.lp.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return Solution(INFEASIBLE, none, None, None, None, 0.0)
        lp_bound: float | None = None
        best: BoolArray | None = None
        reduced: FloatArray | None = None
        if status == highspy.HighsModelStatus.kOptimal:
            obj = -float(self.lp.getInfo().objective_function_value)
            lp_bound = obj + 1e-10 * max(1.0, abs(obj))  # the LP's own feasibility tolerance
            sol = self.lp.getSolution()
            reduced = np.asarray(sol.col_dual)
            best = best_fill(
                self.a_csc,
                b,
                self.model.lower,
                self.model.upper,
                self.values,
                np.asarray(sol.col_value),
                reduced,
                self.use,
                lambda value: relative_gap(value, lp_bound) <= self.gap,
            )
        prev = self.previous
        if (
            prev is not None
            and holds(self.a_csr, b, self.model.lower, self.model.upper, prev)
            and (best is None or self.values[prev].sum() > self.values[best].sum())
        ):
            best = prev
        if best is not None and lp_bound is not None and reduced is not None:
            if relative_gap(float(self.values[best].sum()), lp_bound) > self.gap:
                best = swapped(
                    self.a_csc, b, self.model.lower, self.model.upper, self.values, best, reduced
                )
            value = float(self.values[best].sum())
            if relative_gap(value, lp_bound) <= self.gap:
                self.previous = best
                bound = max(lp_bound, value)
                return Solution(OPTIMAL, best, value, bound, relative_gap(value, bound), 0.0)
        return self._milp(b, best, lp_bound)

    def _milp(self, b: FloatArray, start: BoolArray | None, lp_bound: float | None) -> Solution:
        import highspy

        if self.mip is None:
            self.mip = highs_model(self.model, self.values, integer=True)
            self.mip.setOptionValue("mip_rel_gap", self.gap)
        h = self.mip
        # The level's time limit covers its LP and this model's building too, so a
        # caller's budget (the binding proof's, within a save) is not overrun by them.
        spent = time.perf_counter() - self.started
        h.setOptionValue("time_limit", max(self.time_limit - spent, 1e-3))
        self._set_budgets(h, b)
        n = len(self.values)
        if start is not None:
            idx = np.arange(n, dtype=np.int32)
            h.setSolution(n, idx, start.astype(float))
        with solver_silenced():
            h.run()
        status = h.getModelStatus()
        none = np.zeros(n, dtype=bool)
        if status == highspy.HighsModelStatus.kInfeasible:
            return Solution(INFEASIBLE, none, None, None, None, 0.0)
        sol = h.getSolution()
        x = np.asarray(sol.col_value) if sol.value_valid else None
        if x is None or len(x) != n:
            if start is None:
                return Solution(NO_SOLUTION, none, None, None, None, 0.0)
            chosen = start
        else:
            chosen = x > 0.5
            if start is not None and self.values[start].sum() > self.values[chosen].sum():
                chosen = start
        value = float(self.values[chosen].sum())
        dual = -float(h.getInfo().mip_dual_bound)
        bounds = [v for v in (dual, lp_bound) if v is not None and math.isfinite(v)]
        bound = max(min(bounds), value) if bounds else value
        gap = relative_gap(value, bound)
        self.previous = chosen
        done = status == highspy.HighsModelStatus.kOptimal or gap <= self.gap
        return Solution(OPTIMAL if done else FEASIBLE, chosen, value, bound, gap, 0.0)


def solve_points(
    model: LinearModel,
    values: FloatArray,
    scales: Sequence[float],
    *,
    time_limit: float,
    mip_rel_gap: float,
    workers: int | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> dict[float, Solution]:
    """Each scale's solution (solved in increasing order of scale within each worker).

    ``progress(done, total)`` is called on the calling thread after each point; False
    cancels: the points solved by then are returned, the rest are not started.
    """
    order = sorted(set(float(s) for s in scales))
    k = workers if workers is not None else default_workers(len(order))
    k = max(1, min(k, len(order)))
    runs = [list(chunk) for chunk in np.array_split(np.array(order), k) if len(chunk)]
    stop = threading.Event()
    done_q: queue.Queue[tuple[float, Solution] | BaseException] = queue.Queue()

    def run(chunk: list[float]) -> None:
        try:
            worker = FrontierWorker(model, values, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
            for s in chunk:
                if stop.is_set():
                    return
                done_q.put((float(s), worker.solve(float(s))))
        except BaseException as exc:  # handed to the caller's thread, raised there
            done_q.put(exc)

    out: dict[float, Solution] = {}

    def take(item: tuple[float, Solution] | BaseException) -> None:
        if isinstance(item, BaseException):
            raise item
        out[item[0]] = item[1]

    with ThreadPoolExecutor(max_workers=len(runs), thread_name_prefix="frontier") as pool:
        futures = [pool.submit(run, chunk) for chunk in runs]
        try:
            while len(out) < len(order):
                try:
                    take(done_q.get(timeout=0.05))
                except queue.Empty:
                    if all(f.done() for f in futures) and done_q.empty():
                        break
                    continue
                if progress is not None and not progress(len(out), len(order)):
                    break
        finally:
            stop.set()  # workers finish the point in hand and start no other
    while not done_q.empty():  # points finished while the pool wound down
        take(done_q.get_nowait())
    return out


LONG_LIST = 1_000
"""From this many initiatives a portfolio (the chosen one, and each one the binding
proof re-solves) is solved as a frontier point is (:class:`FrontierWorker`: the LP
relaxation, a portfolio
built from it, the MILP started from that portfolio only when it is not within the
gap). The certified gap means the same; on 5,000 initiatives the cold ``scipy`` solve
took about 3 s of a save's CPU, and the LP route settles it in a fraction of that.
Shorter lists keep the cold solve, which is checked against brute force."""


def solve_one(
    model: LinearModel, values: FloatArray, *, time_limit: float, mip_rel_gap: float
) -> Solution:
    """One solve to ``mip_rel_gap``: the cold ``scipy`` solve for short lists, a
    :class:`FrontierWorker` at the current envelope for long ones (same certified gap)."""
    if len(values) < LONG_LIST:
        return solve_model(model, values, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    start = time.perf_counter()
    worker = FrontierWorker(model, values, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    sol = worker.solve(1.0)
    return dataclasses.replace(sol, seconds=time.perf_counter() - start)
