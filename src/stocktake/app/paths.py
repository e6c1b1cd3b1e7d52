"""Where Stocktake keeps its own files (the error log) on this computer.

``STOCKTAKE_DATA_DIR`` overrides the place (tests, portable installs); otherwise each
platform's per-user data folder is used. Written here rather than taken from
``platformdirs`` because three platforms' conventions are all we need and the project
otherwise has no use for that dependency.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Stocktake"


def data_dir() -> Path:
    """The per-user folder for Stocktake's own files (not created here)."""
    override = os.environ.get("STOCKTAKE_DATA_DIR")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(base) / APP_NAME.lower()


def log_file() -> Path:
    """Where tracebacks go, so a developer can see what a user's plain message hid."""
    return data_dir() / "logs" / "stocktake.log"
