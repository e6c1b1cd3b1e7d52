"""Run pieces of GUI work one per event-loop pass, so none adds up to a freeze.

Showing a freshly read 10k-row workbook means resetting several models and views;
each is quick, but together they would hold the event loop for a few hundred
milliseconds. :func:`later` queues a piece; pieces run in order, each in its own pass
(a short timer re-armed after each piece), so input and painting get a turn
between them. A piece whose owner has been deleted meanwhile is skipped.

:func:`when_idle` queues background work to start once every piece (including ones
queued after it) has run: a worker started while a page is still being made and painted
competes with those passes for the interpreter lock, and each pass takes twice as long.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer

GAP_MS = 4

SETTLE_MS = 50
"""How long the pieces must have been done before idle work starts: the layout and paint
they caused run in the passes after the last piece, and a worker started within those
passes competed with them (Delivery's first show held the window for 175-208 ms)."""


class _Stager:
    def __init__(self) -> None:
        self.queue: deque[tuple[QObject, Callable[[], object]]] = deque()
        self.idle: deque[tuple[QObject, Callable[[], object]]] = deque()
        self.armed = False
        self.settled = False  # the pieces were done SETTLE_MS ago (idle work may start)

    def add(self, owner: QObject, piece: Callable[[], object], idle: bool = False) -> None:
        (self.idle if idle else self.queue).append((owner, piece))
        if not idle:
            self.settled = False
        if not self.armed:
            self.armed = True
            QTimer.singleShot(0, self.step)

    def step(self) -> None:
        delay = GAP_MS
        try:
            if self.queue:
                while self.queue:
                    owner, piece = self.queue.popleft()
                    if shiboken6.isValid(owner):
                        piece()
                        break
                self.settled = False
            elif not self.settled:
                self.settled = True
                delay = SETTLE_MS  # the pieces' layout and paint first
            else:
                while self.idle:
                    owner, piece = self.idle.popleft()
                    if shiboken6.isValid(owner):
                        piece()
                        break
        finally:
            self.armed = bool(self.queue or self.idle)
            if self.armed:
                # A few milliseconds, not zero: a zero timer can run before timers and
                # input that are already due, which would join the pieces back up.
                QTimer.singleShot(delay, self.step)


_STAGER = _Stager()


def later(owner: QObject, piece: Callable[[], object]) -> None:
    """Run ``piece`` in a later event-loop pass (after those already queued), unless
    ``owner`` has been deleted by then."""
    _STAGER.add(owner, piece)


def when_idle(owner: QObject, start: Callable[[], object]) -> None:
    """Run ``start`` (which starts background work) in a pass after every piece queued
    by then or later, unless ``owner`` has been deleted by then."""
    _STAGER.add(owner, start, idle=True)


class IdleStart:
    """A start (of background work) queued with :func:`when_idle` at most once until it
    runs: asked for again meanwhile, the one start still waiting serves, and it reads
    the state of the moment it runs."""

    def __init__(self, owner: QObject, start: Callable[[], object]) -> None:
        self.owner = owner
        self.start = start
        self.queued = False

    def request(self) -> None:
        if not self.queued:
            self.queued = True
            when_idle(self.owner, self.now)

    def now(self) -> None:
        """Start at once if a start is waiting (tests and shutdown do not wait a pass)."""
        if self.queued:
            self.queued = False
            self.start()

    def drop(self) -> None:
        """The waiting start is no longer wanted (cancelled, or started some other way)."""
        self.queued = False


def pending() -> int:
    """How many pieces are still waiting (tests wait for zero)."""
    return len(_STAGER.queue) + len(_STAGER.idle)
