"""A log file for developers: tracebacks a person never sees, kept where they can be sent.

Every front end turns a failure into a plain message; the traceback behind an
*unexpected* one (a bug) is appended here, in ``<data dir>/logs/stocktake.log``, so the
person can attach the file to a report. The file is cut back when it grows past 1 MB.
"""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from stocktake.app.paths import data_dir

MAX_BYTES = 1_000_000


def log_path() -> Path:
    return data_dir() / "logs" / "stocktake.log"


def record(exc: BaseException, context: str = "") -> Path | None:
    """Append ``exc``'s traceback to the log; the log's path, or None if it cannot be written."""
    path = log_path()
    text = "".join(traceback.format_exception(exc))
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_BYTES:
            kept = path.read_bytes()[-MAX_BYTES // 2 :]
            path.write_bytes(kept)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} {context}\n{text}\n")
    except OSError:
        return None
    return path
