"""The public version: what is withheld, and the workbook with it taken out.

Rule (stated in the pack and the manifest): every OFFICIAL-SENSITIVE initiative is
removed *before* the analysis runs, with every decision, stakeholder, evaluation plan or
forced item about it or whose text names it. So every total, rank, portfolio and
frontier in the public pack is computed over the published items only, and no figure
can be subtracted from a full-pack figure to reveal a withheld one (the public pack
never prints the full-pack totals).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from stocktake.engine.problem import PortfolioProblem
from stocktake.model import Workbook

RULE = (
    "Every OFFICIAL-SENSITIVE initiative is removed before the analysis is run, with the "
    "decisions, stakeholders, evaluation plans and forced items that name it; every "
    "total, rank, portfolio and chart here is computed over the published items only, "
    "and full-pack totals are not shown."
)


@dataclass(frozen=True, slots=True)
class Withheld:
    """One line of the manifest: what was taken out, and why."""

    kind: str  # "initiative", "decision", "stakeholder", "evaluation", "forced item"
    ident: str
    name: str
    removed: str
    reason: str


def _names_any(text: str, needles: list[str]) -> bool:
    low = text.casefold()
    return any(n and n.casefold() in low for n in needles)


def public_copy(
    workbook: Workbook, problem: PortfolioProblem
) -> tuple[Workbook, PortfolioProblem, list[Withheld]]:
    """The workbook and problem with everything OFFICIAL-SENSITIVE removed, and the list of
    what was removed (for the manifest)."""
    sensitive = {i.id: i for i in workbook.initiatives.values() if i.is_sensitive}
    needles = [*sensitive, *(i.name for i in sensitive.values())]
    why = "classified OFFICIAL-SENSITIVE"
    withheld = [
        Withheld(
            "initiative",
            i.id,
            i.name,
            "its row, name, scores, costs and chart point; it is left out of every total",
            why,
        )
        for i in sensitive.values()
    ]
    initiatives = {}
    for iid, init in workbook.initiatives.items():
        if iid in sensitive:
            continue
        initiatives[iid] = dataclasses.replace(
            init,
            depends_on=tuple(d for d in init.depends_on if d not in sensitive),
            excludes=tuple(d for d in init.excludes if d not in sensitive),
            notes="" if _names_any(init.notes, needles) else init.notes,
        )
    decisions = []
    for d in workbook.decisions:
        text = " ".join((d.initiative_id, d.rationale, d.owner, d.meeting, d.supersedes))
        if d.initiative_id in sensitive or _names_any(text, needles):
            withheld.append(
                Withheld(
                    "decision",
                    d.decision_id,
                    "",
                    "the decision log row",
                    f"it concerns or names an item {why}",
                )
            )
        else:
            decisions.append(d)
    stakeholders = []
    for s in workbook.stakeholders:
        text = " ".join((s.role, s.engagement))
        if s.initiative_id in sensitive or _names_any(text, needles):
            withheld.append(
                Withheld(
                    "stakeholder",
                    s.organisation,
                    "",
                    "the stakeholder row",
                    f"it concerns or names an item {why}",
                )
            )
        else:
            stakeholders.append(s)
    evaluations = []
    for e in workbook.evaluations:  # the pack's test-and-learn section prints them
        text = " ".join((e.question, e.measure, e.threshold, e.result, e.decision))
        if e.initiative_id in sensitive or _names_any(text, needles):
            withheld.append(
                Withheld(
                    "evaluation",
                    e.initiative_id,
                    "",
                    "the evaluation plan, its result and decision",
                    f"it concerns or names an item {why}",
                )
            )
        else:
            evaluations.append(e)
    forced = {**problem.force_in, **problem.force_out}
    for iid, reason in forced.items():
        if iid not in sensitive and _names_any(reason, needles):
            withheld.append(
                Withheld("forced item", iid, "", "the reason given", f"it names an item {why}")
            )

    def kept(forced: Mapping[str, str]) -> dict[str, str]:
        """Forced items still published, a reason naming a withheld item blanked."""
        return {
            k: "" if _names_any(v, needles) else v for k, v in forced.items() if k not in sensitive
        }

    public_problem = dataclasses.replace(
        problem, force_in=kept(problem.force_in), force_out=kept(problem.force_out)
    )
    public = dataclasses.replace(
        workbook,
        initiatives=initiatives,
        decisions=decisions,
        stakeholders=stakeholders,
        evaluations=evaluations,
        csf_scores=list(workbook.csf_scores),
        problems=[],
    )
    return public, public_problem, withheld
