"""The things a stock-take workbook describes, as small typed records.

Records are plain dataclasses with ``slots`` (the reader builds hundreds of thousands
of readings, so they must be cheap). Each record that came from a sheet row keeps its
``row`` (1-based, as Excel shows it) so a problem or an edit can name its cell.
Values a person can edit in the app (scores, DCA, stage) are plain attributes; the
undoable commands in the UI change them and the writer puts them back in their cells.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from stocktake.model.vocab import (
    DCA,
    Classification,
    DecisionKind,
    Direction,
    Evidence,
    Horizon,
    ReadingKind,
    Stage,
)

Scalar = float | int | str | bool | dt.date | dt.datetime | None


@dataclass(slots=True)
class Mission:
    id: str
    name: str
    ambition: str = ""
    horizon: int | None = None
    lead_department: str = ""
    sro: str = ""
    board_chair: str = ""
    row: int = 0


@dataclass(slots=True)
class Milestone:
    id: str
    mission_id: str
    name: str
    metric_id: str = ""
    target: float | str | None = None
    target_date: dt.date | None = None
    row: int = 0


@dataclass(slots=True)
class Metric:
    id: str
    mission_id: str
    name: str
    unit: str = ""
    direction: Direction | None = None
    baseline: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    target_date: dt.date | None = None
    source: str = ""
    row: int = 0
    milestone_ids: tuple[str, ...] = ()
    """Further milestones this metric informs, besides any milestone naming it."""


@dataclass(slots=True)
class Reading:
    metric_id: str
    date: dt.date
    value: float
    kind: ReadingKind = ReadingKind.ACTUAL
    source: str = ""
    row: int = 0
    place: str = ""
    """The nation or region the reading is for; empty: the whole-UK (total) series."""


@dataclass(slots=True)
class Criterion:
    """A scoring criterion with a swing weight and an absolute scale [lo, hi]."""

    id: str
    name: str
    horizon: Horizon
    weight: float
    milestone_id: str = ""
    scale_lo: float = 0.0
    scale_hi: float = 5.0
    rubric: str = ""
    row: int = 0
    direction: Direction | None = None
    """Higher or lower scores better; None: higher, unless the value function says otherwise."""
    value_function: str = ""
    """Hiview-style points ``score:value; ...`` as typed (checked in :mod:`value_scale`)."""
    do_nothing: float | None = None
    """The score that means "no contribution"; None: the worst end of the scale."""
    scale_note: str = ""
    """Why the scale is not as typed: "" (as typed), "blank", "unreadable" or "reversed"."""


@dataclass(slots=True)
class Initiative:
    """Something a mission could fund, with its yearly costs and criterion scores.

    ``costs`` maps a financial year label (``"2025-26"``) to £m; ``scores`` maps a
    criterion ID to the score entered (``None`` when the cell is blank).
    ``extra`` keeps columns Stocktake does not know, by their header, for display.
    """

    id: str
    mission_id: str
    name: str
    lead_department: str = ""
    partners: tuple[str, ...] = ()
    sector: str = ""
    stage: Stage | None = None
    dca: DCA | None = None
    evidence: Evidence | None = None
    costs: dict[str, float] = field(default_factory=dict)
    fte: float | None = None
    classification: Classification = Classification.OFFICIAL
    depends_on: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    notes: str = ""
    scores: dict[str, float | None] = field(default_factory=dict)
    extra: dict[str, Scalar] = field(default_factory=dict)
    row: int = 0
    optimism_bias: float | None = None
    """Green Book optimism-bias uplift on costs as typed (0.24 or 24 for 24 %); None: none."""
    score_ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    """Criterion ID → (low, high) score where the workbook gives a range (robustness
    draws scores within it; ``scores`` keeps the central score). Either end may be blank."""
    funding: dict[str, float] = field(default_factory=dict)
    """Share (0-1) of each year's cost that falls on each funding pot, by pot ID."""
    places: tuple[str, ...] = ()
    """Nations or regions where the initiative delivers (empty: not stated)."""
    stage_since: dt.date | None = None
    """When the initiative entered its current stage (for time in stage)."""
    project_type: str | None = None
    """The Green Book project type as typed (``Standard buildings``, or a type of the
    workbook's own): it decides the optimism-bias uplift when no own uplift is given."""
    benefits: dict[str, float] = field(default_factory=dict)
    """Monetised benefits by financial year, £m, where the workbook gives them (columns
    such as ``Benefits 2026-27 (£m)``): shown in present value beside the costs, never
    used to choose (the portfolio is chosen on the MCDA value)."""

    @property
    def total_cost(self) -> float:
        return float(sum(self.costs.values()))

    @property
    def is_sensitive(self) -> bool:
        return self.classification is Classification.OFFICIAL_SENSITIVE


@dataclass(slots=True)
class CSFScore:
    """A mission's score (1-5) on one of the five critical success factors."""

    mission_id: str
    factor: str
    score: float
    evidence: str = ""
    row: int = 0
    date: dt.date | None = None
    """When the self-assessment was made (None: the workbook does not say)."""


@dataclass(slots=True)
class Stakeholder:
    organisation: str
    sector: str
    mission_id: str = ""
    initiative_id: str = ""
    role: str = ""
    engagement: str = ""
    row: int = 0


@dataclass(slots=True)
class Decision:
    """One row of the append-only decision log. Never edited: a later row supersedes it."""

    decision_id: str
    initiative_id: str
    decision: DecisionKind
    rationale: str = ""
    owner: str = ""
    review_date: dt.date | None = None
    meeting: str = ""
    decided_at: dt.datetime | None = None
    decided_by: str = ""
    balance: float | None = None
    supersedes: str = ""
    row: int = 0
    dissent: str = ""
    """Who disagreed and in their words ("A. Khan: the evidence is too thin"), one
    person a line; recorded with the decision so the minutes and the log keep it."""

    def as_row(self) -> dict[str, Any]:
        """The log columns in WORKBOOK.md order, as a writer needs them (Dissent last:
        logs written before it existed gain the column only when a dissent is recorded)."""
        return {
            "Decision ID": self.decision_id,
            "Initiative ID": self.initiative_id,
            "Decision": self.decision.value,
            "Rationale": self.rationale,
            "Owner": self.owner,
            "Review date": self.review_date,
            "Meeting": self.meeting,
            "Decided at": self.decided_at,
            "Decided by": self.decided_by,
            "Balance at the time": self.balance,
            "Supersedes": self.supersedes,
            "Dissent": self.dissent,
        }


DECISION_COLUMNS: tuple[str, ...] = tuple(Decision("", "", DecisionKind.CONTINUE).as_row().keys())

OPTIONAL_DECISION_COLUMNS: frozenset[str] = frozenset({"Dissent"})
"""Columns added to an existing log only when a row being appended has a value for them,
so recording a decision without dissent leaves an older log's shape as it was."""


def next_decision_id(existing: list[Decision]) -> str:
    """``D-0001`` style, one past the highest number already in the log.

    The one rule for every writer of the log (the app's decision panel, ``stocktake
    decide``), so IDs from either never collide or change width.
    """
    numbers = [int(m.group(1)) for d in existing if (m := re.fullmatch(r"D-(\d+)", d.decision_id))]
    return f"D-{max(numbers, default=0) + 1:04d}"


@dataclass(slots=True)
class Contribution:
    """One line of sight: an initiative expected to move a metric, by how much, by when.

    ``expected_change`` is in the metric's own unit and signed as the metric moves (a
    fall of 2,000 offences is ``-2000``); ``None`` when the workbook names the link but
    not its size, which is still worth knowing (the metric is not orphaned).
    """

    initiative_id: str
    metric_id: str
    expected_change: float | None = None
    by: dt.date | None = None
    confidence: str = ""
    row: int = 0
