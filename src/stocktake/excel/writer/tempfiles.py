"""Stocktake's temp files: named so they can be told apart, and cleared after a crash.

A save writes the new workbook to a temp file beside the target and renames it into
place. If the process is killed in between (power cut, kill -9, a crash), the temp
file stays: 8-20 MB of hidden litter in the user's folder. So every temp file is named

    .~stocktake-<host>-<pid>-<random>.tmp

and the next save in that folder removes the ones that are *stale*: made by a process
on this machine that is no longer running, and older than the save now running. A temp
file of a live process (another window saving right now, on this machine or on another
one sharing the folder) is left alone; one whose owner cannot be checked (another
machine, a name from an older Stocktake, Windows, where probing a process id is not
safe through ``os.kill``) is removed only once it is older than any save could take
(:data:`UNKNOWN_OWNER_AFTER`). Nothing that does not match the pattern exactly, and
nothing that is not a plain file, is ever touched.

Hand-written: no library knows which of a folder's files an earlier run of this
program left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import stat
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".~stocktake-"
UNKNOWN_OWNER_AFTER = 3600.0  # seconds: no save takes an hour; a temp that old is dead
LIVE_OWNER_AFTER = 86400.0  # a live pid with a day-old temp is a reused pid, not a save

_CURRENT = re.compile(r"\.~stocktake-([A-Za-z0-9]{1,20})-(\d{1,10})-[A-Za-z0-9_]{1,16}\.tmp")
# Names earlier versions used: mkstemp's random part only, and the backup link's temp.
_LEGACY = re.compile(r"\.~stocktake-[A-Za-z0-9_]{8}\.tmp|\.~stocktake-.+\.bak")


def _host() -> str:
    """This machine's name, reduced to what is safe in a file name (may be empty)."""
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:20] or "host"


def new_temp(folder: Path) -> tuple[int, Path]:
    """A new temp file in ``folder`` (open descriptor and path), named as Stocktake's."""
    fd, name = tempfile.mkstemp(
        dir=folder, prefix=f"{TEMP_PREFIX}{_host()}-{os.getpid()}-", suffix=".tmp"
    )
    return fd, Path(name)


def _pid_running(pid: int) -> bool | None:
    """Whether process ``pid`` runs on this machine; None if that cannot be told safely."""
    if os.name != "posix":
        return None  # os.kill on Windows terminates the process; never probe that way
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    except OSError:
        return None
    return True


def is_stale(name: str, mtime: float, started: float, now: float) -> bool:
    """Whether a file called ``name``, last modified at ``mtime``, is a dead save's temp.

    ``started`` is when the save now running began: anything newer may belong to a
    save running at the same time and is kept.
    """
    if mtime >= started:
        return False
    age = now - mtime
    m = _CURRENT.fullmatch(name)
    if m is None:
        return _LEGACY.fullmatch(name) is not None and age > UNKNOWN_OWNER_AFTER
    host, pid = m.group(1), int(m.group(2))
    running = _pid_running(pid) if host == _host() else None
    if running is None:
        return age > UNKNOWN_OWNER_AFTER
    if running:
        return age > LIVE_OWNER_AFTER
    return True


def remove_stale(folder: Path, started: float) -> list[Path]:
    """Remove the stale temp files Stocktake left in ``folder``; return what was removed.

    Best effort: a file that cannot be removed (permissions, gone already) is skipped,
    since a failed clean-up must never stop the user's save.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or not is_stale(entry.name, st.st_mtime, started, now):
            continue
        with contextlib.suppress(OSError):
            Path(entry.path).unlink()
            removed.append(Path(entry.path))
    return removed
