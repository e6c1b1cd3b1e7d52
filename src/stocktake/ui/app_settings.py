"""Every setting Stocktake remembers, through one small wrapper around QSettings.

Always INI format, so tests can redirect it with ``QSettings.setPath`` and a bool read
back is parsed (an INI file gives back the string ``'false'``, which is truthy).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 10


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Stocktake", "Stocktake"
        )

    def _bool(self, key: str, default: bool) -> bool:
        value = self.q.value(key, default)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    # -- recent files ------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.q.value("recent/files", [])
        if isinstance(value, str):
            files = [value]
        elif isinstance(value, list | tuple):
            files = [str(f) for f in value]
        else:
            files = []
        return [f for f in files if f]

    def add_recent(self, path: Path) -> None:
        name = str(Path(path).resolve())
        files = [name, *[f for f in self.recent_files() if f != name]][:MAX_RECENT]
        self.q.setValue("recent/files", files)

    def forget_recent(self, path: str) -> None:
        self.q.setValue("recent/files", [f for f in self.recent_files() if f != path])

    # -- window ----------------------------------------------------------------------------
    def save_window(self, window: QMainWindow) -> None:
        self.q.setValue("window/geometry", window.saveGeometry())
        self.q.setValue("window/state", window.saveState())

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self.q.value("window/geometry")
        state = self.q.value("window/state")
        restored = False
        if isinstance(geometry, QByteArray | bytes):
            restored = window.restoreGeometry(QByteArray(geometry))
        if isinstance(state, QByteArray | bytes):
            window.restoreState(QByteArray(state))
        return restored

    def save_splitter(self, splitter: QSplitter) -> None:
        """Where a splitter's handles are, by the splitter's object name."""
        self.q.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())

    def restore_splitter(self, splitter: QSplitter) -> bool:
        state = self.q.value(f"splitters/{splitter.objectName()}")
        if isinstance(state, QByteArray | bytes):
            return splitter.restoreState(QByteArray(state))
        return False

    # -- preferences -----------------------------------------------------------------------
    @property
    def last_balance(self) -> float | None:
        value = self.q.value("analysis/balance", None)
        try:
            return None if value is None else min(1.0, max(0.0, float(str(value))))
        except (TypeError, ValueError):
            return None

    @last_balance.setter
    def last_balance(self, value: float) -> None:
        self.q.setValue("analysis/balance", float(value))

    @property
    def user_name(self) -> str:
        return str(self.q.value("user/name", "") or "")

    @user_name.setter
    def user_name(self, value: str) -> None:
        self.q.setValue("user/name", value.strip())

    @property
    def large_text(self) -> bool:
        return self._bool("view/large_text", False)

    @large_text.setter
    def large_text(self, value: bool) -> None:
        self.q.setValue("view/large_text", bool(value))

    def sync(self) -> None:
        self.q.sync()
