"""The greedy order of buy: the shared many-level walk against the item-by-item rule."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stocktake.engine import PortfolioProblem, build_arrays, greedy, values_at
from stocktake.engine.greedy import greedy_values
from stocktake.engine.pots import Funding, PotYear
from stocktake.model import Initiative
from tests.engine.factories import YEARS, initiative, standard_criteria
from tests.engine.greedy_reference import reference_greedy
from tests.engine.oracle import CRITERIA, portfolio_instances


@st.composite
def problems_with_pots(draw: st.DrawFn) -> tuple[list[Initiative], PortfolioProblem]:
    """Links, forced items, envelopes and caps, and sometimes funding pots with
    carry-over and a cap on one named mission."""
    inits, problem = draw(portfolio_instances(max_items=12))
    funding = None
    if draw(st.booleans()):
        shares = {
            i.id: split
            for i in inits
            if (split := draw(st.sampled_from([{}, {"A": 1.0}, {"B": 1.0}, {"A": 0.5, "B": 0.5}])))
        }
        years = tuple(
            PotYear(pot, y, float(draw(st.integers(0, 12))), draw(st.sampled_from([0.0, 0.5])))
            for pot in ("A", "B")
            for y in draw(st.sets(st.sampled_from(YEARS[:2]), min_size=1))
        )
        funding = Funding(years, shares, frozenset(draw(st.sets(st.sampled_from("AB")))))
    caps = {"M2": draw(st.integers(0, 2))} if draw(st.booleans()) else {}
    return inits, PortfolioProblem(
        budgets=problem.budgets,
        fte_cap=problem.fte_cap,
        force_in=problem.force_in,
        force_out=problem.force_out,
        max_per_mission=problem.max_per_mission,
        mission_caps=caps,
        min_long_term_share=problem.min_long_term_share,
        funding=funding,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    problems_with_pots(),
    st.lists(st.sampled_from([0.0, 0.3, 0.5, 1.0, 1.5, 3.0]), min_size=1, max_size=5),
)
def test_every_level_buys_what_the_item_by_item_rule_buys(
    case: tuple[list[Initiative], PortfolioProblem], scales: list[float]
) -> None:
    """The frontier's greedy line (one walk for all levels) and a single greedy run both
    make the same purchases, in the same order, with the same running totals, as the
    rule applied item by item at that level alone."""
    inits, problem = case
    arrays = build_arrays(inits, CRITERIA, YEARS)
    values = values_at(arrays, 0.5)
    expected = []
    for s in scales:
        chosen, steps, ok = reference_greedy(arrays, values, problem.scaled(s))
        got = greedy(arrays, values, problem.scaled(s))
        assert got.chosen.tolist() == chosen
        assert [(b.initiative_ids, b.cumulative_cost, b.cumulative_value) for b in got.steps] == (
            steps
        )
        assert got.meets_all_constraints == ok
        expected.append(float(values[np.array(chosen, dtype=bool)].sum()))
    assert greedy_values(arrays, values, problem, scales) == expected


def test_ties_in_value_for_money_go_to_the_lower_cost_then_the_id() -> None:
    """Equal value per £m: the cheaper item is bought first; equal cost too: the lower ID,
    whatever order the workbook lists them in."""
    s = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}
    inits = [
        initiative("I-9", s, (2.0,)),
        initiative("I-5", s, (1.0,)),
        initiative("I-3", s, (1.0,)),
    ]
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = np.array([arrays.total_cost[k] * 10.0 for k in range(arrays.n)])
    problem = PortfolioProblem(budgets={"2025-26": 2.0})
    got = greedy(arrays, values, problem)
    assert [b.initiative_ids for b in got.steps] == [("I-3",), ("I-5",)]
    assert greedy_values(arrays, values, problem, [1.0, 0.5, 2.0]) == [20.0, 10.0, 40.0]


def test_forced_items_over_one_missions_cap_do_not_stop_buying_in_another() -> None:
    """Two forced items break M1's cap of one; an M2 item that needs one of them is still
    bought: its purchase adds nothing to M1 (the greedy line would otherwise stop short)."""
    s = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 5}
    inits = [
        initiative("I-1", s, (1.0,), mission="M1"),
        initiative("I-2", s, (1.0,), mission="M1"),
        initiative("I-3", s, (1.0,), mission="M2", depends=("I-1",)),
    ]
    arrays = build_arrays(inits, standard_criteria(), YEARS)
    values = values_at(arrays, 0.5)
    problem = PortfolioProblem(mission_caps={"M1": 1}, force_in={"I-1": "", "I-2": ""})
    got = greedy(arrays, values, problem)
    assert got.chosen.tolist() == [True, True, True]
    assert not got.meets_all_constraints
    assert greedy_values(arrays, values, problem, [1.0]) == [float(values.sum())]
