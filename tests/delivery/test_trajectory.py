"""The on-track rule against hand-computed cases, and its two promised properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.delivery.trajectory import (
    JudgeSettings,
    Status,
    judge,
    planned_points,
    trajectories,
    value_on,
)
from stocktake.model import Metric, Reading
from stocktake.model.vocab import Direction, ReadingKind

D0 = dt.date(2024, 1, 1)
D_END = dt.date(2034, 1, 1)  # 3,653 days later


def metric(direction: Direction = Direction.HIGHER, baseline=0.0, target=100.0) -> Metric:
    return Metric("MT1", "M1", "Homes", "homes", direction, baseline, D0, target, D_END)


def at(frac: float) -> dt.date:
    return D0 + dt.timedelta(days=round(frac * (D_END - D0).days))


def test_linear_trajectory_is_read_between_baseline_and_target() -> None:
    planned = planned_points(metric())
    assert planned == ((D0, 0.0), (D_END, 100.0))
    assert value_on(planned, at(0.5)) == pytest.approx(50.0, abs=0.02)
    assert value_on(planned, dt.date(2020, 1, 1)) == 0.0  # flat before the baseline
    assert value_on(planned, dt.date(2040, 1, 1)) == 100.0  # and after the target


def test_stated_waypoints_bend_the_trajectory() -> None:
    mid = dt.date(2026, 1, 1)
    planned = planned_points(metric(), [(mid, 10.0)])
    assert planned == ((D0, 0.0), (mid, 10.0), (D_END, 100.0))
    assert value_on(planned, mid) == 10.0


def test_behind_now_by_a_tenth_of_the_distance_is_at_risk() -> None:
    # Planned at the halfway date: 50; actual 40 is 10 of 100 behind -> 10% -> at risk.
    m = metric()
    actuals = ((at(0.4), 30.0), (at(0.5), 40.0))
    j = judge(m, actuals, planned_points(m))
    assert j.gap_share == pytest.approx(0.10, abs=0.001)
    # Trend: 10 per 0.1 of the span -> at the target date 40 + 50 = 90: 10% short
    # (dates are whole days, so the fitted slope is a hair off 100 per span).
    assert j.projected == pytest.approx(90.0, abs=0.2)
    assert j.status is Status.AT_RISK
    assert "10% of the planned change behind" in j.reason
    assert "10% of the planned change short of the target" in j.reason


def test_projection_far_short_is_off_track_even_when_on_the_line_now() -> None:
    m = metric()
    actuals = ((at(0.4), 50.0), (at(0.5), 50.0))  # flat for a year, at 50 at halfway
    j = judge(m, actuals, planned_points(m))
    assert j.gap_share == pytest.approx(0.0, abs=0.001)
    assert j.projected == pytest.approx(50.0)
    assert j.status is Status.OFF_TRACK  # 50% short at the target date


def test_lower_is_better_is_judged_the_other_way_round() -> None:
    m = metric(Direction.LOWER, baseline=100.0, target=50.0)
    planned = planned_points(m)
    # Halfway the plan is 75; an actual of 70 is ahead (lower), trending to the target.
    ahead = judge(m, ((at(0.4), 80.0), (at(0.5), 70.0)), planned)
    assert ahead.gap_share == pytest.approx(-0.10, abs=0.002)
    assert ahead.status is Status.ON_TRACK
    # The mirror image (80, higher than planned) is behind.
    behind = judge(m, ((at(0.4), 85.0), (at(0.5), 80.0)), planned)
    assert behind.gap_share == pytest.approx(0.10, abs=0.002)
    assert behind.status is not Status.ON_TRACK


def test_one_actual_is_judged_on_the_gap_now_alone() -> None:
    m = metric()
    j = judge(m, ((at(0.5), 48.0),), planned_points(m))
    assert j.projected is None and j.status is Status.ON_TRACK  # 2% behind
    assert "one actual is too few for a trend" in j.reason


def test_no_actual_or_no_trajectory_is_not_enough_data() -> None:
    m = metric()
    assert judge(m, (), planned_points(m)).status is Status.NO_DATA
    no_target = Metric("MT2", "M1", "Confidence", "%", Direction.HIGHER, 60.0, D0)
    j = judge(no_target, ((at(0.5), 61.0),), planned_points(no_target))
    assert j.status is Status.NO_DATA
    assert "needs a target value and date" in j.reason


def test_settings_move_the_thresholds() -> None:
    m = metric()
    actuals = ((at(0.5), 40.0),)  # 10% behind, no trend
    strict = judge(m, actuals, planned_points(m), JudgeSettings(at_risk=0.02, off_track=0.08))
    assert strict.status is Status.OFF_TRACK
    lax = judge(m, actuals, planned_points(m), JudgeSettings(at_risk=0.2, off_track=0.4))
    assert lax.status is Status.ON_TRACK


def test_trajectories_split_readings_by_kind_and_keep_the_last_of_a_date() -> None:
    m = metric()
    reads = [
        Reading("MT1", at(0.5), 40.0),
        Reading("MT1", at(0.2), 15.0),
        Reading("MT1", at(0.5), 45.0),  # a later row for the same date wins
        Reading("MT1", at(0.8), 82.0, ReadingKind.FORECAST),
        Reading("MT1", at(0.3), 20.0, ReadingKind.TRAJECTORY),
        Reading("MT9", at(0.3), 1.0),  # another metric's
    ]
    t = trajectories({"MT1": m}, reads)["MT1"]
    assert t.actuals == ((at(0.2), 15.0), (at(0.5), 45.0))
    assert t.forecasts == ((at(0.8), 82.0),)
    assert (at(0.3), 20.0) in t.planned
    assert t.target == (D_END, 100.0)


# -- properties --------------------------------------------------------------------------

fractions = st.lists(
    st.floats(min_value=0.01, max_value=0.95), min_size=1, max_size=8, unique=True
).map(sorted)
directions = st.sampled_from([Direction.HIGHER, Direction.LOWER])


def _on_line(m: Metric, fracs: list[float]) -> tuple[tuple[dt.date, float], ...]:
    planned = planned_points(m)
    dates = sorted({at(f) for f in fracs})
    return tuple((d, value_on(planned, d)) for d in dates)


@settings(max_examples=80)
@given(fracs=fractions, direction=directions, recent=st.integers(2, 6))
def test_a_metric_exactly_on_its_trajectory_is_on_track(
    fracs: list[float], direction: Direction, recent: int
) -> None:
    m = metric(direction, *((0.0, 100.0) if direction is Direction.HIGHER else (100.0, 20.0)))
    j = judge(m, _on_line(m, fracs), planned_points(m), JudgeSettings(recent=recent))
    assert j.status is Status.ON_TRACK, j.reason


@settings(max_examples=120)
@given(
    fracs=fractions,
    direction=directions,
    noise=st.lists(st.floats(-30, 30), min_size=8, max_size=8),
    push=st.floats(0.0, 200.0),
    only_latest=st.booleans(),
)
def test_moving_actuals_the_bad_way_never_improves_the_status(
    fracs: list[float], direction: Direction, noise: list[float], push: float, only_latest: bool
) -> None:
    m = metric(direction, *((0.0, 100.0) if direction is Direction.HIGHER else (100.0, 20.0)))
    base = tuple((d, v + n) for (d, v), n in zip(_on_line(m, fracs), noise, strict=False))
    bad = -push if direction is Direction.HIGHER else push
    moved = tuple(
        (d, v + bad) if not only_latest or i == len(base) - 1 else (d, v)
        for i, (d, v) in enumerate(base)
    )
    before = judge(m, base, planned_points(m))
    after = judge(m, moved, planned_points(m))
    assert after.status.rank >= before.status.rank, (before.reason, after.reason)


def _grouped_by_pandas(readings: list[Reading]) -> dict[tuple[str, str], tuple]:  # type: ignore[type-arg]
    """The oracle: a pandas group-by of the readings frame (how the series were once
    built), each pair's points sorted by date with the last row of a date kept."""
    import numpy as np

    from stocktake.delivery.trajectory import readings_frame

    frame = readings_frame(readings)
    if frame.empty:
        return {}
    frame = frame[np.isfinite(frame["value"].to_numpy(dtype=float))]
    out = {}
    for (metric, kind), group in frame.groupby(["metric", "kind"], sort=False):
        g = group.sort_values("date", kind="stable").drop_duplicates("date", keep="last")
        dates = g["date"].to_numpy().astype("datetime64[D]").tolist()
        out[(str(metric), str(kind))] = tuple(zip(dates, g["value"].tolist(), strict=True))
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["M1", "M2", "M3"]),
            st.sampled_from(list(ReadingKind)),
            st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 20)),
            st.one_of(st.floats(-5, 5), st.just(float("nan")), st.just(float("inf"))),
        ),
        max_size=40,
    )
)
def test_series_group_as_a_pandas_group_by_would(
    rows: list[tuple[str, ReadingKind, dt.date, float]],
) -> None:
    """Each metric's points by kind, in date order, the last reading of a date kept and
    non-finite values left out, pairs in the order they first appear."""
    from stocktake.delivery.trajectory import _series

    readings = [Reading(m, d, v, k) for m, k, d, v in rows]
    got = _series(readings)
    want = _grouped_by_pandas(readings)
    assert list(got) == list(want)
    assert got == want
