"""``stocktake-gui [FILE]``: start the desktop application.

Start-up is kept light: only Qt is imported here; the reader (calamine) and anything
heavy are imported by the worker that opens the workbook, off the GUI thread.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="stocktake-gui", description="Open Stocktake.")
    parser.add_argument("file", nargs="?", type=Path, help="a stock-take workbook to open")
    parser.add_argument("--quit-after", type=int, default=0, metavar="MS",
                        help=argparse.SUPPRESS)  # for start-up tests and benchmarks
    args, _qt_args = parser.parse_known_args(argv[1:])
    app = make_app(argv)

    from stocktake.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if args.file is not None:
        window.open_path(args.file)
    if args.quit_after:
        QTimer.singleShot(args.quit_after, window.close)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
