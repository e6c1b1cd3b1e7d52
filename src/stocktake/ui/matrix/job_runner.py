"""Named background jobs for the analysis: one current task per name, newest wins.

Why its own object: the portfolio, frontier, robustness and comparison jobs all follow
the same bookkeeping (a newer request cancels the older one; only the current task's
answer is delivered; every started task is kept until it ends because the thread pool
does not keep it), and none of that is about the engine's numbers. Keeping it here
leaves :class:`~stocktake.ui.matrix.analysis.Analysis` to say *what* to compute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from stocktake.app import errors
from stocktake.ui.workers import Task


class JobRunner(QObject):
    """Runs at most one task per job name and reports on the GUI thread."""

    progress = Signal(str, int, int)  # which job, done, total
    failed = Signal(str, str)  # which job, message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: dict[str, Task] = {}
        self._started: list[Task] = []

    def start(
        self,
        name: str,
        fn: Callable[[Callable[[int, int], bool]], Any],
        done: Callable[[Any], None],
        *,
        first: Callable[[Any], None] | None = None,
        holder: list[Task] | None = None,
    ) -> Task:
        """Run ``fn`` in the background; ``first`` receives what it publishes through
        ``holder[0]`` before it ends (only while it is still the current task)."""
        old = self._tasks.get(name)
        if old is not None:
            old.cancel()

        def guarded(progress: Callable[[int, int], bool]) -> Any:
            try:
                return fn(progress)
            except (ValueError, KeyError) as exc:  # the engine refusing an input, in words
                raise errors.InvalidInput(str(exc)) from exc

        task = Task(guarded, f"the {name}")
        alive = self._while_alive
        task.signals.progress.connect(alive(lambda d, t: self.progress.emit(name, d, t)))
        task.signals.finished.connect(
            alive(lambda result: self._finished(name, task, done, result))
        )
        task.signals.failed.connect(alive(lambda error: self._failed(name, task, str(error))))
        task.signals.cancelled.connect(alive(lambda: self._forget(name, task)))
        if first is not None:
            task.signals.partial.connect(
                alive(lambda result: first(result) if self._tasks.get(name) is task else None)
            )
        if holder is not None:
            holder.append(task)
        self._tasks[name] = task
        task.start()
        self._remember(task)
        return task

    def _while_alive(self, slot: Callable[..., Any]) -> Callable[..., None]:
        """``slot``, run only while this object still exists: a task's queued signals can
        arrive after the window (and this runner) has gone; Qt drops connections to a dead
        receiver's methods, not to lambdas, so the check is made here."""

        def call(*args: Any) -> None:
            if shiboken6.isValid(self):
                slot(*args)

        return call

    def _remember(self, task: Task) -> None:
        """Keep every started task (also superseded ones) until it ends: the pool does not."""
        self._started = [t for t in self._started if not t.done.is_set()]
        self._started.append(task)

    def _forget(self, name: str, task: Task) -> None:
        if self._tasks.get(name) is task:
            del self._tasks[name]

    def _finished(self, name: str, task: Task, done: Callable[[Any], None], result: Any) -> None:
        current = self._tasks.get(name) is task
        self._forget(name, task)
        if current:
            done(result)

    def _failed(self, name: str, task: Task, message: str) -> None:
        if self._tasks.get(name) is task:
            self._forget(name, task)
            self.failed.emit(name, message)

    def running(self, name: str) -> bool:
        return name in self._tasks

    def cancel(self, name: str) -> bool:
        """Cancel the current ``name`` task; True if there was one."""
        task = self._tasks.pop(name, None)
        if task is None:
            return False
        task.cancel()
        return True

    def names(self) -> list[str]:
        """The jobs running now."""
        return list(self._tasks)

    def wait(self, timeout: float = 30.0) -> None:
        """Block until every task started here has stopped (tests, shutdown)."""
        for task in [*self._tasks.values(), *self._started]:
            task.done.wait(timeout)
