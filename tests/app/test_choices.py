"""Why an item is out of the portfolio: a cap is named when it is the cause."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from stocktake import engine
from stocktake.app.choices import Choice, _order, choices
from stocktake.model import Workbook
from tests.engine.conftest import small_workbook

__all__ = ["small_workbook"]


def test_a_full_mission_cap_is_the_reason(small_workbook: Workbook) -> None:
    arrays = engine.arrays_from_workbook(small_workbook)
    table = engine.score(arrays, 0.5)
    mission = arrays.missions[0]
    problem = engine.PortfolioProblem(mission_caps={mission: 1})
    result = engine.optimise(arrays, table.value, problem)
    rows = {c.initiative_id: c for c in choices(arrays, table, result.chosen_mask, {}, {}, problem)}
    same = [i for i, m in zip(arrays.ids, arrays.missions, strict=True) if m == mission]
    assert len(same) > 1
    chosen = [i for i in same if rows[i].chosen]
    assert len(chosen) == 1
    for i in same:
        if not rows[i].chosen and rows[i].kind not in ("dependency", "exclusion"):
            assert rows[i].kind == "cap" and f"{mission} already has 1 chosen" in rows[i].reason
    # without the problem the same item is put down to the budget, never to a cap
    plain = choices(arrays, table, result.chosen_mask, {}, {})
    assert all(c.kind != "cap" for c in plain)
    assert np.any(result.chosen_mask)


@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(float("nan"))),
        ),
        max_size=40,
    )
)
def test_the_order_is_chosen_first_then_value_for_money_with_none_last(
    items: list[tuple[bool, float]],
) -> None:
    """The sort key agrees with numpy's NaN-to-number reading of the same values (the
    key it replaced, kept here as the oracle): chosen first, best value for money
    first, an item with no value for money (NaN) after every number."""
    rows = [Choice(f"I-{k:03d}", c, v, "", "") for k, (c, v) in enumerate(items)]

    def oracle(c: Choice) -> tuple[bool, float]:
        return (not c.chosen, float(-np.nan_to_num(c.value_for_money, nan=-1e300)))

    assert [c.initiative_id for c in sorted(rows, key=_order)] == [
        c.initiative_id for c in sorted(rows, key=oracle)
    ]
