"""Engine benchmarks: absolute medians and ratios against a peer measured in the same run.

Run: ``python benchmarks/bench_engine.py`` (not part of the test suite). Instances are
synthetic, generated here with a fixed seed: 12 criteria (4 per group), lumpy yearly
costs over five financial years, envelopes at 30% of the total ask, random dependencies.

Targets (issue 3): rescoring 10k on a balance change < 5 ms; 10k-draw top-k
acceptability for 1k initiatives < 2 s; 200 initiatives × 5 budgets × 30 dependencies
proven optimal < 2 s; 2k initiatives × 300 dependencies to a certified gap <= 0.1% in < 2 s.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from stocktake.engine import (
    PortfolioProblem,
    Uncertainty,
    build_arrays,
    greedy,
    optimise,
    portfolio_acceptability,
    rank_acceptability,
    score,
    values_at,
)
from stocktake.engine.arrays import ScoreArrays
from stocktake.engine.robustness import sample
from stocktake.model import Criterion, Horizon, Initiative

YEARS = ("2025-26", "2026-27", "2027-28", "2028-29", "2029-30")


def make_instance(n: int, n_deps: int, seed: int = 1) -> tuple[list[Initiative], list[Criterion]]:
    rng = np.random.default_rng(seed)
    crits = [
        Criterion(
            id=f"{h.name[0]}{k}",
            name=f"{h.value} {k}",
            horizon=h,
            weight=float(rng.integers(10, 100)),
        )
        for h in (Horizon.MILESTONE, Horizon.AMBITION, Horizon.DELIVERABILITY)
        for k in range(4)
    ]
    ids = [f"I-{k:05d}" for k in range(n)]
    deps: dict[int, list[str]] = {}
    for _ in range(n_deps):
        i, j = rng.choice(n, size=2, replace=False)
        deps.setdefault(int(max(i, j)), []).append(ids[min(i, j)])  # acyclic: later on earlier
    inits = []
    for k, iid in enumerate(ids):
        scale = rng.lognormal(1.5, 0.8)
        costs = {y: round(float(scale * rng.uniform(0.2, 1.5)), 1) for y in YEARS}
        scores: dict[str, float | None] = {c.id: float(rng.integers(0, 6)) for c in crits}
        inits.append(
            Initiative(
                id=iid,
                mission_id=f"M{k % 5 + 1}",
                name=iid,
                costs=costs,
                scores=scores,
                depends_on=tuple(deps.get(k, ())),
            )
        )
    return inits, crits


def budgets_for(arrays: ScoreArrays, share: float = 0.3) -> dict[str, float]:
    return {
        y: round(float(arrays.costs[:, k].sum()) * share, 1) for k, y in enumerate(arrays.years)
    }


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def naive_rescore(inits: list[Initiative], crits: list[Criterion], balance: float) -> list[str]:
    """The peer: a plain Python loop over initiatives and criteria, then a sort."""
    group = {Horizon.MILESTONE: "N", Horizon.AMBITION: "L", Horizon.DELIVERABILITY: "D"}
    rows = []
    for init in inits:
        s = {"N": 0.0, "L": 0.0, "D": 0.0}
        w = {"N": 0.0, "L": 0.0, "D": 0.0}
        for c in crits:
            g = group[c.horizon]
            v = init.scores.get(c.id)
            x = c.scale_lo if v is None else v
            s[g] += c.weight * 100 * (x - c.scale_lo) / (c.scale_hi - c.scale_lo)
            w[g] += c.weight
        value = balance * s["N"] / w["N"] + (1 - balance) * s["L"] / w["L"]
        rows.append((-value, init.total_cost, init.id))
    rows.sort()
    return [r[2] for r in rows]


def pandas_rescore(frame: Any, balance: float) -> Any:
    """A second peer: pandas on precomputed N and L columns (what a notebook would do)."""
    v = balance * frame["N"] + (1 - balance) * frame["L"]
    return frame.assign(V=v).sort_values(["V", "cost", "id"], ascending=[False, True, True])


def line(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<58} {seconds * 1000:>10.2f} ms  {extra}")


def bench_rescore() -> None:
    import pandas as pd

    print("1. Rescore 10,000 initiatives on a balance change (target < 5 ms)")
    inits, crits = make_instance(10_000, 0)
    arrays = build_arrays(inits, crits, YEARS)
    lams = iter(np.linspace(0.01, 0.99, 1000))
    engine = median_time(lambda: score(arrays, float(next(lams))), 50)
    naive = median_time(lambda: naive_rescore(inits, crits, 0.37), 3)
    frame = pd.DataFrame(
        {"id": arrays.ids, "N": arrays.near_term, "L": arrays.long_term, "cost": arrays.total_cost}
    )
    pdt = median_time(lambda: pandas_rescore(frame, 0.37), 20)
    assert score(arrays, 0.37).top(50) == naive_rescore(inits, crits, 0.37)[:50]
    line("engine score() (values, value for money, ranks)", engine, "median of 50")
    line(
        "peer: plain Python loop over initiatives x criteria",
        naive,
        f"ratio {naive / engine:,.0f}x slower",
    )
    line(
        "peer: pandas on precomputed N, L (assign + sort_values)",
        pdt,
        f"ratio {pdt / engine:,.1f}x slower",
    )
    print(f"  target < 5 ms: {'met' if engine < 0.005 else 'NOT met'}")


def bench_rank_acceptability() -> None:
    print("2. Top-k rank acceptability, 1,000 initiatives x 10,000 draws (target < 2 s)")
    inits, crits = make_instance(1_000, 0)
    arrays = build_arrays(inits, crits, YEARS)
    u = Uncertainty(weight_range=0.3, balance_lo=0.3, balance_hi=0.7, draws=10_000, seed=3)
    engine = median_time(lambda: rank_acceptability(arrays, 50, u), 3)
    # Peer: the same draws, one rescore + argsort per draw (timed on 300 draws, scaled).
    weights, balances = sample(arrays, u)
    peer_draws = 300

    def per_draw_loop() -> None:
        counts = np.zeros(arrays.n)
        for d in range(peer_draws):
            a = arrays.with_weights(dict(zip(arrays.criteria, weights[d], strict=True)))
            counts[score(a, float(balances[d])).order[:50]] += 1

    peer = median_time(per_draw_loop, 1) * u.draws / peer_draws
    line("engine rank_acceptability (block matrix products)", engine, "median of 3")
    line(
        "peer: rescore + sort per draw (300 draws, scaled to 10k)",
        peer,
        f"ratio {peer / engine:,.1f}x slower",
    )
    print(f"  target < 2 s: {'met' if engine < 2 else 'NOT met'}")


def bench_portfolio_acceptability() -> None:
    print(
        "3. Portfolio acceptability, 200 initiatives x 200 draws (one MILP per draw, gap 0.1%,"
        " 2 s cap per draw; report)"
    )
    inits, crits = make_instance(200, 30)
    arrays = build_arrays(inits, crits, YEARS)
    problem = PortfolioProblem(budgets=budgets_for(arrays))
    u = Uncertainty(weight_range=0.3, balance_lo=0.3, balance_hi=0.7, draws=200, seed=3)
    t = time.perf_counter()
    res = portfolio_acceptability(arrays, problem, u, time_limit=2.0, mip_rel_gap=1e-3)
    total = time.perf_counter() - t
    solid = int((res.share >= 0.95).sum())
    line(
        "engine portfolio_acceptability, total",
        total,
        f"{total / res.draws * 1000:.1f} ms per draw; {solid} items chosen in >= 95% of draws",
    )


def bench_portfolio(n: int, deps: int, gap: float, target: float, label: str) -> None:
    print(label)
    inits, crits = make_instance(n, deps, seed=5)
    arrays = build_arrays(inits, crits, YEARS)
    values = values_at(arrays, 0.5)
    problem = PortfolioProblem(budgets=budgets_for(arrays))
    times, results = [], []
    for _ in range(3):
        t = time.perf_counter()
        results.append(optimise(arrays, values, problem, time_limit=target, mip_rel_gap=gap))
        times.append(time.perf_counter() - t)
    res = results[-1]
    engine = statistics.median(times)
    t = time.perf_counter()
    g = greedy(arrays, values, problem)
    greedy_t = time.perf_counter() - t
    assert res.value is not None and res.bound is not None
    left = res.value - g.value
    line(
        f"engine optimise (HiGHS), status {res.status}",
        engine,
        f"certified gap {res.gap:.2e} (bound {res.bound:.2f}); median of 3",
    )
    line(
        "peer: greedy by value for money",
        greedy_t,
        f"value {g.value:.2f} vs optimum {res.value:.2f}: greedy leaves {left:.2f} "
        f"({left / res.value:.2%}) on the table",
    )
    ok = engine < target and (res.gap or 0.0) <= gap + 1e-12
    print(f"  target < {target:g} s at gap <= {gap:g}: {'met' if ok else 'NOT met'}")


def main() -> int:
    print(f"Stocktake engine benchmarks (python {sys.version.split()[0]}, numpy {np.__version__})")
    bench_rescore()
    bench_rank_acceptability()
    bench_portfolio_acceptability()
    bench_portfolio(
        200,
        30,
        1e-4,
        2.0,
        "4. Portfolio 200 initiatives x 5 budgets x 30 dependencies, proven optimal",
    )
    bench_portfolio(
        2_000,
        300,
        1e-3,
        2.0,
        "5. Portfolio 2,000 initiatives x 5 budgets x 300 dependencies, gap <= 0.1%",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
