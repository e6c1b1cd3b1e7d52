"""One scripted journey through the application layer, run in a fresh interpreter.

Run as ``python -m tests.app.journey WORKBOOK``: open, edit a score, record a decision,
move the balance and the cut lines, save a scenario, save; reopen and print what came
back, as one JSON object, with whether any Qt module was ever imported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from stocktake.app.document import Document
from stocktake.engine import Scenario


def main(path: Path) -> dict[str, object]:
    doc = Document.open(path)
    first = next(iter(doc.workbook.initiatives.values()))
    criterion = next(iter(doc.workbook.criteria))
    crit = doc.workbook.criteria[criterion]
    old_score = first.scores.get(criterion)
    new_score = crit.scale_lo if old_score != crit.scale_lo else crit.scale_hi
    for change in (
        doc.edit("initiatives", first.id, f"score:{criterion}", new_score),
        doc.new_decision(
            first.id,
            "Pause",
            rationale="Wait for the evaluation",
            owner="SRO",
            decided_by="Journey",
        ),
        doc.set_balance(0.3),
        doc.set_cuts(60, 40),
    ):
        assert change is not None
        doc.apply(change)
    doc.apply(doc.save_scenario(Scenario("Long-term heavy", balance=0.2)))
    doc.save()
    again = Document.open(path)
    wb = again.workbook
    decision = wb.decisions[-1]
    return {
        "initiative": first.id,
        "score": [new_score, wb.initiatives[first.id].scores.get(criterion)],
        "decision": [
            decision.initiative_id,
            decision.decision.value,
            decision.rationale,
            decision.balance,
        ],
        "balance": again.balance,
        "cuts": [again.cuts.near_term, again.cuts.long_term],
        "scenarios": sorted(again.scenarios),
        "kept_out": again.effective_problem().force_out.get(first.id, ""),
        "unsaved": len(doc.unsaved),
        "qt": sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "pyqtgraph"))),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
