"""The efficient frontier's shared, warm-started solves against independent answers.

Each point is checked against brute force on tiny lists (every subset) and against
today's cold solve (a fresh ``scipy.optimize.milp`` per envelope level) on lists of a
hundred or so, where each answer must lie within the other's certified bound.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stocktake.engine import PortfolioProblem, build_arrays, efficient_frontier, values_at
from stocktake.engine.milp import build_model, solve_model
from stocktake.engine.problem import PortfolioProblem as Problem
from stocktake.model import Initiative
from tests.engine.factories import YEARS, initiative
from tests.engine.oracle import (
    CRITERIA,
    exhaustive_best,
    feasible,
    plain_value,
    portfolio_instances,
)

SCALES = (0.25, 0.5, 0.75, 1.0, 1.5)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=10), st.integers(1, 2))
def test_each_point_is_the_best_portfolio_found_by_brute_force(
    instance: tuple[list[Initiative], Problem], workers: int
) -> None:
    inits, problem = instance
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = values_at(arrays, 0.5)
    plain = {i.id: plain_value(i, CRITERIA, 0.5, False) for i in inits}
    points = efficient_frontier(arrays, values, problem, SCALES, mip_rel_gap=0.0, workers=workers)
    assert [p.scale for p in points] == ([1.0] if not problem.budgets else list(SCALES))
    for p in points:
        scaled = problem.scaled(p.scale)
        best, _ = exhaustive_best(inits, plain, scaled, CRITERIA)
        if best is None:
            assert p.status == "infeasible" and p.value is None
            continue
        assert p.status == "optimal", p
        assert p.value is not None and p.bound is not None
        assert abs(p.value - best) <= 1e-6, (p.scale, p.value, best)
        assert p.bound >= best - 1e-6
        assert feasible(set(p.chosen), inits, scaled, CRITERIA)


def _list(n: int, seed: int) -> tuple[list[Initiative], PortfolioProblem]:
    """n initiatives with lumpy costs over three years, dependencies and exclusions."""
    rng = np.random.default_rng(seed)
    ids = [f"I-{k:03d}" for k in range(n)]
    inits = []
    for k, iid in enumerate(ids):
        size = float(rng.lognormal(1.0, 0.8))
        costs = [round(size * float(rng.uniform(0.5, 1.5)), 1) for _ in YEARS]
        scores: dict[str, float | None] = {
            "N1": int(rng.integers(0, 6)),
            "N2": int(rng.integers(0, 6)),
            "L1": int(rng.integers(0, 6)),
            "L2": int(rng.integers(1, 11)),
            "D1": int(rng.integers(0, 6)),
        }
        depends = [ids[int(rng.integers(0, k))]] if k > 5 and rng.random() < 0.1 else []
        excludes = [ids[k - 1]] if k > 5 and not depends and rng.random() < 0.05 else []
        inits.append(
            initiative(iid, scores, costs, f"M{k % 3 + 1}", depends, excludes, float(k % 4))
        )
    totals = {y: sum(i.costs[y] for i in inits) for y in YEARS}
    problem = PortfolioProblem(
        budgets={y: round(t * 0.4, 1) for y, t in totals.items()},
        force_in={ids[3]: "manifesto"},
        force_out={ids[7]: "stopped"},
        max_per_mission=n // 4,
    )
    return inits, problem


def test_points_agree_with_a_cold_solve_within_their_certified_gaps() -> None:
    for n, seed in ((60, 1), (150, 2)):
        inits, problem = _list(n, seed)
        arrays = build_arrays(inits, CRITERIA, YEARS)
        values = values_at(arrays, 0.5)
        scales = (0.1, 0.3, 0.6, 1.0, 1.4)
        points = efficient_frontier(arrays, values, problem, scales, workers=2)
        for p in points:
            cold = solve_model(
                build_model(arrays, problem.scaled(p.scale)),
                values,
                time_limit=10,
                mip_rel_gap=1e-4,
            )
            assert p.value is not None and p.bound is not None and p.gap is not None
            assert cold.value is not None and cold.bound is not None
            assert p.gap <= 1e-3 + 1e-12, p  # the frontier's requested gap
            # neither answer beats the other's proven bound: equal within the gaps
            assert p.value <= cold.bound + 1e-6, (p.scale, p.value, cold.bound)
            assert cold.value <= p.bound + 1e-6, (p.scale, cold.value, p.bound)
            chosen = np.isin(np.array(arrays.ids), p.chosen)
            assert abs(float(values[chosen].sum()) - p.value) < 1e-9
            assert set(p.chosen) >= {"I-003"} and "I-007" not in p.chosen


def test_the_long_term_share_is_kept_at_every_point() -> None:
    inits, problem = _list(80, 3)
    problem = PortfolioProblem(budgets=problem.budgets, min_long_term_share=0.6)
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = values_at(arrays, 0.5)
    for p in efficient_frontier(arrays, values, problem, (0.2, 0.5, 1.0)):
        assert p.status in ("optimal", "infeasible")
        if p.value is not None:
            assert feasible(set(p.chosen), inits, problem.scaled(p.scale), CRITERIA)


def test_progress_counts_points_and_false_cancels() -> None:
    inits, problem = _list(60, 4)
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = values_at(arrays, 0.5)
    seen: list[tuple[int, int]] = []

    def stop_after_two(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    scales = tuple(round(0.1 * k, 1) for k in range(1, 11))
    points = efficient_frontier(arrays, values, problem, scales, progress=stop_after_two, workers=1)
    assert seen[:2] == [(1, 10), (2, 10)] and len(seen) == 2
    assert 2 <= len(points) < len(scales)
    assert [p.scale for p in points] == sorted(p.scale for p in points)
    everything: list[tuple[int, int]] = []
    full = efficient_frontier(
        arrays, values, problem, scales, progress=lambda d, t: everything.append((d, t)) or True
    )
    assert [p.scale for p in full] == list(scales)
    assert everything == [(k, 10) for k in range(1, 11)]


def test_the_frontier_prints_nothing_in_a_fresh_process() -> None:
    """HiGHS prints a banner on the first model of a process; the CLI's stdout (JSON)
    must never carry it, so it is checked where it would appear: a new interpreter."""
    code = (
        "from stocktake.engine import PortfolioProblem, build_arrays, efficient_frontier,"
        " values_at\n"
        "from tests.engine.factories import YEARS, initiative, standard_criteria\n"
        "inits = [initiative(f'I-{k}', {'N1': k % 6, 'L1': 5 - k % 6}, (k % 7 + 1,))"
        " for k in range(40)]\n"
        "arrays = build_arrays(inits, standard_criteria(), YEARS)\n"
        "points = efficient_frontier(arrays, values_at(arrays, 0.5),"
        " PortfolioProblem(budgets={'2025-26': 30.0}), (0.5, 1.0))\n"
        "assert [p.status for p in points] == ['optimal', 'optimal'], points\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert (out.stdout, out.stderr) == ("", "")
