"""``stocktake-gui [FILE]``: start the desktop application.

Start-up is kept light: only Qt is imported here; the reader (calamine) and anything
heavy are imported by the worker that opens the workbook, off the GUI thread.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from stocktake import __version__


def make_app(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv))
    app.setApplicationName("Stocktake")
    app.setOrganizationName("Stocktake")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("Stocktake")
    return app


def _grab_when_loaded(
    app: QApplication, window: object, target: Path | None, tab: str = ""
) -> None:
    """Once opening has finished, save a picture of the window (if asked) and quit."""
    from stocktake.ui import staging
    from stocktake.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    launched = os.environ.get("STOCKTAKE_LAUNCHED_AT")
    shown = False

    def poll() -> None:
        nonlocal shown
        if not shown and window.initiatives.proxy.rowCount() and staging.pending() == 0:
            shown = True
            if launched:  # benchmarks: seconds from launch to a window showing the workbook
                print(f"shown {time.time() - float(launched):.3f}", flush=True)
        if not window.is_idle():
            QTimer.singleShot(10, poll)
            return
        if target is None:
            app.quit()
            return
        top, _slash, sub = tab.partition("/")  # "Mission health/Test and learn": a page
        for i in range(window.tabs.count()):
            if window.tabs.tabText(i).replace("&", "").lower() == top.lower():
                window.tabs.setCurrentIndex(i)
        if sub:
            from PySide6.QtWidgets import QTabWidget

            page = window.tabs.currentWidget()
            for inner in page.findChildren(QTabWidget) if page is not None else []:
                for i in range(inner.count()):
                    if inner.tabText(i).replace("&", "").lower() == sub.lower():
                        inner.setCurrentIndex(i)
        from stocktake.ui.meeting.menu import prepare_shot

        grab_when_solved(prepare_shot(window, top))

        grab_when_solved(prepare_shot(window, tab))

    def grab_when_solved(widget: QWidget, tries: int = 200) -> None:
        """Wait (up to ten seconds) for the portfolio solve, so the picture shows it."""
        from stocktake.ui.matrix.analysis import Analysis

        found = window.session.findChild(Analysis, "stocktake-analysis")
        solving = (
            isinstance(found, Analysis)
            and found.arrays is not None
            and (found.running("portfolio") or found.answer is None)
        )
        # A tab still drawing (the Delivery tab's charts arrive one by one) says so.
        solving = solving or bool(getattr(window.tabs.currentWidget(), "busy", False))
        if solving and tries > 0:
            QTimer.singleShot(50, lambda: grab_when_solved(widget, tries - 1))
            return
        QTimer.singleShot(300, lambda: (widget.grab().save(str(target)), app.quit()))

    QTimer.singleShot(100, poll)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="stocktake-gui", description="Open Stocktake.")
    parser.add_argument("file", nargs="?", type=Path, help="a stock-take workbook to open")
    parser.add_argument(
        "--quit-after", type=int, default=0, metavar="MS", help=argparse.SUPPRESS
    )  # for start-up tests and benchmarks
    parser.add_argument(
        "--quit-when-open", action="store_true", help=argparse.SUPPRESS
    )  # start-up benchmark: quit once loaded
    parser.add_argument("--tab", default="", help=argparse.SUPPRESS)  # with --screenshot
    parser.add_argument(
        "--screenshot", type=Path, metavar="PNG", help=argparse.SUPPRESS
    )  # grab the window once the workbook is open
    parser.add_argument(
        "--smoke", action="store_true", help=argparse.SUPPRESS
    )  # the packaged app's smoke test (stocktake.ui.smoke): opens FILE, decides, saves FILE
    args, _qt_args = parser.parse_known_args(argv[1:])
    if args.smoke and args.file is None:
        parser.error("--smoke needs a FILE (a copy: it is saved into)")
    app = make_app(argv)

    from stocktake.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if args.file is not None:
        window.open_path(args.file)
    if args.screenshot is not None or args.quit_when_open:
        _grab_when_loaded(app, window, args.screenshot, args.tab)
    smoke = None
    if args.smoke:
        from stocktake.ui import smoke as smoke_test

        smoke = smoke_test.start(app, window, args.file)
    if args.quit_after:
        QTimer.singleShot(args.quit_after, window.close)
    status = app.exec()
    if smoke is not None:
        return smoke.status or status
    if args.quit_when_open and (
        window.session.workbook is None or window.session.path != args.file
    ):
        return 1  # asked to open a workbook and quit: say so when it could not be opened
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
