"""The workbench under load: start-up time and GUI responsiveness while opening.

    python benchmarks/bench_gui.py [--initiatives 10000] [--readings 200000]

* cold start: time from launching ``stocktake-gui sample`` to a window with the sample
  workbook open (process start to quit, minus nothing), against a bare PySide6
  window started the same way in the same run;
* responsiveness: while the main window opens the large workbook, a 10 ms timer on
  the GUI thread records every gap between ticks; the longest gap is how long the
  event loop was blocked. Also the time until the initiatives table is populated.
* the Delivery tab on the same workbook: the longest block while it computes every
  metric's trajectory and draws one mission's charts, then every mission's.
* every new view in one window (``gui_views.py``): Mission health, Delivery, Spend by
  pot, Actions, meeting mode's agenda, what changed since last time; built, first
  shown, filtered and switched, against opening the workbook in the same window.
  ``--views-only`` runs just this part.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from event_loop_meter import EventLoopMeter, private_settings  # noqa: E402  (beside this script)
from gui_views import PARTS  # noqa: E402  (beside this script)

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _cold(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Median seconds from launch to the workbook on screen (as the app reports it, or
    None for the bare peer) and from launch to the process's exit."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    shown, total = [], []
    for _ in range(repeat):
        env["STOCKTAKE_LAUNCHED_AT"] = repr(time.time())
        t = time.perf_counter()
        done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
        total.append(time.perf_counter() - t)
        for line in done.stdout.splitlines():
            if line.startswith("shown "):
                shown.append(float(line.split()[1]))
    return (statistics.median(shown) if shown else float("nan")), statistics.median(total)


def responsiveness(path: Path) -> tuple[float, float, int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from stocktake.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    window = MainWindow()
    window.ask = lambda *a: None  # type: ignore[method-assign,assignment]
    window.show()
    meter = EventLoopMeter()
    meter.start()
    start = time.perf_counter()
    window.open_path(path)
    ready = None
    while ready is None or time.perf_counter() - ready < 0.5:
        app.processEvents()
        if ready is None and window.initiatives.proxy.rowCount() > 0:
            ready = time.perf_counter()
        time.sleep(0.001)
    meter.stop()
    rows = window.initiatives.model.rowCount()
    window.session.undo_stack.setClean()
    window.close()
    return meter.longest, ready - start, rows


def views_responsiveness(path: Path) -> dict[str, int]:
    """Longest event-loop block (ms) while a person uses each new view on a large
    workbook: the Mission health page made and each of its pages shown, the place
    filter, and the Spend by pot table refilled for a portfolio of every initiative.
    The workbook is put in a session directly (opening it is measured above), so no
    solve runs in the background to blur the figures; the same 10 ms tick."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from stocktake.excel.reader import read_workbook
    from stocktake.reports.pot_spend import spend_by_pot
    from stocktake.ui.models.simple_tables import Col, RecordTable
    from stocktake.ui.session import Session
    from stocktake.ui.views.mission_health import MissionHealthPage
    from stocktake.ui.views.record_tables import FilteredTable

    meter = EventLoopMeter()  # makes the QApplication
    session = Session()
    session.set_workbook(read_workbook(path), path)

    def step(action: Callable[[], object], settle: float = 0.5) -> int:
        return meter.step(action, settle=settle)[0]

    out: dict[str, int] = {}
    made: list[MissionHealthPage] = []

    def make() -> None:
        page = MissionHealthPage(session)
        page.resize(1366, 700)
        page.show()
        made.append(page)

    import pyqtgraph  # noqa: F401  # its first import (about 1 s) is paid by the first chart tab

    out["make and show the Mission health page, fill its tables"] = step(make, 5.0)
    page = made[0]
    for i in range(page.pages.count()):
        name = page.pages.tabText(i).replace("&", "")
        out[f"show {name}"] = step(lambda i=i: page.pages.setCurrentIndex(i))
    place = page.place.itemText(1)
    out[f"filter by place ({place})"] = step(lambda: page.place.setCurrentText(place))
    wb = session.workbook
    assert wb is not None
    everyone = list(wb.initiatives)
    model = RecordTable(
        session,
        "pot spend",
        [Col("Pot", "pot", lambda r: r.pot_id), Col("Status", "status", lambda r: r.status)],
        lambda w: spend_by_pot(w, everyone),
    )
    table = FilteredTable(model, "Spend by pot and year")
    table.show()
    out["refill Spend by pot (every initiative chosen)"] = step(model.reload)
    page.close()
    table.close()
    return out


def delivery_responsiveness(path: Path) -> tuple[int, float, int, int, float]:
    """With the large workbook open, show the Delivery tab (the delivery picture is
    computed in the background, one mission's charts drawn one per pass), then switch to
    every mission's charts; a 10 ms timer records the longest event-loop block.
    Returns (longest block ms, seconds to the first mission's charts, charts then,
    charts for every mission, seconds for those)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from stocktake.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    window = MainWindow()
    window.ask = lambda *a: None  # type: ignore[method-assign,assignment]
    window.show()
    window.open_path(path)
    while not (window.session.path == path and window.is_idle()):
        app.processEvents()
        time.sleep(0.001)
    meter = EventLoopMeter()

    def settle() -> None:
        meter.spin(lambda: not page.busy and page.result is not None)

    meter.start()
    start = time.perf_counter()
    window.tabs.setCurrentWidget(window.delivery_tab)
    page = window.delivery_tab.build()
    settle()
    first_s, first_n = time.perf_counter() - start, len(page.grid.plots)
    start = time.perf_counter()
    page.mission.setCurrentIndex(page.mission.findData(""))
    settle()
    every_s, every_n = time.perf_counter() - start, len(page.grid.plots)
    meter.stop()
    window.session.undo_stack.setClean()
    window.close()
    return meter.longest, first_s, first_n, every_n, every_s


def main() -> None:
    private_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--readings", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--views-only", action="store_true", help="only the walk through the new views"
    )
    parser.add_argument(
        "--views",
        default=",".join(PARTS),
        help=f"which new views to walk, comma-separated (default: all of {','.join(PARTS)})",
    )
    args = parser.parse_args()
    from bench_read import _workbook

    if args.views_only:
        _views(_workbook(args.initiatives, args.readings), tuple(args.views.split(",")))
        return

    sample = ROOT / "sample_workbooks" / "plan_for_change.xlsx"
    app_cmd = [sys.executable, "-m", "stocktake.ui.app", str(sample), "--quit-when-open"]
    bare_cmd = [sys.executable, "-c", BARE]
    shown_s, app_s = _cold(app_cmd, args.repeat)
    _, bare_s = _cold(bare_cmd, args.repeat)
    print(
        f"cold start to a window showing the sample workbook: {shown_s:.3f} s median of "
        f"{args.repeat} (goal < 1.5 s); to exit after everything loaded {app_s:.3f} s; "
        f"bare PySide6 window start+exit {bare_s:.3f} s (ratio {shown_s / bare_s:.2f}x)"
    )
    path = _workbook(args.initiatives, args.readings)
    blocked_ms, ready_s, rows = responsiveness(path)
    print(
        f"open {args.initiatives:,} initiatives / {args.readings:,} readings: table with "
        f"{rows:,} rows after {ready_s:.2f} s (goal <= 2 s); longest event-loop block "
        f"{blocked_ms} ms (goal <= 100 ms)"
    )
    block, first_s, first_n, every_n, every_s = delivery_responsiveness(path)
    print(
        f"Delivery tab on the same workbook: {first_n} charts of one mission after "
        f"{first_s:.2f} s, {every_n} charts of every mission after {every_s:.2f} s more; "
        f"longest event-loop block {block} ms (goal <= 100 ms; opening's block above "
        f"{blocked_ms} ms, ratio {block / max(blocked_ms, 1):.2f}x)"
    )
    for name, ms in views_responsiveness(path).items():
        print(f"{name}: longest event-loop block {ms} ms (goal <= 100 ms)")
    _views(path, tuple(args.views.split(",")))


def _views(path: Path, parts: tuple[str, ...]) -> None:
    """Every new view built, first shown, filtered and switched (``gui_views.walk``)."""
    import gui_views
    import stocktake

    print(f"new views, measured with the stocktake package at {Path(stocktake.__file__).parent}")
    gui_views.report(*gui_views.walk(path, parts))
    sys.stdout.flush()
    # A portfolio or robustness job may still be running in the pool; its answer is not
    # wanted, and waiting for it would keep the benchmark alive for minutes.
    os._exit(0)


if __name__ == "__main__":
    main()
