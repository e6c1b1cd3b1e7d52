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


def test_a_task_dropped_while_it_ran_ends_without_an_error(capfd) -> None:  # type: ignore[no-untyped-def]
    for last in ("finished", "cancelled", "failed"):
        task = Task(lambda progress: progress(1, 1), "a test job")
        if last == "cancelled":
            task.cancel()
        if last == "failed":
            task = Task(lambda progress: 1 / 0, "a test job")
        shiboken6.delete(task.signals)  # its tab or window went while it ran
        task.run()  # as the pool runs it: no exception escapes
        assert task.done.is_set()
    assert "Signal source has been deleted" not in capfd.readouterr().err


def test_a_worker_gives_the_gui_thread_its_turn_within_a_millisecond(qtbot) -> None:  # type: ignore[no-untyped-def]
    """While a worker runs pure Python, each call Qt makes into Python on the GUI
    thread (a cell drawn, a slot) waits for the interpreter lock at most this long."""
    import sys

    from stocktake.ui.workers import GUI_TURN_SECONDS

    task = Task(lambda _progress: sum(range(1000)), "a test job")
    done: list[object] = []
    task.signals.finished.connect(done.append)
    task.start()
    qtbot.waitUntil(lambda: done == [sum(range(1000))])
    assert sys.getswitchinterval() <= GUI_TURN_SECONDS <= 0.001
