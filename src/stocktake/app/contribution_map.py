"""Who contributes to each mission: organisations by sector, the matrix the window shows,
and the milestones with no delivery partner named.

The organisations come from the Stakeholders sheet (by mission, or by initiative and so
its mission) and from each initiative's lead department and partners. A milestone has a
*delivery partner* when an organisation is named with a delivery role (its role or
engagement says deliver, partner, collaborate or empower) on the milestone's mission,
or on an initiative scored on a criterion that serves the milestone (where no criterion
names the milestone, a Milestone criterion with no milestone of its own serves each
mission's milestones, as when a workbook scores against "the mission's milestone"). A
milestone with none is a gap: the rule is written out here so the view can say it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from stocktake.model import Horizon, Initiative, Workbook

SECTORS: tuple[tuple[str, str], ...] = (
    ("Local government", r"local|council|combined authorit|mayor"),
    ("NHS", r"nhs|health|icb|trust"),
    ("Third sector", r"third|charit|voluntary|community|vcse|social enterprise"),
    ("Private sector", r"private|business|industry|commercial"),
    ("Central government", r"central|department|govt|government|whitehall"),
    ("Public bodies", r"public|arm'?s.length|agency|alb"),
)
"""Sector groups, the more specific first ("local government" before "government")."""
DELIVERY = re.compile(r"deliver|partner|collaborat|empower|provid|run", re.IGNORECASE)


_SECTOR_PATTERNS = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in SECTORS)


@lru_cache(maxsize=1024)  # a workbook spells a few sectors thousands of times
def sector_of(text: str) -> str:
    """The sector group a workbook's wording falls in ("Other" when none fits)."""
    for name, pattern in _SECTOR_PATTERNS:
        if pattern.search(text):
            return name
    return "Other" if text.strip() else "Not stated"


@dataclass(slots=True)
class Contributor:
    """One organisation and what it does for each mission (role words per mission)."""

    organisation: str
    sector: str
    roles: dict[str, list[str]] = field(default_factory=dict)
    places: set[str] = field(default_factory=set)

    def role_in(self, mission_id: str) -> str:
        return "; ".join(dict.fromkeys(self.roles.get(mission_id, [])))

    def delivers_in(self, mission_id: str) -> bool:
        return any(DELIVERY.search(r) for r in self.roles.get(mission_id, []))


def contributors(workbook: Workbook) -> list[Contributor]:
    """Every organisation named, with its roles by mission, sorted by sector then name."""
    found: dict[str, Contributor] = {}
    inits = workbook.initiatives

    def add(org: str, sector: str, mission: str, role: str, places: Iterable[str]) -> None:
        org = org.strip()
        if not org or not mission:
            return
        c = found.setdefault(org.casefold(), Contributor(org, sector_of(sector)))
        if c.sector in ("Not stated", "Other") and sector.strip():
            c.sector = sector_of(sector)
        c.roles.setdefault(mission, []).append(role)
        c.places.update(places)

    for s in workbook.stakeholders:
        init = inits.get(s.initiative_id)
        mission = s.mission_id or (init.mission_id if init else "")
        role = s.role or s.engagement or "named"
        if s.engagement and s.role:
            role = f"{s.role} ({s.engagement})"
        add(s.organisation, s.sector, mission, role, init.places if init else ())
    for init in inits.values():
        add(
            init.lead_department,
            "central government",
            init.mission_id,
            f"leads {init.id} (delivers)",
            init.places,
        )
        for partner in init.partners:
            # A partner's sector is its own, read from its name ("Combined authorities",
            # "NHS England"); the initiative's sector column says nothing about it, and
            # "Not stated" is truer than a guess (a Stakeholders row or a lead role may say).
            own = partner if sector_of(partner) != "Other" else ""
            add(partner, own, init.mission_id, f"delivery partner on {init.id}", init.places)
    return sorted(found.values(), key=lambda c: (c.sector, c.organisation.casefold()))


@dataclass(frozen=True, slots=True)
class MilestonePartners:
    milestone_id: str
    mission_id: str
    milestone: str
    partners: tuple[str, ...]

    @property
    def status(self) -> str:
        return "gap: no delivery partner named" if not self.partners else "partners named"


def milestone_partners(workbook: Workbook) -> list[MilestonePartners]:
    """Each milestone with its delivery partners; an empty tuple is a gap."""
    serving: dict[str, set[str]] = {}
    generic: set[str] = set()  # milestone criteria scored against each mission's own milestone
    for crit in workbook.criteria.values():
        if crit.milestone_id:
            serving.setdefault(crit.milestone_id, set()).add(crit.id)
        elif crit.horizon is Horizon.MILESTONE:
            generic.add(crit.id)
    by_initiative: dict[str, list[str]] = {}
    for s in workbook.stakeholders:
        if s.initiative_id and DELIVERY.search(f"{s.role} {s.engagement}"):
            by_initiative.setdefault(s.initiative_id, []).append(s.organisation)
    for init in workbook.initiatives.values():
        by_initiative.setdefault(init.id, []).extend(init.partners)
    mission_level: dict[str, list[str]] = {}
    for s in workbook.stakeholders:
        if s.mission_id and not s.initiative_id and DELIVERY.search(f"{s.role} {s.engagement}"):
            mission_level.setdefault(s.mission_id, []).append(s.organisation)
    by_mission: dict[str, list[Initiative]] = {}
    for init in workbook.initiatives.values():
        by_mission.setdefault(init.mission_id, []).append(init)
    out = []
    found: dict[tuple[str, frozenset[str]], list[str]] = {}  # milestones share missions
    for ms in workbook.milestones.values():
        names = list(mission_level.get(ms.mission_id, []))
        crits = frozenset(serving.get(ms.id) or generic)
        key = (ms.mission_id, crits)
        if key not in found:
            found[key] = [
                who
                for init in (by_mission.get(ms.mission_id, []) if crits else [])
                if any(init.scores.get(c) for c in crits)
                for who in by_initiative.get(init.id, [])
            ]
        names.extend(found[key])
        out.append(MilestonePartners(ms.id, ms.mission_id, ms.name, tuple(dict.fromkeys(names))))
    return out


def sector_counts(people: list[Contributor], missions: Iterable[str]) -> dict[str, dict[str, int]]:
    """How many organisations of each sector contribute to each mission (the chart)."""
    out: dict[str, dict[str, int]] = {}
    for m in missions:
        row: dict[str, int] = {}
        for c in people:
            if m in c.roles:
                row[c.sector] = row.get(c.sector, 0) + 1
        out[m] = row
    return out
