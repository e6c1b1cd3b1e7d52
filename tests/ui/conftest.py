"""UI test isolation: no leaked threads or windows (settings and app data are kept in a
temp dir for every test: ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    yield
    app = QApplication.instance()
    if app is None:
        return
    from stocktake.ui.workers import file_pool

    for pool in (QThreadPool.globalInstance(), file_pool()):
        if not pool.waitForDone(10_000):
            pytest.fail(f"{item.name} left {pool.activeThreadCount()} worker thread(s) running")
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in leaked:
        w.close()
    if leaked:
        names = ", ".join(type(w).__name__ for w in leaked)
        pytest.fail(f"{item.name} left top-level widgets open: {names}")


@pytest.fixture
def sample_window(qtbot):  # type: ignore[no-untyped-def]
    """The main window on the bundled sample, shown and active, every analysis stopped
    at the end: the starting point of the keyboard and meeting tests."""
    from PySide6.QtWidgets import QMessageBox

    from stocktake.ui.main_window import MainWindow
    from stocktake.ui.matrix.analysis import Analysis
    from tests.conftest import SAMPLES

    w = MainWindow()
    qtbot.addWidget(w)
    w.ask = lambda *_a: QMessageBox.StandardButton.Discard
    path = SAMPLES / "plan_for_change.xlsx"
    w.open_path(path)
    qtbot.waitUntil(lambda: w.session.path == path and w.is_idle(), timeout=20_000)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    yield w
    analysis = Analysis.of(w.session)
    analysis.cancel_all()
    analysis.wait()
