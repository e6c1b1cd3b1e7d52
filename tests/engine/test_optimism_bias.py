"""Optimism bias by project type: which uplift applies, checked against hand sums done
in exact fractions (the oracle never touches floating point)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stocktake.engine import build_arrays, explain, score
from stocktake.engine.optimism_bias import (
    GREEN_BOOK_UPPER_BOUNDS,
    TypeUplift,
    UpliftSource,
    resolve,
    type_table,
)
from stocktake.engine.portfolio_cost import portfolio_cost
from stocktake.engine.present_value import Discounting
from stocktake.model import Horizon, Initiative
from stocktake.model.project_type import ProjectType
from tests.engine.factories import YEARS, criterion, initiative

CRITS = [criterion("N1", Horizon.MILESTONE, 1), criterion("L1", Horizon.AMBITION, 1)]
R = Fraction(35, 1000)  # the Green Book's 3.5 %


def _typed(
    iid: str, costs: tuple[float, ...], kind: str | None, own: float | None = None
) -> Initiative:
    return dataclasses.replace(
        initiative(iid, {"N1": 5, "L1": 5}, costs), project_type=kind, optimism_bias=own
    )


def _pv(costs: tuple[int, ...], uplift: Fraction, rate: Fraction = R) -> Fraction:
    """The oracle: Σ_t c_t (1 + u) / (1 + r)^t, base year the first."""
    return sum(
        (Fraction(c) * (1 + uplift) / (1 + rate) ** t for t, c in enumerate(costs)), Fraction(0)
    )


def test_the_green_books_upper_bounds_are_the_guidance_table() -> None:
    # Supplementary Green Book Guidance: Optimism Bias, table 1, capital expenditure
    # upper bounds (operating expenditure for outsourcing); none for policy work.
    assert {k.value: v for k, v in GREEN_BOOK_UPPER_BOUNDS.items()} == {
        "Standard buildings": 0.24,
        "Non-standard buildings": 0.51,
        "Standard civil engineering": 0.44,
        "Non-standard civil engineering": 0.66,
        "Equipment/development": 2.0,
        "Outsourcing": 0.41,
    }
    assert ProjectType.POLICY_PROGRAMME not in GREEN_BOOK_UPPER_BOUNDS


def test_a_type_without_a_settings_row_takes_the_green_book_upper_bound() -> None:
    # Standard buildings, £10m in each of three years: 24 % uplift, then discounted.
    arrays = build_arrays([_typed("I-1", (10, 10, 10), "std buildings")], CRITS, YEARS)
    want = _pv((10, 10, 10), Fraction(24, 100))
    assert arrays.pv_cost[0] == pytest.approx(float(want), rel=1e-12)
    assert arrays.total_cost[0] == 30.0  # the envelopes still see nominal spend
    u = arrays.uplifts[0]
    assert (u.source, u.project_type) == (UpliftSource.GREEN_BOOK, "Standard buildings")
    assert u.words.startswith("24% for Standard buildings: the Green Book's upper bound")


def test_the_settings_row_for_a_type_replaces_the_green_book_figure() -> None:
    d = Discounting(type_uplifts=(TypeUplift("Standard building", 0.30, "'Settings'!B7"),))
    ini = _typed("I-1", (0, 10, 0), "Standard buildings")
    arrays = build_arrays([ini], CRITS, YEARS, d)
    assert arrays.pv_cost[0] == pytest.approx(float(_pv((0, 10, 0), Fraction(3, 10))), rel=1e-12)
    e = explain(arrays, "I-1")
    assert e.optimism_bias == pytest.approx(0.30)
    assert e.optimism_bias_why == (
        "30% for Standard buildings: the settings' optimism_bias row ('Settings'!B7)"
    )
    assert "£10.0m nominal, £12.6m present value" in e.cost_words  # 13 / 1.035 = 12.56


def test_the_initiatives_own_cell_overrides_its_type_and_says_so() -> None:
    d = Discounting(type_uplifts=(TypeUplift("Standard buildings", 0.30),))
    own = _typed("I-1", (10, 0, 10), "Standard buildings", own=15)  # 15 means 15 %
    zero = _typed("I-2", (10, 0, 10), "Equipment/development", own=0)  # 0 is an answer
    arrays = build_arrays([own, zero], CRITS, YEARS, d)
    assert arrays.pv_cost[0] == pytest.approx(float(_pv((10, 0, 10), Fraction(15, 100))))
    assert arrays.pv_cost[1] == pytest.approx(float(_pv((10, 0, 10), Fraction(0))))
    assert arrays.uplifts[0].words == (
        "15%: the initiative's own Optimism bias cell, which overrides the 30% for "
        "Standard buildings"
    )
    assert arrays.uplifts[1].words.endswith("overrides the 200% for Equipment/development")


def test_present_value_with_an_uplift_at_a_set_rate_and_base_year() -> None:
    # Standard civil engineering (44 %), 5 % from a base of 2024-25: every year is one
    # later than the first cost year.
    d = Discounting(rate=0.05, base_year="2024-25")
    ini = _typed("I-1", (10, 20, 30), "Standard civil engineering")
    arrays = build_arrays([ini], CRITS, YEARS, d)
    want = _pv((0, 10, 20, 30), Fraction(44, 100), Fraction(5, 100))
    assert arrays.pv_cost[0] == pytest.approx(float(want), rel=1e-12)
    assert score(arrays).value_for_money[0] == pytest.approx(100 / float(want), rel=1e-12)


def test_policy_work_and_a_type_of_the_workbooks_own_carry_no_uplift_unless_set() -> None:
    d = Discounting(type_uplifts=(TypeUplift("Digital", 0.5),))
    inis = [
        _typed("I-1", (10,), "Policy"),
        _typed("I-2", (10,), "digital"),
        _typed("I-3", (10,), "Quantum"),
        _typed("I-4", (10,), None),
    ]
    arrays = build_arrays(inis, CRITS, YEARS, d)
    assert arrays.pv_cost.tolist() == pytest.approx([10.0, 15.0, 10.0, 10.0])
    assert arrays.uplifts[0].words == (
        "none: the Green Book publishes no uplift for Policy/programme and the settings "
        "give no row optimism_bias:Policy/programme"
    )
    assert arrays.uplifts[3].words == "none: no Optimism bias cell and no Project type"


def test_the_portfolio_cost_sums_nominal_and_present_value_by_year() -> None:
    inis = [
        _typed("I-1", (10, 10, 10), "Standard buildings"),
        _typed("I-2", (0, 20, 0), None, own=0.5),
        _typed("I-3", (99, 99, 99), None),  # not chosen
    ]
    cost = portfolio_cost(build_arrays(inis, CRITS, YEARS), ["I-1", "I-2"])
    assert cost.nominal == (10.0, 30.0, 10.0)
    want = [
        Fraction(124, 10),
        (Fraction(124, 10) + 30) / (1 + R),
        Fraction(124, 10) / (1 + R) ** 2,
    ]
    assert cost.present_value == pytest.approx([float(w) for w in want], rel=1e-12)
    assert cost.total_present_value == pytest.approx(float(sum(want)), rel=1e-12)


types = st.sampled_from(["Standard buildings", "Outsourcing", "Policy", "Digital", "", None])


@given(
    own=st.one_of(st.none(), st.floats(0, 3), st.integers(4, 300).map(float)),
    kind=types,
    row=st.one_of(st.none(), st.floats(0, 3)),
)
def test_the_rules_apply_in_their_documented_order(
    own: float | None, kind: str | None, row: float | None
) -> None:
    table = type_table([TypeUplift(kind or "", row)] if row is not None and kind else [])
    u = resolve(own, kind, table)
    if own is not None:
        assert (u.source, u.value) == (
            UpliftSource.INITIATIVE,
            own / 100 if own > 3 else own,
        )
    elif kind and row is not None:
        assert (u.source, u.value) == (UpliftSource.SETTINGS, row)
    elif kind in ("Standard buildings", "Outsourcing"):
        assert u.source is UpliftSource.GREEN_BOOK and u.value in (0.24, 0.41)
    else:
        assert (u.source, u.value) == (UpliftSource.NONE, 0.0)
