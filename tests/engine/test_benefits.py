"""Monetised benefits, where given, in present value beside the costs: checked against
sums done by hand in exact fractions."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from stocktake.engine import build_arrays, explain
from stocktake.engine.portfolio_cost import portfolio_benefits
from stocktake.engine.present_value import Discounting
from stocktake.model import Horizon, Initiative
from tests.engine.factories import YEARS, criterion, initiative

CRITS = [criterion("N1", Horizon.MILESTONE, 1), criterion("L1", Horizon.AMBITION, 1)]
DF = Fraction(1000, 1035)  # one year at the Green Book's 3.5 %


def _with(
    iid: str, costs: tuple[float, ...], benefits: dict[str, float], **over: object
) -> Initiative:
    return dataclasses.replace(
        initiative(iid, {"N1": 5, "L1": 5}, costs), benefits=benefits, **over
    )


def test_benefits_are_discounted_to_the_costs_base_year() -> None:
    # Costs £10m in 2025-26 and 2026-27 with 24 % optimism bias (standard buildings);
    # benefits £15m in 2026-27, £20m in 2027-28 and £5m in 2029-30, a year with no cost.
    ini = _with(
        "I-1",
        (10, 10, 0),
        {"2026-27": 15, "2027-28": 20, "2029-30": 5},
        project_type="Standard buildings",
    )
    arrays = build_arrays([ini, _with("I-2", (4,), {})], CRITS, YEARS)
    cost = Fraction(124, 10) * (1 + DF)
    gain = 15 * DF + 20 * DF**2 + 5 * DF**4
    e = explain(arrays, "I-1")
    assert e.total_benefit == 40.0
    assert e.total_benefit_pv == pytest.approx(float(gain), rel=1e-12)
    assert e.total_cost_pv == pytest.approx(float(cost), rel=1e-12)
    npv, bcr = gain - cost, gain / cost
    assert e.benefit_words == (
        f"Monetised benefits £40.0m nominal, £{float(gain):,.1f}m present value (discounted "
        "like the costs; shown, not used to choose); net present value "
        f"£{float(npv):,.1f}m; benefit-cost ratio {float(bcr):.2f}."
    )
    # An initiative that gives no benefits has none, not £0 of them.
    other = explain(arrays, "I-2")
    assert (other.total_benefit, other.total_benefit_pv, other.benefit_words) == (None, None, "")


def test_a_price_base_year_and_rate_apply_to_benefits_as_to_costs() -> None:
    # Base 2024-25 at 5 %: benefits of £21m in 2025-26 are worth 21 / 1.05 = 20.
    d = Discounting(rate=0.05, base_year="2024-25")
    arrays = build_arrays([_with("I-1", (21,), {"2025-26": 21})], CRITS, YEARS, d)
    e = explain(arrays, "I-1")
    assert (e.total_benefit_pv, e.total_cost_pv) == (pytest.approx(20.0), pytest.approx(20.0))
    assert "net present value £0.0m; benefit-cost ratio 1.00." in e.benefit_words


def test_a_portfolio_counts_the_benefits_only_of_chosen_initiatives_that_give_them() -> None:
    inis = [
        _with("I-1", (10, 0, 0), {"2025-26": 6, "2026-27": 6}),
        _with("I-2", (0, 10, 0), {"2027-28": 30}, optimism_bias=0.5),
        _with("I-3", (50, 50, 50), {}),  # chosen, gives none: not in the ratio
        _with("I-4", (1, 1, 1), {"2025-26": 99}),  # gives some, not chosen
    ]
    gains = portfolio_benefits(build_arrays(inis, CRITS, YEARS), ["I-1", "I-2", "I-3"])
    assert gains is not None and gains.initiatives == ("I-1", "I-2")
    assert gains.years == ("2025-26", "2026-27", "2027-28")
    assert gains.nominal == (6.0, 6.0, 30.0)
    pv = [Fraction(6), 6 * DF, 30 * DF**2]
    assert gains.present_value == pytest.approx([float(x) for x in pv], rel=1e-12)
    cost = 10 + 15 * DF
    assert gains.cost_pv == pytest.approx(float(cost), rel=1e-12)
    assert gains.npv == pytest.approx(float(sum(pv) - cost), rel=1e-12)
    assert gains.bcr == pytest.approx(float(sum(pv) / cost), rel=1e-12)


def test_a_workbook_that_gives_no_benefits_shows_none() -> None:
    arrays = build_arrays([_with("I-1", (10,), {})], CRITS, YEARS)
    assert portfolio_benefits(arrays, ["I-1"]) is None
