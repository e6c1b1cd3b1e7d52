"""The matrix's words: the hover text of a bubble and the key under the chart.

Why apart from the view: every encoding on the matrix (position, area, fill, outline,
fading, "?", ring, numbers) must also be said in words (WCAG 2.2 AA: colour never
carries meaning alone). Keeping those sentences together makes them easy to read and
to check against the encodings, and leaves the view to do the drawing.
"""

from __future__ import annotations

import html

from stocktake.engine.matrix import QUADRANT_ORDER
from stocktake.model import DCA, DecisionKind, Workbook
from stocktake.model.colours import DCA_OUTLINE as DCA_COLOURS
from stocktake.model.colours import NEUTRAL
from stocktake.ui.matrix.analysis import FRAGILE_BAND, Analysis
from stocktake.ui.matrix.style import DECISION_COLOURS, DECISION_SYMBOLS, mission_colour


def bubble_tip(analysis: Analysis, workbook: Workbook | None, k: int) -> str:
    """Hover text: everything a person needs about one bubble (engine row ``k``), in words."""
    arrays, table, wb = analysis.arrays, analysis.table, workbook
    if arrays is None or table is None or wb is None:
        return ""
    init = wb.initiatives[arrays.ids[k]]
    mission = wb.missions.get(init.mission_id)
    decision = analysis.latest_decisions().get(init.id)
    chosen = analysis.chosen_mask
    lines = [
        f"{init.id} {init.name}",
        f"Mission: {mission.name if mission else init.mission_id}",
        f"Near-term value {arrays.near_term[k]:.1f}; long-term value {arrays.long_term[k]:.1f}",
        f"Value at balance {table.balance:.2f}: {table.value[k]:.1f} "
        f"(rank {int(table.rank[k])} of {arrays.n})",
        f"Total cost £{arrays.total_cost[k]:,.1f}m",
        f"DCA: {init.dca.value if init.dca else 'not given'}; stage: "
        f"{init.stage.value if init.stage else 'not given'}",
        f"Quadrant: {QUADRANT_ORDER[int(analysis.quadrant_codes[k])].value}",
        f"Decision: {decision.decision.value if decision else 'none yet'}",
    ]
    if len(chosen):
        lines.append("In the optimal portfolio" if chosen[k] else "Not in the optimal portfolio")
    acc = analysis.robustness.portfolio or analysis.robustness.top
    if acc is not None and len(acc.share) == arrays.n:
        where = "portfolio" if analysis.robustness.portfolio else f"top {analysis.top_k}"
        lines.append(f"In the {where} in {acc.share[k]:.0%} of uncertain draws")
    return "\n".join(lines)


def legend_html(
    analysis: Analysis,
    workbook: Workbook | None,
    by_decision: bool,
    mission_index: dict[str, int],
) -> str:
    """The key as rich text: fills (missions or decisions), DCA outlines, and a note per
    encoding in use (fading and "?" only once a portfolio or robustness run exists)."""
    wb = workbook
    if wb is None:
        return ""
    parts = []
    if by_decision:
        names = {"star": "★", "t1": "▲", "o": "●", "d": "◆", "s": "■", "x": "✕"}
        for kind in DecisionKind:
            parts.append(
                f'<span style="color:{DECISION_COLOURS[kind]}">'
                f"{names[DECISION_SYMBOLS[kind]]}</span> {kind.value}"
            )
        parts.append(f'<span style="color:{NEUTRAL}">●</span> No decision yet')
    else:
        for m in wb.missions.values():
            c = mission_colour(mission_index.get(m.id, 0)).name()
            parts.append(f'<span style="color:{c}">●</span> {html.escape(m.name)}')
    fills = " &nbsp; ".join(parts)
    dca = " &nbsp; ".join(f'<span style="color:{DCA_COLOURS[d]}">◯</span> {d.value}' for d in DCA)
    lo, hi = FRAGILE_BAND
    notes = [
        "Across: near-term value for the Plan for Change milestones; up: long-term "
        "value for the mission ambition",
        "bubble area: total cost (the smallest are drawn at a minimum size)",
        "outline colour and thickness: DCA (thicker = lower confidence)",
        "numbers: rank at the current balance",
    ]
    if len(analysis.chosen_mask) and analysis.chosen_mask.any():
        notes.append("faded: not in the optimal portfolio")
    if analysis.fragile_mask().any():
        notes.append(f"?: fragile choice, holds in only {lo:.0%}–{hi:.0%} of draws")
    notes.append("dark ring: selected")
    return f"{fills}<br>DCA outline: {dca}<br>{'; '.join(notes)}."
