"""How long the GUI's event loop is blocked: one 10 ms tick, shared by the GUI benchmarks.

A ``QTimer`` on the GUI thread fires every 10 ms; the gap between two of its ticks is
how long nothing could be clicked or painted. The longest gap in a step is that step's
"longest event-loop block". ``bench_gui.py``, ``gui_views.py`` and ``bench_place.py``
all measure with this one meter, so their figures mean the same thing.

Written by hand: pytest-qt's ``waitUntil`` waits on a condition but does not time the
loop, and no library records the gaps between ticks of a timer.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

TICK_MS = 10


def private_settings() -> None:
    """Keep the window's settings (recent files, window state) in a folder of this run's
    own: a benchmark's temporary copies must not join the person's recent-files list."""
    import tempfile

    from PySide6.QtCore import QSettings

    folder = tempfile.mkdtemp(prefix="stocktake-bench-settings-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


class EventLoopMeter:
    """A 10 ms timer on the GUI thread recording every gap between its ticks.

    Either wrap code that drives the loop itself in :meth:`watching`, or hand one action
    to :meth:`step`, which posts it to the loop (as a click would arrive) and spins the
    loop until it is done; both leave the longest gap in :attr:`longest`.
    """

    def __init__(self, interval_ms: int = TICK_MS) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance() or QApplication(sys.argv)
        self.clock = QElapsedTimer()
        self.clock.start()
        self.gaps: list[int] = []
        self._last = 0
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append(now - self._last)
        self._last = now

    @property
    def longest(self) -> int:
        """The longest gap (ms) since the last start; 0 when the timer never ticked."""
        return max(self.gaps, default=0)

    def start(self) -> None:
        """Forget earlier gaps and start timing from now."""
        self.gaps.clear()
        self._last = self.clock.elapsed()
        self.timer.start()

    def stop(self) -> int:
        """Stop timing; returns :attr:`longest`."""
        self.timer.stop()
        return self.longest

    @contextmanager
    def watching(self) -> Iterator[EventLoopMeter]:
        """Time the loop while the body runs (the body must spin the loop itself)."""
        self.start()
        try:
            yield self
        finally:
            self.stop()

    def spin(self, until: Callable[[], bool], timeout: float = 300.0) -> None:
        """Run the event loop until ``until()`` holds (a benchmark: a timeout guards it)."""
        end = time.perf_counter() + timeout
        while not until():
            if time.perf_counter() > end:
                raise TimeoutError("a view did not finish within the benchmark's timeout")
            self.app.processEvents()
            time.sleep(0.001)

    def settle(self, seconds: float) -> None:
        """Keep the loop running ``seconds`` longer, so late work shows up in the gaps."""
        end = time.perf_counter() + seconds
        self.spin(lambda: time.perf_counter() >= end)

    def step(
        self,
        action: Callable[[], object],
        done: Callable[[], bool] = lambda: True,
        settle: float = 0.3,
    ) -> tuple[int, float]:
        """Post ``action`` to the loop, spin until it has run and ``done()`` holds, then
        ``settle`` seconds more. Returns (longest block ms, seconds until done)."""
        from PySide6.QtCore import QTimer

        started: list[bool] = []

        def go() -> None:
            started.append(True)
            action()

        self.start()
        t = time.perf_counter()
        QTimer.singleShot(0, go)
        self.spin(lambda: bool(started) and done())
        took = time.perf_counter() - t
        self.settle(settle)
        return self.stop(), took
