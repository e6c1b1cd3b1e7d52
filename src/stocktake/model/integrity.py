"""Cross-checks between records: every ID a row names must exist.

Run by the reader after all sheets are read (and again by anything that changes IDs).
A record whose owner is unknown cannot be placed (an initiative of no known mission)
and is removed with an error; a dangling optional reference (a dependency on a missing
initiative) is dropped with a warning so the rest of the row stays usable.
"""

from __future__ import annotations

from stocktake.model.problems import Problem, Severity
from stocktake.model.workbook import Workbook


def _problem(
    wb: Workbook, kind: str, row: int, key: str, severity: Severity, message: str
) -> Problem:
    layout = wb.layouts.get(kind)
    if layout is None:
        return Problem("", "", severity, message)
    cell = layout.cell(row, key)
    return Problem(layout.sheet, cell.a1 if cell else "", severity, message)


def check_readings(wb: Workbook) -> list[Problem]:
    """Readings of unknown metrics are dropped with an error each."""
    metrics = wb.metrics
    orphans = [r for r in wb.readings if r.metric_id not in metrics]
    out = [
        _problem(
            wb,
            "readings",
            r.row,
            "metric_id",
            Severity.ERROR,
            f"Metric ID '{r.metric_id}' does not exist; this reading is not used.",
        )
        for r in orphans
    ]
    if orphans:
        wb.readings = [r for r in wb.readings if r.metric_id in metrics]
    return out


def check_references(wb: Workbook) -> list[Problem]:
    """Check and repair references in place; return the problems found."""
    out: list[Problem] = []
    missions = wb.missions

    def unknown_owner(kind: str, ident: str, row: int, owner: str, owner_kind: str) -> None:
        out.append(
            _problem(
                wb,
                kind,
                row,
                "mission_id" if owner_kind == "Mission" else "metric_id",
                Severity.ERROR,
                f"{ident}: {owner_kind} ID '{owner}' does not exist; this row is not used.",
            )
        )

    for ident, ms in list(wb.milestones.items()):
        if ms.mission_id not in missions:
            unknown_owner("milestones", ident, ms.row, ms.mission_id, "Mission")
            del wb.milestones[ident]
        elif ms.metric_id and ms.metric_id not in wb.metrics:
            out.append(
                _problem(
                    wb,
                    "milestones",
                    ms.row,
                    "metric_id",
                    Severity.WARNING,
                    f"{ident}: Metric ID '{ms.metric_id}' does not exist; the "
                    "milestone is read without a metric.",
                )
            )
            ms.metric_id = ""
    for ident, mt in list(wb.metrics.items()):
        if mt.mission_id not in missions:
            unknown_owner("metrics", ident, mt.row, mt.mission_id, "Mission")
            del wb.metrics[ident]
    out.extend(check_readings(wb))
    for ident, crit in wb.criteria.items():
        if crit.milestone_id and crit.milestone_id not in wb.milestones:
            out.append(
                _problem(
                    wb,
                    "criteria",
                    crit.row,
                    "milestone_id",
                    Severity.WARNING,
                    f"{ident}: Milestone ID '{crit.milestone_id}' does not exist; "
                    "the criterion is read without a milestone.",
                )
            )
            crit.milestone_id = ""
    for ident, ini in list(wb.initiatives.items()):
        if ini.mission_id not in missions:
            unknown_owner("initiatives", ident, ini.row, ini.mission_id, "Mission")
            del wb.initiatives[ident]
    for ident, ini in wb.initiatives.items():
        for key, label in (("depends_on", "Depends on"), ("excludes", "Excludes")):
            refs: tuple[str, ...] = getattr(ini, key)
            bad = [r for r in refs if r not in wb.initiatives or r == ident]
            if bad:
                why = ", ".join(f"'{b}'" + (" (itself)" if b == ident else "") for b in bad)
                out.append(
                    _problem(
                        wb,
                        "initiatives",
                        ini.row,
                        key,
                        Severity.WARNING,
                        f"{ident}: {label} names {why}, which is not another "
                        "initiative in this workbook; that link is ignored.",
                    )
                )
                setattr(ini, key, tuple(r for r in refs if r not in bad))
    kept_csf = []
    for csf in wb.csf_scores:
        if csf.mission_id in missions:
            kept_csf.append(csf)
        else:
            out.append(
                _problem(
                    wb,
                    "csf",
                    csf.row,
                    "mission_id",
                    Severity.ERROR,
                    f"Mission ID '{csf.mission_id}' does not exist; this score is not used.",
                )
            )
    wb.csf_scores = kept_csf
    for sh in wb.stakeholders:
        if sh.mission_id and sh.mission_id not in missions:
            out.append(
                _problem(
                    wb,
                    "stakeholders",
                    sh.row,
                    "mission_id",
                    Severity.WARNING,
                    f"{sh.organisation}: Mission ID '{sh.mission_id}' does not "
                    "exist; the link is ignored.",
                )
            )
            sh.mission_id = ""
        if sh.initiative_id and sh.initiative_id not in wb.initiatives:
            out.append(
                _problem(
                    wb,
                    "stakeholders",
                    sh.row,
                    "initiative_id",
                    Severity.WARNING,
                    f"{sh.organisation}: Initiative ID '{sh.initiative_id}' does "
                    "not exist; the link is ignored.",
                )
            )
            sh.initiative_id = ""
    ids = {d.decision_id for d in wb.decisions}
    for d in wb.decisions:
        if d.initiative_id not in wb.initiatives:
            out.append(
                _problem(
                    wb,
                    "decisions",
                    d.row,
                    "initiative_id",
                    Severity.WARNING,
                    f"{d.decision_id}: Initiative ID '{d.initiative_id}' does not "
                    "exist in this workbook; the decision is kept in the log.",
                )
            )
        if d.supersedes and d.supersedes not in ids:
            out.append(
                _problem(
                    wb,
                    "decisions",
                    d.row,
                    "supersedes",
                    Severity.WARNING,
                    f"{d.decision_id}: supersedes '{d.supersedes}', which is not in the log.",
                )
            )
    return out


def check_contributions(wb: Workbook) -> list[Problem]:
    """A line of sight to an unknown initiative or metric is dropped with an error (it
    would otherwise count towards closing a gap nobody can trace)."""
    out: list[Problem] = []
    kept = []
    for c in wb.contributions:
        if c.initiative_id not in wb.initiatives:
            key, what, ident = "initiative_id", "Initiative", c.initiative_id
        elif c.metric_id not in wb.metrics:
            key, what, ident = "metric_id", "Metric", c.metric_id
        else:
            kept.append(c)
            continue
        out.append(
            _problem(
                wb,
                "contributions",
                c.row,
                key,
                Severity.ERROR,
                f"{what} ID '{ident}' does not exist; this contribution is not used.",
            )
        )
    wb.contributions = kept
    return out
