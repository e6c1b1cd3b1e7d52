"""Why each initiative is in or out of the optimal portfolio, in a person's words.

Pure (no Qt): the portfolio panel lists these rows, and tests check them without a
window. The order of the reasons is the order a board asks: a decision or a forced
exclusion first (a person's choice), then a dependency or an exclusion (the plan's
logic), and only then the money.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stocktake import engine


@dataclass(frozen=True, slots=True)
class Choice:
    initiative_id: str
    chosen: bool
    value_for_money: float
    reason: str
    kind: str
    """'chosen', 'decision', 'forced', 'dependency', 'exclusion' or 'budget'."""


def choices(
    arrays: engine.ScoreArrays,
    table: engine.ScoreTable,
    chosen_mask: np.ndarray,
    forced_out: dict[str, str],
    by_decision: dict[str, str],
) -> list[Choice]:
    """Every initiative, chosen first (best value for money first), then the rest."""
    chosen = np.asarray(chosen_mask, dtype=bool)
    ids = arrays.ids
    needs: dict[int, list[int]] = {}
    for i, j in arrays.depends:
        needs.setdefault(int(i), []).append(int(j))
    rivals: dict[int, list[int]] = {}
    for i, j in arrays.excludes:
        rivals.setdefault(int(i), []).append(int(j))
        rivals.setdefault(int(j), []).append(int(i))
    rows = []
    for k, iid in enumerate(ids):
        vfm = float(table.value_for_money[k])
        if chosen[k]:
            rows.append(Choice(iid, True, vfm, "in the optimal portfolio", "chosen"))
            continue
        missing = [ids[j] for j in needs.get(k, []) if not chosen[j]]
        taken = [ids[j] for j in rivals.get(k, []) if chosen[j]]
        if iid in by_decision:
            reason, kind = f"decision: {by_decision[iid]}", "decision"
        elif iid in forced_out:
            reason, kind = f"forced out: {forced_out[iid]}", "forced"
        elif missing:
            reason, kind = f"dependency: needs {', '.join(missing)}, not chosen", "dependency"
        elif taken:
            reason, kind = f"exclusion: cannot go with {', '.join(taken)}, chosen", "exclusion"
        else:
            reason, kind = "budget: better value for money fills the envelopes", "budget"
        rows.append(Choice(iid, False, vfm, reason, kind))
    rows.sort(key=lambda c: (not c.chosen, -np.nan_to_num(c.value_for_money, nan=-1e300)))
    return rows
