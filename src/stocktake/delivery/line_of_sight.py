"""Line of sight: which initiatives a metric relies on, and how much of its gap they close.

The *gap* is what is left between the latest actual (or the baseline, before any
actual) and the target, in the direction that counts; each initiative's expected
change, signed as the metric moves, closes ``change × direction / gap`` of it. A
change in the wrong direction counts against. A link with no size still counts as a
line of sight (the metric is not orphaned) but adds nothing to the share.
"""

from __future__ import annotations

from dataclasses import dataclass

from stocktake.delivery.trajectory import Trajectory, fmt
from stocktake.model import Contribution, Workbook
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


@dataclass(frozen=True, slots=True)
class InitiativeSight:
    initiative_id: str
    contributions: tuple[Contribution, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class LineOfSight:
    metrics: dict[str, MetricSight]
    initiatives: dict[str, InitiativeSight]

    @property
    def unmoved_metrics(self) -> list[str]:
        """Metrics no initiative is expected to move."""
        return [m for m, s in self.metrics.items() if not s.contributions]

    @property
    def idle_initiatives(self) -> list[str]:
        """Initiatives that move no metric."""
        return [i for i, s in self.initiatives.items() if not s.contributions]


def _gap(t: Trajectory) -> float | None:
    if t.target is None:
        return None
    m = t.metric
    start = t.actuals[-1][1] if t.actuals else m.baseline
    if start is None:
        return None
    sign = -1.0 if m.direction is Direction.LOWER else 1.0
    return sign * (t.target[1] - start)


def line_of_sight(wb: Workbook, trajectories: dict[str, Trajectory]) -> LineOfSight:
    by_metric: dict[str, list[Contribution]] = {m: [] for m in wb.metrics}
    by_initiative: dict[str, list[Contribution]] = {i: [] for i in wb.initiatives}
    for c in wb.contributions:
        by_metric.setdefault(c.metric_id, []).append(c)
        by_initiative.setdefault(c.initiative_id, []).append(c)
    metrics: dict[str, MetricSight] = {}
    for mid, metric in wb.metrics.items():
        cs = tuple(by_metric.get(mid, ()))
        sign = -1.0 if metric.direction is Direction.LOWER else 1.0
        expected = sum(sign * c.expected_change for c in cs if c.expected_change is not None)
        t = trajectories.get(mid)
        gap = _gap(t) if t is not None else None
        share = expected / gap if gap is not None and gap > 0 else None
        unit = metric.unit
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
                f"{fmt(gap, unit)} gap to target"
            ) + ("; the rest has no initiative behind it." if (share or 0) < 1 else ".")
        metrics[mid] = MetricSight(mid, cs, gap, expected, share, reason)
    initiatives: dict[str, InitiativeSight] = {}
    for iid in wb.initiatives:
        cs = tuple(by_initiative.get(iid, ()))
        if not cs:
            reason = f"{iid} is not expected to move any metric."
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
            reason = f"{iid} is expected to move {', '.join(parts)}."
        initiatives[iid] = InitiativeSight(iid, cs, reason)
    return LineOfSight(metrics, initiatives)
