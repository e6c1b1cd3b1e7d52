"""The board pack's mission-health sections, from the same functions as the window's.

:func:`pack_health` is the :data:`~stocktake.reports.pack.health.HealthSource` the pack
job hands to the pack's builder: it runs :func:`~stocktake.app.mission_health.mission_health`
(the record the window's tables are filled from) and turns each record into the pack's
rows, so a rating, a trend, a gap or an overdue plan reads the same in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from stocktake.app.contribution_map import Contributor
from stocktake.app.mission_health import mission_health
from stocktake.app.test_and_learn import PlanStatus, is_overdue
from stocktake.model import Workbook
from stocktake.reports.pack.health import (
    FactorRow,
    HealthPack,
    MilestoneRow,
    PlaceRow,
    PlanRow,
    SectorRow,
    StageRow,
)


def _date(d: dt.date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def pack_health(workbook: Workbook, today: dt.date, public: bool) -> HealthPack:
    """The pack's mission-health rows for ``workbook`` on ``today``; with ``public`` the
    CSF evidence is left out (see :data:`~stocktake.reports.pack.health.PUBLIC_EVIDENCE`)."""
    h = mission_health(workbook, today)
    names = dict(h.missions)

    def mission(mid: str) -> str:
        return f"{mid} {names[mid]}" if mid in names else mid

    return HealthPack(
        factors=[
            FactorRow(
                mission(f.mission_id),
                f.factor,
                f.rating,
                f.trend,
                f.date or ("" if f.latest is None else "no date"),
                "" if public else f.evidence,
            )
            for f in h.csf
        ],
        sectors=_sectors(h.contributors, [m for m, _ in h.missions], mission),
        milestones=[
            MilestoneRow(m.milestone_id, mission(m.mission_id), m.milestone, m.partners)
            for m in h.partners
        ],
        stages=[StageRow(s.stage, s.count, s.time_in_stage) for s in h.pipeline],
        plans=[_plan(p) for p in h.plans],
        places=[
            PlaceRow(p.place, p.initiatives, p.missions, p.cost, p.in_test_or_learn)
            for p in h.places
        ],
        public=public,
    )


def _sectors(
    people: list[Contributor], missions: list[str], mission: Callable[[str], str]
) -> list[SectorRow]:
    """Per mission, each sector's organisations (the contribution matrix, read by column).

    Missions the contributors name that the workbook does not list come after its own."""
    named = list(dict.fromkeys([*missions, *(m for c in people for m in c.roles)]))
    out = []
    for mid in named:
        by_sector: dict[str, list[str]] = {}
        for c in people:  # sorted by sector, then name, by contributors()
            if mid in c.roles:
                by_sector.setdefault(c.sector, []).append(c.organisation)
        out += [SectorRow(mission(mid), s, tuple(orgs)) for s, orgs in by_sector.items()]
    return out


def _plan(p: PlanStatus) -> PlanRow:
    e = p.plan
    return PlanRow(
        p.initiative_id,
        p.initiative,
        p.stage,
        e.question if e else "",
        e.measure if e else "",
        e.threshold if e else "",
        _date(e.decision_date) if e else "",
        e.result if e else "",
        e.decision if e else "",
        p.status,
        is_overdue(p),
    )
