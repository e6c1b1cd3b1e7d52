"""Each metric's planned trajectory, its readings, and the on-track judgement in words.

The rule (documented in ``docs/delivery.md``, the one place a reader of a board pack
would look it up):

* The **planned trajectory** runs from the baseline (value, date) to the target
  (value, date) in a straight line, or through the waypoints the workbook states as
  readings of kind *Trajectory*. Before its first point it holds the first value, after
  its last the last.
* The **distance** is the size of the whole planned change, ``|target - start|``; every
  gap below is a share of it, so a 2-point miss on a 30-point journey and a 2,000-home
  miss on a 1.3-million-home one are judged alike.
* **Now** is the date of the latest actual: the gap is measured where there is data,
  not penalised for a statistic that is simply not yet published.
* The **gap now** is how far the latest actual is behind the trajectory at that date,
  as a share of the distance (negative: ahead). Behind means below for a metric where
  higher is better and above where lower is better.
* The **projection** fits a least-squares line through the last *N* actuals (N a
  setting, at least 2 points) and reads it at the target date; its **shortfall** is
  how far that falls short of the target, as a share of the distance. No projection is
  made once the target date has passed or with fewer than two actuals.
* The **status** is set by the worse of the two shares: at most ``at_risk`` (5 %)
  *on track*; at most ``off_track`` (15 %) *at risk*; beyond it *off track*. With no
  actual, or no target and no waypoint to judge against, *not enough data*.

Monotone by construction: moving actuals in the bad direction never lowers either
share (the least-squares line at a date after the data puts positive weight on every
later point), so it never improves the status; the property tests check it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import numpy as np

from stocktake.model import Metric, Reading

if TYPE_CHECKING:
    import pandas as pd
from stocktake.model.vocab import Direction

Point = tuple[dt.date, float]


class Status(Enum):
    """The judgement, worst last, so ``max`` by :attr:`rank` is the worse of two."""

    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    NO_DATA = "not enough data"

    @property
    def rank(self) -> int:
        """Order of concern among judged statuses; *not enough data* sorts apart (-1)."""
        return {"on track": 0, "at risk": 1, "off track": 2}.get(self.value, -1)


@dataclass(frozen=True, slots=True)
class JudgeSettings:
    """The rule's knobs; the app reads them from the workbook's settings sheet."""

    recent: int = 4
    """N: how many of the latest actuals the trend is fitted through."""
    at_risk: float = 0.05
    """Largest gap (share of the planned change) still *on track*."""
    off_track: float = 0.15
    """Largest gap still *at risk*."""


@dataclass(frozen=True, slots=True)
class Judgement:
    status: Status
    reason: str
    as_of: dt.date | None = None
    latest: float | None = None
    planned_now: float | None = None
    gap_share: float | None = None
    projected: float | None = None
    projected_share: float | None = None


@dataclass(frozen=True, slots=True)
class Trajectory:
    """Everything a chart or a table of one metric needs, with its judgement."""

    metric: Metric
    actuals: tuple[Point, ...]
    forecasts: tuple[Point, ...]
    planned: tuple[Point, ...]
    target: Point | None
    judgement: Judgement
    place: str = ""
    """The nation or region of this series; empty: the whole-UK (total) series."""

    @property
    def status(self) -> Status:
        return self.judgement.status


def _days(date: dt.date) -> float:
    return float(date.toordinal())


def planned_points(
    metric: Metric, waypoints: tuple[Point, ...] | list[Point] = ()
) -> tuple[Point, ...]:
    """The trajectory's corners in date order: baseline, stated waypoints, target.

    A waypoint on the baseline's or target's date gives way to the metric's own value,
    which is the one the Metrics sheet states on purpose.
    """
    corners: dict[dt.date, float] = {d: float(v) for d, v in waypoints}
    if metric.baseline is not None and metric.baseline_date is not None:
        corners[metric.baseline_date] = float(metric.baseline)
    if metric.target is not None and metric.target_date is not None:
        corners[metric.target_date] = float(metric.target)
    return tuple(sorted(corners.items()))


def value_on(planned: tuple[Point, ...], date: dt.date) -> float:
    """The planned value on ``date``: linear between corners, flat outside them."""
    xs = [_days(d) for d, _ in planned]
    ys = [v for _, v in planned]
    return float(np.interp(_days(date), xs, ys))


def trend_at(actuals: tuple[Point, ...], recent: int, date: dt.date) -> float | None:
    """The least-squares line through the last ``recent`` actuals, read at ``date``."""
    last = actuals[-max(recent, 2) :]
    if len(last) < 2 or len({d for d, _ in last}) < 2:
        return None
    xs = np.array([_days(d) for d, _ in last])
    ys = np.array([v for _, v in last])
    slope, intercept = np.polyfit(xs - xs[0], ys, 1)
    return float(intercept + slope * (_days(date) - xs[0]))


def fmt(value: float, unit: str = "") -> str:
    """A value as a person reads it: thousands separated, three significant figures
    below a thousand, ``%`` glued on (the Metrics tab once showed 186,600 as 1.866e+05)."""
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


def _month(date: dt.date) -> str:
    return date.strftime("%b %Y")


def _verdict(share: float, cfg: JudgeSettings) -> Status:
    if share <= cfg.at_risk:
        return Status.ON_TRACK
    if share <= cfg.off_track:
        return Status.AT_RISK
    return Status.OFF_TRACK


def judge(
    metric: Metric,
    actuals: tuple[Point, ...],
    planned: tuple[Point, ...],
    cfg: JudgeSettings | None = None,
) -> Judgement:
    """The status and its reason for one metric (``actuals`` in date order)."""
    cfg = cfg or JudgeSettings()
    if not actuals:
        return Judgement(
            Status.NO_DATA, "not enough data: no actual reading yet, so progress cannot be judged."
        )
    as_of, latest = actuals[-1]
    unit = metric.unit
    if len(planned) < 2:
        missing = (
            "a target value and date"
            if metric.target is None or not metric.target_date
            else ("a baseline value and date")
        )
        return Judgement(
            Status.NO_DATA,
            f"not enough data: latest actual {fmt(latest, unit)} ({_month(as_of)}), but the "
            "metric has no "
            f"trajectory to judge against: it needs {missing}, or trajectory readings.",
            as_of,
            latest,
        )
    (_, start), (end_date, end) = planned[0], planned[-1]
    sign = -1.0 if metric.direction is Direction.LOWER else 1.0
    distance = abs(end - start) or abs(end) or 1.0
    planned_now = value_on(planned, as_of)
    gap = sign * (planned_now - latest) / distance
    projected = trend_at(actuals, cfg.recent, end_date) if as_of < end_date else None
    proj_gap = None if projected is None else sign * (end - projected) / distance
    status = _verdict(gap if proj_gap is None else max(gap, proj_gap), cfg)
    where = "behind" if gap > 0 else "ahead of"
    now = (
        f"latest actual {fmt(latest, unit)} ({_month(as_of)}) is on the trajectory"
        if abs(gap) < 0.005
        else f"latest actual {fmt(latest, unit)} ({_month(as_of)}) is {abs(gap):.0%} of the "
        f"planned change {where} the trajectory ({fmt(planned_now, unit)})"
    )
    if projected is None:
        why = (
            "the target date has passed"
            if as_of >= end_date
            else "one actual is too few for a trend"
        )
        then = f"no projection ({why})"
    else:
        n = min(len(actuals), max(cfg.recent, 2))
        short = "short of" if proj_gap is not None and proj_gap > 0 else "beyond"
        then = (
            f"the trend of the last {n} actuals reaches {fmt(projected, unit)} by "
            f"{_month(end_date)}, "
            + (
                "meeting the target"
                if proj_gap is not None and proj_gap <= 0
                else f"{abs(proj_gap or 0):.0%} of the planned change {short} the target"
            )
            + f" of {fmt(end, unit)}"
        )
    return Judgement(
        status,
        f"{status.value}: {now}; {then}.",
        as_of,
        latest,
        planned_now,
        gap,
        projected,
        proj_gap,
    )


def readings_frame(readings: list[Reading]) -> pd.DataFrame:
    """The readings as one frame (metric, kind, date, value), built column-wise: a
    workbook can hold 200k readings, and grouping a frame is what pandas is for.

    pandas is imported here, not at the top: it takes a second or more to load, which
    a window must spend on a worker thread, never on its GUI thread."""
    import pandas as pd

    # Dates as day numbers, then datetime64: a column of date objects would make every
    # later sort and comparison a Python-level loop holding the GIL (a window's GUI
    # thread waits on that while this runs in the background).
    days = np.fromiter((r.date.toordinal() for r in readings), np.int64, len(readings))
    return pd.DataFrame(
        {
            "metric": [r.metric_id for r in readings],
            "kind": [r.kind.value for r in readings],
            "date": (days - _EPOCH_ORDINAL).astype("datetime64[D]"),
            "value": np.fromiter((r.value for r in readings), float, len(readings)),
            "place": [r.place for r in readings],
        }
    )


def whole_uk(frame: pd.DataFrame) -> pd.DataFrame:
    """The readings of the whole-UK (total) series: those with no place. A reading for
    a nation or region belongs to that place's series (:mod:`stocktake.delivery.places`)
    and is never mixed into the total."""
    places = frame["place"].to_numpy()
    return frame[places == ""] if len(places) and (places != "").any() else frame


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _series(readings: list[Reading]) -> dict[tuple[str, str], tuple[Point, ...]]:
    """Each (metric, kind)'s points in date order, one value per date (the last given),
    in the order the pairs first appear; readings without a finite value are left out.

    numpy alone (one stable sort by pair then date), not a pandas group-by: a save that
    draws the metric charts would otherwise load pandas for this one grouping (about
    half a second of a 5,000-initiative save's CPU, measured in benchmarks/).
    """
    values = np.fromiter((r.value for r in readings), float, len(readings))
    finite = np.flatnonzero(np.isfinite(values))
    if not len(finite):
        return {}
    pairs: dict[tuple[str, str], int] = {}
    group = np.fromiter(
        (
            pairs.setdefault((readings[k].metric_id, readings[k].kind.value), len(pairs))
            for k in finite.tolist()
        ),
        np.int64,
        len(finite),
    )
    days = np.fromiter(
        (readings[k].date.toordinal() for k in finite.tolist()), np.int64, len(finite)
    )
    order = np.lexsort((days, group))  # stable: rows of one pair and date stay as given
    group, days, values = group[order], days[order], values[finite][order]
    last = np.append((group[1:] != group[:-1]) | (days[1:] != days[:-1]), True)
    group, days, values = group[last], days[last], values[last]
    dates = (days - _EPOCH_ORDINAL).astype("datetime64[D]").tolist()
    bounds = np.flatnonzero(np.diff(group)) + 1
    out: dict[tuple[str, str], tuple[Point, ...]] = {}
    for pair, lo, hi in zip(
        pairs, [0, *bounds.tolist()], [*bounds.tolist(), len(group)], strict=True
    ):
        out[pair] = tuple(zip(dates[lo:hi], values[lo:hi].tolist(), strict=True))
    return out


def series(
    frame: pd.DataFrame, by: tuple[str, ...] = ("metric", "kind")
) -> dict[tuple[str, ...], tuple[Point, ...]]:
    """Each group's points (by default each (metric, kind)) in date order, one value per
    date (the last given)."""
    if frame.empty:
        return {}
    frame = frame[np.isfinite(frame["value"].to_numpy(dtype=float))]
    out: dict[tuple[str, ...], tuple[Point, ...]] = {}
    for key, group in frame.groupby(list(by), sort=False):
        dates = group["date"].to_numpy().astype("datetime64[D]")
        values = group["value"].to_numpy(dtype=float)
        order = np.argsort(dates, kind="stable")
        dates, values = dates[order], values[order]
        last = np.append(dates[1:] != dates[:-1], True)  # the last row given for a date
        out[tuple(str(k) for k in key)] = tuple(
            zip(dates[last].tolist(), values[last].tolist(), strict=True)
        )
    return out


def trajectories(
    metrics: dict[str, Metric], readings: list[Reading], cfg: JudgeSettings | None = None
) -> dict[str, Trajectory]:
    """Every metric's trajectory and judgement, keyed by metric ID, in the sheet's order."""
    # The whole-UK series only: a reading with a place is that place's (delivery.places).
    points = _series([r for r in readings if not r.place])
    out: dict[str, Trajectory] = {}
    for mid, metric in metrics.items():
        actuals = points.get((mid, "Actual"), ())
        planned = planned_points(metric, points.get((mid, "Trajectory"), ()))
        target: Point | None = None
        if metric.target is not None and metric.target_date is not None:
            target = (metric.target_date, float(metric.target))
        elif len(planned) >= 2:
            target = planned[-1]
        out[mid] = Trajectory(
            metric,
            actuals,
            points.get((mid, "Forecast"), ()),
            planned,
            target,
            judge(metric, actuals, planned, cfg),
        )
    return out
