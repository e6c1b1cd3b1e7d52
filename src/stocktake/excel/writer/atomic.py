"""Putting the new file in place so that a crash at any moment leaves the old or the new.

The new workbook is written to a temp file *beside* the target (same folder, so the
final step is a rename on one file system), flushed and fsynced, given the target's
permission bits (``mkstemp`` creates files 0600, which would hide a shared workbook
from colleagues), and moved over the target with ``os.replace``. The previous version
is kept next to it as ``NAME.backup.xlsx`` (a hard link where the file system allows,
so keeping it costs no copy). Before replacing, the target is checked again: if it
changed since it was read, or Excel has it open, nothing is replaced.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from stocktake.excel.writer.errors import Cancelled, FileChangedOnDisk, FileInUse, SaveFailed

TEMP_PREFIX = ".~stocktake-"


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file looked like when it was read: size, modified time and content digest."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: str | Path, data: bytes | None = None) -> FileStamp:
        path = Path(path)
        st = path.stat()
        if data is None:
            data = path.read_bytes()
        return cls(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def matches(self, path: Path) -> bool:
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        if st.st_size != self.size:
            return False
        if st.st_mtime_ns == self.mtime_ns:
            return True
        return hashlib.sha256(path.read_bytes()).hexdigest() == self.digest


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.backup{path.suffix}")


def owner_files(path: Path) -> list[Path]:
    """Where Excel's lock file for ``path`` may be: ``~$`` + name (first two chars dropped
    for longer names)."""
    names = {"~$" + path.name}
    if len(path.stem) > 2:
        names.add("~$" + path.name[2:])
    return [path.with_name(n) for n in sorted(names)]


def owner_of(lock: Path) -> str:
    """The user name Excel writes at the start of its owner file (best effort)."""
    try:
        blob = lock.read_bytes()[:200]
    except OSError:
        return ""
    if blob:
        n = blob[0]
        if 0 < n < 54 and len(blob) > n:
            name = blob[1 : 1 + n].decode("cp1252", "replace").strip()
            if name.isprintable():
                return name
    return ""


def check_not_open(path: Path) -> None:
    for lock in owner_files(path):
        if lock.exists():
            who = owner_of(lock)
            by = f" by {who}" if who else " by someone (possibly you, in Excel)"
            raise FileInUse(
                f"{path.name} is open in Excel{by}. Ask them to close it, or save a copy "
                "under another name; nothing was written.",
                owner=who,
            )


def check_unchanged(path: Path, expected: FileStamp | None) -> None:
    if expected is not None and not expected.matches(path):
        raise FileChangedOnDisk(
            f"{path.name} changed on disk since it was opened (another person or a sync "
            "client saved it). Reload it to see their changes, or save yours as a copy; "
            "nothing was written."
        )


def plain_os_error(exc: OSError, path: Path) -> SaveFailed:
    """An OS error as a message a person can act on."""
    folder = path.parent
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        msg = (
            f"There is not enough disk space to save {path.name}. Free some space or save "
            "a copy elsewhere; the workbook on disk is unchanged."
        )
    elif exc.errno == errno.EROFS:
        msg = (
            f"The folder {folder.name or folder} is read-only, so {path.name} cannot be "
            "saved there. Save a copy somewhere you can write."
        )
    elif exc.errno in (errno.EACCES, errno.EPERM):
        msg = (
            f"You do not have permission to save {path.name} in {folder.name or folder}. "
            "Save a copy somewhere you can write; the workbook on disk is unchanged."
        )
    else:
        msg = f"{path.name} could not be saved ({exc.strerror or exc}); it is unchanged on disk."
    return SaveFailed(msg)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _keep_backup(path: Path) -> Path | None:
    target = backup_path(path)
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}.bak")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        os.link(path, tmp)
    except OSError:
        shutil.copy2(path, tmp)
    tmp.replace(target)
    return target


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(
    path: str | Path,
    write: Callable[[BinaryIO], None],
    *,
    expected: FileStamp | None = None,
    backup: bool = True,
    cancel: Callable[[], bool] | None = None,
) -> Path | None:
    """Write ``path`` via ``write(fileobj)`` atomically; return the backup's path, if any."""
    path = Path(path)
    mode = _mode_for(path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    except OSError as exc:
        raise plain_os_error(exc, path) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(mode)
        if cancel is not None and cancel():
            raise Cancelled(f"saving {path.name} was cancelled; the file is unchanged.")
        check_not_open(path)
        check_unchanged(path, expected)
        kept = _keep_backup(path) if backup and path.exists() else None
        tmp.replace(path)
        _fsync_dir(path.parent)
        return kept
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise plain_os_error(exc, path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
