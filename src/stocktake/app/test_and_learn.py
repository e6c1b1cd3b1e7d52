"""The test-and-learn pipeline: how many initiatives sit in each stage and for how long,
each initiative's evaluation plan and what it led to, and plans past their decision date.

``today`` is always passed in (the window passes the clock, tests a fixed day), so a
flag never depends on when a test runs.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from stocktake.model import Evaluation, Initiative, Stage, Workbook

PIPELINE: tuple[Stage, ...] = (
    Stage.IDEA,
    Stage.TEST,
    Stage.LEARN,
    Stage.SCALE,
    Stage.STOPPED,
    Stage.BAU,
)
"""Idea → Test → Learn, then Scale, Stop or business as usual."""

LEARNING = (Stage.TEST, Stage.LEARN)


@dataclass(frozen=True, slots=True)
class StageCount:
    stage: str
    count: int
    median_days: float | None
    longest_days: int | None
    dated: int

    @property
    def time_in_stage(self) -> str:
        if self.median_days is None:
            return "no stage dates"
        months = self.median_days / 30.44
        return f"median {months:.1f} months (longest {self.longest_days} days; {self.dated} dated)"


def pipeline(workbook: Workbook, today: dt.date) -> list[StageCount]:
    """Counts and time in stage, stage by stage (initiatives with no stage last)."""
    out = []
    groups: dict[Stage | None, list[Initiative]] = {}
    for init in workbook.initiatives.values():
        groups.setdefault(init.stage, []).append(init)
    for stage in (*PIPELINE, None):
        inits = groups.get(stage, [])
        if stage is None and not inits:
            continue
        days = [(today - i.stage_since).days for i in inits if i.stage_since is not None]
        out.append(
            StageCount(
                stage.value if stage else "No stage given",
                len(inits),
                statistics.median(days) if days else None,
                max(days) if days else None,
                len(days),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class PlanStatus:
    """One initiative's evaluation plan (or its absence) and whether a decision is due."""

    initiative_id: str
    initiative: str
    mission_id: str
    stage: str
    places: tuple[str, ...]
    plan: Evaluation | None
    status: str


def plan_status(plan: Evaluation | None, stage: Stage | None, today: dt.date) -> str:
    """Words for the state of a plan: a decision taken, overdue, due, or no plan."""
    if plan is None:
        return "no evaluation plan" if stage in LEARNING else "no plan needed yet"
    if plan.decision.strip():
        return f"decided: {plan.decision.strip()}"
    if plan.decision_date is None:
        return "no decision date set"
    days = (plan.decision_date - today).days
    if days < 0:
        return f"overdue: decision date passed {-days} days ago"
    return f"due in {days} days"


def plans(workbook: Workbook, today: dt.date) -> list[PlanStatus]:
    """Every evaluation, plus initiatives in Test or Learn without one (a gap)."""
    out = []
    has_plan: set[str] = set()
    for e in workbook.evaluations:
        init = workbook.initiatives.get(e.initiative_id)
        has_plan.add(e.initiative_id)
        stage = init.stage if init else None
        out.append(
            PlanStatus(
                e.initiative_id,
                init.name if init else "",
                init.mission_id if init else "",
                stage.value if stage else "",
                init.places if init else (),
                e,
                plan_status(e, stage, today),
            )
        )
    for init in workbook.initiatives.values():
        if init.stage in LEARNING and init.id not in has_plan:
            out.append(
                PlanStatus(
                    init.id,
                    init.name,
                    init.mission_id,
                    init.stage.value if init.stage else "",
                    init.places,
                    None,
                    plan_status(None, init.stage, today),
                )
            )
    return out


def is_overdue(p: PlanStatus) -> bool:
    return p.status.startswith("overdue")
