"""Line of sight in one place against hand-computed cases: the initiatives that lie in
the place count with their full size against the place's own gap; UK-wide and
cross-border ones are named but not counted; the whole UK's is untouched by places."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.app.delivery import delivery, sight_in
from stocktake.delivery.line_of_sight import line_of_sight
from stocktake.delivery.place_reach import Reach, reach
from stocktake.delivery.places import place_trajectories
from stocktake.delivery.trajectory import trajectories
from stocktake.model import Contribution, Initiative, Metric, Reading, Workbook
from stocktake.model.vocab import Direction, ReadingKind

D0, D1, D_END = dt.date(2024, 1, 1), dt.date(2026, 1, 1), dt.date(2034, 1, 1)
A, T = ReadingKind.ACTUAL, ReadingKind.TRAJECTORY


def _wb() -> Workbook:
    wb = Workbook()
    wb.metrics["MT1"] = Metric(
        "MT1", "M1", "Homes", "homes", Direction.HIGHER, 0.0, D0, 100.0, D_END
    )
    wb.metrics["MT2"] = Metric(
        "MT2", "M1", "Offences", "offences", Direction.LOWER, 500.0, D0, 250.0, D_END
    )
    places = {
        "I-W": ("Wales",),
        "I-W2": ("Cymru",),  # Wales by another name
        "I-NE": ("North East",),
        "I-UK": (),  # no place: UK-wide
        "I-WS": ("Wales", "Scotland"),  # cross-border
        "I-S": ("Scotland",),
        "I-X": ("Atlantis",),  # unknown, kept as typed
        "I-idle": ("Wales",),
    }
    for iid, where in places.items():
        wb.initiatives[iid] = Initiative(iid, "M1", iid, places=where)
    sizes = {"I-W": 6.0, "I-W2": 3.0, "I-NE": 10.0, "I-UK": 20.0, "I-WS": 5.0, "I-S": 4.0}
    wb.contributions = [Contribution(i, "MT1", s) for i, s in sizes.items()]
    wb.contributions.append(Contribution("I-X", "MT1", 1.0))
    wb.contributions.append(Contribution("I-S", "MT2", -30.0))
    wb.readings = [
        Reading("MT1", D1, 30.0),  # whole UK: 70 to go
        Reading("MT1", D0, 10.0, T, "", 0, "Wales"),  # Wales: its own 10 -> 50
        Reading("MT1", D_END, 50.0, T, "", 0, "Wales"),
        Reading("MT1", D1, 26.0, A, "", 0, "Wales"),  # 24 to go in Wales
        Reading("MT1", D1, 12.0, A, "", 0, "Scotland"),  # Scotland: no target of its own
    ]
    return wb


def _sight(wb: Workbook, place: str):  # type: ignore[no-untyped-def]
    return line_of_sight(wb, place_trajectories(wb.metrics, wb.readings).get(place, {}), place)


def test_a_places_share_counts_only_initiatives_in_it_against_its_own_gap() -> None:
    wales = _sight(_wb(), "Wales").metrics["MT1"]
    # In Wales: I-W (6) and I-W2 (3, "Cymru") lie wholly in Wales; the gap is 50 - 26.
    assert wales.gap == 24.0 and wales.expected == 9.0
    assert wales.share == pytest.approx(9 / 24)
    assert {c.initiative_id for c in wales.contributions} == {"I-W", "I-W2", "I-UK", "I-WS"}
    assert {c.initiative_id for c in wales.wider} == {"I-UK", "I-WS"}
    assert wales.reason == (
        "Wales: 2 initiative(s) in Wales are expected to close 38% of the 24 homes gap to "
        "Wales's target; 2 UK-wide or wider initiative(s) also move it (sized for a wider "
        "area, so not counted in Wales's share); the rest has no initiative in Wales behind it."
    )


def test_a_region_counts_in_its_nation_and_a_nation_wide_one_reaches_beyond_a_region() -> None:
    assert reach(("North East",), "England") is Reach.WITHIN
    assert reach(("North East", "London"), "England") is Reach.WITHIN
    assert reach(("England",), "North East") is Reach.BEYOND
    assert reach(("Scotland",), "Wales") is Reach.ELSEWHERE
    assert reach(("UK",), "Wales") is Reach.BEYOND  # "UK" means the whole UK, as no place


def test_a_place_with_no_readings_or_no_target_says_no_gap_is_known() -> None:
    wb = _wb()
    england = _sight(wb, "England").metrics["MT1"]  # no readings of MT1 for England
    assert england.gap is None and england.share is None and england.expected == 10.0
    assert england.reason == (
        "England: 1 initiative(s) in England are expected to move MT1; 1 UK-wide or wider "
        "initiative(s) also move it (sized for a wider area, so not counted in England's "
        "share); England has no readings of MT1, so no gap to close there is known."
    )
    scotland = _sight(wb, "Scotland").metrics["MT1"]
    assert scotland.gap is None
    assert "Scotland has no target of its own for MT1" in scotland.reason


def test_a_place_with_no_initiative_moving_a_metric_says_so() -> None:
    wb = _wb()
    wales = _sight(wb, "Wales")
    # MT2 is moved only by I-S, in Scotland
    assert wales.metrics["MT2"].contributions == ()
    assert wales.metrics["MT2"].reason == (
        "Wales: no initiative in Wales, nor any UK-wide one, is expected to move MT2."
    )
    assert "MT2" in wales.unmoved_metrics
    # a lower-is-better fall counts for Scotland, in its direction
    assert _sight(wb, "Scotland").metrics["MT2"].expected == 30.0


def test_the_initiatives_listed_in_a_place_are_those_relied_on_there() -> None:
    wales = _sight(_wb(), "Wales")
    assert list(wales.initiatives) == ["I-W", "I-W2", "I-UK", "I-WS", "I-idle"]
    assert wales.idle_initiatives == ["I-idle"]
    assert wales.initiatives["I-UK"].reason == (
        "Wales: I-UK (UK-wide) is expected to move MT1 (+20 homes)."
    )
    assert wales.initiatives["I-WS"].reason.startswith("Wales: I-WS (across Wales, Scotland)")


def test_delivery_works_out_each_place_with_readings_and_any_other_on_request() -> None:
    wb = _wb()
    result = delivery(wb)
    assert set(result.place_sight) == {"Wales", "Scotland"}
    assert result.place_sight["Wales"].metrics["MT1"].share == pytest.approx(9 / 24)
    assert sight_in(result, wb, "") is result.sight
    assert sight_in(result, wb, "England").metrics["MT1"].expected == 10.0
    # the whole UK's is as before: every initiative, the total's gap
    whole = result.sight.metrics["MT1"]
    assert whole.gap == 70.0 and whole.expected == 49.0


# -- properties ------------------------------------------------------------------------

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
NATION_OF = {  # the test's own table, apart from the model's
    "England": "England",
    "North East": "England",
    "London": "England",
    "Scotland": "Scotland",
    "Wales": "Wales",
    "Northern Ireland": "Northern Ireland",
}
place_lists = st.lists(st.sampled_from([*NATION_OF, "UK"]), max_size=3, unique=True)
sizes = st.none() | st.integers(-50, 50).map(float)


@st.composite
def workbooks(draw: st.DrawFn) -> Workbook:
    wb = Workbook()
    direction = draw(st.sampled_from([Direction.HIGHER, Direction.LOWER]))
    wb.metrics["MT1"] = Metric("MT1", "M1", "Homes", "homes", direction, 0.0, D0, 100.0, D_END)
    n = draw(st.integers(1, 8))
    for k in range(n):
        wb.initiatives[f"I-{k}"] = Initiative(f"I-{k}", "M1", "x", places=tuple(draw(place_lists)))
    wb.contributions = [
        Contribution(f"I-{k}", "MT1", draw(sizes)) for k in range(n) if draw(st.booleans())
    ]
    wb.readings = [Reading("MT1", D1, draw(st.integers(0, 90)).__float__())]
    return wb


def _nation(wb: Workbook, iid: str) -> str | None:
    """The one nation an initiative lies wholly in, by the test's own table."""
    named = wb.initiatives[iid].places
    found = {NATION_OF.get(p) for p in named}
    return found.pop() if named and len(found) == 1 and None not in found else None


@settings(max_examples=60)
@given(workbooks())
def test_nations_expected_changes_add_up_with_uk_wide_ones_to_the_whole_uks(wb: Workbook) -> None:
    sign = -1.0 if wb.metrics["MT1"].direction is Direction.LOWER else 1.0

    def signed(c: Contribution) -> float:
        return sign * (c.expected_change or 0.0)

    whole = line_of_sight(wb, trajectories(wb.metrics, wb.readings)).metrics["MT1"].expected
    total = 0.0
    for nation in NATIONS:
        got = line_of_sight(wb, {}, nation).metrics["MT1"].expected
        oracle = sum(signed(c) for c in wb.contributions if _nation(wb, c.initiative_id) == nation)
        assert got == pytest.approx(oracle)
        total += got
    uk_wide = sum(signed(c) for c in wb.contributions if _nation(wb, c.initiative_id) is None)
    assert total + uk_wide == pytest.approx(whole)


@settings(max_examples=40)
@given(
    workbooks(),
    st.lists(
        st.tuples(
            st.sampled_from(NATIONS), st.integers(0, 3000), st.integers(0, 90), st.booleans()
        ),
        max_size=8,
    ),
)
def test_place_readings_leave_the_whole_uk_line_of_sight_unchanged(
    wb: Workbook, extra: list[tuple[str, int, int, bool]]
) -> None:
    before = delivery(wb).sight
    placed = dataclasses.replace(wb)
    placed.readings = [
        *wb.readings,
        *(
            Reading("MT1", D0 + dt.timedelta(days=d), float(v), T if plan else A, "", 0, p)
            for p, d, v, plan in extra
        ),
    ]
    assert delivery(placed).sight == before
