"""A log file for developers: tracebacks a person never sees, kept where they can be sent.

Every front end turns a failure into a plain message; the traceback behind an
*unexpected* one (a fault in Stocktake) is appended here, in
``<data dir>/logs/stocktake.log`` (rotated at 1 MB, two old files kept), so the person
can attach it to a report.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import traceback
from pathlib import Path

from stocktake.app.paths import log_file

LOG_BYTES = 1 << 20


def record(exc: BaseException, context: str = "") -> Path | None:
    """Append ``exc``'s traceback to the log; the log's path, or None if it cannot be written."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=2, encoding="utf-8", errors="backslashreplace"
        )
    except OSError:
        return None
    logger = logging.getLogger("stocktake.failures")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.error(
            "%s %s\n%s",
            dt.datetime.now().isoformat(timespec="seconds"),
            context,
            "".join(traceback.format_exception(exc)),
        )
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path
