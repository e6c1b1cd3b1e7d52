"""Background tasks: a task whose window has gone stops quietly instead of failing."""

from __future__ import annotations

import shiboken6

from stocktake.ui.workers import Task


def test_a_task_whose_signals_were_deleted_stops_instead_of_raising() -> None:
    task = Task(lambda progress: progress(1, 2), "a test job")
    assert task._progress(0, 2) is True
    shiboken6.delete(task.signals)  # the window (and so the receiver) closed meanwhile
    assert task._progress(1, 2) is False
    assert task.cancelled
