"""The action log as changes a person makes: add, edit, mark done (no Qt).

Each is a :class:`~stocktake.app.changes.Change` like every other (undoable, described
in words, in the crash journal as JSON); the document keeps the log and a save rewrites
the owned "Actions" sheet when it changed. :func:`due_actions` is what the next
stock-take opens with: the open actions that are overdue or due soon.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from stocktake.app.changes import Change
from stocktake.model.actions import (
    ACTION_COLUMNS,
    DUE_SOON_DAYS,
    Action,
    ActionStatus,
    Standing,
)

if TYPE_CHECKING:
    from stocktake.app.document import Document
    from stocktake.excel.writer import SheetContent

ACTIONS_SHEET = "Actions"


# --- JSON ------------------------------------------------------------------------------


def action_to_json(a: Action) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in a.as_row().items():
        out[key] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def action_from_json(row: Mapping[str, Any]) -> Action:
    def day(key: str) -> dt.date | None:
        value = row.get(key)
        return dt.date.fromisoformat(str(value)) if value else None

    return Action(
        action_id=str(row["Action ID"]),
        what=str(row["Action"]),
        owner=str(row.get("Owner") or ""),
        due=day("Due"),
        initiative_id=str(row.get("Initiative ID") or ""),
        decision_id=str(row.get("Decision ID") or ""),
        status=ActionStatus(row.get("Status") or ActionStatus.OPEN.value),
        raised=day("Raised"),
        completed=day("Completed"),
        meeting=str(row.get("Meeting") or ""),
    )


# --- the changes -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddAction(Change):
    """A new action in the log (Ctrl+Shift+A in the window)."""

    kind: ClassVar[str] = "add-action"
    action: Action

    def apply(self, doc: Document) -> None:
        doc._put_action(self.action)

    def revert(self, doc: Document) -> None:
        doc._drop_action(self.action.action_id)

    def describe(self) -> str:
        return f"Add the action {self.action.action_id}"

    def data(self) -> dict[str, Any]:
        return {"action": action_to_json(self.action)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(action_from_json(data["action"]))


@dataclass(frozen=True, slots=True)
class EditAction(Change):
    """An action's words, owner, date or link changed (the old action comes back on undo)."""

    kind: ClassVar[str] = "edit-action"
    old: Action
    new: Action

    def apply(self, doc: Document) -> None:
        doc._put_action(self.new)

    def revert(self, doc: Document) -> None:
        doc._put_action(self.old)

    def describe(self) -> str:
        return f"Edit the action {self.new.action_id}"

    def data(self) -> dict[str, Any]:
        return {"old": action_to_json(self.old), "new": action_to_json(self.new)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Change:
        return cls(action_from_json(data["old"]), action_from_json(data["new"]))


@dataclass(frozen=True, slots=True)
class CompleteAction(EditAction):
    """An action marked done (with the day), or opened again: an edit of its status, told
    in its own words (applied, reverted and journaled as :class:`EditAction` is)."""

    kind: ClassVar[str] = "complete-action"

    def describe(self) -> str:
        verb = "Mark" if self.new.done else "Reopen"
        return f"{verb} the action {self.new.action_id}" + (" done" if self.new.done else "")


# --- reading the log ---------------------------------------------------------------------


def due_actions(
    actions: Iterable[Action], today: dt.date, soon: int = DUE_SOON_DAYS
) -> list[tuple[Action, Standing]]:
    """The open actions a stock-take should chase, overdue first, each by due date."""
    order = {Standing.OVERDUE: 0, Standing.DUE: 1}
    found = [(a, a.standing(today, soon)) for a in actions]
    chased = [(a, s) for a, s in found if s in order]
    return sorted(chased, key=lambda p: (order[p[1]], p[0].due or today, p[0].action_id))


def standing_words(action: Action, today: dt.date) -> str:
    """ "Overdue by 3 days", "Due in 5 days", "Due today", "Done 2 Mar 2027", "Open"."""
    s = action.standing(today)
    if s is Standing.DONE:
        return f"Done {uk_date(action.completed)}".rstrip()
    if action.due is None:
        return "Open (no due date)"
    days = (action.due - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def uk_date(day: dt.date | None) -> str:
    """``27 Nov 2026``: the way a UK reader writes a date (never ``2026-11-27``)."""
    return "" if day is None else f"{day.day} {day:%b %Y}"


_WIDTHS = dict(zip(ACTION_COLUMNS, (10, 48, 20, 12, 12, 12, 10, 12, 12, 30), strict=True))


def actions_sheet(
    actions: Sequence[Action],
    classification: str,
    name: str,
    kept: KeptLayout | None = None,
) -> SheetContent:
    """The owned Actions sheet: every action, in the order they were raised.

    ``kept``: the layout of an action log a person keeps in Excel under headers of their
    own ("Ref", "Task", "Deadline"): their header row and column order are kept (columns
    Stocktake lacks are added to the right), so the sheet is rewritten in place and the
    reader finds every action where it looks. A column of theirs Stocktake does not know
    is not rewritten; the writer then keeps their version of the sheet as well."""
    from stocktake.excel.writer import ListValidation, SheetContent

    if kept is None:
        headers: list[object] = list(ACTION_COLUMNS)
        place = {c: i for i, c in enumerate(ACTION_COLUMNS)}
        header_row = 1
        title = ""
    else:
        headers, place, header_row = kept.headers(), kept.places(), kept.header_row
        title = kept.title
    rows = []
    for a in actions:
        row: list[object] = [None] * len(headers)
        for label, value in a.as_row().items():
            row[place[label]] = value
        rows.append(row)
    widths = [12.0] * len(headers)
    for label, col in place.items():
        widths[col] = float(_WIDTHS[label])
    return SheetContent(
        name,
        [str(h or "") for h in headers],
        rows,
        widths=widths,
        table="Actions",
        validations=[ListValidation(place["Status"], ActionStatus.choices(), "Status")],
        classification=classification,
        header_row=header_row,
        title=title,
        repeat_columns=2 if kept is None else 0,
    )


@dataclass(frozen=True, slots=True)
class KeptLayout:
    """Where a person's own action log has its header and each column (0-based)."""

    header_row: int
    header: tuple[object, ...]
    """The header row's cells as the person wrote them."""
    columns: Mapping[str, int]
    """Column label (``ACTION_COLUMNS``) -> its place in their sheet."""
    title: str = ""
    """The text in A1 above a header lower down (kept: a title people recognise)."""

    def places(self) -> dict[str, int]:
        out = dict(self.columns)
        nxt = len(self.header)
        for label in ACTION_COLUMNS:
            if label not in out:
                out[label] = nxt
                nxt += 1
        return out

    def headers(self) -> list[object]:
        places = self.places()
        out: list[object] = list(self.header) + [None] * (
            max(places.values()) + 1 - len(self.header)
        )
        for label, col in places.items():
            if col >= len(self.header) or out[col] in (None, ""):
                out[col] = label
        return out


def kept_layout(
    path: Path, sheet: str, header_row: int, fields: Mapping[str, int]
) -> KeptLayout | None:
    """The layout of the person's sheet (``fields``: the reader's field key -> column),
    or None when it is laid out as Stocktake writes it."""
    from stocktake.excel.review_store import read_sheets
    from stocktake.excel.schema import ACTIONS

    labels = {f.key: f.label for f in ACTIONS.fields}
    columns = {labels[k]: c for k, c in fields.items() if k in labels}
    if header_row == 1 and columns == {c: i for i, c in enumerate(ACTION_COLUMNS)}:
        return None
    rows = read_sheets(path, [sheet]).get(sheet, [])
    if len(rows) < header_row:
        return None
    header = tuple(rows[header_row - 1])
    while header and header[-1] in (None, ""):
        header = header[:-1]
    first = rows[0][0] if header_row > 1 and rows[0] else None
    return KeptLayout(header_row, header, columns, "" if first is None else str(first))


def complete(action: Action, done: bool, on: dt.date) -> Action:
    """``action`` marked done on ``on`` (or open again, its completion day cleared)."""
    if done:
        return dataclasses.replace(action, status=ActionStatus.DONE, completed=on)
    return dataclasses.replace(action, status=ActionStatus.OPEN, completed=None)
