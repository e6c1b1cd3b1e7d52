"""UI test isolation: settings and app data in a temp dir; no leaked threads or windows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("appdata")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root))
    monkeypatch.setenv("STOCKTAKE_DATA_DIR", str(root / "data"))
    yield root


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
