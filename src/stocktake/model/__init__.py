"""Pure data for a stock-take workbook: no file formats, no Qt, no maths.

Everything the reader learns from a workbook lands in a :class:`Workbook`; the engine
and the views read it, and user edits flow back through commands that change it.
"""

from stocktake.model.entities import (
    Contribution,
    Criterion,
    CSFScore,
    Decision,
    Initiative,
    Metric,
    Milestone,
    Mission,
    Reading,
    Stakeholder,
    next_decision_id,
)
from stocktake.model.problems import Problem, Severity
from stocktake.model.programme import Evaluation, FundingPot
from stocktake.model.vocab import (
    DCA,
    Classification,
    DecisionKind,
    Evidence,
    Horizon,
    Stage,
)
from stocktake.model.workbook import CellRef, SheetLayout, Workbook

__all__ = [
    "DCA",
    "CSFScore",
    "CellRef",
    "Classification",
    "Contribution",
    "Criterion",
    "Decision",
    "DecisionKind",
    "Evaluation",
    "Evidence",
    "FundingPot",
    "Horizon",
    "Initiative",
    "Metric",
    "Milestone",
    "Mission",
    "Problem",
    "Reading",
    "Severity",
    "SheetLayout",
    "Stage",
    "Stakeholder",
    "Workbook",
    "next_decision_id",
]
