"""The open workbook as the whole app sees it: one object, many views.

:class:`Session` owns the :class:`~stocktake.model.Workbook`, the undo stack, the
shared selection of initiatives, the balance and the edits waiting to be saved. Views
read from it and listen to its signals; they change it only through :meth:`edit`
(and, for decisions, :meth:`record_decision`), which push undoable commands. The
writer is never asked by a widget: :meth:`save_plan` hands it plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from stocktake.model import Decision, Workbook
from stocktake.model.edits import EditRejected, FieldEdit, current_value

if TYPE_CHECKING:  # the engine (numpy) loads on first use, keeping start-up quick
    from stocktake.engine import ScoreArrays


class _EditCommand(QUndoCommand):
    def __init__(self, session: Session, edit: FieldEdit) -> None:
        super().__init__(edit.describe())
        self.session = session
        self.edit = edit

    def redo(self) -> None:
        self.session._apply(self.edit, forward=True)

    def undo(self) -> None:
        self.session._apply(self.edit, forward=False)


class _DecisionCommand(QUndoCommand):
    def __init__(self, session: Session, decision: Decision) -> None:
        super().__init__(f"Record {decision.decision.value} for {decision.initiative_id}")
        self.session = session
        self.decision = decision

    def redo(self) -> None:
        self.session._add_decision(self.decision)

    def undo(self) -> None:
        self.session._remove_decision(self.decision)


class Session(QObject):
    """State shared by every view of one open workbook."""

    workbook_loaded = Signal()
    readings_loaded = Signal()
    value_changed = Signal(str, str, str)  # kind, ident, field key
    decisions_changed = Signal()
    selection_changed = Signal(list)  # initiative IDs, in order
    balance_changed = Signal(float)
    dirty_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workbook: Workbook | None = None
        self.path: Path | None = None
        self.stamp: Any = None  # writer.FileStamp taken when the file was read
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._selection: list[str] = []
        self._balance = 0.5
        self._decisions: list[Decision] = []
        self._arrays: ScoreArrays | None = None
        # Value in the file, for every field touched since it was read or saved.
        self._baseline: dict[tuple[str, str, str], Any] = {}

    def _clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    # -- loading -----------------------------------------------------------------
    def set_workbook(
        self,
        workbook: Workbook,
        path: Path | None,
        stamp: Any = None,
        arrays: ScoreArrays | None = None,
    ) -> None:
        """Show a newly read workbook; ``arrays`` may be built beforehand off the GUI
        thread (they take ~1 s for 10k initiatives)."""
        self.workbook = workbook
        self._arrays = arrays
        self.path = path
        self.stamp = stamp
        self._decisions = []
        self._baseline = {}
        self._selection = []
        self.undo_stack.clear()
        self.undo_stack.setClean()
        try:
            balance = float(workbook.settings.get("balance", 0.5))
        except ValueError:
            balance = 0.5
        self._balance = min(1.0, max(0.0, balance))
        self.workbook_loaded.emit()

    def attach_readings(self, part: Workbook) -> None:
        """Readings read after the rest of the workbook (see the reader's ``defer``)."""
        if self.workbook is not None:
            self.workbook.attach_readings(part)
            self.readings_loaded.emit()

    def clear(self) -> None:
        self.workbook = None
        self._arrays = None
        self.path = None
        self.stamp = None
        self._decisions = []
        self._baseline = {}
        self._selection = []
        self.undo_stack.clear()
        self.workbook_loaded.emit()

    @property
    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    # -- edits -------------------------------------------------------------------
    def edit(self, kind: str, ident: str, key: str, value: Any) -> FieldEdit:
        """Make an undoable edit; raises :class:`EditRejected` with a message if invalid."""
        if self.workbook is None:
            raise EditRejected("no workbook is open")
        change = FieldEdit.make(self.workbook, kind, ident, key, value)
        if change.old == change.new:
            return change
        self.undo_stack.push(_EditCommand(self, change))
        return change

    def _apply(self, change: FieldEdit, *, forward: bool) -> None:
        assert self.workbook is not None
        if change.key.startswith("score:") or change.kind == "criteria":
            self._arrays = None  # scores or weights changed: the engine's view is stale
        self._baseline.setdefault((change.kind, change.ident, change.key), change.old)
        (change.apply if forward else change.revert)(self.workbook)
        self.value_changed.emit(change.kind, change.ident, change.key)

    def field_edits(self) -> list[FieldEdit]:
        """The edits to save: each touched cell whose value differs from the file's.

        Compared with the value as last read or saved (not with the undo history), so
        undoing an edit after a save writes the old value back, as a person expects.
        """
        if self.workbook is None:
            return []
        out = []
        for (kind, ident, key), saved in self._baseline.items():
            now = current_value(self.workbook, kind, ident, key)
            if now != saved:
                out.append(FieldEdit(kind, ident, key, saved, now))
        return out

    @property
    def arrays(self) -> ScoreArrays | None:
        """The engine's arrays for the current workbook (``None`` without criteria)."""
        wb = self.workbook
        if self._arrays is None and wb is not None and wb.criteria and wb.initiatives:
            from stocktake.engine import arrays_from_workbook

            self._arrays = arrays_from_workbook(wb)
        return self._arrays

    # -- decisions ---------------------------------------------------------------
    def record_decision(self, decision: Decision) -> None:
        self.undo_stack.push(_DecisionCommand(self, decision))

    def _add_decision(self, decision: Decision) -> None:
        self._decisions.append(decision)
        self.decisions_changed.emit()

    def _remove_decision(self, decision: Decision) -> None:
        self._decisions.remove(decision)
        self.decisions_changed.emit()

    def pending_decisions(self) -> list[Decision]:
        """Decisions recorded since the last save, oldest first."""
        return list(self._decisions)

    def all_decisions(self) -> list[Decision]:
        saved = self.workbook.decisions if self.workbook else []
        return [*saved, *self._decisions]

    def mark_saved(self, stamp: Any) -> None:
        """After a save: the file now holds the current values and the new decisions.

        The decision log is append-only in the file, so once decisions are saved their
        commands cannot be undone: the undo history is cleared in that case only.
        """
        if self.workbook is not None:
            self.workbook.decisions.extend(self._decisions)
            for key in list(self._baseline):
                self._baseline[key] = current_value(self.workbook, *key)
        saved_decisions = bool(self._decisions)
        self._decisions = []
        self.stamp = stamp
        if saved_decisions:
            self.undo_stack.clear()
        self.undo_stack.setClean()

    # -- shared view state ---------------------------------------------------------
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
        return self._balance

    def set_balance(self, value: float) -> None:
        value = min(1.0, max(0.0, float(value)))
        if value != self._balance:
            self._balance = value
            self.balance_changed.emit(value)
