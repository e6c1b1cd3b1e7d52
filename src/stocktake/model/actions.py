"""The action log: what someone agreed to do, by when, and whether it is done.

A stock-take ends in decisions *and* actions ("Finance to re-cost I-041 by March");
the next stock-take starts by asking which of them are due or overdue. Actions live on
an "Actions" sheet Stocktake owns (rewritten at each save, read back by its headers like
any input sheet, so a person may also keep it up to date in Excel).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from stocktake.model.vocab import _Vocab

DUE_SOON_DAYS = 14
"""An open action due within this many days counts as *due* at a stock-take."""


class ActionStatus(_Vocab):
    """Open or done: the only two states an action log needs."""

    OPEN = "Open"
    DONE = "Done"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            k: "Done"
            for k in ("complete", "completed", "closed", "finished", "yes", "y", "true", "x")
        } | {
            k: "Open"
            for k in ("inprogress", "ongoing", "notstarted", "todo", "no", "n", "false", "")
        }


class Standing(StrEnum):
    """Where an action stands on a given day, as the stock-take lists it."""

    OVERDUE = "Overdue"
    DUE = "Due"
    OPEN = "Open"
    DONE = "Done"


@dataclass(frozen=True, slots=True)
class Action:
    """One row of the action log. Frozen: an edit is a new value (the undo keeps the old)."""

    action_id: str
    what: str
    owner: str = ""
    due: dt.date | None = None
    initiative_id: str = ""
    decision_id: str = ""
    status: ActionStatus = ActionStatus.OPEN
    raised: dt.date | None = None
    completed: dt.date | None = None
    meeting: str = ""
    row: int = 0

    @property
    def done(self) -> bool:
        return self.status is ActionStatus.DONE

    def standing(self, today: dt.date, soon: int = DUE_SOON_DAYS) -> Standing:
        """Overdue (past its date and open), due (within ``soon`` days), open or done."""
        if self.done:
            return Standing.DONE
        if self.due is None:
            return Standing.OPEN
        if self.due < today:
            return Standing.OVERDUE
        if self.due <= today + dt.timedelta(days=soon):
            return Standing.DUE
        return Standing.OPEN

    def link(self) -> str:
        """What the action is for, in words ("I-041, decision D-0004")."""
        parts = [p for p in (self.initiative_id, self.decision_id) if p]
        if self.decision_id:
            parts[-1] = f"decision {self.decision_id}"
        return ", ".join(parts)

    def as_row(self) -> dict[str, Any]:
        """The Actions sheet's columns, in order, as a writer needs them."""
        return {
            "Action ID": self.action_id,
            "Action": self.what,
            "Owner": self.owner,
            "Due": self.due,
            "Initiative ID": self.initiative_id,
            "Decision ID": self.decision_id,
            "Status": self.status.value,
            "Raised": self.raised,
            "Completed": self.completed,
            "Meeting": self.meeting,
        }


ACTION_COLUMNS: tuple[str, ...] = tuple(Action("", "").as_row().keys())


def next_action_id(existing: list[Action]) -> str:
    """``A-0001`` style, one past the highest number already in the log."""
    numbers = [int(m.group(1)) for a in existing if (m := re.fullmatch(r"A-(\d+)", a.action_id))]
    return f"A-{max(numbers, default=0) + 1:04d}"
