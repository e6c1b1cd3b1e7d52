"""The open workbook as the window sees it: the application's Document, with Qt signals.

:class:`Session` owns a :class:`~stocktake.app.document.Document` (the workbook, the plan
settings, unsaved decisions and changes), the undo stack and the shared selection.
Every change a person makes is a plain :class:`~stocktake.app.changes.Change`, pushed
through :meth:`Session.push` onto the undo stack (which applies and reverts it on the
document); the document tells the session what moved and the session emits the matching
signal, so views never need to know which panel made a change.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from stocktake.app.changes import Change, SetBalance
from stocktake.app.document import Document
from stocktake.app.saving import SaveJob
from stocktake.model import Decision, Workbook
from stocktake.model.edits import EditRejected, FieldEdit
from stocktake.ui import heap

if TYPE_CHECKING:  # the engine (numpy) loads on first use, keeping start-up quick
    from stocktake.app.document import FileStamp, SaveReport
    from stocktake.engine import ScoreArrays

_BALANCE_ID = 1  # QUndoCommand.id() shared by balance changes, so a drag merges into one step
_gestures = itertools.count(1)


def new_gesture() -> int:
    """An id for one dial gesture (a drag, or one key press): its movements merge."""
    return next(_gestures)


class _ChangeCommand(QUndoCommand):
    """A :class:`Change` on the undo stack: redo applies it, undo reverts it."""

    def __init__(self, session: Session, change: Change) -> None:
        super().__init__(change.describe())
        self.session = session
        self.change = change

    def redo(self) -> None:
        self.session.document.apply(self.change)

    def undo(self) -> None:
        self.session.document.revert(self.change)

    def id(self) -> int:
        return _BALANCE_ID if isinstance(self.change, SetBalance) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Movements of one dial gesture are one undo step (the document keeps the same
        rule for its unsaved list, so the two never disagree)."""
        if not isinstance(other, _ChangeCommand):
            return False
        mine, theirs = self.change, other.change
        if not (isinstance(mine, SetBalance) and isinstance(theirs, SetBalance)):
            return False
        merged = mine.merged(theirs)
        if merged is None:
            return False
        self.change = merged
        self.setText(merged.describe())
        return True


class Session(QObject):
    """State shared by every view of one open workbook."""

    workbook_loaded = Signal()
    readings_loaded = Signal()
    value_changed = Signal(str, str, str)  # kind, ident, field key
    decisions_changed = Signal()
    selection_changed = Signal(list)  # initiative IDs, in order
    balance_changed = Signal(float)
    cuts_changed = Signal()
    problem_changed = Signal()
    scenarios_changed = Signal()
    saved = Signal(object)  # the writer's SaveReport
    dirty_changed = Signal(bool)
    review_changed = Signal()  # a review copy's notes or the master's review record
    actions_changed = Signal()  # the action log: added, edited, marked done (or undone)
    minutes_changed = Signal()  # a meeting's minutes queued for the next save

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: Document = Document(Workbook())
        self._loaded = False
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._selection: list[str] = []
        self._arrays: ScoreArrays | None = None

    def _clean_changed(self, clean: bool) -> None:
        # a bound method, not a lambda: Qt drops the connection when the session goes
        self.dirty_changed.emit(not clean)

    # -- loading -----------------------------------------------------------------------
    @property
    def workbook(self) -> Workbook | None:
        return self.document.workbook if self._loaded else None

    @property
    def path(self) -> Path | None:
        return self.document.path if self._loaded else None

    @property
    def stamp(self) -> FileStamp | None:
        return self.document.stamp

    @stamp.setter
    def stamp(self, value: FileStamp | None) -> None:
        self.document.stamp = value

    def set_workbook(
        self,
        workbook: Workbook,
        path: Path | None,
        stamp: Any = None,
        arrays: ScoreArrays | None = None,
    ) -> None:
        """Show a newly read workbook; ``arrays`` may be built beforehand off the GUI
        thread (they take ~1 s for 10k initiatives)."""
        self.set_document(Document.of(workbook, path, stamp), arrays)

    def set_document(self, document: Document, arrays: ScoreArrays | None = None) -> None:
        heap.release()
        self.document.listeners.clear()
        self.document = document
        document.listeners.append(self._on_document)
        self._loaded = True
        self._arrays = arrays
        self._selection = []
        self.undo_stack.clear()
        self.undo_stack.setClean()
        heap.settle()  # before the views start their workers on it
        self.workbook_loaded.emit()

    def attach_readings(self, part: Workbook) -> None:
        """Readings read after the rest of the workbook (see the reader's ``defer``)."""
        if self._loaded:
            self.document.workbook.attach_readings(part)
            heap.settle()
            self.readings_loaded.emit()

    def clear(self) -> None:
        heap.release()
        self.document.listeners.clear()
        self.document = Document(Workbook())
        self._loaded = False
        self._arrays = None
        self._selection = []
        self.undo_stack.clear()
        self.workbook_loaded.emit()

    @property
    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    # -- what the document says ------------------------------------------------------------
    def _on_document(self, topic: str, detail: Any) -> None:
        if topic == "field":
            kind, ident, key = detail
            if key.startswith("score:") or kind == "criteria" or key == "project_type":
                # scores, weights or a cost uplift changed: the engine's view is stale
                self._arrays = None
            self.value_changed.emit(kind, ident, key)
        elif topic == "decisions":
            self.decisions_changed.emit()
        elif topic == "balance":
            self.balance_changed.emit(float(detail))
        elif topic == "cuts":
            self.cuts_changed.emit()
        elif topic == "problem":
            self.problem_changed.emit()
        elif topic == "scenarios":
            self.scenarios_changed.emit()
        elif topic == "review":
            self.review_changed.emit()
        elif topic == "actions":
            self.actions_changed.emit()
        elif topic == "minutes":
            self.minutes_changed.emit()
        elif topic == "saved":
            self.saved.emit(detail)
            self.decisions_changed.emit()  # "not saved yet" becomes saved in the log

    # -- changes -----------------------------------------------------------------------------
    def push(self, change: Change | None) -> None:
        """Make ``change`` as one undoable step (``None``: nothing to do)."""
        if change is not None and self._loaded:
            self.undo_stack.push(_ChangeCommand(self, change))

    def edit(self, kind: str, ident: str, key: str, value: Any) -> FieldEdit | None:
        """Make an undoable edit; raises :class:`EditRejected` with a message if invalid."""
        if not self._loaded:
            raise EditRejected("no workbook is open")
        change = self.document.edit(kind, ident, key, value)
        self.push(change)
        return None if change is None else change.edit

    def field_edits(self) -> list[FieldEdit]:
        return self.document.field_edits() if self._loaded else []

    @property
    def arrays(self) -> ScoreArrays | None:
        """The engine's arrays for the current workbook (``None`` without criteria)."""
        wb = self.workbook
        if self._arrays is None and wb is not None and wb.criteria and wb.initiatives:
            from stocktake.engine import arrays_from_workbook

            self._arrays = arrays_from_workbook(wb, self.document.settings.discounting)
        return self._arrays

    # -- decisions ---------------------------------------------------------------------------
    def pending_decisions(self) -> list[Decision]:
        """Decisions recorded since the last save, oldest first."""
        return list(self.document.pending)

    def all_decisions(self) -> list[Decision]:
        return self.document.all_decisions() if self._loaded else []

    # -- saving ------------------------------------------------------------------------------
    def save_job(self, target: Path | None = None) -> SaveJob:
        return self.document.save_job(target)

    def mark_saved(self, job: SaveJob, report: SaveReport) -> None:
        """After a save: the file holds what the job wrote. The decision log is append-only
        in the file, so once decisions are saved their steps cannot be undone: the undo
        history is cleared in that case only."""
        self.document.mark_saved(job, report)
        if job.target is not None:
            return
        if job.decisions or job.minutes:  # both are appended to, never rewritten
            self.undo_stack.clear()
        if not self.document.unsaved:
            self.undo_stack.setClean()

    # -- shared view state -------------------------------------------------------------------
    @property
    def selection(self) -> list[str]:
        return list(self._selection)

    def select(self, ids: Iterable[str]) -> None:
        ids = list(dict.fromkeys(ids))
        if ids != self._selection:
            self._selection = ids
            self.selection_changed.emit(list(ids))

    @property
    def balance(self) -> float:
        return self.document.balance

    def set_balance(self, value: float, gesture: int | None = None) -> None:
        """Move the balance as one undoable step (movements of one ``gesture`` merge)."""
        self.push(self.document.set_balance(value, new_gesture() if gesture is None else gesture))
