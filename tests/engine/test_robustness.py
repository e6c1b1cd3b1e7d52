"""Monte Carlo acceptability: seeded, reproducible, cancellable, and consistent with ranking."""

from __future__ import annotations

import numpy as np

from stocktake.engine import (
    PortfolioProblem,
    Uncertainty,
    arrays_from_workbook,
    build_arrays,
    optimise,
    portfolio_acceptability,
    rank_acceptability,
    score,
    values_at,
)
from stocktake.engine.robustness import draw_values, sample, top_k_mask
from stocktake.model import Workbook
from tests.engine.factories import YEARS, initiative
from tests.engine.oracle import CRITERIA, plain_value


def _many(n: int = 30, seed: int = 3) -> Workbook:
    from tests.engine.factories import workbook

    rng = np.random.default_rng(seed)
    inits = [
        initiative(
            f"I-{k:03d}",
            {
                "N1": int(rng.integers(0, 6)),
                "N2": int(rng.integers(0, 6)),
                "L1": int(rng.integers(0, 6)),
                "L2": int(rng.integers(1, 11)),
                "D1": int(rng.integers(0, 6)),
            },
            tuple(int(c) for c in rng.integers(1, 6, size=2)),
        )
        for k in range(n)
    ]
    return workbook(inits, CRITERIA)


def test_same_seed_same_answer_and_a_different_seed_differs() -> None:
    arrays = arrays_from_workbook(_many())
    u = Uncertainty(weight_range=0.5, balance_lo=0.2, balance_hi=0.8, draws=3000, seed=11)
    a = rank_acceptability(arrays, 5, u)
    b = rank_acceptability(arrays, 5, u)
    c = rank_acceptability(
        arrays,
        5,
        Uncertainty(weight_range=0.5, balance_lo=0.2, balance_hi=0.8, draws=3000, seed=12),
    )
    np.testing.assert_array_equal(a.share, b.share)
    assert not np.array_equal(a.share, c.share)
    assert a.draws == 3000 and not a.cancelled
    assert a.share.sum() == 5.0  # exactly k places in every draw


def test_each_draw_is_scored_with_the_app_formula() -> None:
    wb = _many(8)
    arrays = arrays_from_workbook(wb)
    u = Uncertainty(
        weight_range=0.4, balance_lo=0.0, balance_hi=1.0, draws=5, seed=1, risk_adjusted=True
    )
    weights, balances = sample(arrays, u)
    v = draw_values(arrays, weights, balances, True)
    for d in range(5):
        crits = [
            type(c)(**{**{f: getattr(c, f) for f in c.__slots__}, "weight": w})
            for c, w in zip(CRITERIA, weights[d], strict=True)
        ]
        for k, init in enumerate(wb.initiatives.values()):
            assert abs(v[k, d] - plain_value(init, crits, balances[d], True)) < 1e-9


def test_without_uncertainty_acceptability_is_the_top_k() -> None:
    arrays = arrays_from_workbook(_many())
    u = Uncertainty(weight_range=0.0, draws=50)
    share = rank_acceptability(arrays, 7, u).as_dict()
    top = set(score(arrays, 0.5).top(7))
    assert {i for i, s in share.items() if s == 1.0} == top
    assert all(s == 0.0 for i, s in share.items() if i not in top)


def test_top_k_ties_go_to_the_cheaper_item() -> None:
    same = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 3}
    arrays = build_arrays(
        [
            initiative("I-1", same, (5,)),
            initiative("I-2", same, (2,)),
            initiative("I-3", same, (9,)),
        ],
        CRITERIA,
        YEARS,
    )
    v = values_at(arrays, 0.5)[:, None]
    assert top_k_mask(v, arrays.tie_order, 1)[:, 0].tolist() == [False, True, False]


def test_a_dominant_initiative_is_always_in_and_a_dominated_one_never() -> None:
    wb = _many(12)
    wb.initiatives["I-TOP"] = initiative(
        "I-TOP", {"N1": 5, "N2": 5, "L1": 5, "L2": 10, "D1": 5}, (1,)
    )
    wb.initiatives["I-LOW"] = initiative(
        "I-LOW", {"N1": 0, "N2": 0, "L1": 0, "L2": 1, "D1": 0}, (9,)
    )
    arrays = arrays_from_workbook(wb)
    share = rank_acceptability(
        arrays, 3, Uncertainty(weight_range=1.0, balance_lo=0.0, balance_hi=1.0, draws=2000)
    ).as_dict()
    assert share["I-TOP"] == 1.0 and share["I-LOW"] == 0.0


def test_cancel_stops_early_and_reports_draws_made() -> None:
    arrays = arrays_from_workbook(_many())
    seen: list[tuple[int, int]] = []

    def stop_after_first(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    res = rank_acceptability(arrays, 5, Uncertainty(draws=5000), progress=stop_after_first)
    assert res.cancelled and res.draws == seen[0][0] < 5000 and seen[0][1] == 5000
    port = portfolio_acceptability(
        arrays,
        PortfolioProblem(budgets={"2025-26": 20.0}),
        Uncertainty(draws=50),
        progress=lambda d, t: d < 3,
    )
    assert port.draws == 3 and port.requested == 50


def test_portfolio_acceptability_matches_one_solve_per_draw() -> None:
    arrays = arrays_from_workbook(_many(15))
    problem = PortfolioProblem(budgets={"2025-26": 15.0, "2026-27": 15.0})
    u = Uncertainty(weight_range=0.3, balance_lo=0.3, balance_hi=0.7, draws=12, seed=5)
    res = portfolio_acceptability(arrays, problem, u, mip_rel_gap=0.0)
    weights, balances = sample(arrays, u)
    counts = np.zeros(arrays.n)
    for d in range(u.draws):
        v = draw_values(arrays, weights[d : d + 1], balances[d : d + 1], False)[:, 0]
        counts += optimise(arrays, v, problem, mip_rel_gap=0.0).chosen_mask
    # Two optimal portfolios may tie; the value check below is the firm one.
    assert np.abs(res.share - counts / u.draws).max() <= 2 / u.draws
    assert res.draws == 12


def test_shares_move_within_the_documented_bounds_and_reach_them() -> None:
    """Raw weights move by at most ±r; a share s of its group by the bounds in the docs."""
    arrays = build_arrays([initiative("I-1", {"N1": 1}, (1,))], CRITERIA, YEARS)
    r = 0.2
    w, _ = sample(arrays, Uncertainty(weight_range=r, draws=20_000, seed=3))
    assert np.all(np.abs(w / arrays.weights - 1) <= r + 1e-12)
    for c, g in enumerate(arrays.groups):
        if g < 0:
            continue
        group = arrays.groups == g
        s = arrays.weights[c] / arrays.weights[group].sum()
        share = w[:, c] / w[:, group].sum(axis=1)
        lo = s * (1 - r) / (s * (1 - r) + (1 - s) * (1 + r))
        hi = s * (1 + r) / (s * (1 + r) + (1 - s) * (1 - r))
        assert lo - 1e-12 <= share.min() and share.max() <= hi + 1e-12
        if 0 < s < 1:  # the bounds are attained in the limit: draws come close
            assert share.max() > s + 0.6 * (hi - s) and share.min() < s - 0.6 * (s - lo)
