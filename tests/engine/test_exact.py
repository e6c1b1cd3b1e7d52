"""Items on a line land where the docs say: cut lines, "long-term-led" and ties by ID.

The examples are chosen so that floating point gets them wrong: three Milestone
criteria weighted 0.1 each and scored 0, 5 and 10 on 0-10 give a near-term value of
exactly 50, which floating point computes as 49.99999999999999.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.engine import CutLines, Quadrant, build_arrays, quadrants, score
from stocktake.engine.matrix import long_term_led
from stocktake.model import Criterion, Horizon, Initiative
from tests.engine.factories import YEARS, criterion, initiative

TENTHS = [
    criterion("N1", Horizon.MILESTONE, 0.1, 0, 10),
    criterion("N2", Horizon.MILESTONE, 0.1, 0, 10),
    criterion("N3", Horizon.MILESTONE, 0.1, 0, 10),
    criterion("L1", Horizon.AMBITION, 1, 0, 10),
]
ON_THE_LINE = {"N1": 0, "N2": 5, "N3": 10, "L1": 5}  # N = 50 exactly, L = 50


def test_float_noise_is_real_in_these_examples() -> None:
    """Guard: if this stops holding, the tests below no longer test the exact pass."""
    arrays = build_arrays([initiative("I-1", ON_THE_LINE)], TENTHS, YEARS)
    assert arrays.near_term[0] < 50.0
    assert arrays.long_term[0] > arrays.near_term[0]
    assert 0.1 + 0.2 != 0.3


def test_an_item_exactly_on_the_cut_line_counts_as_high() -> None:
    arrays = build_arrays([initiative("I-1", ON_THE_LINE)], TENTHS, YEARS)
    assert quadrants(arrays, CutLines(50, 50)) == [Quadrant.DOUBLE_DOWN]
    assert quadrants(arrays, CutLines(50.5, 50)) == [Quadrant.INVEST_LONG_TERM]


def test_equal_near_and_long_term_value_is_not_long_term_led() -> None:
    led_scores = {"N1": 0, "N2": 5, "N3": 10, "L1": 6}
    arrays = build_arrays(
        [initiative("I-1", ON_THE_LINE), initiative("I-2", led_scores)], TENTHS, YEARS
    )
    assert long_term_led(arrays).tolist() == [False, True]


def test_equal_values_and_equal_costs_rank_by_id() -> None:
    # I-1 is worth exactly what I-2 is (50 at balance 1), though floating point puts it
    # 1e-14 lower; and 0.1 + 0.2 is the same cost as 0.3. So the ID decides.
    one = initiative("I-1", ON_THE_LINE, (0.1, 0.2))
    two = initiative("I-2", {"N1": 5, "N2": 5, "N3": 5, "L1": 5}, (0.3,))
    table = score(build_arrays([two, one], TENTHS, YEARS), balance=1.0)
    assert table.top(2) == ["I-1", "I-2"]


def test_a_real_difference_below_float_noise_scale_is_still_a_difference() -> None:
    # Balance 0.1 is one tenth: I-1 (N 16, L 60 4/9) and I-2 (N 32, L 58 2/3) tie exactly
    # there, and just above it I-2 leads. The ranking follows the decimals typed.
    crits = [
        criterion("N1", Horizon.MILESTONE, 60),
        criterion("N2", Horizon.MILESTONE, 40),
        criterion("L1", Horizon.AMBITION, 30),
        criterion("L2", Horizon.AMBITION, 70, lo=1, hi=10),
    ]
    a = initiative("I-1", {"N1": 0, "N2": 2, "L1": 1, "L2": 8})
    b = initiative("I-2", {"N1": 0, "N2": 4, "L1": 2, "L2": 7})
    arrays = build_arrays([b, a], crits, YEARS)
    assert score(arrays, 0.1).top(2) == ["I-1", "I-2"]
    assert score(arrays, 0.1000001).top(2) == ["I-2", "I-1"]
    assert score(arrays, 0.0999999).top(2) == ["I-1", "I-2"]


def _exact_value(init: Initiative, crits: Sequence[Criterion], balance: str) -> Fraction:
    """The value in rational arithmetic straight from the model objects (the oracle)."""
    sums = {Horizon.MILESTONE: Fraction(0), Horizon.AMBITION: Fraction(0)}
    weights = {Horizon.MILESTONE: Fraction(0), Horizon.AMBITION: Fraction(0)}
    for c in crits:
        w = Fraction(str(c.weight))
        s = Fraction(str(init.scores[c.id]))
        lo, hi = Fraction(str(c.scale_lo)), Fraction(str(c.scale_hi))
        sums[c.horizon] += w * 100 * (s - lo) / (hi - lo)
        weights[c.horizon] += w
    n = sums[Horizon.MILESTONE] / weights[Horizon.MILESTONE]
    ll = sums[Horizon.AMBITION] / weights[Horizon.AMBITION]
    lam = Fraction(balance)
    return lam * n + (1 - lam) * ll


SCORE_ROWS = st.lists(
    st.tuples(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10), st.integers(0, 10)),
    min_size=2,
    max_size=12,
)
"""Initiatives' scores on N1-N3 and L1, two to twelve of them."""
THREE_WEIGHTS = st.lists(st.sampled_from([0.1, 0.2, 0.3, 0.7, 1.1]), min_size=3, max_size=3)
"""Weights of N1-N3: decimals that binary floating point cannot hold exactly."""


def _criteria(weights: list[float]) -> list[Criterion]:
    """N1-N3 (near term) with ``weights``, and L1 (long term) with weight 1."""
    return [
        criterion(f"N{k}", Horizon.MILESTONE, w, 0, 10) for k, w in enumerate(weights, start=1)
    ] + [criterion("L1", Horizon.AMBITION, 1, 0, 10)]


@settings(max_examples=60, deadline=None)
@given(
    SCORE_ROWS,
    THREE_WEIGHTS,
    st.sampled_from(["0", "0.1", "0.3", "0.5", "0.7", "1"]),
    st.lists(st.sampled_from([0.1, 0.2, 0.3]), min_size=12, max_size=12),
)
def test_rank_matches_an_exact_oracle(
    rows: list[tuple[int, int, int, int]],
    weights: list[float],
    balance: str,
    costs: list[float],
) -> None:
    crits = _criteria(weights)
    inits = [
        initiative(
            f"I-{k:02d}",
            {"N1": r[0], "N2": r[1], "N3": r[2], "L1": r[3]},
            # the same total cost written two ways, so cost ties need the exact rule too
            (costs[k], 0.3 - costs[k]) if k % 2 else (0.3,),
        )
        for k, r in enumerate(rows)
    ]
    expected = sorted(inits, key=lambda i: (-_exact_value(i, crits, balance), i.id))
    table = score(build_arrays(list(reversed(inits)), crits, YEARS), float(balance))
    assert table.top(len(inits)) == [i.id for i in expected]


@settings(max_examples=60, deadline=None)
@given(
    SCORE_ROWS,
    THREE_WEIGHTS,
    THREE_WEIGHTS,
    st.sampled_from(["0", "0.3", "0.5", "1"]),
)
def test_exact_values_kept_between_scores_follow_a_change_of_weights(
    rows: list[tuple[int, int, int, int]],
    before: list[float],
    after: list[float],
    balance: str,
) -> None:
    """The exact values are kept on the arrays between scores (a dial movement re-scores
    10k initiatives); arrays re-weighted for a what-if must not rank by the old ones."""
    crits = _criteria(before)
    inits = [
        initiative(f"I-{k:02d}", {"N1": r[0], "N2": r[1], "N3": r[2], "L1": r[3]}, (0.3,))
        for k, r in enumerate(rows)
    ]
    arrays = build_arrays(inits, crits, YEARS)
    score(arrays, float(balance))  # fills the kept exact values at the first weights
    reweighted = arrays.with_weights({f"N{k}": w for k, w in enumerate(after, start=1)})
    new_crits = _criteria(after)
    expected = sorted(inits, key=lambda i: (-_exact_value(i, new_crits, balance), i.id))
    again = score(arrays, float(balance))  # and the same arrays again, from what was kept
    first = sorted(inits, key=lambda i: (-_exact_value(i, crits, balance), i.id))
    assert score(reweighted, float(balance)).top(len(inits)) == [i.id for i in expected]
    assert again.top(len(inits)) == [i.id for i in first]
