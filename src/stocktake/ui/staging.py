"""Run pieces of GUI work one per event-loop pass, so none adds up to a freeze.

Showing a freshly read 10k-row workbook means resetting several models and views;
each is quick, but together they would hold the event loop for a few hundred
milliseconds. :func:`later` queues a piece; pieces run in order, each in its own pass
(a short timer re-armed after each piece), so input and painting get a turn
between them. A piece whose owner has been deleted meanwhile is skipped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer

GAP_MS = 4


class _Stager:
    def __init__(self) -> None:
        self.queue: deque[tuple[QObject, Callable[[], object]]] = deque()
        self.armed = False

    def add(self, owner: QObject, piece: Callable[[], object]) -> None:
        self.queue.append((owner, piece))
        if not self.armed:
            self.armed = True
            QTimer.singleShot(0, self.step)

    def step(self) -> None:
        try:
            while self.queue:
                owner, piece = self.queue.popleft()
                if shiboken6.isValid(owner):
                    piece()
                    break
        finally:
            self.armed = bool(self.queue)
            if self.armed:
                # A few milliseconds, not zero: a zero timer can run before timers and
                # input that are already due, which would join the pieces back up.
                QTimer.singleShot(GAP_MS, self.step)


_STAGER = _Stager()


def later(owner: QObject, piece: Callable[[], object]) -> None:
    """Run ``piece`` in a later event-loop pass (after those already queued), unless
    ``owner`` has been deleted by then."""
    _STAGER.add(owner, piece)


def pending() -> int:
    """How many pieces are still waiting (tests wait for zero)."""
    return len(_STAGER.queue)
