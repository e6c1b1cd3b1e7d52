"""The binding proof's exact shortcuts, each against brute force over every 0-1 choice.

A row is cleared as "not binding" by a bound (from the base LP's row prices, or the
reversed problem's LP) without any search, and a budgeted proof stops at the first
portfolio that beats the base bound: each conclusion must hold against enumeration.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stocktake.engine import build_arrays, optimise, values_at
from stocktake.engine.binding import binding_constraints, candidates
from stocktake.engine.dual_screen import DualScreen
from stocktake.engine.milp import LinearModel, Solution, build_model
from stocktake.engine.problem import PortfolioProblem as Problem
from stocktake.engine.relaxations import LP_BOUND, MILP_BOUND, PRICE_BOUND, Open, Relaxations
from stocktake.model import Initiative
from tests.engine.factories import YEARS, initiative, standard_criteria
from tests.engine.oracle import CRITERIA, portfolio_instances, subsets_matrix

TOL = 1e-7


def _brute(
    model: LinearModel,
    values: np.ndarray,
    *,
    drop: int | None = None,
    at_least: tuple[int, float] | None = None,
) -> float | None:
    """The best value over every 0-1 choice meeting the model's rows and bounds, without
    row ``drop``, and with ``a_r·x >= c`` for ``at_least = (r, c)``; None if none does."""
    a = model.a.toarray()
    x = subsets_matrix(a.shape[1]).astype(float)
    lhs = x @ a.T
    keep = [k for k in range(a.shape[0]) if k != drop]
    ok = np.all(lhs[:, keep] <= model.b[keep] + 1e-9, axis=1)
    ok &= np.all((x >= model.lower) & (x <= model.upper), axis=1)
    if at_least is not None:
        r, c = at_least
        ok &= lhs[:, r] >= c - 1e-9
    return float((x[ok] @ values).max()) if ok.any() else None


def _instance(
    inits: list[Initiative], problem: Problem
) -> tuple[LinearModel, np.ndarray, Solution]:
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = values_at(arrays, 0.5)
    result = optimise(arrays, values, problem, mip_rel_gap=0.0, binding=False)
    sol = Solution(result.status, result.chosen_mask, result.value, result.bound, 0.0, 0.0)
    return build_model(arrays, problem), values, sol


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=9), st.integers(0, 2**32 - 1))
def test_the_price_bound_is_never_below_the_reversed_optimum(
    instance: tuple[list[Initiative], Problem], seed: int
) -> None:
    """Weak duality holds for any non-negative prices: the base LP's, and random ones."""
    inits, problem = instance
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = values_at(arrays, 0.5)
    model = build_model(arrays, problem)
    if not model.rows:
        return
    relax = Relaxations(model, values, np.inf, mip_rel_gap=0.0)
    rng = np.random.default_rng(seed)
    random = DualScreen.priced(
        relax.a_csr,
        relax.b,
        model.lower,
        model.upper,
        values,
        rng.exponential(5.0, len(model.rows)) * (rng.random(len(model.rows)) < 0.7),
    )
    for screen in (relax.screen, random):
        if screen is None:  # the base LP had no optimum (infeasible bounds)
            continue
        for r in range(len(model.rows)):
            c = relax.reversed_rhs(r)
            best = _brute(model, values, drop=r, at_least=(r, c))
            bound = screen.reversed_bound(r, c)
            if best is None:
                continue  # any bound, -inf included, is right for an empty problem
            assert bound >= best - TOL, (model.rows[r].key, bound, best)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=10), st.sampled_from([None, 60.0]))
def test_rows_cleared_by_a_bound_do_not_bind_and_every_gain_said_is_reachable(
    instance: tuple[list[Initiative], Problem], seconds: float | None
) -> None:
    """ "Not binding" by a bound means removing the row alone cannot raise the optimum;
    a gain in a binding sentence is a portfolio the brute force reaches without the row
    (exactly that gain unless the sentence says "at least"). With and without a budget:
    a budgeted proof stops at a first portfolio and refines its gain after."""
    inits, problem = instance
    model, values, sol = _instance(inits, problem)
    if sol.value is None:
        return
    base = _brute(model, values)
    assert base is not None and sol.value == pytest.approx(base, abs=1e-6)
    arrays = build_arrays(inits, CRITERIA, YEARS)
    proof = binding_constraints(
        arrays, values, model, sol, time_limit=10, mip_rel_gap=0.0, seconds=seconds
    )
    assert proof.unchecked == ()
    row_of = {row.key: k for k, row in enumerate(model.rows)}
    for key, how in proof.cleared:
        relaxed = _brute(model, values, drop=row_of[key])
        assert relaxed is not None and relaxed <= base + TOL, (key, how, relaxed, base)
    for b in proof.binding:
        said = re.search(r"worth (at least )?(\d+\.\d\d) more", b.message)
        assert said is not None, b.message
        if "together with" in b.message:
            continue
        relaxed = _brute(model, values, drop=row_of[b.constraint])
        assert relaxed is not None
        gain = float(said.group(2))
        assert relaxed - base >= gain - 0.005 - TOL, (b.message, relaxed, base)
        if not said.group(1):
            assert relaxed - base == pytest.approx(gain, abs=0.005 + TOL), b.message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=9), st.sampled_from([None, 60.0]))
def test_the_milp_step_alone_reaches_the_same_verdicts(
    instance: tuple[list[Initiative], Problem], seconds: float | None
) -> None:
    """On small instances the price bound and the LP settle most rows, so the MILP step
    (cut off at the bound; within a budget, stopped at the first better portfolio) is
    tested here on its own: every row is sent to it, and a row is called binding alone
    exactly when removing it raises the brute-force optimum."""
    inits, problem = instance
    model, values, sol = _instance(inits, problem)
    if sol.value is None:
        return
    base = _brute(model, values)
    assert base is not None
    arrays = build_arrays(inits, CRITERIA, YEARS)
    cheap = (Relaxations.priced_out, Relaxations.settle)
    try:
        Relaxations.priced_out = lambda self, r: None  # type: ignore[method-assign]
        Relaxations.settle = lambda self, changes, seconds=None: Open(np.inf, None)  # type: ignore[method-assign]
        proof = binding_constraints(
            arrays, values, model, sol, time_limit=10, mip_rel_gap=0.0, seconds=seconds
        )
    finally:
        Relaxations.priced_out, Relaxations.settle = cheap  # type: ignore[method-assign]
    assert proof.unchecked == ()
    assert all(how == MILP_BOUND for _, how in proof.cleared)
    alone = {b.constraint for b in proof.binding if "together with" not in b.message}
    for r in candidates(model, sol):
        if model.rows[r].kind == "pot":
            continue
        relaxed = _brute(model, values, drop=r)
        assert relaxed is not None
        assert (model.rows[r].key in alone) == (relaxed > base + TOL), model.rows[r].key


def test_a_dependant_is_cleared_by_prices_and_an_exclusion_by_the_lp() -> None:
    """Hand case, envelope £14m: I-0 (£10m, worth 100) excludes I-1 (£6m, 79.2); I-3
    (£5m, 6) depends on I-2 (£4m, 6). The best is I-0 and I-2 (106). Neither link can
    bind, and the proof says so with no MILP: the dependency by its price bound (taking
    I-3 without I-2 is worth less at the base LP's prices), the exclusion by the LP of
    the reversed row (I-0 and I-1 together break the envelope)."""
    high = {"N1": 5, "N2": 5, "L1": 5, "L2": 10, "D1": 5}
    mid = {"N1": 4, "N2": 4, "L1": 4, "L2": 8, "D1": 4}
    low = {"N1": 1, "N2": 0, "L1": 0, "L2": 1, "D1": 1}
    inits = [
        initiative("I-0", high, (10.0,), excludes=["I-1"]),
        initiative("I-1", mid, (6.0,)),
        initiative("I-2", low, (4.0,)),
        initiative("I-3", low, (5.0,), depends=["I-2"]),
    ]
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    problem = Problem(budgets={"2025-26": 14.0})
    result = optimise(arrays, values, problem, mip_rel_gap=0.0, binding=False)
    assert result.chosen == ("I-0", "I-2") and result.value == pytest.approx(106.0)
    sol = Solution(result.status, result.chosen_mask, result.value, result.bound, 0.0, 0.0)
    model = build_model(arrays, problem)
    proof = binding_constraints(arrays, values, model, sol, time_limit=10, mip_rel_gap=0.0)
    assert dict(proof.cleared) == {
        "depends I-3 on I-2": PRICE_BOUND,
        "excludes I-0 / I-1": LP_BOUND,
    }
    assert [b.constraint for b in proof.binding] == ["budget 2025-26"]


def test_a_link_that_holds_a_chosen_prerequisite_in_says_so() -> None:
    """I-1 (worth 100) depends on I-0 (worth 6); I-2 (79.2) would take I-0's place
    within the £10m envelope if the link were gone. Both I-0 and I-1 are chosen, so the
    sentence must not say I-1 "cannot be added" (it once did): it says the link keeps
    I-0 in, and the gain is I-2's value less I-0's."""
    high = {"N1": 5, "N2": 5, "L1": 5, "L2": 10, "D1": 5}
    mid = {"N1": 4, "N2": 4, "L1": 4, "L2": 8, "D1": 4}
    low = {"N1": 1, "N2": 0, "L1": 0, "L2": 1, "D1": 1}
    inits = [
        initiative("I-0", low, (5.0,)),
        initiative("I-1", high, (5.0,), depends=["I-0"]),
        initiative("I-2", mid, (5.0,)),
    ]
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    result = optimise(arrays, values, Problem(budgets={"2025-26": 10.0}), mip_rel_gap=0.0)
    assert result.chosen == ("I-0", "I-1")
    [link] = [b for b in result.binding if b.constraint == "depends I-1 on I-0"]
    gain = values[2] - values[0]
    assert link.message == (
        "I-1 is chosen and depends on I-0, so I-0 must stay in. "
        f"Without it the portfolio could be worth {gain:.2f} more."
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=9), st.integers(0, 2**32 - 1), st.floats(0.0, 1.0))
def test_items_fixed_by_prices_are_fixed_in_every_portfolio_worth_more(
    instance: tuple[list[Initiative], Problem], seed: int, where: float
) -> None:
    """The MILP step fixes items by the reversed problem's LP prices: every 0-1 choice
    that meets the other rows and the reversed one and is worth more than the reference
    value must have each fixed item where it was fixed (else the MILP could miss it)."""
    model, values, sol = _instance(*instance)
    if not model.rows or sol.value is None:
        return
    r = int(np.random.default_rng(seed).integers(len(model.rows)))
    relax = Relaxations(model, values, float(sol.value), mip_rel_gap=0.0)
    c = relax.reversed_rhs(r)
    best = _brute(model, values, drop=r, at_least=(r, c))
    if best is None:
        return
    ref = float(sol.value) * where  # levels from far below to the base optimum
    cols, at = relax._fixed_by_prices(relax.reverse(r), ref)
    a = model.a.toarray()
    x = subsets_matrix(a.shape[1]).astype(float)
    lhs = x @ a.T
    keep = [k for k in range(a.shape[0]) if k != r]
    ok = np.all(lhs[:, keep] <= model.b[keep] + 1e-9, axis=1) & (lhs[:, r] >= c - 1e-9)
    ok &= np.all((x >= model.lower) & (x <= model.upper), axis=1)
    better = x[ok & (x @ values > ref + TOL)]
    assert np.all(better[:, cols] == at)
