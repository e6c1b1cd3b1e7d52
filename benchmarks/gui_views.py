"""The new views used the way a person uses them, in one main window, with a 10 ms tick.

Imported by ``bench_gui.py`` (``--views-only`` runs just this part). One window opens a
copy of the large workbook (with one backup generation beside it, so "what changed
since last time" has an earlier state to read, as after a first save); then every new
view is built, first shown, filtered and switched, every mission and every filter.
A 10 ms timer on the GUI thread records the gaps between its ticks: the longest gap in
a step is how long the event loop was blocked (nothing could be clicked or painted).

The peer, measured in the same run and window: opening the workbook. Only public
attributes that exist in the tree before the responsiveness work are used, so the same
script measures both trees (``PYTHONPATH=BEFORE/src python benchmarks/bench_gui.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from event_loop_meter import EventLoopMeter, private_settings

GOAL_MS = 100


@dataclass
class Step:
    """One thing a person does; ``blocks`` holds the longest block of each repetition."""

    name: str
    blocks: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def worst(self) -> int:
        return max(self.blocks, default=0)


class Meter(EventLoopMeter):
    """The shared 10 ms meter (``event_loop_meter``), keeping each named step's blocks
    across repetitions and printing each as it is measured."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: dict[str, Step] = {}

    def run(
        self,
        name: str,
        action: Callable[[], object],
        done: Callable[[], bool] = lambda: True,
        settle: float = 0.3,
    ) -> None:
        block, took = self.step(action, done, settle)
        step = self.steps.setdefault(name, Step(name))
        step.blocks.append(block)
        step.seconds += took
        print(f"  {name}: {block} ms, {took:.2f} s", file=sys.stderr, flush=True)


def _copy_with_backup(path: Path, folder: Path) -> Path:
    """The workbook copied into ``folder`` with one kept generation beside it."""
    from stocktake.excel.writer import backups

    copy = folder / path.name
    shutil.copyfile(path, copy)
    backups.keep(copy, backups._file_digest(copy))
    return copy


PARTS = ("health", "delivery", "portfolio", "actions", "meeting", "since")


def walk(path: Path, parts: tuple[str, ...] = PARTS) -> tuple[dict[str, Step], int]:
    """Every new view, every mission and filter (``parts``: which views, for profiling
    one); returns the steps and the peer's block."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from stocktake.model.actions import Action
    from stocktake.ui import staging
    from stocktake.ui.main_window import MainWindow
    from stocktake.ui.meeting_records import show_since_last

    private_settings()
    meter = Meter()
    folder = Path(tempfile.mkdtemp(prefix="stocktake-bench-"))
    try:
        copy = _copy_with_backup(path, folder)
        window = MainWindow()
        window.ask = lambda *a: None  # type: ignore[method-assign,assignment]
        window.resize(1366, 768)
        window.show()

        def idle() -> bool:
            return (
                window.session.path == copy
                and window.is_idle()
                and staging.pending() == 0
                and window.initiatives.proxy.rowCount() > 0
            )

        meter.run("peer: open the workbook", lambda: window.open_path(copy), idle, 1.0)
        peer = meter.steps["peer: open the workbook"].worst
        if "health" in parts:
            _mission_health(meter, window)
        if "delivery" in parts:
            _delivery(meter, window)
        if "portfolio" in parts:
            _portfolio(meter, window)
        if "actions" in parts:
            _actions(meter, window, Action)
        if "meeting" in parts:
            _meeting(meter, window)

        def since() -> None:
            show_since_last(window)

        def shown() -> bool:
            d = getattr(window, "since_last_dialog", None)
            return d is not None and d.isVisible() and len(getattr(d, "lines", [])) > 1

        if "since" in parts:
            meter.run("What changed since last time (reads the backup): open", since, shown, 0.5)
            window.since_last_dialog.close()
        # The window is left open: closing it while a portfolio job still runs can end
        # the process before the figures are printed; bench_gui ends the process.
        window.session.undo_stack.setClean()
        return meter.steps, peer
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _mission_health(meter: Meter, window: object) -> None:
    from stocktake.ui import staging

    tab = window.health_tab  # type: ignore[attr-defined]

    def ready() -> bool:
        page = tab.content
        return page is not None and page.health is not None and staging.pending() == 0

    meter.run(
        "Mission health: first show (page made, tables filled)",
        lambda: window.tabs.setCurrentWidget(tab),  # type: ignore[attr-defined]
        ready,
        1.0,
    )
    page = tab.content
    for i in [*range(1, page.pages.count()), 0]:
        name = page.pages.tabText(i).replace("&", "")
        meter.run(f"Mission health: show {name}", lambda i=i: page.pages.setCurrentIndex(i))
    places = [page.place.itemText(k) for k in range(page.place.count())]
    for where in (1, 2):  # the filter on the contribution map's page, then the learning one
        page.pages.setCurrentIndex(where)
        for place in [*places[1:], places[0]]:
            meter.run(
                f"Mission health: filter by each place ({len(places) - 1}), "
                f"on {page.pages.tabText(where).replace('&', '')}",
                lambda p=place: page.place.setCurrentText(p),
                settle=0.1,
            )


def _delivery(meter: Meter, window: object) -> None:
    tab = window.delivery_tab  # type: ignore[attr-defined]

    def ready() -> bool:
        page = tab.content
        return page is not None and not page.busy and page.result is not None

    meter.run(
        "Delivery: first show (trajectories worked out, one mission's charts)",
        lambda: window.tabs.setCurrentWidget(tab),  # type: ignore[attr-defined]
        ready,
    )
    page = tab.content
    missions = [page.mission.itemData(k) for k in range(page.mission.count())]
    for m in [*missions[1:], missions[0]]:
        meter.run(
            f"Delivery: each mission ({len(missions) - 1}) and every mission",
            lambda m=m: page.mission.setCurrentIndex(page.mission.findData(m)),
            ready,
            0.1,
        )
    for k in [*range(1, page.status.count()), 0]:
        meter.run(
            f"Delivery: each status filter ({page.status.count() - 1}), every mission",
            lambda k=k: page.status.setCurrentIndex(k),
            ready,
            0.1,
        )
    for k in [*range(1, page.side.count()), 0]:
        meter.run(
            f"Delivery: show {page.side.tabText(k)}", lambda k=k: page.side.setCurrentIndex(k)
        )


def _portfolio(meter: Meter, window: object) -> None:
    tab = window.portfolio_tab  # type: ignore[attr-defined]

    def solved() -> bool:
        panel = tab.content
        return panel is not None and panel.analysis.answer is not None and window.is_idle()  # type: ignore[attr-defined]

    meter.run(
        "Portfolio tab: first show, optimal portfolio solved (Spend by pot filled)",
        lambda: window.tabs.setCurrentWidget(tab),  # type: ignore[attr-defined]
        solved,
        1.0,
    )
    panel = tab.content
    meter.run("Spend by pot: show the page", lambda: panel.lists.setCurrentWidget(panel.pot_spend))
    meter.run("Spend by pot: refill (portfolio changed)", panel.pot_spend.refresh)


def _actions(meter: Meter, window: object, action: type) -> None:
    w = window
    meter.run(
        "Actions tab: show",
        lambda: w.tabs.setCurrentWidget(w.actions_panel),  # type: ignore[attr-defined]
    )
    doc = w.session.document  # type: ignore[attr-defined]
    ids = list(doc.workbook.initiatives)
    today = dt.date.today()

    def many() -> None:
        doc.actions = [
            action(
                f"A-{k:05d}",
                f"Follow up the business case of {ids[k % len(ids)]}",
                owner="Mission lead",
                due=today + dt.timedelta(days=k % 90 - 30),
                initiative_id=ids[k % len(ids)],
            )
            for k in range(2_000)
        ]
        w.session.actions_changed.emit()  # type: ignore[attr-defined]

    meter.run("Actions tab: 2,000 actions listed", many)


def _meeting(meter: Meter, window: object) -> None:
    w = window
    meter.run(
        "(context) Matrix tab: first show",
        lambda: w.tabs.setCurrentWidget(w.matrix_tab),  # type: ignore[attr-defined]
        w.is_idle,  # type: ignore[attr-defined]
        1.0,
    )
    from PySide6.QtCore import QObject

    meter.run(
        "Meeting mode: start (agenda of every initiative)",
        lambda: w.meeting_action.setChecked(True),  # type: ignore[attr-defined]
    )
    mode = w.findChild(QObject, "stocktake-meeting-mode")  # type: ignore[attr-defined]
    for _ in range(5):
        meter.run("Meeting mode: next item (N), 5 times", lambda: mode.move(1), settle=0.1)
    from stocktake.app.agenda import Walk

    walks = [Walk(mode.panel.walk.itemData(k)) for k in range(mode.panel.walk.count())]
    for walk_ in [*walks[1:], walks[0]]:
        meter.run(
            f"Meeting mode: choose each walk ({len(walks)})",
            lambda v=walk_: mode.choose_walk(v),
            settle=0.1,
        )
    meter.run("Meeting mode: leave", mode.leave)


def report(steps: dict[str, Step], peer: int) -> None:
    print(f"peer: opening the workbook, longest event-loop block {peer} ms")
    for step in steps.values():
        if step.name.startswith("peer"):
            continue
        mark = "" if step.worst <= GOAL_MS else "  (over 100 ms)"
        print(
            f"{step.name}: longest block {step.worst} ms{mark} "
            f"({step.worst / max(peer, 1):.2f}x the peer; {len(step.blocks)} time(s), "
            f"{step.seconds:.2f} s to done)"
        )
