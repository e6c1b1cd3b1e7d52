"""GUI work in pieces, one per event-loop pass; background work started after them."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from stocktake.ui import staging


def test_work_queued_for_idle_starts_after_every_piece_even_later_ones(qtbot: QtBot) -> None:
    owner = QObject()
    order: list[str] = []
    staging.later(owner, lambda: order.append("page made"))
    staging.when_idle(owner, lambda: order.append("solve started"))
    staging.later(owner, lambda: order.append("chart made"))  # queued after the solve
    assert staging.pending() == 3  # the queued start counts: the window is not idle yet
    qtbot.waitUntil(lambda: staging.pending() == 0)
    assert order == ["page made", "chart made", "solve started"]


def test_idle_work_of_a_deleted_owner_is_dropped(qtbot: QtBot) -> None:
    owner, other = QObject(), QObject()
    ran: list[str] = []
    staging.when_idle(owner, lambda: ran.append("gone"))
    staging.when_idle(other, lambda: ran.append("kept"))
    shiboken6.delete(owner)  # the window closed before the pass came
    qtbot.waitUntil(lambda: staging.pending() == 0)
    assert ran == ["kept"]


def test_an_idle_start_asked_for_twice_starts_once(qtbot: QtBot) -> None:
    owner = QObject()
    starts: list[int] = []
    start = staging.IdleStart(owner, lambda: starts.append(1))
    start.request()
    start.request()  # a second refresh before the first start ran
    assert start.queued
    qtbot.waitUntil(lambda: staging.pending() == 0)
    assert starts == [1] and not start.queued


def test_an_idle_start_can_be_run_now_or_dropped(qtbot: QtBot) -> None:
    owner = QObject()
    starts: list[str] = []
    now = staging.IdleStart(owner, lambda: starts.append("now"))
    dropped = staging.IdleStart(owner, lambda: starts.append("dropped"))
    now.request()
    dropped.request()
    now.now()  # a test or shutdown waiting on the work starts it at once
    dropped.drop()  # superseded: a direct start happened some other way
    assert starts == ["now"]
    qtbot.waitUntil(lambda: staging.pending() == 0)
    assert starts == ["now"]  # neither runs a second time from the queue
