"""Child process of test_meeting_mode: the window on a two-screen virtual platform.

Started with ``QT_QPA_PLATFORM=offscreen:configfile=...`` naming two screens (the suite's
own platform has one); opens the sample, starts meeting mode, opens the presenter view,
and prints what it sees as one line of JSON.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox


def wait_until(ok: Callable[[], bool], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not ok():
        if time.monotonic() > deadline:
            sys.exit("timed out waiting")
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> None:
    app = QApplication(sys.argv)
    from stocktake.ui.main_window import MainWindow
    from stocktake.ui.matrix.analysis import Analysis
    from stocktake.ui.meeting.menu import meeting_mode
    from tests.conftest import SAMPLES

    window = MainWindow()
    window.ask = lambda *_a: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    laptop = app.screens()[0]
    window.setScreen(laptop)
    window.setGeometry(laptop.availableGeometry().adjusted(0, 0, -100, -100))
    path = SAMPLES / "plan_for_change.xlsx"
    window.open_path(path)
    wait_until(lambda: window.session.path == path and window.is_idle())
    window.show()
    window.tabs.setCurrentWidget(window.matrix_tab)
    analysis = Analysis.of(window.session)
    wait_until(lambda: analysis.table is not None)
    mode = meeting_mode(window)
    mode.start()
    view = mode.open_presenter()
    assert view is not None
    wait_until(lambda: view.isFullScreen() and view.screen().name() == "projector")
    g = view.geometry()
    print(
        json.dumps(
            {
                "screens": [s.name() for s in app.screens()],
                "window_screen": window.screen().name(),
                "presenter_screen": view.screen().name(),
                "full_screen": view.isFullScreen(),
                "frameless": bool(view.windowFlags() & Qt.WindowType.FramelessWindowHint),
                "geometry": [g.x(), g.y(), g.width(), g.height()],
                "current": mode.meeting.current if mode.meeting else None,
                "title": view.title.text(),
                "body_px": view.values.font().pixelSize(),
            }
        )
    )
    mode.leave()
    analysis.cancel_all()
    analysis.wait()
    window.close()


if __name__ == "__main__":
    main()
