"""Scores: the Green Book formula, absolute scales, ranking ties, explanations, quadrants."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.engine import (
    CutLines,
    Quadrant,
    arrays_from_workbook,
    build_arrays,
    explain,
    quadrants,
    score,
)
from stocktake.model import Horizon, Workbook
from stocktake.model.vocab import Direction
from tests.engine.factories import criterion, initiative, standard_criteria
from tests.engine.oracle import exact_value, plain_value, plain_values

score_value = st.one_of(st.none(), st.floats(-2, 12, allow_nan=False))


@st.composite
def method(draw: st.DrawFn, lo: int, hi: int) -> dict[str, object]:  # type: ignore[type-arg]
    """A criterion's direction, do-nothing level (sometimes off the scale, which the
    engine must ignore) and, now and then, a valid Hiview-style value function."""
    direction = draw(st.sampled_from([None, Direction.HIGHER, Direction.LOWER]))
    do_nothing = draw(st.one_of(st.none(), st.integers(lo - 1, hi + 1).map(float)))
    function = ""
    if draw(st.booleans()):
        xs = sorted(draw(st.sets(st.integers(lo, hi), min_size=2, max_size=hi - lo + 1)))
        ys = sorted(draw(st.lists(st.integers(0, 100), min_size=len(xs), max_size=len(xs))))
        ys[0], ys[-1] = 0, 100
        if direction is Direction.LOWER:
            ys.reverse()
        function = "; ".join(f"{x}:{y}" for x, y in zip(xs, ys, strict=True))
    return {"direction": direction, "do_nothing": do_nothing, "value_function": function}


@st.composite
def scored_instances(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    n_crit = draw(st.integers(1, 6))
    horizons = [Horizon.MILESTONE, Horizon.AMBITION, Horizon.DELIVERABILITY, Horizon.COST]
    crits = []
    for k in range(n_crit):
        lo = draw(st.integers(0, 3))
        hi = lo + draw(st.integers(1, 9))
        crits.append(
            dataclasses.replace(
                criterion(
                    f"C{k}",
                    draw(st.sampled_from(horizons)),
                    draw(st.one_of(st.just(0.0), st.floats(1e-3, 100))),
                    lo=lo,
                    hi=hi,
                ),
                **draw(method(lo, hi)),
            )
        )
    n = draw(st.integers(1, 15))
    inits = [
        initiative(
            f"I-{i:03d}",
            {c.id: draw(score_value) for c in crits},
            [draw(st.integers(0, 20)) for _ in range(3)],
        )
        for i in range(n)
    ]
    return inits, crits


@settings(max_examples=60, deadline=None)
@given(scored_instances(), st.floats(0, 1), st.booleans())
def test_values_match_the_green_book_formula(instance, balance, risk) -> None:  # type: ignore[no-untyped-def]
    inits, crits = instance
    arrays = build_arrays(inits, crits)
    table = score(arrays, balance, risk)
    for k, init in enumerate(inits):
        g = plain_values(init, crits)
        assert arrays.near_term[k] == pytest.approx(g["N"], abs=1e-9)
        assert arrays.long_term[k] == pytest.approx(g["L"], abs=1e-9)
        assert arrays.deliverability[k] == pytest.approx(g["D"], abs=1e-9)
        assert table.value[k] == pytest.approx(plain_value(init, crits, balance, risk), abs=1e-9)
    # Rank: descending exact value, then lower total cost (in pounds), then ID.
    expected = sorted(
        range(len(inits)),
        key=lambda k: (
            -exact_value(inits[k], crits, balance, risk),
            round(inits[k].total_cost * 1e6),
            inits[k].id,
        ),
    )
    assert [table.ids[i] for i in table.order] == [inits[k].id for k in expected]
    assert sorted(table.rank.tolist()) == list(range(1, len(inits) + 1))


@settings(max_examples=30, deadline=None)
@given(scored_instances(), st.floats(0, 1))
def test_a_score_never_depends_on_the_other_initiatives(instance, balance) -> None:  # type: ignore[no-untyped-def]
    inits, crits = instance
    alone = score(build_arrays(inits[:1], crits), balance)
    together = score(build_arrays(inits, crits), balance)
    assert alone.value[0] == pytest.approx(together.value[0], abs=1e-12)


def test_missing_score_counts_as_bottom_of_scale_with_a_warning() -> None:
    crits = [
        criterion("N1", Horizon.MILESTONE, 1, lo=1, hi=5),
        criterion("L1", Horizon.AMBITION, 1),
    ]
    arrays = build_arrays([initiative("I-1", {"N1": None, "L1": 5})], crits)
    assert arrays.near_term[0] == 0.0
    assert [(w.initiative_id, w.criterion_id) for w in arrays.warnings] == [("I-1", "N1")]
    assert "counted as 1" in arrays.warnings[0].message


def test_score_outside_the_scale_is_left_out_as_no_benefit_and_reported() -> None:
    """A 7 on 0-5 is a typo, not a 5: it earns nothing rather than the top of the scale."""
    crits = [criterion("N1", Horizon.MILESTONE, 1), criterion("L1", Horizon.AMBITION, 1)]
    arrays = build_arrays([initiative("I-1", {"N1": 7, "L1": -1})], crits)
    assert (arrays.near_term[0], arrays.long_term[0]) == (0.0, 0.0)
    assert {w.criterion_id for w in arrays.warnings} == {"N1", "L1"}
    assert all("left out of the value" in w.message for w in arrays.warnings)


def test_missing_deliverability_counts_as_the_middle_not_as_zero() -> None:
    """An initiative worth 100 keeps half its risk-adjusted value, not none of it."""
    crits = [
        criterion("N1", Horizon.MILESTONE, 1),
        criterion("L1", Horizon.AMBITION, 1),
        criterion("D1", Horizon.DELIVERABILITY, 1, lo=1, hi=5),
    ]
    arrays = build_arrays([initiative("I-1", {"N1": 5, "L1": 5, "D1": None})], crits)
    assert arrays.deliverability[0] == 50.0
    assert score(arrays, 0.5, risk_adjusted=True).value[0] == 50.0
    assert "counted as 3, the middle of the scale" in arrays.warnings[0].message


def test_no_deliverability_criteria_means_full_deliverability() -> None:
    crits = [criterion("N1", Horizon.MILESTONE, 1), criterion("L1", Horizon.AMBITION, 1)]
    arrays = build_arrays([initiative("I-1", {"N1": 5, "L1": 0})], crits)
    assert score(arrays, 0.5, risk_adjusted=True).value[0] == 50.0


def test_equal_values_rank_the_cheaper_first_then_by_id() -> None:
    crits = standard_criteria()
    same = {"N1": 3, "N2": 3, "L1": 3, "L2": 5, "D1": 3}
    arrays = build_arrays(
        [
            initiative("I-B", same, (5,)),
            initiative("I-A", same, (5,)),
            initiative("I-C", same, (4,)),
        ],
        crits,
    )
    assert score(arrays).top(3) == ["I-C", "I-A", "I-B"]


def test_balance_moves_value_between_the_horizons(small_workbook: Workbook) -> None:
    arrays = arrays_from_workbook(small_workbook)
    k = arrays.index("I-001")  # strong near-term, weak long-term
    assert score(arrays, 1.0).value[k] == pytest.approx(arrays.near_term[k])
    assert score(arrays, 0.0).value[k] == pytest.approx(arrays.long_term[k])
    with pytest.raises(ValueError, match="between 0 and 1"):
        score(arrays, 1.5)


def test_value_for_money_is_value_per_pound_of_present_value_and_blank_without_cost() -> None:
    crits = standard_criteria()
    s = {"N1": 5, "N2": 5, "L1": 5, "L2": 10, "D1": 5}
    arrays = build_arrays([initiative("I-1", s, (2, 2)), initiative("I-2", s, (0,))], crits)
    table = score(arrays, 0.5)
    # £2m now and £2m next year: 2 + 2/1.035 in present value (Green Book 3.5 %).
    assert table.value_for_money[0] == pytest.approx(100.0 / (2 + 2 / 1.035))
    assert math.isnan(table.value_for_money[1])


def test_explanation_terms_add_up_to_every_figure(small_workbook: Workbook) -> None:
    arrays = arrays_from_workbook(small_workbook)
    ex = explain(arrays, "I-004", balance=0.6, risk_adjusted=True)
    by_group: dict[str, float] = {}
    for t in ex.terms:
        by_group[t.group] = by_group.get(t.group, 0.0) + t.contribution
        lo = t.scale_lo
        s = lo if t.score is None else t.score
        assert t.normalised == pytest.approx(100 * (s - lo) / (t.scale_hi - lo))
    assert by_group["Milestone"] == pytest.approx(ex.near_term)
    assert by_group["Ambition"] == pytest.approx(ex.long_term)
    assert by_group["Deliverability"] == pytest.approx(ex.deliverability)
    assert ex.overall == pytest.approx(0.6 * ex.near_term + 0.4 * ex.long_term)
    assert ex.value == pytest.approx(ex.overall * ex.deliverability / 100)
    missing = next(t for t in ex.terms if t.criterion_id == "N2")
    assert missing.score is None and missing.contribution == 0.0
    assert "V = 0.6" in ex.formula


def test_quadrants_follow_the_cut_lines(small_workbook: Workbook) -> None:
    arrays = arrays_from_workbook(small_workbook)
    q = dict(zip(arrays.ids, quadrants(arrays), strict=True))
    assert q["I-001"] is Quadrant.DELIVER_MILESTONE  # N 92, L 14
    assert q["I-002"] is Quadrant.INVEST_LONG_TERM  # N 28, L 92
    assert q["I-005"] is Quadrant.STOP_OR_RETHINK
    high_bar = dict(zip(arrays.ids, quadrants(arrays, CutLines(95, 95)), strict=True))
    assert set(high_bar.values()) == {Quadrant.STOP_OR_RETHINK}
    low_bar = dict(zip(arrays.ids, quadrants(arrays, CutLines(0, 0)), strict=True))
    assert set(low_bar.values()) == {Quadrant.DOUBLE_DOWN}


def test_changing_a_weight_rescales_only_its_group(small_workbook: Workbook) -> None:
    arrays = arrays_from_workbook(small_workbook)
    heavier = arrays.with_weights({"N1": 1000})
    np.testing.assert_allclose(heavier.long_term, arrays.long_term)
    assert not np.allclose(heavier.near_term, arrays.near_term)
    with pytest.raises(KeyError, match="no criterion"):
        arrays.with_weights({"nope": 1})
