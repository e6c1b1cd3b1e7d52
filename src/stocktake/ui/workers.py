"""Running long work off the GUI thread with progress and a cancel.

A :class:`Task` wraps a plain function that takes a ``progress(done, total) -> bool``
callback (the same signature the core uses) and runs it on the global
:class:`QThreadPool`. Results come back as Qt signals on the GUI thread; workers
never touch widgets. Keep a reference to a running task (the pool does not).
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from stocktake.app import errors

GUI_TURN_SECONDS = 0.001
"""How long a worker running Python may hold the interpreter lock while the GUI thread
waits for it (CPython's default is 5 ms). The GUI thread needs the lock for every call
Qt makes into Python (each table cell drawn, each slot), one at a time; while a worker
ran pure Python (the mission-health tables, what changed since last time) each call
could wait the whole 5 ms, and a table's first paint held the window for a quarter of a
second with the GUI thread itself busy for 16 ms of it. A shorter turn costs the
worker a few hundred more switches a second."""


class TaskSignals(QObject):
    progress = Signal(int, int)
    partial = Signal(object)  # a first result while the rest is still being worked on
    finished = Signal(object)
    failed = Signal(object)  # an AppError: its type says what to offer, str() what to say
    cancelled = Signal()


class Task(QRunnable):
    """Run ``fn(progress)`` in the pool; ``cancel()`` makes the next progress call stop it."""

    def __init__(
        self, fn: Callable[[Callable[[int, int], bool]], Any], what: str = "the task"
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = TaskSignals()
        self._fn = fn
        self._what = what
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def publish(self, result: object) -> None:
        """Hand a first result to the GUI thread before the task finishes."""
        self.signals.partial.emit(result)

    def _progress(self, done: int, total: int) -> bool:
        try:
            self.signals.progress.emit(done, total)
        except RuntimeError:  # its window is gone (closed while this ran): stop quietly
            self._cancel.set()
            return False
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except errors.AppError as exc:
            self._tell("failed", exc)
        except BaseException as exc:  # a bug (or a Rust panic): a plain message, traceback logged
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            self._tell("failed", errors.unexpected(exc, self._what))
        else:
            if self._cancel.is_set():
                self._tell("cancelled")
            else:
                self._tell("finished", result)
        finally:
            self.done.set()

    def _tell(self, signal: str, *args: object) -> None:
        """Emit the task's last signal, unless its receiver has gone: a task dropped
        while it ran (a tab built at once after its background preparation started, a
        window closed) lost its signals with it, and the emit raised in the worker."""
        with contextlib.suppress(RuntimeError):
            getattr(self.signals, signal).emit(*args)

    def start(self, pool: QThreadPool | None = None) -> None:
        if sys.getswitchinterval() > GUI_TURN_SECONDS:
            sys.setswitchinterval(GUI_TURN_SECONDS)
        (pool or QThreadPool.globalInstance()).start(self)


@functools.cache
def file_pool() -> QThreadPool:
    """The pool that opens and saves run in, one at a time: never queued behind the
    analysis jobs (solves, Monte Carlo) that share the global pool, so a save is not kept
    waiting by a re-solve the dial started."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    return pool


_PRELOADED: dict[str, Task] = {}


def preload(module: str, load: Callable[[], object]) -> None:
    """Run ``load`` (which imports ``module`` with a plain import statement, so that
    PyInstaller sees it) in the pool unless the module is loaded or loading, so a
    view's first show does not: the mission-health page's code took 50-70 ms to
    import on the GUI thread. Only for Qt-free modules (the model, app and delivery
    layers): widgets' modules are imported on the GUI thread."""
    if module in sys.modules or module in _PRELOADED:
        return
    task = Task(lambda _progress: load(), f"loading {module}")
    _PRELOADED[module] = task  # kept: the pool does not keep a task
    task.start()
