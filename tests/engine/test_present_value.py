"""Green Book present value, checked against sums done by hand."""

from __future__ import annotations

import dataclasses
import math

import pytest

from stocktake.engine import build_arrays, explain, score
from stocktake.engine.present_value import (
    Discounting,
    discount_factor,
    discount_factors,
    rate_for_year,
)
from stocktake.model import Horizon
from tests.engine.factories import YEARS, criterion, initiative

CRITS = [criterion("N1", Horizon.MILESTONE, 1), criterion("L1", Horizon.AMBITION, 1)]


def test_three_years_at_three_and_a_half_percent() -> None:
    # £10m in each of 2025-26, 2026-27, 2027-28, base 2025-26:
    # 10 + 10/1.035 + 10/1.035^2 = 10 + 9.661836 + 9.335107 = 28.996943
    arrays = build_arrays([initiative("I-1", {"N1": 5, "L1": 5}, (10, 10, 10))], CRITS, YEARS)
    assert arrays.total_cost[0] == 30.0
    assert arrays.pv_cost[0] == pytest.approx(28.996943, abs=1e-6)
    table = score(arrays)
    assert table.value_for_money[0] == pytest.approx(100 / 28.996943, abs=1e-6)


def test_optimism_bias_uplifts_before_discounting() -> None:
    # 24 % on £10m in 2026-27 (one year from the base): 12.4 / 1.035 = 11.980676.
    # "24" and "0.24" both mean 24 %.
    for typed in (0.24, 24):
        ini = dataclasses.replace(
            initiative("I-1", {"N1": 5, "L1": 5}, (0, 10, 0)), optimism_bias=typed
        )
        arrays = build_arrays([ini], CRITS, YEARS)
        assert arrays.pv_cost[0] == pytest.approx(11.980676, abs=1e-6)
        assert arrays.total_cost[0] == 10.0  # the budget still sees nominal spend
    e = explain(arrays, "I-1")
    assert (e.total_cost, e.optimism_bias) == (10.0, pytest.approx(0.24))
    assert e.total_cost_pv == pytest.approx(11.980676, abs=1e-6)


def test_a_price_base_year_and_a_rate_from_the_settings() -> None:
    # Base 2024-25 at 5 %: 2025-26 is year 1, so £21m is worth 21 / 1.05 = 20.
    d = Discounting(rate=0.05, base_year="2024-25")
    assert discount_factors(["2025-26", "2024-25"], d) == pytest.approx([1 / 1.05, 1.0])
    ini = initiative("I-1", {"N1": 5, "L1": 5}, (21,))
    arrays = build_arrays([ini], CRITS, YEARS, d)
    assert arrays.pv_cost[0] == pytest.approx(20.0)
    # A year before the base is brought forward at the first rate.
    assert discount_factor(-2, 0.05) == pytest.approx(1.05**2)


def test_the_long_term_schedule_steps_down_after_thirty_years() -> None:
    assert (rate_for_year(30), rate_for_year(31), rate_for_year(75), rate_for_year(76)) == (
        0.035,
        0.03,
        0.03,
        0.025,
    )
    # Year 31: thirty years at 3.5 % and one at 3.0 %.
    assert discount_factor(31) == pytest.approx(1 / (1.035**30 * 1.03))
    assert discount_factor(40) == pytest.approx(1 / (1.035**30 * 1.03**10))


def test_no_cost_means_no_value_for_money() -> None:
    arrays = build_arrays([initiative("I-1", {"N1": 5, "L1": 5}, (0, 0, 0))], CRITS, YEARS)
    assert arrays.pv_cost[0] == 0.0 and math.isnan(score(arrays).value_for_money[0])
