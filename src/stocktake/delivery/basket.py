"""The smallest basket of metrics: advice on which metrics a mission could do without.

Three kinds of advice, each with its reason, none of them a decision:

* **redundant**: two metrics whose actual readings moved together (Pearson's |r| at or
  above a threshold over a stated window of years, on quarter-end values with at least
  :data:`MIN_SHARED` quarters in common), or a metric whose milestones are all covered
  by another metric too (it covers nothing unique);
* **uncovered**: a milestone no metric informs;
* **smallest set**: the fewest metrics that still cover every milestone that any metric
  covers, found exactly as a set cover with ``scipy.optimize.milp`` (HiGHS, the solver
  the portfolio uses). Ties go to the metric a milestone names, then the one with
  more actual readings, then the earlier row, so the advice does not change from run to run.

A metric *covers* a milestone when the milestone names it (its Metric ID) or the metric
lists the milestone (the Metrics sheet's *Milestones* column).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from stocktake.delivery.trajectory import readings_frame, whole_uk
from stocktake.model import Workbook

MIN_SHARED = 4
"""Fewest quarters two metrics must share before their correlation is advice (with
three points almost any two series look related)."""


@dataclass(frozen=True, slots=True)
class BasketSettings:
    correlation: float = 0.9
    """|r| at or above which two metrics' readings are said to move together."""
    window_years: float = 5.0
    """How far back from the latest actual the readings are compared."""


@dataclass(frozen=True, slots=True)
class Advice:
    """One line of advice: what it is about, and why."""

    kind: str  # "keep" | "redundant" | "unlinked" | "uncovered"
    subject: str  # a metric ID or a milestone ID
    reason: str
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Basket:
    coverage: Mapping[str, frozenset[str]]
    """Metric ID -> the milestones it covers."""
    smallest: tuple[str, ...]
    advice: tuple[Advice, ...]

    def of_kind(self, kind: str) -> list[Advice]:
        return [a for a in self.advice if a.kind == kind]


def coverage(wb: Workbook) -> dict[str, frozenset[str]]:
    """Which milestones each metric covers (see the module's definition)."""
    cover: dict[str, set[str]] = {mid: set() for mid in wb.metrics}
    for ms in wb.milestones.values():
        if ms.metric_id in cover:
            cover[ms.metric_id].add(ms.id)
    for mid, metric in wb.metrics.items():
        cover[mid].update(m for m in metric.milestone_ids if m in wb.milestones)
    return {mid: frozenset(ms) for mid, ms in cover.items()}


def set_cover(
    sets: Mapping[str, frozenset[str]], cost: Mapping[str, float] | None = None
) -> list[str]:
    """The fewest keys of ``sets`` whose union is the union of all of them (exact).

    ``cost`` breaks ties only: each key costs 1 plus its tie-break, scaled so the
    tie-breaks together are worth less than one key. Empty sets are never chosen.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    keys = [k for k, s in sets.items() if s]
    elements = sorted(set().union(*(sets[k] for k in keys))) if keys else []
    if not elements:
        return []
    raw = np.array([float((cost or {}).get(k, 0.0)) for k in keys])
    spread = raw.max() - raw.min() if len(raw) else 0.0
    tie = (raw - raw.min()) / spread if spread > 0 else np.zeros(len(keys))
    c = 1.0 + tie / (2.0 * len(keys))
    a = np.array([[1.0 if e in sets[k] else 0.0 for k in keys] for e in elements])
    res = milp(
        c,
        constraints=LinearConstraint(a, lb=np.ones(len(elements)), ub=np.inf),
        integrality=np.ones(len(keys)),
        bounds=Bounds(0, 1),
    )
    if res.x is None:  # pragma: no cover - every element is in some set, so always feasible
        raise RuntimeError(f"set cover found no solution: {res.message}")
    return [k for k, x in zip(keys, res.x, strict=True) if x > 0.5]


def correlated_pairs(
    wb: Workbook, cfg: BasketSettings
) -> list[tuple[str, str, float, int, dt.date, dt.date]]:
    """Pairs of metrics whose quarter-end actuals have |r| >= the threshold in the window:
    (metric a, metric b, r, quarters shared, first quarter, last quarter)."""
    import pandas as pd  # slow to load: see readings_frame

    frame = whole_uk(readings_frame(wb.readings))
    if frame.empty:
        return []
    frame = frame[(frame["kind"] == "Actual") & frame["metric"].isin(list(wb.metrics))]
    if frame.empty:
        return []
    frame = frame.assign(date=pd.to_datetime(frame["date"]))
    end = frame["date"].max()
    start = end - pd.Timedelta(days=round(365.25 * cfg.window_years))
    frame = frame[frame["date"] > start]
    wide = frame.pivot_table(index="date", columns="metric", values="value", aggfunc="last")
    quarterly = wide.resample("QE").last()
    present = quarterly.notna()
    shared = present.astype(int).T @ present.astype(int)
    corr = quarterly.corr(method="pearson", min_periods=MIN_SHARED)
    out = []
    cols = list(quarterly.columns)
    for i, a in enumerate(cols):
        for b in cols[i + 1 :]:
            r = corr.at[a, b]
            if pd.notna(r) and abs(r) >= cfg.correlation:
                both = quarterly.index[present[a] & present[b]]
                out.append(
                    (
                        str(a),
                        str(b),
                        float(r),
                        int(shared.at[a, b]),
                        both[0].date(),
                        both[-1].date(),
                    )
                )
    return out


def _quarter(date: dt.date) -> str:
    return f"{date.year}-Q{(date.month - 1) // 3 + 1}"


def advise(wb: Workbook, cfg: BasketSettings | None = None) -> Basket:
    """The basket advice for a workbook (every mission at once)."""
    cfg = cfg or BasketSettings()
    import pandas as pd  # slow to load: see readings_frame

    cover = coverage(wb)
    counts = pd.Series(
        [r.metric_id for r in wb.readings if r.kind.value == "Actual" and not r.place]
    ).value_counts()
    rows = {mid: m.row for mid, m in wb.metrics.items()}
    # Tie-break (a cost: lower is preferred): the metric a milestone names first (the
    # official measure), then the one with more actual readings, then the earlier row.
    named = {ms.metric_id for ms in wb.milestones.values()}
    tie = {
        mid: (0.0 if mid in named else 1e12) - float(counts.get(mid, 0)) * 1e6 + rows[mid]
        for mid in wb.metrics
    }
    smallest = set_cover(cover, tie)
    advice: list[Advice] = []
    for mid in wb.metrics:
        ms = cover[mid]
        if mid in smallest:
            only = [m for m in sorted(ms) if all(m not in cover[o] for o in cover if o != mid)]
            why = (
                f"the only metric for {', '.join(only)}"
                if only
                else f"covers {', '.join(sorted(ms))} with the fewest metrics"
            )
            advice.append(
                Advice("keep", mid, f"{mid} is in the smallest basket: {why}.", tuple(ms))
            )
    for mid, ms in cover.items():
        if not ms:
            advice.append(
                Advice(
                    "unlinked",
                    mid,
                    f"{mid} informs no milestone, so the basket does not need it to cover "
                    "them; keep it if it tells the board something the milestones do not.",
                )
            )
    order = {mid: i for i, mid in enumerate(wb.metrics)}
    for mid in wb.metrics:
        ms = cover[mid]
        if not ms:
            continue
        for other in wb.metrics:
            # Equal coverage: only the later of the two is called redundant.
            later = order[other] < order[mid]
            if other != mid and ms <= cover[other] and (ms < cover[other] or later):
                advice.append(
                    Advice(
                        "redundant",
                        mid,
                        f"{mid} covers {', '.join(sorted(ms))}, which {other} also covers; it "
                        "adds no milestone of its own.",
                        (other,),
                    )
                )
                break
    for a, b, r, n, first, last in correlated_pairs(wb, cfg):
        advice.append(
            Advice(
                "redundant",
                b,
                f"{a} and {b} moved together (Pearson r = {r:.2f} over {n} quarters, "
                f"{_quarter(first)} to {_quarter(last)}; threshold {cfg.correlation:g}); "
                "one of them may tell the board as much as both.",
                (a,),
            )
        )
    covered = set().union(*cover.values()) if cover else set()
    for ms_id, milestone in wb.milestones.items():
        if ms_id not in covered:
            says = (
                f" (it names '{milestone.metric_id}', which is not a metric)"
                if milestone.metric_id
                else ""
            )
            advice.append(
                Advice(
                    "uncovered",
                    ms_id,
                    f"milestone {ms_id} ({milestone.name}) has no metric{says}; progress on it "
                    "cannot be shown.",
                )
            )
    return Basket(cover, tuple(m for m in wb.metrics if m in smallest), tuple(advice))
