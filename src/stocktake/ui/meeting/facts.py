"""What the room is shown about the agenda item under discussion, in words.

Why apart from the widgets: the laptop panel and the presenter view say the same things
about an item; building the words once keeps them from drifting apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from stocktake.model import DCA, Decision, DecisionKind
from stocktake.ui.matrix.analysis import Analysis

DCA_WORDS: dict[DCA, str] = {
    DCA.GREEN: "Green: successful delivery appears highly likely",
    DCA.AMBER_GREEN: "Amber/Green: successful delivery appears probable",
    DCA.AMBER: "Amber: successful delivery appears feasible, but significant issues exist",
    DCA.AMBER_RED: "Amber/Red: successful delivery is in doubt",
    DCA.RED: "Red: successful delivery appears unachievable",
}
"""The IPA's Delivery Confidence Assessment scale, as the board reads it."""


@dataclass(frozen=True, slots=True)
class ItemFacts:
    iid: str
    name: str
    mission: str
    near_term: float
    long_term: float
    dca: str
    cost: str
    place: str
    """Quadrant and rank: 'Double down; rank 3 of 40'."""
    decision: str
    """The decision so far: in force, or not yet recorded."""


def decision_words(latest: Decision | None, chosen: DecisionKind | None) -> str:
    """'In force: Continue (D-0004)' and/or 'Chosen now: Stop (not recorded yet)'."""
    parts = []
    if latest is not None:
        parts.append(f"In force: {latest.decision.value} ({latest.decision_id})")
    else:
        parts.append("No decision yet")
    if chosen is not None:
        parts.append(f"chosen now: {chosen.value}, not recorded yet")
    return "; ".join(parts)


def item_facts(analysis: Analysis, iid: str, chosen: DecisionKind | None = None) -> ItemFacts:
    """The facts about ``iid`` at the balance in force (the initiative must exist)."""
    wb = analysis.session.workbook
    assert wb is not None
    init = wb.initiatives[iid]
    mission = wb.missions.get(init.mission_id)
    i = analysis.index(iid)
    arrays, table = analysis.arrays, analysis.table
    near = float(arrays.near_term[i]) if arrays is not None and i is not None else 0.0
    long = float(arrays.long_term[i]) if arrays is not None and i is not None else 0.0
    quad = analysis.quadrant_of(iid)
    rank = (
        f"rank {int(table.rank[i])} of {len(table.rank)}"
        if table is not None and i is not None
        else ""
    )
    place = "; ".join(p for p in (quad.value if quad else "", rank) if p)
    return ItemFacts(
        iid=iid,
        name=init.name,
        mission=mission.name if mission else init.mission_id,
        near_term=near,
        long_term=long,
        dca=DCA_WORDS[init.dca] if init.dca else "DCA not given",
        cost=f"£{init.total_cost:,.1f}m in total",
        place=place,
        decision=decision_words(analysis.latest_decisions().get(iid), chosen),
    )
