"""The binding proof's time budget and its second stage."""

from __future__ import annotations

from stocktake.engine import PortfolioProblem, build_arrays, optimise, prove_binding, values_at
from tests.engine.factories import YEARS, initiative, standard_criteria


def _instance(years: int = 1):  # type: ignore[no-untyped-def]
    """Six alike initiatives costing 10-15 in each of the first ``years`` years, with an
    envelope of 40 in each: every envelope can bind."""
    crits = standard_criteria()
    s = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}
    inits = [initiative(f"I-{k}", s, (10.0 + k,) * years) for k in range(6)]
    arrays = build_arrays(inits, crits, YEARS)
    problem = PortfolioProblem(budgets={year: 40.0 for year in YEARS[:years]})
    return arrays, values_at(arrays, 0.5), problem


def test_no_time_left_claims_nothing_and_lists_the_rows_not_checked() -> None:
    arrays, values, problem = _instance()
    result = optimise(arrays, values, problem, binding_seconds=0.0)
    assert result.binding_checked and result.binding == ()
    assert result.binding_unchecked == ("budget 2025-26",)


def test_second_stage_gives_the_same_binding_as_one_call() -> None:
    arrays, values, problem = _instance()
    first = optimise(arrays, values, problem, binding=False)
    assert not first.binding_checked and first.binding == ()
    later = prove_binding(arrays, values, problem, first)
    whole = optimise(arrays, values, problem)
    assert later.binding_checked
    assert [b.constraint for b in later.binding] == ["budget 2025-26"]
    assert later.binding == whole.binding and later.chosen == whole.chosen


def test_no_solve_starts_once_the_budget_is_spent(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The budget is a real cap: with a clock that moves one second per solve, a 1.5 s
    budget starts two solves, whichever stage of the proof asks for more (here the two
    envelopes, each cleared alone, then the stage that tries them together), and what is
    not decided is never claimed."""
    from stocktake.engine import binding

    arrays, values, problem = _instance(years=2)
    now = [0.0]
    starts: list[float] = []

    def timed(solve):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            starts.append(now[0])
            out = solve(*args, **kwargs)
            now[0] += 1.0
            return out

        return run

    monkeypatch.setattr(binding.time, "perf_counter", lambda: now[0])
    from stocktake.engine.relaxations import Relaxations

    monkeypatch.setattr(Relaxations, "settle", timed(Relaxations.settle))
    monkeypatch.setattr(Relaxations, "search", timed(Relaxations.search))
    free = optimise(arrays, values, problem)
    assert len(starts) > 2 and not free.binding_unchecked  # more work than two solves
    assert {b.constraint for b in free.binding} == {"budget 2025-26", "budget 2026-27"}
    starts.clear()
    capped = optimise(arrays, values, problem, binding_seconds=1.5)
    assert starts == [now[0] - 2.0, now[0] - 1.0]
    assert capped.binding == ()  # binding only together, which was not reached


def test_each_solve_is_given_only_the_budget_left(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """HiGHS's own time limit is what stops a solve already running, so every LP and
    MILP of a capped proof is started with the time left then as its limit (a clock that
    moves 0.4 s per solve, a 1.5 s budget): no one solve is allowed past the deadline."""
    from stocktake.engine import binding
    from stocktake.engine.relaxations import Relaxations

    arrays, values, problem = _instance(years=2)
    now = [0.0]
    given: list[tuple[float, float]] = []  # (clock at the start, limit given to HiGHS)
    settle, search = Relaxations.settle, Relaxations.search

    def timed_settle(self, changes, seconds=None):  # type: ignore[no-untyped-def]
        out = settle(self, changes, seconds)
        given.append((now[0], float(self.lp.getOptionValue("time_limit")[1])))
        now[0] += 0.4
        return out

    def timed_search(self, changes, start, *, seconds, early):  # type: ignore[no-untyped-def]
        if seconds > 0:  # with no time left the MILP step returns undecided, solving nothing
            given.append((now[0], seconds))
            now[0] += 0.4
        return search(self, changes, start, seconds=seconds, early=early)

    monkeypatch.setattr(binding.time, "perf_counter", lambda: now[0])
    monkeypatch.setattr(Relaxations, "settle", timed_settle)
    monkeypatch.setattr(Relaxations, "search", timed_search)
    optimise(arrays, values, problem, binding_seconds=1.5)
    assert len(given) == 4  # started at 0, 0.4, 0.8 and 1.2 s: none after the deadline
    for started, limit in given:
        assert 0.0 < limit <= 1.5 - started + 1e-9
