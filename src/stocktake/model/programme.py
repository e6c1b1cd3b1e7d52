"""Records for how a mission is funded and how it learns: funding pots and evaluations.

Why apart from :mod:`stocktake.model.entities`: these come from the newer input tables
(Funding, Evaluations) that many workbooks do not have; keeping them in their own
module keeps the core records short and lets this contract grow without touching them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(slots=True)
class FundingPot:
    """One pot's envelope in one financial year (a row of the Funding sheet).

    ``pooled``: the pot's money may meet the pooled costs of any pooled pot (funding that
    flexes across departments); otherwise it is ring-fenced. ``flexibility`` (0-1) is the
    share of this year's envelope that may be spent in the next year instead.
    """

    pot_id: str
    year: str
    envelope: float
    name: str = ""
    department: str = ""
    spend_type: str = ""
    pooled: bool = False
    flexibility: float = 0.0
    row: int = 0

    @property
    def label(self) -> str:
        return self.name or self.pot_id


@dataclass(slots=True)
class Evaluation:
    """A test-and-learn plan for one initiative, set before the test, and what came of it."""

    initiative_id: str
    question: str
    measure: str = ""
    threshold: str = ""
    decision_date: dt.date | None = None
    result: str = ""
    decision: str = ""
    row: int = 0
