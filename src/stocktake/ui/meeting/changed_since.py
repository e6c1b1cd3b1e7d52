"""Which initiatives changed since the last stock-take, worked out in the background for
meeting mode's "Changed since last time" walk.

Why a worker and a kept answer: comparing every initiative with the previous saved state
takes 0.15-0.5 s at 10k initiatives (and the first time may read a backup, a whole
workbook). On the GUI thread it held meeting mode's start and every walk chosen, though
only one walk uses it. The answer is kept until the initiatives may have changed (an
edit, an undo, a merge, another workbook), so choosing walks reuses it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from stocktake.app.meeting import changed_since_last
from stocktake.ui.session import Session
from stocktake.ui.workers import Task

Answer = tuple[int, Sequence[str] | None]
"""(the state it was worked out for, the IDs or None when there is no earlier state)."""


class ChangedSince(QObject):
    """The changed initiatives of the session's document, current or being worked out."""

    found = Signal()
    """A current answer is ready (:attr:`ids`)."""
    failed = Signal(str)
    """It could not be worked out: what to tell the person."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._state = 0
        """Counts the changes that may change the answer; an answer is for one count."""
        self._answer: Answer | None = None
        self._task: Task | None = None
        self._task_state = -1
        self._retired: list[Task] = []
        session.workbook_loaded.connect(self._new_document)
        session.value_changed.connect(self._stale)
        session.review_changed.connect(self._stale)

    def _stale(self, *_args: object) -> None:
        self._state += 1

    def _new_document(self) -> None:
        """Another workbook: whether there is an earlier state is not known either."""
        self._state += 1
        self._answer = None

    @property
    def ready(self) -> bool:
        """The answer is for the initiatives as they are now."""
        return self._answer is not None and self._answer[0] == self._state

    @property
    def ids(self) -> Sequence[str] | None:
        """The last answer (None when there is no earlier state, or none worked out yet)."""
        return self._answer[1] if self._answer is not None else None

    @property
    def working(self) -> bool:
        return self._task is not None and not self._task.done.is_set()

    def want(self) -> None:
        """Work the answer out unless it is current or already being worked out for now."""
        if self.ready or (self.working and self._task_state == self._state):
            return
        if self._task is not None:
            self._task.cancel()
            # kept until it ends: a task dropped while it runs takes its signals with it
            self._retired = [t for t in self._retired if not t.done.is_set()] + [self._task]
        doc, state = self.session.document, self._state

        def work(_progress: object) -> Answer:
            return state, changed_since_last(doc)

        self._task = Task(work, "what changed since last time")
        self._task_state = state
        self._task.signals.finished.connect(self._done)
        self._task.signals.failed.connect(self._failed)
        self._task.start()

    def _done(self, answer: Answer) -> None:
        if answer[0] != self._state:  # the initiatives changed while it worked: again
            self.want()
            return
        self._answer = answer
        self.found.emit()

    def _failed(self, exc: object) -> None:
        self.failed.emit(f"Could not work out what changed since last time: {exc}")
