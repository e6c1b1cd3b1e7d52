"""The place views under load: the Delivery tab's place filter and the Place tab.

    python benchmarks/bench_place.py [--initiatives 10000] [--readings 200000] [--share 4]

The large workbook (``scripts/make_large_workbook.py``, cached in ``benchmarks/out/``)
has no readings by place, so this adds them in memory after reading it: for each of
the four nations, every ``share``-th actual of every metric (scaled) and two trajectory
waypoints per metric and nation: 200,000 whole-UK readings and about as many by place
by default. Then, with a 10 ms timer on the GUI thread recording the longest gap between
ticks (how long the event loop was blocked):

* the Delivery tab: its picture computed in the background (every place's series
  judged too), every mission's charts drawn for the whole UK (the peer), then the same
  for Wales, then back;
* the Mission health page made, its Place tab shown (the chart, each place's metrics
  counted by status).

Prints the longest block of each step (goal <= 100 ms) and the place filter's against
the whole-UK step measured in the same run.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from event_loop_meter import EventLoopMeter, private_settings  # noqa: E402  (beside this script)

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")


def with_places(path: Path, share: int) -> object:
    """The large workbook read, with readings by place added (see the module doc)."""
    from stocktake.excel.reader import read_workbook
    from stocktake.model import Reading
    from stocktake.model.vocab import ReadingKind

    wb = read_workbook(path)
    actual = ReadingKind.ACTUAL
    added: list[Reading] = []
    for k, nation in enumerate(NATIONS):
        scale = (0.84, 0.08, 0.05, 0.03)[k]
        added += [
            dataclasses.replace(r, value=r.value * scale, place=nation)
            for i, r in enumerate(wb.readings)
            if r.kind is actual and i % share == k % share
        ]
        for metric in wb.metrics.values():
            if metric.target is None or metric.target_date is None:
                continue
            start = metric.baseline if metric.baseline is not None else metric.target
            when = metric.baseline_date or metric.target_date
            added += [
                Reading(metric.id, when, start * scale, ReadingKind.TRAJECTORY, "", 0, nation),
                Reading(
                    metric.id,
                    metric.target_date,
                    metric.target * scale,
                    ReadingKind.TRAJECTORY,
                    "",
                    0,
                    nation,
                ),
            ]
    wb.readings = [*wb.readings, *added]
    print(f"{len(wb.readings) - len(added):,} whole-UK readings, {len(added):,} by place")
    return wb


def measure(wb: object, path: Path) -> dict[str, int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from stocktake.ui import staging
    from stocktake.ui.delivery.page import DeliveryPage
    from stocktake.ui.session import Session
    from stocktake.ui.views.mission_health import MissionHealthPage

    meter = EventLoopMeter()  # makes the QApplication
    session = Session()
    session.set_workbook(wb, path)  # type: ignore[arg-type]

    def step(action: Callable[[], object], done: Callable[[], bool]) -> int:
        return meter.step(action, done, settle=0.3)[0]

    import pyqtgraph  # noqa: F401  # its first import (about 1 s) is not the page's doing

    out: dict[str, int] = {}
    pages: list[DeliveryPage] = []

    def make_delivery() -> None:
        page = DeliveryPage(session)
        page.resize(1366, 700)
        page.show()
        pages.append(page)

    def ready() -> bool:
        return bool(pages) and pages[0].result is not None and not pages[0].busy

    out["Delivery: compute (every place judged too) and draw one mission"] = step(
        make_delivery, ready
    )
    page = pages[0]
    out["Delivery: every mission, whole UK (peer)"] = step(
        lambda: page.mission.setCurrentIndex(page.mission.findData("")), ready
    )
    out["Delivery: every mission, Wales"] = step(
        lambda: page.place.setCurrentIndex(page.place.findData("Wales")), ready
    )
    out["Delivery: back to the whole UK"] = step(
        lambda: page.place.setCurrentIndex(page.place.findData("")), ready
    )
    health: list[MissionHealthPage] = []

    def make_health() -> None:
        h = MissionHealthPage(session)
        h.resize(1366, 700)
        h.show()
        health.append(h)

    def health_ready() -> bool:
        return bool(health) and not health[0].busy and hasattr(health[0], "place_chart")

    out["Mission health: make the page, fill its tables"] = step(make_health, health_ready)
    h = health[0]
    out["Mission health: show Place (chart, metrics by status)"] = step(
        lambda: h.pages.setCurrentIndex(h.pages.count() - 1),
        lambda: staging.pending() == 0,
    )
    rows = h.place_statuses.model.rowCount()
    print(f"Place tab: {rows} place(s) with readings; Delivery places {page.place.count() - 1}")
    page.close()
    h.close()
    return out


def main() -> None:
    private_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--readings", type=int, default=200_000)
    parser.add_argument("--share", type=int, default=4)
    args = parser.parse_args()
    from bench_read import _workbook

    path = _workbook(args.initiatives, args.readings)
    wb = with_places(path, args.share)
    figures = measure(wb, path)
    for name, ms in figures.items():
        print(f"{name}: longest event-loop block {ms} ms (goal <= 100 ms)")
    peer = max(figures["Delivery: every mission, whole UK (peer)"], 1)
    ratio = figures["Delivery: every mission, Wales"] / peer
    print(f"place filter against the whole-UK step in the same run: {ratio:.2f}x")


if __name__ == "__main__":
    main()
