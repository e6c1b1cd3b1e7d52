"""Funding pots in the portfolio: rows checked against an independent year-by-year oracle.

The oracle reads the initiatives' costs directly and simulates money being carried
forward: each year's unspent money, up to the pot's flexibility share of that year's
envelope, is added to the next year. It knows nothing of the engine's projected rows.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stocktake.engine import (
    PortfolioProblem,
    build_arrays,
    efficient_frontier,
    greedy,
    optimise,
    values_at,
)
from stocktake.engine.pots import Funding, PotYear
from stocktake.model import Initiative
from tests.engine.factories import YEARS, initiative, standard_criteria


def _fits(
    chosen: list[Initiative], funding: Funding, budgets: dict[str, float] | None = None
) -> bool:
    """Whether a choice meets every pot, carrying unspent money forward year by year."""
    for y, env in (budgets or {}).items():
        if sum(i.costs.get(y, 0.0) for i in chosen) > env + 1e-9:
            return False
    groups: dict[str, set[str]] = {}
    for p in funding.years:
        groups.setdefault("pooled" if p.pot in funding.pooled else p.pot, set()).add(p.pot)
    for pots in groups.values():
        carried = 0.0
        for y in YEARS:
            rows = [p for p in funding.years if p.pot in pots and p.year == y]
            if not rows:
                carried = 0.0
                continue
            env = sum(p.envelope for p in rows)
            may_carry = sum(p.envelope * p.flexibility for p in rows)
            spend = sum(
                i.costs.get(y, 0.0)
                * sum(s for p, s in funding.shares.get(i.id, {}).items() if p in pots)
                for i in chosen
            )
            left = env + carried - spend
            if left < -1e-9:
                return False
            carried = min(may_carry, left)
    return True


def _brute_best(inits: list[Initiative], values: np.ndarray, funding: Funding) -> float:
    best = 0.0
    for r in range(len(inits) + 1):
        for combo in itertools.combinations(range(len(inits)), r):
            if _fits([inits[k] for k in combo], funding):
                best = max(best, float(sum(values[k] for k in combo)))
    return best


SCORES = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Initiative], Funding]:
    n = draw(st.integers(2, 7))
    inits = []
    shares: dict[str, dict[str, float]] = {}
    for k in range(n):
        costs = draw(st.lists(st.integers(0, 9), min_size=3, max_size=3))
        scores = {c: draw(st.integers(0, 5)) for c in ("N1", "N2", "L1")} | {"L2": 5, "D1": 5}
        inits.append(initiative(f"I-{k}", scores, tuple(float(c) for c in costs)))
        split = draw(st.sampled_from(["A", "B", "C", "AB", ""]))
        if split == "AB":
            shares[f"I-{k}"] = {"A": 0.5, "B": 0.5}
        elif split:
            shares[f"I-{k}"] = {split: 1.0}
    years = []
    for pot in ("A", "B", "C"):
        for y in draw(st.sets(st.sampled_from(YEARS), min_size=1)):
            env = float(draw(st.integers(0, 15)))
            flex = draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]))
            years.append(PotYear(pot, y, env, flex))
    pooled = frozenset(draw(st.sets(st.sampled_from(["A", "B", "C"]), max_size=3)))
    return inits, Funding(tuple(years), shares, pooled)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_optimum_with_pots_matches_exhaustive_search(
    case: tuple[list[Initiative], Funding],
) -> None:
    inits, funding = case
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    result = optimise(arrays, values, PortfolioProblem(funding=funding), explain_conflicts=False)
    assert result.value is not None
    chosen = [i for i in inits if i.id in result.chosen]
    assert _fits(chosen, funding), "the optimiser's choice breaks a pot"
    by_id = {iid: values[k] for k, iid in enumerate(arrays.ids)}
    ordered = np.array([by_id[i.id] for i in inits])
    assert result.value == pytest.approx(_brute_best(inits, ordered, funding), abs=1e-6)


def _two_years(flex: float) -> tuple[list[Initiative], Funding, np.ndarray]:
    """A pot with £10m in each of two years; I-0 costs £4m then £14m."""
    inits = [initiative("I-0", SCORES, (4.0, 14.0, 0.0))]
    funding = Funding(
        (PotYear("P", "2025-26", 10.0, flex), PotYear("P", "2026-27", 10.0, 0.0)),
        {"I-0": {"P": 1.0}},
    )
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    return inits, funding, values_at(arrays, 0.5)


@pytest.mark.parametrize(
    ("flex", "affordable"),
    [
        (0.0, False),  # nothing moves: £14m against £10m
        (0.3, False),  # £3m may move: £13m against £14m
        (0.4, True),  # £4m may move: exactly £14m
        (1.0, True),  # all £6m unspent may move
    ],
)
def test_flexibility_moves_a_stated_share_into_the_next_year(flex: float, affordable: bool) -> None:
    inits, funding, values = _two_years(flex)
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    result = optimise(arrays, values, PortfolioProblem(funding=funding))
    assert (result.chosen == ("I-0",)) is affordable


def test_carried_money_is_only_what_was_left_unspent() -> None:
    """Full flexibility, but £9m of £10m spent in year one: only £1m can move."""
    inits = [initiative("I-0", SCORES, (9.0, 11.5, 0.0))]
    funding = Funding(
        (PotYear("P", "2025-26", 10.0, 1.0), PotYear("P", "2026-27", 10.0, 0.0)),
        {"I-0": {"P": 1.0}},
    )
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    result = optimise(arrays, values_at(arrays, 0.5), PortfolioProblem(funding=funding))
    assert result.chosen == ()
    cheaper = [initiative("I-0", SCORES, (9.0, 11.0, 0.0))]
    arrays = build_arrays(cheaper, standard_criteria(), YEARS)
    result = optimise(arrays, values_at(arrays, 0.5), PortfolioProblem(funding=funding))
    assert result.chosen == ("I-0",)


def test_pooled_pots_share_their_money_ring_fenced_do_not() -> None:
    """I-0 needs £8m from A (£5m) and I-1 £2m from B (£5m): only pooling lets both in."""
    inits = [
        initiative("I-0", SCORES, (8.0, 0.0, 0.0)),
        initiative("I-1", SCORES, (2.0, 0.0, 0.0)),
    ]
    years = (PotYear("A", "2025-26", 5.0), PotYear("B", "2025-26", 5.0))
    shares = {"I-0": {"A": 1.0}, "I-1": {"B": 1.0}}
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    fenced = optimise(arrays, values, PortfolioProblem(funding=Funding(years, shares)))
    pooled = optimise(
        arrays, values, PortfolioProblem(funding=Funding(years, shares, frozenset({"A", "B"})))
    )
    assert fenced.chosen == ("I-1",)
    assert set(pooled.chosen) == {"I-0", "I-1"}


def test_a_binding_pot_is_named_in_words_and_relaxing_it_alone_raises_the_optimum() -> None:
    inits = [initiative(f"I-{k}", SCORES, (6.0, 0.0, 0.0)) for k in range(3)]
    funding = Funding(
        (PotYear("DFE-CAP", "2025-26", 13.0), PotYear("DHSC-RES", "2025-26", 50.0)),
        {f"I-{k}": {"DFE-CAP": 1.0} for k in range(3)},
        names={"DFE-CAP": "DfE capital"},
    )
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    result = optimise(arrays, values, PortfolioProblem(funding=funding))
    assert len(result.chosen) == 2
    keys = [b.constraint for b in result.binding]
    assert keys == ["pot DFE-CAP 2025-26"]
    message = result.binding[0].message
    assert "DfE capital pot's 2025-26 envelope of £13.0m binds" in message
    assert "£1.0m is left" in message
    relaxed = Funding(funding.years[1:], funding.shares, names=funding.names)
    better = optimise(arrays, values, PortfolioProblem(funding=relaxed))
    assert better.value is not None and result.value is not None
    assert better.value > result.value + 1e-6


def test_a_pot_that_cannot_hold_a_forced_item_is_named_in_the_conflict() -> None:
    inits = [initiative("I-0", SCORES, (9.0, 0.0, 0.0))]
    funding = Funding(
        (PotYear("P", "2025-26", 5.0, 0.0),),
        {"I-0": {"P": 1.0}},
        names={"P": "Home Office resource"},
    )
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    problem = PortfolioProblem(funding=funding, force_in={"I-0": "manifesto"})
    result = optimise(arrays, values_at(arrays, 0.5), problem)
    assert result.status == "infeasible"
    text = " ".join(c.message for c in result.conflicts)
    assert "the Home Office resource pot's 2025-26 envelope of £5.0m must not be exceeded" in text
    assert "I-0 is forced in (manifesto)" in text


def test_the_frontier_scales_pot_envelopes_with_the_yearly_envelopes() -> None:
    funding = Funding((PotYear("P", "2025-26", 10.0, 0.5),), {})
    scaled = PortfolioProblem(budgets={"2025-26": 20.0}, funding=funding).scaled(0.5)
    assert scaled.funding is not None
    assert scaled.funding.years[0].envelope == 5.0
    assert scaled.budgets == {"2025-26": 10.0}


def test_bad_pot_figures_are_refused_in_words() -> None:
    with pytest.raises(ValueError, match="flexibility for 2025-26 must be a share"):
        PotYear("P", "2025-26", 10.0, 1.5)
    with pytest.raises(ValueError, match="cannot be negative"):
        PotYear("P", "2025-26", -1.0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from([0.5, 1.0, 1.5, 3.0]))
def test_each_frontier_point_is_the_best_within_the_scaled_pots_and_greedy_keeps_them(
    case: tuple[list[Initiative], Funding], scale: float
) -> None:
    """The frontier moves pot envelopes with the yearly ones (a shared model whose pot rows
    were left unscaled once let the greedy line rise above the optimum), and the greedy
    order of buy never breaks a pot."""
    inits, funding = case
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    problem = PortfolioProblem(funding=funding)
    [point] = efficient_frontier(arrays, values, problem, [scale], mip_rel_gap=0.0)
    scaled = funding.scaled(scale)
    by_id = {iid: values[k] for k, iid in enumerate(arrays.ids)}
    ordered = np.array([by_id[i.id] for i in inits])
    assert point.value == pytest.approx(_brute_best(inits, ordered, scaled), abs=1e-6)
    assert _fits([i for i in inits if i.id in point.chosen], scaled)
    bought = greedy(arrays, values, problem.scaled(scale))
    assert _fits([i for k, i in enumerate(inits) if bought.chosen[arrays.ids.index(i.id)]], scaled)
    assert point.greedy_value <= point.value + 1e-6
