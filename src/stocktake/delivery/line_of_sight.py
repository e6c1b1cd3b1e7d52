"""Line of sight: which initiatives a metric relies on, and how much of its gap they close.

The *gap* is what is left between the latest actual (or the baseline, before any
actual) and the target, in the direction that counts; each initiative's expected
change, signed as the metric moves, closes ``change × direction / gap`` of it. A
change in the wrong direction counts against. A link with no size still counts as a
line of sight (the metric is not orphaned) but adds nothing to the share.

In one place (:func:`line_of_sight` with ``place``; the rule in ``docs/delivery.md``)
the gap is the place's own (its latest actual to its own target, from its readings),
and an initiative counts by where it is (:mod:`.place_reach`): one whose places all lie
in the place is relied on there with its full size; a UK-wide one (no place), or one
that also reaches beyond the place, is relied on there too, but its size is for a wider
area, so it adds nothing to the place's share; one elsewhere is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from stocktake.delivery.place_reach import Reach, reaches, where
from stocktake.delivery.trajectory import Trajectory, fmt
from stocktake.model import Contribution, Metric, Workbook
from stocktake.model.places import WHOLE_UK
from stocktake.model.vocab import Direction


@dataclass(frozen=True, slots=True)
class MetricSight:
    metric_id: str
    contributions: tuple[Contribution, ...]
    gap: float | None
    """Left to go, in the metric's unit, in its good direction (None: no target)."""
    expected: float
    """Sum of the sized contributions, in the good direction."""
    share: float | None
    """Share of the gap the initiatives are expected to close (None: no gap to close)."""
    reason: str
    place: str = WHOLE_UK
    wider: tuple[Contribution, ...] = ()
    """In a place: the links (among ``contributions``) from UK-wide initiatives or ones
    reaching beyond the place, whose sizes are not counted in its share."""


@dataclass(frozen=True, slots=True)
class InitiativeSight:
    initiative_id: str
    contributions: tuple[Contribution, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class LineOfSight:
    metrics: dict[str, MetricSight]
    initiatives: dict[str, InitiativeSight]
    """Every initiative (in a place: those relied on there, UK-wide ones included)."""
    place: str = WHOLE_UK

    @property
    def unmoved_metrics(self) -> list[str]:
        """Metrics no initiative is expected to move."""
        return [m for m, s in self.metrics.items() if not s.contributions]

    @property
    def idle_initiatives(self) -> list[str]:
        """Initiatives that move no metric."""
        return [i for i, s in self.initiatives.items() if not s.contributions]


def _gap(t: Trajectory) -> float | None:
    """Left to go in the good direction: from the latest actual, else the start (the
    baseline for the whole UK; a place's own first trajectory point, as a UK baseline is
    no start for Wales)."""
    if t.target is None:
        return None
    m = t.metric
    if t.actuals:
        start: float | None = t.actuals[-1][1]
    elif t.place:
        start = t.planned[0][1] if t.planned else None
    else:
        start = m.baseline
    if start is None:
        return None
    sign = -1.0 if m.direction is Direction.LOWER else 1.0
    return sign * (t.target[1] - start)


def line_of_sight(
    wb: Workbook, trajectories: dict[str, Trajectory], place: str = WHOLE_UK
) -> LineOfSight:
    """Every metric's and initiative's line of sight; in ``place`` when given, with
    ``trajectories`` that place's own series (a metric missing has no readings there)."""
    reach = reaches(wb, place)
    by_metric: dict[str, list[Contribution]] = {m: [] for m in wb.metrics}
    by_initiative: dict[str, list[Contribution]] = {
        i: [] for i in wb.initiatives if reach.get(i, Reach.BEYOND) is not Reach.ELSEWHERE
    }
    for c in wb.contributions:
        if reach.get(c.initiative_id, Reach.BEYOND) is Reach.ELSEWHERE:
            continue
        by_metric.setdefault(c.metric_id, []).append(c)
        by_initiative.setdefault(c.initiative_id, []).append(c)
    metrics: dict[str, MetricSight] = {}
    for mid, metric in wb.metrics.items():
        cs = tuple(by_metric.get(mid, ()))
        t = trajectories.get(mid)
        if place:
            beyond = [reach.get(c.initiative_id, Reach.BEYOND) is Reach.BEYOND for c in cs]
            inside = tuple(c for c, b in zip(cs, beyond, strict=True) if not b)
            wider = tuple(c for c, b in zip(cs, beyond, strict=True) if b)
            metrics[mid] = _place_sight(metric, place, cs, inside, wider, t)
        else:
            metrics[mid] = _whole_uk_sight(metric, cs, t)
    initiatives: dict[str, InitiativeSight] = {}
    for iid in wb.initiatives:
        if iid not in by_initiative:
            continue  # elsewhere than the place
        cs = tuple(by_initiative[iid])
        lead = f"{place}: {iid} ({where(wb, iid, reach)})" if place else iid
        if not cs:
            reason = f"{lead} is not expected to move any metric."
        else:
            parts = []
            for c in cs:
                unit = wb.metrics[c.metric_id].unit if c.metric_id in wb.metrics else ""
                size = (
                    "size not stated"
                    if c.expected_change is None
                    else f"{c.expected_change:+,.4g} {unit}".rstrip()
                )
                parts.append(f"{c.metric_id} ({size})")
            reason = f"{lead} is expected to move {', '.join(parts)}."
        initiatives[iid] = InitiativeSight(iid, cs, reason)
    return LineOfSight(metrics, initiatives, place)


def _expected(metric: Metric, cs: tuple[Contribution, ...]) -> float:
    sign = -1.0 if metric.direction is Direction.LOWER else 1.0
    return sum(sign * c.expected_change for c in cs if c.expected_change is not None)


def _whole_uk_sight(
    metric: Metric, cs: tuple[Contribution, ...], t: Trajectory | None
) -> MetricSight:
    mid = metric.id
    expected = _expected(metric, cs)
    gap = _gap(t) if t is not None else None
    share = expected / gap if gap is not None and gap > 0 else None
    if not cs:
        reason = f"no initiative is expected to move {mid}."
    elif gap is None:
        reason = (
            f"{len(cs)} initiative(s) are expected to move {mid}; it has no target, "
            "so no gap to close."
        )
    elif gap <= 0:
        reason = f"{mid} has already reached its target; {len(cs)} initiative(s) support it."
    else:
        unsized = sum(1 for c in cs if c.expected_change is None)
        note = f" ({unsized} with no size stated)" if unsized else ""
        reason = (
            f"{len(cs)} initiative(s){note} are expected to close {share:.0%} of the "
            f"{fmt(gap, metric.unit)} gap to target"
        ) + ("; the rest has no initiative behind it." if (share or 0) < 1 else ".")
    return MetricSight(mid, cs, gap, expected, share, reason)


def _place_sight(
    metric: Metric,
    place: str,
    cs: tuple[Contribution, ...],
    inside: tuple[Contribution, ...],
    wider: tuple[Contribution, ...],
    t: Trajectory | None,
) -> MetricSight:
    """A metric's line of sight in ``place``: only the initiatives lying in it count
    towards the share of the place's own gap; UK-wide and wider ones are named apart."""
    mid = metric.id
    expected = _expected(metric, inside)
    gap = _gap(t) if t is not None else None
    share = expected / gap if gap is not None and gap > 0 else None
    also = (
        f"; {len(wider)} UK-wide or wider initiative(s) also move it (sized for a wider "
        f"area, so not counted in {place}'s share)"
        if wider
        else ""
    )
    who = (
        f"{len(inside)} initiative(s) in {place} are"
        if inside
        else f"no initiative in {place} itself is"
    )
    if not cs:
        reason = (
            f"{place}: no initiative in {place}, nor any UK-wide one, is expected to move {mid}."
        )
    elif gap is None:
        why = (
            f"{place} has no readings of {mid}"
            if t is None
            else f"{place} has no target of its own for {mid} (Trajectory readings for {place})"
        )
        reason = (
            f"{place}: {who} expected to move {mid}{also}; {why}, so no gap to close there "
            "is known."
        )
    elif gap <= 0:
        reason = (
            f"{place}: {mid} has already reached {place}'s target; {who} expected to move it{also}."
        )
    elif not inside:
        reason = (
            f"{place}: {who} expected to move {mid}{also}; none is counted against the "
            f"{fmt(gap, metric.unit)} gap to {place}'s target."
        )
    else:
        unsized = sum(1 for c in inside if c.expected_change is None)
        note = f" ({unsized} with no size stated)" if unsized else ""
        rest = f"; the rest has no initiative in {place} behind it." if (share or 0) < 1 else "."
        reason = (
            f"{place}: {len(inside)} initiative(s) in {place}{note} are expected to close "
            f"{share:.0%} of the {fmt(gap, metric.unit)} gap to {place}'s target{also}{rest}"
        )
    return MetricSight(mid, cs, gap, expected, share, reason, place, wider)
