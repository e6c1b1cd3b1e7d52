"""What the board pack prints of mission health: critical success factors, the
contribution map, test and learn, and place, as plain rows.

Why rows here and the computing elsewhere: the words (a rating, a trend, a gap, a plan
past its date) are decided once in the application layer, for the window and the pack
alike (``stocktake.app.csf``, ``contribution_map``, ``test_and_learn``, ``place``), and
the report layer sits below it, so it cannot call them. The pack's builder is handed a
:data:`HealthSource` instead, runs it on the workbook it prints (the public copy for a
public pack, so nothing withheld is counted), and both renderers only lay out a
:class:`HealthPack`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from stocktake.model import Workbook

PUBLIC_EVIDENCE = (
    "The evidence behind each rating is not printed in the public version: it is the "
    "mission's candid account of itself, kept inside like the meeting's minutes."
)
"""The rule for CSF evidence in a public pack, printed where the evidence would be."""

PUBLIC_COUNTS = (
    "Counted over the published items only: an item withheld from this version may name "
    "a partner or a place not shown here."
)


@dataclass(frozen=True, slots=True)
class FactorRow:
    """One mission's latest self-assessment on one critical success factor."""

    mission: str
    factor: str
    rating: str
    trend: str
    assessed: str
    evidence: str


@dataclass(frozen=True, slots=True)
class SectorRow:
    """The organisations of one sector contributing to one mission."""

    mission: str
    sector: str
    organisations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    milestone_id: str
    mission: str
    milestone: str
    partners: tuple[str, ...]

    @property
    def gap(self) -> str:
        """The gap in words, or "" when a delivery partner is named."""
        if self.partners:
            return ""
        return (
            f"No delivery partner named for milestone {self.milestone_id} "
            f"({self.milestone}) of {self.mission}."
        )


@dataclass(frozen=True, slots=True)
class StageRow:
    stage: str
    count: int
    time_in_stage: str


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One evaluation plan (or its absence) and what it led to."""

    initiative_id: str
    initiative: str
    stage: str
    question: str
    measure: str
    threshold: str
    decision_date: str
    result: str
    decision: str
    status: str
    overdue: bool

    def cells(self) -> tuple[str, ...]:
        """The row as the PDF table and the pack workbook's sheet both print it, in the
        order of :data:`PLAN_HEADERS` (one list, so the two cannot drift apart)."""
        return (
            self.initiative_id,
            self.initiative,
            self.stage,
            self.question,
            self.measure,
            self.threshold,
            self.decision_date,
            self.result,
            self.decision,
            self.status,
        )


PLAN_HEADERS = (
    "Initiative ID",
    "Initiative",
    "Stage",
    "Question",
    "Measure",
    "Success threshold",
    "Decision date",
    "Result",
    "Decision",
    "Status",
)


@dataclass(frozen=True, slots=True)
class PlaceRow:
    place: str
    initiatives: int
    missions: int
    cost: float
    in_test_or_learn: int


@dataclass(slots=True)
class HealthPack:
    """Everything the pack's mission-health sections show."""

    factors: list[FactorRow] = field(default_factory=list)
    sectors: list[SectorRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    stages: list[StageRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    places: list[PlaceRow] = field(default_factory=list)
    public: bool = False

    @property
    def overdue(self) -> list[PlanRow]:
        return [p for p in self.plans if p.overdue]

    @property
    def gaps(self) -> list[str]:
        return [m.gap for m in self.milestones if m.gap]


HealthSource = Callable[[Workbook, dt.date, bool], HealthPack]
"""Computes a :class:`HealthPack` from the workbook the pack prints, the pack's date and
whether it is the public version (the application layer supplies it)."""


def places_by_cost(places: list[PlaceRow]) -> list[PlaceRow]:
    """Most costly first (ties by name): the order both charts draw the bars in."""
    return sorted(places, key=lambda p: (-p.cost, p.place))


def place_alt(places: list[PlaceRow]) -> str:
    """The place chart in words, from its data: how many places, the most and the least."""
    if not places:
        return "Cost by place: no initiative names a place."
    ranked = places_by_cost(places)
    top, low = ranked[0], ranked[-1]
    total = sum(p.initiatives for p in places)
    return (
        f"Cost by place, all years: {len(places)} place{'s' if len(places) != 1 else ''}; "
        f"the most in {top.place} (£{top.cost:,.1f}m over {top.initiatives} initiatives), "
        f"the least in {low.place} (£{low.cost:,.1f}m over {low.initiatives}). "
        f"An initiative in several places counts in each ({total} place entries in all)."
    )
