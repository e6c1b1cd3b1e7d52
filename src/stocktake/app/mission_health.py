"""Everything the mission-health views show, computed in one go off the GUI thread.

Why one record: on a 10,000-initiative workbook the contribution map and the milestone
partners alone take about half a second, so the window computes this in a worker and
fills its tables from it, one per event-loop pass, instead of each table computing its
own rows on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from stocktake.app.contribution_map import (
    Contributor,
    MilestonePartners,
    contributors,
    milestone_partners,
)
from stocktake.app.csf import FactorStatus, factor_statuses
from stocktake.app.place import PlaceRow, PlaceStatusRow, all_places, breakdown, metric_statuses
from stocktake.app.test_and_learn import PlanStatus, StageCount, pipeline, plans
from stocktake.model import Workbook


@dataclass(frozen=True, slots=True)
class MissionHealth:
    csf: list[FactorStatus]
    contributors: list[Contributor]
    missions: list[tuple[str, str]]
    partners: list[MilestonePartners]
    pipeline: list[StageCount]
    plans: list[PlanStatus]
    places: list[PlaceRow]
    place_names: list[str]
    place_statuses: list[PlaceStatusRow] = field(default_factory=list)
    """Per place with readings, its metrics by status (empty: no reading names a place)."""


def mission_health(workbook: Workbook, today: dt.date) -> MissionHealth:
    return MissionHealth(
        factor_statuses(workbook),
        contributors(workbook),
        [(m.id, m.name) for m in workbook.missions.values()],
        milestone_partners(workbook),
        pipeline(workbook, today),
        plans(workbook, today),
        breakdown(workbook),
        all_places(workbook),
        metric_statuses(workbook),
    )
