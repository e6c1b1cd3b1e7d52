"""Rank-vs-balance breakpoints and switching values, checked by re-scoring either side."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stocktake.engine import (
    balance_switching_value,
    balance_switching_values,
    build_arrays,
    portfolio_path,
    rank_steps,
    score,
    weight_switching_values,
)
from stocktake.engine.arrays import ScoreArrays
from stocktake.engine.sensitivity import BalanceSwitch
from stocktake.model import Initiative
from tests.engine.factories import YEARS, initiative
from tests.engine.oracle import CRITERIA, exhaustive_best, plain_value, portfolio_instances

EPS = 1e-7


@st.composite
def rankings(draw: st.DrawFn) -> tuple[ScoreArrays, bool]:
    n = draw(st.integers(2, 12))
    inits = [
        initiative(
            f"I-{k:03d}",
            {
                "N1": draw(st.integers(0, 5)),
                "N2": draw(st.integers(0, 5)),
                "L1": draw(st.integers(0, 5)),
                "L2": draw(st.integers(1, 10)),
                "D1": draw(st.integers(0, 5)),
            },
            (draw(st.integers(1, 4)),),
        )
        for k in range(n)
    ]
    return build_arrays(inits, CRITERIA, YEARS), draw(st.booleans())


def _in_top(arrays: ScoreArrays, balance: float, risk: bool, i: int, k: int) -> bool:
    return bool(score(arrays, balance, risk).rank[i] <= k)


@settings(max_examples=40, deadline=None)
@given(rankings(), st.lists(st.floats(0, 1), min_size=20, max_size=20))
def test_rank_steps_match_brute_force_sampling(
    inst: tuple[ScoreArrays, bool], samples: list[float]
) -> None:
    arrays, risk = inst
    steps = rank_steps(arrays, risk)
    # the dial's own positions (0.00, 0.01, ... 1.00, as decimals: np.linspace alone gives
    # 0.8200000000000001, one float step past a tie at 0.82, where the documented 1e-12
    # "on the breakpoint" rule and the exact scorer may differ), and random points
    grid = np.concatenate([np.round(np.linspace(0, 1, 101), 2), samples])
    for lam in grid:  # on a crossing too (ties by cost, then ID), and at 0 and 1
        table = score(arrays, float(lam), risk)
        for i, s in enumerate(steps):
            assert s.rank_at(float(lam)) == table.rank[i], (lam, s)
    for s in steps:
        i = arrays.index(s.initiative_id)
        for k, b in enumerate(s.breakpoints):
            if s.ranks[k] != s.ranks[k + 1]:  # a step: the rank really changes across it
                left, right = max(b - EPS, 0.0), min(b + EPS, 1.0)
                assert score(arrays, left, risk).rank[i] != score(arrays, right, risk).rank[i]
            else:  # kept only because the tie at the point itself ranks differently
                assert s.at_breakpoints[k] != s.ranks[k]


@settings(max_examples=40, deadline=None)
@given(
    rankings(),
    st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0.01, 0.99)),
    st.integers(1, 6),
)
def test_balance_switching_values_flip_just_either_side(
    inst: tuple[ScoreArrays, bool], lam0: float, k: int
) -> None:
    arrays, risk = inst
    for i, sw in enumerate(balance_switching_values(arrays, lam0, k, risk)):
        assert sw.in_top_k == _in_top(arrays, lam0, risk, i, k)
        for x, d in ((sw.above, 1.0), (sw.below, -1.0)):
            if x is None:  # no flip on that side: sample the whole side
                side = np.linspace(lam0, 1, 40)[1:-1] if d > 0 else np.linspace(0, lam0, 40)[1:-1]
                assert all(_in_top(arrays, float(y), risk, i, k) == sw.in_top_k for y in side)
                continue
            assert 0.0 <= x <= 1.0 and (x - lam0) * d >= 0  # on its side, inside [0, 1]
            if abs(x - lam0) > EPS:
                assert _in_top(arrays, x - d * EPS, risk, i, k) == sw.in_top_k
            beyond = min(max(x + d * EPS, 0.0), 1.0)
            assert _in_top(arrays, beyond, risk, i, k) != sw.in_top_k


@settings(max_examples=40, deadline=None)
@given(
    rankings(),
    st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0.01, 0.99)),
    st.integers(1, 6),
)
def test_one_initiatives_switching_values_are_its_row_of_everyones(
    inst: tuple[ScoreArrays, bool], lam0: float, k: int
) -> None:
    """The decision panel asks for one initiative (a sweep of its row alone); it must say
    what the whole sweep, checked against re-scoring above, says of it."""
    arrays, risk = inst
    everyone = balance_switching_values(arrays, lam0, k, risk)
    assert [balance_switching_value(arrays, lam0, k, i, risk) for i in range(arrays.n)] == everyone


@settings(max_examples=30, deadline=None)
@given(rankings(), st.floats(0.05, 0.95), st.integers(1, 6))
def test_weight_switching_values_flip_just_either_side(
    inst: tuple[ScoreArrays, bool], lam0: float, k: int
) -> None:
    arrays, risk = inst
    for i, sw in enumerate(weight_switching_values(arrays, lam0, k, risk)):
        if sw.criterion_id is None or sw.new_weight is None or sw.weight is None:
            continue
        d = float(sw.direction)  # which way the weight must move (it may be on a tie now)
        assert d != 0.0
        assert (sw.new_weight - sw.weight) * d >= 0.0
        before = arrays.with_weights({sw.criterion_id: max(sw.new_weight - d * EPS, 0.0)})
        after = arrays.with_weights({sw.criterion_id: max(sw.new_weight + d * EPS, 0.0)})
        if abs(sw.new_weight - sw.weight) > EPS:
            assert _in_top(before, lam0, risk, i, k) == sw.in_top_k
        assert _in_top(after, lam0, risk, i, k) != sw.in_top_k


def test_weight_switch_is_the_smallest_single_weight_change() -> None:
    a = initiative("I-A", {"N1": 5, "N2": 0, "L1": 2, "L2": 1, "D1": 3}, (1,))
    b = initiative("I-B", {"N1": 0, "N2": 5, "L1": 2, "L2": 1, "D1": 3}, (1,))
    arrays = build_arrays([a, b], CRITERIA, YEARS)  # N1 60 vs N2 40: A leads
    switches = {s.initiative_id: s for s in weight_switching_values(arrays, 1.0, 1)}
    sw = switches["I-A"]
    assert sw.in_top_k
    assert sw.criterion_id in {"N1", "N2"}
    assert sw.change is not None
    # Equal N1 and N2 weights make A and B tie; moving one weight by 20 gets there.
    assert abs(sw.change) == pytest.approx(20.0)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_instances(max_items=9))
def test_portfolio_path_is_optimal_everywhere(instance: tuple[list[Initiative], object]) -> None:
    inits, problem = instance
    arrays = build_arrays(inits, CRITERIA, YEARS)
    path = portfolio_path(arrays, problem)  # type: ignore[arg-type]
    if not path.segments:
        return
    assert path.complete
    assert path.segments[0].start == 0.0 and path.segments[-1].end == 1.0
    for seg in path.segments:
        for lam in (seg.start, 0.5 * (seg.start + seg.end), seg.end):
            values = {i.id: plain_value(i, CRITERIA, lam, False) for i in inits}
            best, _ = exhaustive_best(inits, values, problem, CRITERIA)  # type: ignore[arg-type]
            if best is None:
                return
            assert sum(values[i] for i in seg.chosen) == pytest.approx(best, abs=1e-6)
    ids = arrays.ids
    switches = path.switching_values(0.5, ids)
    here = path.segment_at(0.5).chosen
    for sw in switches:
        assert sw.chosen == (sw.initiative_id in here)
        if sw.above is not None:
            after = path.segment_at(min(sw.above + EPS, 1.0)).chosen
            assert (sw.initiative_id in after) != sw.chosen


def test_one_row_switches_agree_with_the_whole_sweep() -> None:
    """``balance_switch_of`` and ``weight_switches_of`` (one initiative, for explain) give
    what the sweeps over every initiative give."""
    from stocktake.engine import arrays_from_workbook
    from stocktake.engine.sensitivity import (
        balance_switch_of,
        balance_switching_values,
        weight_switches_of,
        weight_switching_values,
    )
    from tests.engine.test_robustness import _many

    arrays = arrays_from_workbook(_many(40, seed=5))
    for lam in (0.0, 0.35, 1.0):
        every = balance_switching_values(arrays, lam, 7)
        for iid, whole in zip(arrays.ids, every, strict=True):
            assert balance_switch_of(arrays, iid, lam, 7) == whole
    sweep = weight_switching_values(arrays, 0.5, 7)
    for iid, least in zip(arrays.ids, sweep, strict=True):
        per = weight_switches_of(arrays, iid, 0.5, 7)
        dists = [
            (abs(x - s.weight), s.criterion_id, x)
            for s in per
            for x in (s.below, s.above)
            if x is not None
        ]
        if least.criterion_id is None:
            assert not dists
        else:
            d = min(dists)[0]
            assert d == pytest.approx(abs(least.change or 0.0))


@pytest.mark.parametrize(
    ("switch", "want"),
    [
        (
            BalanceSwitch("I", True, 0.42, 0.71),
            "Stays in the top 10 until the balance rises past 0.71 (towards the milestones)"
            " or falls below 0.42 (towards the long term).",
        ),
        (BalanceSwitch("I", True, None, None), "Stays in the top 10 at every balance."),
        (
            BalanceSwitch("I", False, None, 0.8),
            "Outside the top 10; enters it if the balance rises past 0.80 (towards the "
            "milestones).",
        ),
        (BalanceSwitch("I", False, None, None), "Outside the top 10 at every balance."),
    ],
)
def test_a_balance_switch_reads_as_one_sentence_for_window_and_cli(
    switch: BalanceSwitch, want: str
) -> None:
    assert switch.words(10) == want
    assert switch.words(10, digits=3) == want.replace("0.71", "0.710").replace(
        "0.42", "0.420"
    ).replace("0.80", "0.800")
