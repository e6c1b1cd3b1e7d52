"""The optimal portfolio against exhaustive search, binding constraints, prices, conflicts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from stocktake.engine import (
    PortfolioProblem,
    build_arrays,
    efficient_frontier,
    force_in_prices,
    greedy,
    optimise,
    order_of_buy,
    values_at,
)
from stocktake.engine.problem import PortfolioProblem as Problem
from stocktake.model import Initiative
from tests.engine.factories import YEARS, initiative, standard_criteria
from tests.engine.oracle import (
    CRITERIA,
    exhaustive_best,
    feasible,
    plain_value,
    portfolio_instances,
    subsets_matrix,
)


def _values(inits: list[Initiative], balance: float = 0.5) -> dict[str, float]:
    return {i.id: plain_value(i, CRITERIA, balance, False) for i in inits}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=18))
def test_optimum_equals_exhaustive_search(instance: tuple[list[Initiative], Problem]) -> None:
    inits, problem = instance
    arrays = build_arrays(inits, CRITERIA, YEARS)
    result = optimise(arrays, values_at(arrays, 0.5), problem, mip_rel_gap=0.0)
    best, _ = exhaustive_best(inits, _values(inits), problem, CRITERIA)
    if best is None:
        assert result.status == "infeasible"
        assert result.conflicts, "an infeasible plan must say which constraints conflict"
        assert result.chosen == ()
        return
    assert result.status == "optimal"
    assert result.gap == 0.0
    assert result.value == pytest.approx(best, abs=1e-6)
    assert feasible(set(result.chosen), inits, problem, CRITERIA)
    assert result.value == pytest.approx(sum(_values(inits)[i] for i in result.chosen), abs=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=10))
def test_greedy_never_beats_the_optimum_and_frontier_never_falls(
    instance: tuple[list[Initiative], Problem],
) -> None:
    inits, problem = instance
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = values_at(arrays, 0.5)
    g = greedy(arrays, values, problem)
    best, _ = exhaustive_best(inits, _values(inits), problem, CRITERIA)
    if g.meets_all_constraints:
        assert feasible(set(np.array(arrays.ids)[g.chosen]), inits, problem, CRITERIA)
        assert best is not None and g.value <= best + 1e-9
    points = efficient_frontier(arrays, values, problem, scales=(0.5, 1.0, 2.0), mip_rel_gap=0.0)
    found = [p.value for p in points if p.value is not None]
    assert found == sorted(found), "more money can never buy less value"
    for p in points:
        if p.value is not None and p.left_by_greedy is not None:
            assert p.left_by_greedy >= 0.0


def _knapsack() -> tuple[list[Initiative], PortfolioProblem]:
    crits = standard_criteria()
    strong = {"N1": 5, "N2": 5, "L1": 5, "L2": 10, "D1": 5}
    mid = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}
    weak = {"N1": 1, "N2": 1, "L1": 1, "L2": 2, "D1": 5}
    inits = [
        initiative("I-001", strong, (30,)),
        initiative("I-002", mid, (20,)),
        initiative("I-003", mid, (20,)),
        initiative("I-004", weak, (25,)),
    ]
    assert crits
    return inits, PortfolioProblem(budgets={"2025-26": 40.0})


def test_binding_budget_names_the_year_and_what_it_keeps_out() -> None:
    inits, problem = _knapsack()
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    result = optimise(arrays, values_at(arrays, 0.5), problem)
    assert set(result.chosen) == {"I-002", "I-003"}  # 2 × mid beats strong alone
    assert result.spend["2025-26"] == 40.0
    assert [b.constraint for b in result.binding] == ["budget 2025-26"]
    assert "2025-26" in result.binding[0].message and "£40.0m" in result.binding[0].message


def test_force_in_price_is_the_value_given_up() -> None:
    inits, problem = _knapsack()
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    forced = Problem(budgets=problem.budgets, force_in={"I-004": "minister's commitment"})
    (price,) = force_in_prices(arrays, values, forced, mip_rel_gap=0.0)
    free = optimise(arrays, values, problem, mip_rel_gap=0.0).value
    with_it = optimise(arrays, values, forced, mip_rel_gap=0.0).value
    assert free is not None and with_it is not None
    assert price.initiative_id == "I-004" and price.reason == "minister's commitment"
    assert price.price == pytest.approx(free - with_it)
    assert price.price is not None and price.price > 0


def test_infeasible_envelope_names_the_forced_items_and_the_amount() -> None:
    crits = standard_criteria()
    s = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}
    inits = [
        initiative("I-003", s, (30.1,)),
        initiative("I-017", s, (22.2,), depends=("I-020",)),
        initiative("I-020", s, (0,)),
        initiative("I-030", s, (5,)),
    ]
    arrays = build_arrays(inits, crits, YEARS)
    problem = Problem(budgets={"2025-26": 40.0}, force_in={"I-003": "", "I-017": ""})
    result = optimise(arrays, values_at(arrays, 0.5), problem)
    assert result.status == "infeasible" and result.value is None
    (conflict,) = result.conflicts
    assert "budget 2025-26" in conflict.constraints
    assert {"force-in I-003", "force-in I-017"} <= set(conflict.constraints)
    assert "2025-26 envelope of £40.0m" in conflict.message
    assert "I-003" in conflict.message and "I-017" in conflict.message
    assert "£52.3m" in conflict.message


def test_conflicting_links_are_named_in_plain_words() -> None:
    crits = standard_criteria()
    s = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}
    inits = [
        initiative("I-1", s, (1,), depends=("I-2",)),
        initiative("I-2", s, (1,)),
        initiative("I-3", s, (1,), excludes=("I-1",)),
    ]
    arrays = build_arrays(inits, crits, YEARS)
    values = values_at(arrays, 0.5)
    out = optimise(arrays, values, Problem(force_in={"I-1": ""}, force_out={"I-2": "no"}))
    (c,) = out.conflicts
    assert {"force-in I-1", "force-out I-2"} <= set(c.constraints)
    assert "I-1" in c.message and "I-2" in c.message and "forced out" in c.message
    both = optimise(arrays, values, Problem(force_in={"I-1": "", "I-3": ""}))
    (c,) = both.conflicts
    assert "excludes I-1 / I-3" in c.constraints and "exclude each other" in c.message
    assert {"I-1", "I-3"} <= {k.split()[-1] for k in c.constraints if k.startswith("force-in")}


def test_mission_cap_and_long_term_share_are_respected() -> None:
    crits = standard_criteria()
    near = {"N1": 5, "N2": 5, "L1": 0, "L2": 1, "D1": 5}
    far = {"N1": 0, "N2": 0, "L1": 4, "L2": 7, "D1": 5}
    inits = [initiative(f"I-{k}", near, (1,), mission="M1") for k in range(4)]
    inits.append(initiative("I-9", far, (2,), mission="M2"))
    arrays = build_arrays(inits, crits, YEARS)
    values = values_at(arrays, 0.5)
    capped = optimise(arrays, values, Problem(max_per_mission=2))
    assert sum(i.startswith("I-") and i != "I-9" for i in capped.chosen) == 2
    assert "mission cap M1" in [b.constraint for b in capped.binding]
    share = optimise(arrays, values, Problem(min_long_term_share=0.5))
    assert "I-9" in share.chosen
    spent = sum(arrays.total_cost[arrays.index(i)] for i in share.chosen)
    assert 0.5 * spent <= 2.0


def test_order_of_buy_follows_value_for_money() -> None:
    inits, problem = _knapsack()
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    steps = order_of_buy(arrays, values, problem)
    vfm = [
        values[arrays.index(s.initiative_ids[0])]
        / arrays.total_cost[arrays.index(s.initiative_ids[0])]
        for s in steps
    ]
    assert vfm == sorted(vfm, reverse=True)
    assert [s.cumulative_cost for s in steps] == sorted(s.cumulative_cost for s in steps)


def test_certified_gap_bounds_the_true_optimum() -> None:
    rng = np.random.default_rng(7)
    crits = standard_criteria()
    inits = [
        initiative(
            f"I-{k:02d}",
            {
                "N1": int(rng.integers(0, 6)),
                "N2": 2,
                "L1": 3,
                "L2": int(rng.integers(1, 11)),
                "D1": 3,
            },
            tuple(int(c) for c in rng.integers(1, 9, size=3)),
        )
        for k in range(14)
    ]
    arrays = build_arrays(inits, crits, YEARS)
    values = values_at(arrays, 0.3)
    problem = Problem(budgets={y: 15.0 for y in YEARS})
    loose = optimise(arrays, values, problem, mip_rel_gap=0.2)
    best, _ = exhaustive_best(inits, _values(inits, 0.3), problem, crits)
    assert best is not None and loose.value is not None and loose.bound is not None
    assert loose.value <= best + 1e-9 <= loose.bound + 1e-6
    assert loose.gap is not None and loose.gap <= 0.2 + 1e-9
    assert subsets_matrix(3).shape == (8, 3)


def _relaxed(
    inits: list[Initiative], problem: Problem, key: str
) -> tuple[list[Initiative], Problem]:
    """The instance with one constraint (named by its key) removed, for the oracle."""
    import dataclasses

    if key.startswith("budget "):
        year = key.removeprefix("budget ")
        return inits, dataclasses.replace(
            problem, budgets={y: b for y, b in problem.budgets.items() if y != year}
        )
    if key == "fte":
        return inits, dataclasses.replace(problem, fte_cap=None)
    if key == "long-term share":
        return inits, dataclasses.replace(problem, min_long_term_share=None)
    if key.startswith("mission cap "):
        m = key.removeprefix("mission cap ")
        others = {i.mission_id for i in inits} - {m}
        caps = {o: problem.cap_for(o) for o in others if problem.cap_for(o) is not None}
        return inits, dataclasses.replace(problem, max_per_mission=None, mission_caps=caps)
    if key.startswith("depends "):
        i, j = key.removeprefix("depends ").split(" on ")
        return [
            dataclasses.replace(x, depends_on=tuple(d for d in x.depends_on if d != j))
            if x.id == i
            else x
            for x in inits
        ], problem
    if key.startswith("excludes "):
        pair = set(key.removeprefix("excludes ").split(" / "))
        return [
            dataclasses.replace(x, excludes=tuple(e for e in x.excludes if {x.id, e} != pair))
            for x in inits
        ], problem
    raise AssertionError(f"unknown constraint key {key}")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=10))
def test_binding_means_relaxing_it_alone_raises_the_optimum(
    instance: tuple[list[Initiative], Problem],
) -> None:
    inits, problem = instance
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = _values(inits)
    result = optimise(arrays, values_at(arrays, 0.5), problem, mip_rel_gap=0.0)
    best, _ = exhaustive_best(inits, values, problem, CRITERIA)
    if best is None:
        assert result.binding == ()
        return
    alone = [b for b in result.binding if "together with" not in b.message]
    reported = {b.constraint for b in alone}
    keys = {b.constraint for b in result.binding}
    assert result.binding_unchecked == ()
    from stocktake.engine.milp import build_model

    for row in build_model(arrays, problem).rows:
        r_inits, r_problem = _relaxed(inits, problem, row.key)
        relaxed, _ = exhaustive_best(r_inits, values, r_problem, CRITERIA)
        assert relaxed is not None
        raises = relaxed > best + 1e-7
        # Reported alone exactly when relaxing it alone raises the optimum.
        assert (row.key in reported) == raises, (row.key, best, relaxed)
    for b in result.binding:
        if "together with" in b.message:  # a group: none binds alone, all together do
            assert b.constraint not in reported and b.constraint in keys
