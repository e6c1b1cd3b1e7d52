"""SMAA: weights uniform on the simplex (bounds, orderings), score ranges, rank
acceptability and central weights, checked against analytic answers and an independent
Monte Carlo that scores each draw with the plain formula."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.engine import Uncertainty, arrays_from_workbook, rank_acceptability
from stocktake.engine.smaa import Smaa, WeightSpace, sample_weights, score_ranges, smaa
from stocktake.model import Horizon, Workbook
from tests.engine.factories import criterion, initiative, workbook
from tests.engine.oracle import CRITERIA, plain_value
from tests.engine.test_robustness import _many

DRAWS = 20_000
_MANY = arrays_from_workbook(_many())
TOL = 0.015  # about 4.5 standard errors of a share near 0.3 at 20,000 draws


def _duel(n_criteria: int = 2) -> Workbook:
    """A scores 5 (100 points) on C1 and 0 elsewhere; D scores 3.5 (70 points) on every
    criterion. At balance 1 (value = N), A ranks first exactly when C1's share > 0.7."""
    crits = [criterion(f"C{k}", Horizon.MILESTONE, 10) for k in range(1, n_criteria + 1)]
    scores_a = {c.id: 0.0 for c in crits} | {"C1": 5.0}
    scores_d = {c.id: 3.5 for c in crits}
    return workbook([initiative("A", scores_a), initiative("D", scores_d)], crits)


def _first_share(
    space: WeightSpace, n_criteria: int = 2, draws: int = DRAWS
) -> tuple[float, np.ndarray]:
    arrays = arrays_from_workbook(_duel(n_criteria))
    r = smaa(arrays, Smaa(space=space, balance_lo=1.0, balance_hi=1.0, draws=draws, top_k=1))
    a = arrays.index("A")
    return float(r.first_share[a]), r.central_first[a]


@pytest.mark.parametrize(
    ("space", "n", "expected"),
    [
        (WeightSpace("simplex"), 2, 0.3),  # w1 ~ U[0, 1]
        (WeightSpace("simplex"), 3, 0.09),  # w1 ~ Beta(1, 2): P(w1 > 0.7) = 0.3²
        (WeightSpace("simplex", bounds={"C1": (0.2, 0.8)}), 2, 1 / 6),  # U[0.2, 0.8]
        (WeightSpace("ordering", order=("C1", "C2")), 2, 0.6),  # w1 ~ U[0.5, 1]
        (WeightSpace("ordering", order=("C2", "C1")), 2, 0.0),  # w1 <= 0.5 always
        # unequal lows along the chain: the rejection path; w1 is still U[0.5, 1]
        (WeightSpace("ordering", order=("C1", "C2"), bounds={"C1": (0.1, 1.0)}), 2, 0.6),
    ],
)
def test_first_place_acceptability_matches_the_analytic_share(
    space: WeightSpace, n: int, expected: float
) -> None:
    share, _ = _first_share(space, n)
    assert share == pytest.approx(expected, abs=TOL)


def test_central_weights_are_the_mean_of_the_winning_region() -> None:
    # A wins when w1 ~ U[0, 1] lands in (0.7, 1]: the mean there is 0.85
    _, central = _first_share(WeightSpace("simplex"))
    assert central == pytest.approx([0.85, 0.15], abs=0.01)
    assert central.sum() == pytest.approx(1.0)


def test_simplex_draws_respect_bounds_and_orderings() -> None:
    arrays = arrays_from_workbook(_many())
    space = WeightSpace("ordering", order=("N2", "N1"), bounds={"L1": (0.3, 0.6), "N1": (0.1, 0.9)})
    w = sample_weights(arrays, space, 5000, np.random.default_rng(4))
    col = {c: w[:, k] for k, c in enumerate(arrays.criteria)}
    assert np.all(col["N2"] >= col["N1"]) and np.all(col["N1"] >= 0.1 - 1e-12)
    assert np.all((col["L1"] >= 0.3 - 1e-12) & (col["L1"] <= 0.6 + 1e-12))
    for group in (("N1", "N2"), ("L1", "L2")):  # each group's shares add up to 1
        assert np.allclose(col[group[0]] + col[group[1]], 1.0)
    # L1 uniform on [0.3, 0.6] (two criteria): its mean is the middle
    assert col["L1"].mean() == pytest.approx(0.45, abs=0.01)


def test_bounds_that_cannot_hold_are_refused_in_words() -> None:
    arrays = arrays_from_workbook(_many())
    space = WeightSpace("simplex", bounds={"N1": (0.7, 1.0), "N2": (0.5, 1.0)})
    with pytest.raises(ValueError, match=r"cannot hold together.*add up to 120%"):
        smaa(arrays, Smaa(space=space, draws=10))
    with pytest.raises(ValueError, match="no criterion X9"):
        smaa(arrays, Smaa(space=WeightSpace("ordering", order=("X9", "N1")), draws=10))


def _oracle_counts(wb: Workbook, s: Smaa) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Draw the same numbers, score each draw with the plain formula one initiative at a
    time, rank with a plain sort: (n, ranks) counts and the summed group shares of the
    draws that put each in the top k, in the workbook's ID order."""
    arrays = arrays_from_workbook(wb)
    rng = np.random.default_rng(s.seed)
    weights = sample_weights(arrays, s.space, s.draws, rng)
    balances = rng.uniform(s.balance_lo, s.balance_hi, size=s.draws)
    inits = list(wb.initiatives.values())
    ids = [i.id for i in inits]
    counts = np.zeros((len(inits), s.ranks))
    top_shares = np.zeros((len(inits), len(arrays.criteria)))
    by_id = {c.id: c for c in wb.criteria.values()}
    for d in range(s.draws):
        crits = [
            dataclasses.replace(by_id[cid], weight=float(weights[d, k]))
            for k, cid in enumerate(arrays.criteria)
        ]
        vals = [round(plain_value(i, crits, balances[d], s.risk_adjusted), 9) for i in inits]
        ranked = sorted(range(len(inits)), key=lambda k: (-vals[k], inits[k].total_cost, ids[k]))
        for r, k in enumerate(ranked[: s.ranks]):
            counts[k, r] += 1
        group_total: dict[Horizon, float] = {}
        for c in crits:
            group_total[c.horizon] = group_total.get(c.horizon, 0.0) + c.weight
        shares = [c.weight / group_total[c.horizon] for c in crits]
        for k in ranked[: s.top_k]:
            top_shares[k] += shares
    return counts, ids, top_shares


@pytest.mark.parametrize(
    ("space", "risk_adjusted"),
    [
        (WeightSpace("box", weight_range=0.5), False),
        (WeightSpace("simplex", bounds={"L2": (0.2, 0.7)}), False),
        (WeightSpace("ordering", order=("N1", "N2", "L2", "L1")), False),
        (WeightSpace("simplex"), True),  # the batched group-values path
    ],
)
def test_rank_acceptability_agrees_with_a_plain_monte_carlo(
    space: WeightSpace, risk_adjusted: bool
) -> None:
    wb = _many(12, seed=8)
    s = Smaa(
        space=space,
        balance_lo=0.2,
        balance_hi=0.8,
        draws=300,
        seed=5,
        ranks=5,
        top_k=3,
        risk_adjusted=risk_adjusted,
    )
    arrays = arrays_from_workbook(wb)
    got = smaa(arrays, s)
    counts, ids, top_shares = _oracle_counts(wb, s)
    rows = [arrays.index(i) for i in ids]
    np.testing.assert_array_equal(np.rint(got.acceptability[rows] * s.draws), counts)
    in_top = counts[:, :3].sum(axis=1)
    assert got.top_share[rows] == pytest.approx(in_top / s.draws)
    seen = in_top > 0
    np.testing.assert_allclose(
        got.central_top[rows][seen], top_shares[seen] / in_top[seen, None], atol=1e-12
    )
    assert np.isnan(got.central_top[rows][~seen]).all()


def test_every_rank_is_taken_once_per_draw() -> None:
    arrays = arrays_from_workbook(_many())
    r = smaa(arrays, Smaa(draws=2000, ranks=arrays.n, top_k=5))
    assert np.allclose(r.acceptability.sum(axis=0), 1.0)  # each rank: one item per draw
    assert np.allclose(r.acceptability.sum(axis=1), 1.0)  # each item: one rank per draw
    assert r.top_share.sum() == pytest.approx(5.0)


def test_box_mode_is_the_existing_monte_carlo() -> None:
    arrays = arrays_from_workbook(_many())
    u = Uncertainty(weight_range=0.3, balance_lo=0.3, balance_hi=0.7, draws=3000, seed=9)
    old = rank_acceptability(arrays, 4, u)
    new = smaa(
        arrays,
        Smaa(WeightSpace("box", weight_range=0.3), 0.3, 0.7, draws=3000, seed=9, top_k=4),
    )
    np.testing.assert_array_equal(old.share, new.top_share)


def test_a_score_range_moves_the_score_uniformly() -> None:
    """A's C1 score is 0-5 (a range, central 2): with one criterion A's value is uniform
    on 0-100, so it beats D's 70 in 30% of draws; without the range never."""
    crit = criterion("C1", Horizon.MILESTONE, 10)
    a = dataclasses.replace(initiative("A", {"C1": 2.0}), score_ranges={"C1": (0.0, 5.0)})
    wb = workbook([a, initiative("D", {"C1": 3.5})], [crit])
    arrays = arrays_from_workbook(wb)
    ranges = score_ranges(wb, arrays)
    assert ranges is not None and ranges.any
    s = Smaa(balance_lo=1.0, balance_hi=1.0, draws=DRAWS, top_k=1)
    with_range = smaa(arrays, s, ranges)
    assert with_range.first_share[arrays.index("A")] == pytest.approx(0.3, abs=TOL)
    assert smaa(arrays, s).first_share[arrays.index("A")] == 0.0
    # a range with a blank end keeps the score at that end
    half = dataclasses.replace(a, score_ranges={"C1": (None, 5.0)})  # 2 to 5: 40-100
    wb2 = workbook([half, initiative("D", {"C1": 3.5})], [crit])
    r2 = smaa(arrays_from_workbook(wb2), s, score_ranges(wb2, arrays_from_workbook(wb2)))
    assert r2.first_share[0] == pytest.approx(0.5, abs=TOL)  # P(U[40,100] > 70)


def test_cancelling_reports_the_draws_made() -> None:
    arrays = arrays_from_workbook(_many())
    r = smaa(arrays, Smaa(draws=5000), progress=lambda done, total: done < 1000)
    assert r.cancelled and 0 < r.draws < 5000
    assert np.allclose(r.acceptability.sum(axis=0)[: min(10, arrays.n)], 1.0)


def test_same_seed_same_answer() -> None:
    arrays = arrays_from_workbook(_many())
    s = Smaa(WeightSpace("ordering", order=("L2", "L1")), draws=1000, seed=3)
    np.testing.assert_array_equal(smaa(arrays, s).acceptability, smaa(arrays, s).acceptability)
    assert CRITERIA  # the oracle's criteria are the ones _many uses


@st.composite
def _spaces(draw: st.DrawFn) -> WeightSpace:
    """A simplex or ordering space over the _many criteria, with feasible share bounds."""
    groups = (("N1", "N2"), ("L1", "L2"))
    bounds: dict[str, tuple[float, float]] = {}
    for group in groups:
        for cid in group:
            if draw(st.booleans()):
                lo = draw(st.floats(0.0, 0.45))
                hi = draw(st.floats(0.55, 1.0))
                bounds[cid] = (lo, hi)
    mode = draw(st.sampled_from(["simplex", "ordering"]))
    order = tuple(draw(st.permutations(["N1", "N2", "L1", "L2"]))) if mode == "ordering" else ()
    return WeightSpace(mode, bounds=bounds, order=order)


@settings(max_examples=40, deadline=None)
@given(space=_spaces(), seed=st.integers(0, 2**31))
def test_every_draw_keeps_the_shares_bounds_and_order(space: WeightSpace, seed: int) -> None:
    arrays = _MANY
    w = sample_weights(arrays, space, 200, np.random.default_rng(seed))
    col = {c: w[:, k] for k, c in enumerate(arrays.criteria)}
    for group in (("N1", "N2"), ("L1", "L2")):
        assert np.allclose(col[group[0]] + col[group[1]], 1.0)
    for cid, (lo, hi) in space.bounds.items():
        assert np.all(col[cid] >= lo - 1e-12) and np.all(col[cid] <= hi + 1e-12)
    same_group = {"N1": "N", "N2": "N", "L1": "L", "L2": "L"}
    chain = space.order  # compared within each group only
    for g in ("N", "L"):
        ranked = [c for c in chain if same_group[c] == g]
        for a, b in itertools.pairwise(ranked):
            assert np.all(col[a] >= col[b] - 1e-12)
    assert np.all(w >= 0)
