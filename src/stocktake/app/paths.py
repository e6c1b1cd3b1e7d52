"""Where Stocktake keeps its own files (crash journals, logs): one answer for every front end.

``STOCKTAKE_DATA_DIR`` overrides it (tests, portable installs); otherwise the platform's
per-user data folder, as the desktop conventions have it (written by hand: three lines
per platform are not worth a dependency).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Stocktake"


def data_dir() -> Path:
    override = os.environ.get("STOCKTAKE_DATA_DIR")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform.startswith("win"):
        base = Path(
            os.environ.get("LOCALAPPDATA")
            or os.environ.get("APPDATA")
            or home / "AppData" / "Local"
        )
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_NAME


def log_file() -> Path:
    """Where tracebacks go, so a developer can see what a user's plain message hid."""
    return data_dir() / "logs" / "stocktake.log"
