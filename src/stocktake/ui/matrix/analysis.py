"""The engine's answers for the open workbook, kept current as the user moves things.

Why one shared object: the matrix, the dial, the rank chart, the portfolio and the
robustness panels all show the same numbers. Building the engine arrays once per
workbook and scoring once per balance movement (microseconds) keeps the dial smooth;
the portfolio solve (tens of milliseconds or more) runs in a :class:`Task` so the GUI
thread never waits for HiGHS, and a newer request supersedes an older one.

Use :meth:`Analysis.of` to get the single instance attached to a :class:`Session`.
The inputs (cut lines, envelopes, forced items, caps, scenarios) live in the session's
:class:`~stocktake.app.document.Document`; changing one pushes an application-layer
change onto the session's undo stack, like every other change a person makes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from stocktake import engine
from stocktake.app.explain import DEFAULT_TOP_K  # the matrix and `explain` agree
from stocktake.app.plan import effective_problem, keep_out_prices
from stocktake.app.robustness import RobustnessAnswer, RobustnessRequest
from stocktake.app.robustness import run as run_robustness
from stocktake.engine.matrix import QUADRANT_ORDER, quadrant_codes_of
from stocktake.model import Decision
from stocktake.ui.matrix.analysis_prep import Prepared
from stocktake.ui.matrix.job_runner import JobRunner
from stocktake.ui.session import Session
from stocktake.ui.staging import IdleStart
from stocktake.ui.workers import Task

PORTFOLIO_DELAY_MS = 80
"""Pause in dial movement after which the portfolio is solved again."""
BINDING_SECONDS = 5.0
"""Time the second stage of a portfolio job may spend proving what binds; rows left
undecided are shown as "not checked" (benchmarks/bench_binding.py)."""
FRAGILE_BAND = (0.2, 0.8)
"""A choice is fragile when it holds in between 20% and 80% of the uncertain draws."""


@dataclasses.dataclass(frozen=True, slots=True)
class PortfolioAnswer:
    """A solve and the prices of its force-ins, for one (balance, problem) pair."""

    result: engine.PortfolioResult
    prices: tuple[engine.ForceInPrice, ...]
    balance: float
    state: engine.PortfolioProblem
    """The problem solved: the person's constraints plus the decisions' exclusions."""
    out_prices: tuple[tuple[str, float | None], ...] = ()
    """For each initiative kept out, the value the portfolio would gain if it were let in."""


@dataclasses.dataclass(frozen=True, slots=True)
class Robustness:
    """Monte Carlo shares: chance of staying in the top k and in the optimal portfolio."""

    top: engine.Acceptability | None
    portfolio: engine.Acceptability | None
    answer: RobustnessAnswer | None = None
    """The whole run: rank acceptability and central weights (SMAA) besides the shares."""


class Analysis(QObject):
    """Engine results for the session's workbook at the session's balance."""

    scores_updated = Signal()
    """Arrays, score table and quadrants are current (after a load, an edit or the dial)."""
    portfolio_updated = Signal()
    portfolio_busy = Signal(bool)
    problem_changed = Signal()
    cuts_changed = Signal()
    frontier_updated = Signal()
    robustness_updated = Signal()
    scenarios_changed = Signal()
    task_progress = Signal(str, int, int)  # which job, done, total
    task_failed = Signal(str, str)  # which job, message
    compare_done = Signal(object)  # (outcomes, diffs) from engine.compare

    def __init__(self, session: Session, prepared: Prepared | None = None) -> None:
        super().__init__(session)
        self._prepared = prepared  # arrays and scores made in a worker (analysis_prep)
        self.setObjectName("stocktake-analysis")
        self.session = session
        self.arrays: engine.ScoreArrays | None = None
        self.table: engine.ScoreTable | None = None
        self.quadrant_codes: np.ndarray = np.zeros(0, dtype=np.int64)
        self.top_k = DEFAULT_TOP_K
        self.answer: PortfolioAnswer | None = None
        self.frontier: list[engine.FrontierPoint] = []
        self.robustness = Robustness(None, None)
        self._exclusions: dict[str, str] = {}
        self._portfolio_task: Task | None = None
        self._portfolio_pending = False
        self._first_solve = IdleStart(self, self.request_portfolio)
        self.jobs = JobRunner(self)
        self.jobs.progress.connect(self.task_progress)
        self.jobs.failed.connect(self.task_failed)
        self._index: dict[str, int] = {}
        self._switch_cache: tuple[Any, Any, dict[int, engine.BalanceSwitch]] = (None, None, {})
        self._portfolio_timer = QTimer(self)
        self._portfolio_timer.setSingleShot(True)
        self._portfolio_timer.setInterval(PORTFOLIO_DELAY_MS)
        self._portfolio_timer.timeout.connect(self.request_portfolio)
        session.workbook_loaded.connect(self._on_loaded)
        session.value_changed.connect(self._on_value_changed)
        session.balance_changed.connect(self._on_balance)
        session.cuts_changed.connect(self._on_cuts)
        session.problem_changed.connect(self._on_problem)
        session.scenarios_changed.connect(self.scenarios_changed)
        session.decisions_changed.connect(self._on_decisions)
        if session.workbook is not None:
            self._on_loaded()

    # -- the document's inputs (read, never copied) ----------------------------------
    @property
    def cuts(self) -> engine.CutLines:
        return self.session.document.cuts

    @property
    def state(self) -> engine.PortfolioProblem:
        """The person's own constraints: envelopes, forced items, caps."""
        return self.session.document.problem

    def problem(self) -> engine.PortfolioProblem:
        """What the optimiser solves: the person's constraints plus decision exclusions."""
        return self.session.document.effective_problem()

    def own_choices(self) -> engine.PortfolioProblem:
        """The person's own constraints without the funding pots: ``state`` works the
        pots out from every initiative on each use (tens of milliseconds on 10k), and
        the forced items and caps do not need them."""
        return self.session.document.settings.problem()

    def forced_and_capped(self) -> engine.PortfolioProblem:
        """:meth:`problem` without the funding pots: what is forced (the decisions'
        exclusions included) and capped, for the lists that say so."""
        return effective_problem(self.own_choices(), self.session.document.exclusions())

    def kept_out_by_decision(self) -> dict[str, str]:
        """Initiatives the decisions (or their stage) keep out, with the reason."""
        # the person's own list once: asking for it per item was O(n²), a minute on the
        # GUI thread when the Portfolio tab first showed 10k initiatives
        own = self.own_choices().force_out
        return {k: v for k, v in self.forced_and_capped().force_out.items() if k not in own}

    @property
    def scenarios(self) -> dict[str, engine.Scenario]:
        return self.session.document.scenarios

    @classmethod
    def of(cls, session: Session, prepared: Prepared | None = None) -> Analysis:
        """The one Analysis of this session (created on first use, from ``prepared``
        if it still fits the session), shared by every panel."""
        found = session.findChild(Analysis, "stocktake-analysis")
        return found if isinstance(found, Analysis) else cls(session, prepared)

    # -- inputs --------------------------------------------------------------------
    def _on_loaded(self) -> None:
        self.cancel_all()
        wb = self.session.workbook
        self.answer = None
        self.frontier = []
        self.robustness = Robustness(None, None)
        if wb is None:
            self.arrays = self.table = None
            self._index = {}
        else:
            self._rebuild()
        self._exclusions = self.kept_out_by_decision()
        self.problem_changed.emit()
        self.cuts_changed.emit()
        self.scenarios_changed.emit()
        self.frontier_updated.emit()
        self.robustness_updated.emit()
        self.portfolio_updated.emit()
        # A workbook's first solve starts once the views' pieces have run: started while
        # the Portfolio tab was being made and painted, its model building competed with
        # those passes for the interpreter lock and held the window 130-200 ms at a time
        # on 10k initiatives (bench_gui).
        self._first_solve.request()

    def _on_cuts(self) -> None:
        if self.arrays is not None:
            self.quadrant_codes = quadrant_codes_of(self.arrays, self.cuts)
        self.cuts_changed.emit()
        self.scores_updated.emit()

    def _on_problem(self) -> None:
        self.frontier = []
        self.problem_changed.emit()
        self.frontier_updated.emit()
        self.request_portfolio()

    def _on_decisions(self) -> None:
        """A Stop or Pause recorded (or undone) changes what the optimiser may choose."""
        exclusions = self.kept_out_by_decision()
        if exclusions != self._exclusions and self.session.workbook is not None:
            self._exclusions = exclusions
            self._on_problem()

    def _on_value_changed(self, kind: str, ident: str, key: str) -> None:
        if self.session.workbook is None:
            return
        self.frontier = []
        self.robustness = Robustness(None, None)
        self._rebuild()
        self.frontier_updated.emit()
        self.robustness_updated.emit()
        self.request_portfolio()

    def _rebuild(self) -> None:
        wb = self.session.workbook
        assert wb is not None
        ready, self._prepared = self._prepared, None
        if ready is not None and ready.fits(self.session):
            self.arrays, self.table = ready.arrays, ready.table
            self.quadrant_codes = ready.quadrant_codes
        else:
            discounting = self.session.document.settings.discounting
            self.arrays = engine.arrays_from_workbook(wb, discounting)
            self.quadrant_codes = quadrant_codes_of(self.arrays, self.cuts)
            self.table = None
        self._index = {iid: k for k, iid in enumerate(self.arrays.ids)}
        self.top_k = min(DEFAULT_TOP_K, self.arrays.n)
        if self.table is None:
            self._rescore()
        else:
            self.scores_updated.emit()

    def _rescore(self) -> None:
        if self.arrays is None:
            return
        self.table = engine.score(self.arrays, self.session.balance)
        self.scores_updated.emit()

    def _on_balance(self, value: float) -> None:
        """Rescore at once (microseconds); solve the portfolio when the dial pauses, so
        a drag never competes with HiGHS for the processor."""
        self._rescore()
        self._portfolio_timer.start()

    # -- lookups for views ---------------------------------------------------------
    def index(self, initiative_id: str) -> int | None:
        return self._index.get(initiative_id)

    def quadrant_of(self, initiative_id: str) -> engine.Quadrant | None:
        i = self.index(initiative_id)
        return None if i is None else QUADRANT_ORDER[int(self.quadrant_codes[i])]

    @property
    def chosen_mask(self) -> np.ndarray:
        """Members of the optimal portfolio (all False until the first solve returns)."""
        if (
            self.answer is None
            or self.arrays is None
            or len(self.answer.result.chosen_mask) != self.arrays.n
        ):
            return np.zeros(0 if self.arrays is None else self.arrays.n, dtype=bool)
        return np.asarray(self.answer.result.chosen_mask, dtype=bool)

    def fragile_mask(self) -> np.ndarray:
        """Initiatives whose place (in the portfolio, or else the top k) holds in only
        20-80% of the Monte Carlo draws: choices that a small change could flip."""
        n = 0 if self.arrays is None else self.arrays.n
        acc = self.robustness.portfolio or self.robustness.top
        if acc is None or len(acc.share) != n:
            return np.zeros(n, dtype=bool)
        lo, hi = FRAGILE_BAND
        return np.asarray((acc.share >= lo) & (acc.share <= hi))

    def latest_decisions(self) -> dict[str, Decision]:
        """The decision in force per initiative, counting decisions not yet saved."""
        return self.session.document.decisions_in_force()

    def switching(self, initiative_id: str) -> engine.BalanceSwitch | None:
        """Balances at which this initiative enters or leaves the top k (exact, engine)."""
        if self.arrays is None or initiative_id not in self._index:
            return None
        key = (self.session.balance, self.top_k, id(self.arrays))
        if self._switch_cache[0] != key:
            sweep = engine.switching_sweep(self.arrays, self.session.balance, self.top_k)
            self._switch_cache = (key, sweep, {})
        _key, sweep, found = self._switch_cache
        i = self._index[initiative_id]
        if i not in found:  # one initiative's sweep: all of 10k at once took minutes
            found[i] = sweep.of(i)
        return found[i]

    def explain(self, initiative_id: str) -> engine.Explanation:
        assert self.arrays is not None
        return engine.explain(self.arrays, initiative_id, self.session.balance)

    # -- portfolio problem (undoable) ------------------------------------------------
    def set_cuts(self, near_term: float, long_term: float) -> None:
        """Move the matrix's cut lines (undoably); quadrants follow at once."""
        self.session.push(self.session.document.set_cuts(near_term, long_term))

    def _push(self, new: engine.PortfolioProblem, text: str) -> None:
        self.session.push(self.session.document.set_problem(new, text))

    def set_budget(self, year: str, amount: float | None) -> None:
        budgets = dict(self.state.budgets)
        if amount is None:
            budgets.pop(year, None)
            text = f"Remove the {year} envelope"
        else:
            budgets[year] = float(amount)
            text = f"Set the {year} envelope to £{amount:,.1f}m"
        self._push(dataclasses.replace(self.state, budgets=budgets), text)

    def force_in(self, initiative_id: str, reason: str) -> None:
        fin = {**self.state.force_in, initiative_id: reason}
        fout = {k: v for k, v in self.state.force_out.items() if k != initiative_id}
        self._push(
            dataclasses.replace(self.state, force_in=fin, force_out=fout),
            f"Force {initiative_id} into the portfolio",
        )

    def force_out(self, initiative_id: str, reason: str) -> None:
        fout = {**self.state.force_out, initiative_id: reason}
        fin = {k: v for k, v in self.state.force_in.items() if k != initiative_id}
        self._push(
            dataclasses.replace(self.state, force_in=fin, force_out=fout),
            f"Force {initiative_id} out of the portfolio",
        )

    def release(self, initiative_id: str) -> None:
        self._push(
            dataclasses.replace(
                self.state,
                force_in={k: v for k, v in self.state.force_in.items() if k != initiative_id},
                force_out={k: v for k, v in self.state.force_out.items() if k != initiative_id},
            ),
            f"Stop forcing {initiative_id}",
        )

    def apply_scenario(self, name: str) -> None:
        """Balance, cut lines, constraints and weights of a saved scenario, as one step."""
        scenario = self.scenarios.get(name)
        if scenario is not None:
            self.session.push(self.session.document.apply_scenario(scenario))

    # -- background work (bookkeeping in JobRunner) ----------------------------------
    def running(self, name: str) -> bool:
        return self.jobs.running(name) or (name == "portfolio" and self._first_solve.queued)

    def cancel(self, name: str) -> None:
        queued = name == "portfolio" and self._first_solve.queued
        if queued:
            self._first_solve.drop()
        if (self.jobs.cancel(name) or queued) and name == "portfolio":
            self._portfolio_pending = False
            self.portfolio_busy.emit(False)

    def cancel_all(self) -> None:
        self._portfolio_timer.stop()
        self._first_solve.drop()
        for name in self.jobs.names():
            self.cancel(name)

    def wait(self, timeout: float = 30.0) -> None:
        """Block until every task started by this object has stopped (tests, shutdown);
        a solve still queued behind the views' pieces is started first."""
        self._first_solve.now()
        self.jobs.wait(timeout)

    # -- the portfolio -------------------------------------------------------------
    def request_portfolio(self) -> None:
        """Solve again for the current balance and problem; a running solve is superseded
        (its answer is dropped), so dragging the dial never queues up stale work."""
        self._first_solve.drop()  # this request is the one that was queued
        self._portfolio_timer.stop()
        if self.arrays is None or self.table is None:
            return
        if self.running("portfolio"):
            self._portfolio_pending = True
            return
        arrays, values, state = self.arrays, self.table.value, self.problem()
        balance = self.session.balance

        holder: list[Task] = []

        def job(progress: Callable[[int, int], bool]) -> PortfolioAnswer:
            # Two stages: the portfolio is shown as soon as it is solved; proving what
            # binds (a solve per candidate row) follows, within BINDING_SECONDS.
            result = engine.optimise(arrays, values, state, binding=False)
            holder[0].publish(PortfolioAnswer(result, (), balance, state))
            prices: list[engine.ForceInPrice] = []
            if state.force_in and result.value is not None and progress(1, 4):
                prices = engine.force_in_prices(arrays, values, state)
            out: dict[str, float | None] = {}
            if state.force_out and result.value is not None and progress(2, 4):
                out = keep_out_prices(arrays, values, state, result.value)
            if progress(3, 4):
                result = engine.prove_binding(
                    arrays, values, state, result, seconds=BINDING_SECONDS
                )
            progress(4, 4)
            return PortfolioAnswer(result, tuple(prices), balance, state, tuple(out.items()))

        self.portfolio_busy.emit(True)
        self.jobs.start(
            "portfolio", job, self._portfolio_done, first=self._portfolio_first, holder=holder
        )

    def _portfolio_first(self, answer: PortfolioAnswer) -> None:
        """The solve is in (binding still being proven): show it unless already stale."""
        if self._portfolio_pending:
            return
        self.answer = answer
        self.portfolio_updated.emit()

    def _portfolio_done(self, answer: PortfolioAnswer) -> None:
        if self._portfolio_pending:
            self._portfolio_pending = False
            self.request_portfolio()
            stale = answer.balance != self.session.balance or answer.state != self.problem()
            if stale:
                return
        self.answer = answer
        self.portfolio_busy.emit(self.running("portfolio"))
        self.portfolio_updated.emit()

    def price_of(self, initiative_id: str) -> engine.ForceInPrice | None:
        if self.answer is None:
            return None
        return next((p for p in self.answer.prices if p.initiative_id == initiative_id), None)

    # -- frontier ------------------------------------------------------------------
    def request_frontier(self) -> None:
        if self.arrays is None or self.table is None:
            return
        arrays, values, problem = self.arrays, self.table.value, self.problem()

        def job(progress: Callable[[int, int], bool]) -> list[engine.FrontierPoint]:
            return engine.efficient_frontier(arrays, values, problem, progress=progress)

        self.jobs.start("frontier", job, self._frontier_done)

    def _frontier_done(self, points: list[engine.FrontierPoint]) -> None:
        self.frontier = points
        self.frontier_updated.emit()

    # -- robustness ----------------------------------------------------------------
    def request_robustness(
        self,
        draws: int = 2000,
        weight_range: float = 0.2,
        balance_range: float = 0.1,
        portfolio_draws: int = 0,
        mode: str = "box",
        order: tuple[str, ...] = (),
        use_score_ranges: bool = False,
        bounds: dict[str, tuple[float, float]] | None = None,
    ) -> None:
        """SMAA over the weight space (``box``, ``simplex`` or ``ordering``; scores within
        their ranges if asked), then (optionally) the portfolio, on a worker thread."""
        if self.arrays is None:
            return
        arrays, wb, problem = self.arrays, self.session.workbook, self.problem()
        request = RobustnessRequest(
            draws=draws,
            mode=mode,
            weight_range=weight_range,
            balance=self.session.balance,
            balance_range=balance_range,
            order=order,
            bounds=bounds or {},
            use_score_ranges=use_score_ranges,
            portfolio_draws=portfolio_draws,
            top_k=self.top_k,
        )

        def job(progress: Callable[[int, int], bool]) -> Robustness:
            answer = run_robustness(arrays, wb, problem, request, progress)
            return Robustness(answer.top, answer.portfolio, answer)

        self.jobs.start("robustness", job, self._robustness_done)

    def _robustness_done(self, result: Robustness) -> None:
        self.robustness = result
        self.robustness_updated.emit()

    # -- scenarios -----------------------------------------------------------------
    def current_scenario(self, name: str) -> engine.Scenario:
        """The current weights, balance, cut lines, envelopes and forced items, named."""
        weights: dict[str, float] = {}
        if self.arrays is not None:
            weights = {
                c: float(w) for c, w in zip(self.arrays.criteria, self.arrays.weights, strict=True)
            }
        return engine.Scenario(
            name=name,
            balance=self.session.balance,
            weights=weights,
            cuts=self.cuts,
            problem=self.state,
        )

    def save_scenario(self, name: str) -> engine.Scenario:
        """Save the current plan as a named scenario (undoably; saved with the workbook)."""
        scenario = self.current_scenario(name)
        self.session.push(self.session.document.save_scenario(scenario))
        return scenario

    def delete_scenario(self, name: str) -> None:
        self.session.push(self.session.document.delete_scenario(name))

    def request_compare(self, names: list[str]) -> None:
        if self.arrays is None:
            return
        arrays = self.arrays
        chosen = [self.scenarios[n] for n in names]

        def job(progress: Callable[[int, int], bool]) -> Any:
            progress(0, 1)
            return engine.compare(arrays, chosen)

        self.jobs.start("compare", job, self._compare_done)

    def _compare_done(self, result: Any) -> None:
        self.compare_done.emit(result)
