"""The method behind a value: benefit above doing nothing, direction, value functions.

Hand-computed cases for each rule, and a property: a rubric rescaled (0-5 to 1-5) with
its no-contribution level moved with it chooses the same portfolio.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.engine import build_arrays, explain, optimise, score
from stocktake.engine.problem import PortfolioProblem
from stocktake.model import Criterion, Horizon
from stocktake.model.value_scale import parse_value_function, value_scale
from stocktake.model.vocab import Direction
from tests.engine.factories import YEARS, criterion, initiative


def _with(c: Criterion, **method: object) -> Criterion:
    return dataclasses.replace(c, **method)


def test_benefit_is_counted_above_the_no_contribution_level() -> None:
    # 0-5, do nothing at 2: a 4 is worth 80 - 40 = 40; a 1 is below doing nothing: 0.
    n1 = _with(criterion("N1", Horizon.MILESTONE, 1), do_nothing=2.0)
    arrays = build_arrays(
        [initiative("I-1", {"N1": 4}), initiative("I-2", {"N1": 1})],
        [n1, criterion("L1", Horizon.AMBITION, 1)],
    )
    assert arrays.near_term.tolist() == pytest.approx([40.0, 0.0])
    below = [w.message for w in arrays.warnings if w.criterion_id == "N1"]
    assert below == [
        "I-2 scores 1 on N1, below the no-contribution level 2; counted as 0 benefit "
        "(a disbenefit is not subtracted)"
    ]


def test_a_value_function_is_read_point_to_point() -> None:
    # 0:0; 2:60; 5:100 at 3 is 60 + 40/3; with do nothing at 1 (value 30) the benefit is
    # 73.33 - 30 = 43.33.
    n1 = _with(
        criterion("N1", Horizon.MILESTONE, 1), value_function="0:0; 2:60; 5:100", do_nothing=1.0
    )
    arrays = build_arrays(
        [initiative("I-1", {"N1": 3})], [n1, criterion("L1", Horizon.AMBITION, 1)]
    )
    assert arrays.near_term[0] == pytest.approx(60 + 40 / 3 - 30)
    term = explain(arrays, "I-1").terms[0]
    assert (term.value, term.do_nothing, term.do_nothing_value) == pytest.approx(
        (60 + 40 / 3, 1.0, 30.0)
    )
    assert term.function == "0:0; 2:60; 5:100"


def test_lower_is_better_runs_the_scale_the_other_way() -> None:
    # Cost to citizens on 0-10, lower is better: 2 is worth 80; doing nothing defaults to
    # the worst end, 10 (value 0), so the benefit is 80.
    c = _with(criterion("L1", Horizon.AMBITION, 1, lo=0, hi=10), direction=Direction.LOWER)
    arrays = build_arrays(
        [initiative("I-1", {"L1": 2}), initiative("I-2", {"L1": None})],
        [criterion("N1", Horizon.MILESTONE, 1), c],
    )
    assert arrays.long_term.tolist() == pytest.approx([80.0, 0.0])
    assert explain(arrays, "I-1").terms[1].function == "linear, lower is better"
    assert explain(arrays, "I-1").terms[1].do_nothing == 10.0


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("0:0; 2:80; 5:60", "only rise, or only fall"),
        ("0:0; 7:100", "within the scale 0-5"),
        ("0:0; 3:100; 2:50", "scores must rise"),
        ("0:10; 5:90", "from 0 (worst) to 100 (best)"),
        ("zero:0; 5:100", "'zero:0' is not a point"),
    ],
)
def test_an_unusable_value_function_falls_back_to_the_line_and_says_why(
    typed: str, words: str
) -> None:
    c = _with(criterion("N1", Horizon.MILESTONE, 1), value_function=typed)
    scale, notes = value_scale(c)
    assert scale.points == ((0.0, 0.0), (5.0, 100.0))
    assert [key for key, _ in notes] == ["value_function"]
    assert words in notes[0][1] and "straight line" in notes[0][1]


def test_a_falling_function_is_lower_is_better_whatever_the_direction_column_says() -> None:
    c = _with(
        criterion("N1", Horizon.MILESTONE, 1),
        value_function="0:100; 5:0",
        direction=Direction.HIGHER,
    )
    scale, notes = value_scale(c)
    assert scale.lower_is_better and scale.do_nothing == 5.0
    assert "the value function is used" in notes[0][1]
    assert parse_value_function("1:0;3:100", 0, 5) == ((1.0, 0.0), (3.0, 100.0))


@st.composite
def rubric_instances(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    n = draw(st.integers(2, 8))
    start = draw(st.integers(1, 2))  # where "no contribution" sits on the 0-5 rubric
    horizons = (Horizon.MILESTONE, Horizon.MILESTONE, Horizon.AMBITION, Horizon.AMBITION)
    weights = [draw(st.integers(1, 100)) for _ in range(4)]
    score = st.one_of(st.none(), st.integers(start, 5))
    scores = [[draw(score) for _ in range(4)] for _ in range(n)]
    costs = [[draw(st.integers(1, 9)) for _ in YEARS] for _ in range(n)]
    budget = draw(st.integers(5, 30))
    return start, horizons, weights, scores, costs, budget


def _rubric(instance, bottom: float, do_nothing: float | None):  # type: ignore[no-untyped-def]
    _start, horizons, weights, scores, costs, _budget = instance
    crits = [
        _with(
            criterion(f"C{k}", horizons[k], weights[k], lo=bottom, hi=5),
            do_nothing=do_nothing,
        )
        for k in range(4)
    ]
    inits = [
        initiative(f"I-{i}", {f"C{k}": s for k, s in enumerate(row)}, costs[i])
        for i, row in enumerate(scores)
    ]
    return build_arrays(inits, crits, YEARS)


@settings(max_examples=25, deadline=None)
@given(rubric_instances(), st.sampled_from([0.0, 0.3, 0.5, 1.0]))
def test_a_rubric_rescaled_with_its_do_nothing_level_keeps_the_portfolio(
    instance, balance: float
) -> None:  # type: ignore[no-untyped-def]
    """The same scores on a 0-5 rubric whose "no contribution" is at ``start``, and on a
    ``start``-5 rubric (its bottom is doing nothing): every benefit scales by the same
    5 / (5 - start), so the same portfolio is best."""
    start = instance[0]
    before = _rubric(instance, 0.0, float(start))
    after = _rubric(instance, float(start), None)
    values_before = score(before, balance).value
    values_after = score(after, balance).value
    factor = 5 / (5 - start)
    assert values_after == pytest.approx(factor * values_before, abs=1e-9)
    problem = PortfolioProblem(budgets={YEARS[0]: float(instance[-1])})
    a = optimise(before, values_before, problem, mip_rel_gap=0)
    b = optimise(after, values_after, problem, mip_rel_gap=0)
    assert b.value == pytest.approx(factor * a.value, abs=1e-6)
    # The same portfolio, up to exact ties: the rescaled choice is worth the optimum.
    chosen = [before.index(i) for i in b.chosen]
    assert float(values_before[chosen].sum()) == pytest.approx(a.value, abs=1e-6)


def test_without_the_do_nothing_level_the_rubric_start_would_decide() -> None:
    """One strong item (5s, £3m) against three weak ones (2s, £1m each), £3m to spend.
    Scored from the bottom of a 0-5 rubric, the three weak ones win (3 x 40 > 100); measured
    above doing nothing (1), the strong one wins on both rubrics, as a board would expect."""
    crits = [criterion("N1", Horizon.MILESTONE, 1), criterion("L1", Horizon.AMBITION, 1)]
    strong = initiative("I-S", {"N1": 5, "L1": 5}, (3,))
    weak = [initiative(f"I-W{k}", {"N1": 2, "L1": 2}, (1,)) for k in range(3)]
    problem = PortfolioProblem(budgets={YEARS[0]: 3.0})

    def best(crit_list: list[Criterion]) -> list[str]:
        arrays = build_arrays([strong, *weak], crit_list, YEARS)
        return list(optimise(arrays, score(arrays).value, problem, mip_rel_gap=0).chosen)

    assert best(crits) == ["I-W0", "I-W1", "I-W2"]
    assert best([_with(c, do_nothing=1.0) for c in crits]) == ["I-S"]
    assert best([_with(c, scale_lo=1.0) for c in crits]) == ["I-S"]
