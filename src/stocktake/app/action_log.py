"""The document's action log: making, checking and applying action changes.

Split from :mod:`stocktake.app.document` (a mixin of :class:`Document`, holding no
state of its own) so the document stays one screenful of concerns: the changes are in
:mod:`.actions`, the log's state (``actions``) on the document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from stocktake.app import errors
from stocktake.app.actions import AddAction, CompleteAction, EditAction, complete
from stocktake.model.actions import Action, next_action_id

if TYPE_CHECKING:
    from stocktake.model import Decision, Workbook


class ActionLog:
    """New, edited and completed actions for the document that inherits this."""

    __slots__ = ()

    if TYPE_CHECKING:
        actions: list[Action]
        workbook: Workbook

        def all_decisions(self) -> list[Decision]: ...

        def _emit(self, topic: str, detail: Any = None) -> None: ...

    def new_action(
        self,
        what: str,
        *,
        owner: str = "",
        due: dt.date | None = None,
        initiative_id: str = "",
        decision_id: str = "",
        meeting: str = "",
        raised: dt.date | None = None,
    ) -> AddAction:
        """An action for the log, with the next ID. Raises :class:`errors.InvalidInput`
        without words for what is to be done, or a link to nothing in the workbook."""
        if decision_id.strip() and not initiative_id.strip():  # a decision is about one item
            found = [d for d in self.all_decisions() if d.decision_id == decision_id.strip()]
            initiative_id = found[0].initiative_id if found else ""
        action = Action(
            next_action_id(self.actions),
            what.strip(),
            owner.strip(),
            due,
            initiative_id.strip(),
            decision_id.strip(),
            raised=raised or dt.date.today(),
            meeting=meeting.strip(),
        )
        self._check_action(action)
        return AddAction(action)

    def edit_action(self, action_id: str, **values: Any) -> EditAction | None:
        """The change for an action's new ``what``/``owner``/``due``/link (None: no
        change). Raises :class:`errors.NotFound` or :class:`errors.InvalidInput`."""
        old = self._action(action_id)
        clean: dict[str, Any] = {
            k: v.strip() if isinstance(v, str) else v for k, v in values.items()
        }
        new = dataclasses.replace(old, **clean)
        self._check_action(new)
        return None if new == old else EditAction(old, new)

    def complete_action(
        self, action_id: str, done: bool = True, on: dt.date | None = None
    ) -> CompleteAction | None:
        """Mark an action done on ``on`` (today by default), or open it again."""
        old = self._action(action_id)
        if old.done == done:
            return None
        return CompleteAction(old, complete(old, done, on or dt.date.today()))

    def _action(self, action_id: str) -> Action:
        for a in self.actions:
            if a.action_id == action_id:
                return a
        raise errors.NotFound(f"there is no action {action_id!r} in the action log")

    def _check_action(self, action: Action) -> None:
        if not action.what:
            raise errors.InvalidInput("an action needs words for what is to be done")
        if action.initiative_id and action.initiative_id not in self.workbook.initiatives:
            raise errors.InvalidInput(
                f"the action is linked to {action.initiative_id!r}, which is not an initiative "
                "in this workbook"
            )
        ids = {d.decision_id for d in self.all_decisions()}
        if action.decision_id and action.decision_id not in ids:
            raise errors.InvalidInput(
                f"the action is linked to the decision {action.decision_id!r}, which is not "
                "in the decision log"
            )

    def _put_action(self, action: Action) -> None:
        """Add ``action``, or put it in place of the one with its ID."""
        for i, a in enumerate(self.actions):
            if a.action_id == action.action_id:
                self.actions[i] = action
                break
        else:
            self.actions.append(action)
        self._emit("actions")

    def _drop_action(self, action_id: str) -> None:
        self.actions[:] = [a for a in self.actions if a.action_id != action_id]
        self._emit("actions")
