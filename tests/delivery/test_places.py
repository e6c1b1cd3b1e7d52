"""Trajectories by place against hand-computed cases: each place's own series and
judgement by the same rule, the place named in the reason, never mixed with the total."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.delivery.places import place_order, place_trajectories
from stocktake.delivery.trajectory import Status, trajectories
from stocktake.model import Metric, Reading
from stocktake.model.vocab import Direction, ReadingKind

D0 = dt.date(2024, 1, 1)
D_END = dt.date(2034, 1, 1)
A, T = ReadingKind.ACTUAL, ReadingKind.TRAJECTORY


def at(frac: float) -> dt.date:
    return D0 + dt.timedelta(days=round(frac * (D_END - D0).days))


METRICS = {"MT1": Metric("MT1", "M1", "Homes", "homes", Direction.HIGHER, 0.0, D0, 100.0, D_END)}


def r(date: dt.date, value: float, place: str = "", kind: ReadingKind = A) -> Reading:
    return Reading("MT1", date, value, kind, "", 0, place)


READINGS = [
    r(at(0.5), 50.0),  # whole UK: exactly on its straight trajectory
    # Wales: its own trajectory 10 -> 50; planned at the halfway date 30, actual 26.
    r(D0, 10.0, "Wales", T),
    r(D_END, 50.0, "Wales", T),
    r(at(0.4), 20.0, "Wales"),
    r(at(0.5), 26.0, "Wales"),
    # Scotland: one waypoint (its target, 80), joined from its first actual (60).
    r(at(0.4), 60.0, "Scotland"),
    r(at(0.5), 62.0, "Scotland"),
    r(D_END, 80.0, "Scotland", T),
    # England: actuals, later than the whole UK's, but no trajectory of its own.
    r(at(0.6), 70.0, "England"),
]


def test_the_whole_uk_series_is_the_readings_with_no_place() -> None:
    total = trajectories(METRICS, READINGS)["MT1"]
    assert total.actuals == ((at(0.5), 50.0),)  # no place's reading mixed in
    assert total.status is Status.ON_TRACK
    assert total.place == ""


def test_a_place_behind_its_own_trajectory_is_judged_by_the_same_rule() -> None:
    wales = place_trajectories(METRICS, READINGS)["Wales"]["MT1"]
    j = wales.judgement
    # Planned now 10 + 0.5 * 40 = 30; actual 26 is 4 of 40 behind: 10% -> at risk.
    assert j.planned_now == pytest.approx(30.0, abs=0.01)
    assert j.gap_share == pytest.approx(0.10, abs=0.001)
    # Trend 6 per tenth of the span: 26 + 6 * 5 = 56 by the end, beyond the target of 50.
    assert j.projected == pytest.approx(56.0, abs=0.1)
    assert j.status is Status.AT_RISK
    assert j.reason.startswith("Wales: at risk: latest actual 26 ")
    assert "10% of the planned change behind the trajectory (30 homes)" in j.reason
    assert wales.target == (D_END, 50.0)
    assert wales.place == "Wales"


def test_one_waypoint_is_joined_from_the_places_first_actual() -> None:
    scot = place_trajectories(METRICS, READINGS)["Scotland"]["MT1"]
    assert scot.planned == ((at(0.4), 60.0), (D_END, 80.0))
    j = scot.judgement
    # Planned now 60 + (0.1 / 0.6) * 20 = 63.33: 1.33 of 20 behind (6.7%); the trend
    # (2 per tenth) reaches 72, 8 of 20 short (40%): the worse, 40%, is off track.
    assert j.gap_share == pytest.approx(1.3333 / 20, abs=0.001)
    assert j.projected_share == pytest.approx(0.40, abs=0.005)
    assert j.status is Status.OFF_TRACK
    assert j.reason.startswith("Scotland: off track: ")


def test_a_place_without_a_trajectory_of_its_own_is_not_enough_data() -> None:
    eng = place_trajectories(METRICS, READINGS)["England"]["MT1"]
    assert eng.status is Status.NO_DATA
    assert eng.judgement.latest == 70.0
    assert "England has no trajectory of its own" in eng.judgement.reason
    assert "Trajectory readings for England" in eng.judgement.reason
    assert eng.target is None  # the whole UK's target is not borrowed


def test_places_come_nations_first_then_regions_then_unknown() -> None:
    assert place_order(["Atlantis", "London", "Wales", "England", "Great Britain"]) == [
        "England",
        "Wales",
        "London",
        "Great Britain",
        "Atlantis",
    ]
    assert list(place_trajectories(METRICS, READINGS)) == ["England", "Scotland", "Wales"]


def test_no_readings_by_place_means_no_place_series() -> None:
    assert place_trajectories(METRICS, [r(at(0.5), 50.0)]) == {}


PLACES = st.sampled_from(["", "", "England", "Wales", "Atlantis"])
KINDS = st.sampled_from([A, A, T, ReadingKind.FORECAST])
READING = st.builds(
    r,
    st.floats(0.0, 1.0).map(at),
    st.floats(-1e6, 1e6, allow_nan=False),
    PLACES,
    KINDS,
)


@settings(max_examples=60, deadline=None)
@given(readings=st.lists(READING, max_size=25))
def test_readings_for_places_never_change_the_whole_uk_judgement(
    readings: list[Reading],
) -> None:
    whole = [x for x in readings if not x.place]
    assert trajectories(METRICS, readings) == trajectories(METRICS, whole)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=1, max_size=6),
    start=st.floats(-1e4, 1e4, allow_nan=False),
    end=st.floats(-1e4, 1e4, allow_nan=False),
    direction=st.sampled_from([Direction.HIGHER, Direction.LOWER]),
)
def test_a_place_is_judged_as_a_metric_with_its_own_baseline_and_target(
    values: list[float], start: float, end: float, direction: Direction
) -> None:
    """Oracle: the place's series judged by the plain rule, as a metric whose baseline
    and target are the place's first and last waypoints."""
    actuals = [r(at(0.1 * (k + 1)), v, "Wales") for k, v in enumerate(values)]
    ways = [r(D0, start, "Wales", T), r(D_END, end, "Wales", T)]
    uk = Metric("MT1", "M1", "Homes", "homes", direction, 0.0, D0, 100.0, D_END)
    wales = place_trajectories({"MT1": uk}, actuals + ways)["Wales"]["MT1"]
    as_metric = {"MT1": Metric("MT1", "M1", "Homes", "homes", direction, start, D0, end, D_END)}
    oracle = trajectories(as_metric, [r(x.date, x.value) for x in actuals])["MT1"]
    assert wales.status is oracle.status
    assert wales.judgement.reason == f"Wales: {oracle.judgement.reason}"
    assert wales.actuals == oracle.actuals and wales.planned == oracle.planned
