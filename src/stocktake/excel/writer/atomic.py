"""Putting the new file in place so that a crash at any moment leaves the old or the new.

The new workbook is written to a temp file *beside* the target (same folder, so the
final step is a rename on one file system), flushed and fsynced, given the target's
permission bits (``mkstemp`` creates files 0600, which would hide a shared workbook
from colleagues), and moved over the target with ``os.replace``. Before that:

* a symbolic link is followed: the link's target is written and the link stays;
* a read-only workbook is not replaced (:class:`ReadOnlyWorkbook`), as Excel refuses;
* the file is checked again, by content digest: if it changed since it was read, or
  Excel has it open, nothing is replaced;
* the previous version is kept in the ``Stocktake backups`` folder (:mod:`.backups`);
* temp files a killed save left in the folder are removed (:mod:`.tempfiles`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from stocktake.excel.writer import backups, tempfiles
from stocktake.excel.writer.errors import (
    Cancelled,
    FileChangedOnDisk,
    FileInUse,
    ReadOnlyWorkbook,
    SaveFailed,
)

TEMP_PREFIX = tempfiles.TEMP_PREFIX


def _digest_file(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


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
        digest = hashlib.sha256(data).hexdigest() if data is not None else _digest_file(path)
        return cls(st.st_size, st.st_mtime_ns, digest)

    def matches(self, path: Path) -> bool:
        """Whether ``path`` still holds the same content.

        The digest is always compared: sync clients (OneDrive, Dropbox) and some copy
        tools replace a file with one of the same size and keep its modified time, so
        size + time alone would let someone else's version be overwritten. Hashing a
        20 MB file takes about 6% of a save (measured in benchmarks/bench_save.py).
        """
        try:
            if path.stat().st_size != self.size:
                return False
            return _digest_file(path) == self.digest
        except FileNotFoundError:
            return False


def backup_path(path: Path) -> Path:
    """The name earlier Stocktake versions used for the one backup (``NAME.backup.xlsx``).

    No longer written (a file of the user's by that name was overwritten); backups are
    now kept by :mod:`.backups`. Kept so callers importing it still work.
    """
    return path.with_name(f"{path.stem}.backup{path.suffix}")


def real_path(path: Path) -> Path:
    """The file a save must write: a symbolic link's final target (the link is kept)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_writable(path: Path, shown: Path | None = None) -> None:
    """Refuse to replace a workbook marked read-only (as Excel does), naming it.

    Read-only means no write permission bit at all (the read-only attribute on Windows,
    mode 444 elsewhere), or one this user may not write. The bits are looked at as
    well as ``os.access``, which says yes to an administrator for any file.
    """
    shown = shown or path
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    if (st.st_mode & 0o222) == 0 or not os.access(path, os.W_OK):
        raise ReadOnlyWorkbook(
            f"{shown.name} is read-only, so Stocktake will not replace it (Excel would "
            "not either). Save a copy under another name, or clear its read-only setting "
            "and save again; nothing was written."
        )


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
    """Refuse if Excel has the workbook open (by the link's name or its target's)."""
    places = [path] if real_path(path) == path else [path, real_path(path)]
    for lock in [lk for p in places for lk in owner_files(p)]:
        if lock.exists():
            who = owner_of(lock)
            by = f" by {who}" if who else " by someone (possibly you, in Excel)"
            raise FileInUse(
                f"{path.name} is open in Excel{by}. Ask them to close it, or save a copy "
                "under another name; nothing was written.",
                owner=who,
            )


def changed_on_disk(path: Path) -> FileChangedOnDisk:
    """The refusal when the file is not what the user's changes were made to."""
    return FileChangedOnDisk(
        f"{path.name} changed on disk since it was opened (another person or a sync "
        "client saved it). Reload it to see their changes, or save yours as a copy; "
        "nothing was written."
    )


def check_unchanged(path: Path, expected: FileStamp | None) -> None:
    if expected is not None and not expected.matches(path):
        raise changed_on_disk(path)


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


def _keep_backup(path: Path, digest: str, shown: Path) -> list[Path]:
    """Keep the version on disk in the backups folder; refuse the save if that fails."""
    folder = backups.backup_folder(path)
    if folder.parent.exists() and not folder.parent.is_dir():
        raise SaveFailed(
            f"{shown.name} was not saved: Stocktake keeps the previous version in a folder "
            f"named {backups.FOLDER!r} beside it, and a file of that name is in the way. "
            "Rename that file, or save a copy; nothing was written."
        )
    return backups.keep(path, digest)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@dataclass(slots=True)
class Written:
    """What :func:`write_atomically` did besides writing: backups kept, litter removed."""

    backups: list[Path] = field(default_factory=list)
    removed_temps: list[Path] = field(default_factory=list)

    @property
    def backup(self) -> Path | None:
        return self.backups[0] if self.backups else None


def write_atomically(
    path: str | Path,
    write: Callable[[BinaryIO], None],
    *,
    expected: FileStamp | None = None,
    backup: bool = True,
    cancel: Callable[[], bool] | None = None,
) -> Written:
    """Write ``path`` via ``write(fileobj)`` atomically (through a symbolic link).

    ``expected`` is the stamp of the content the new file was made from: the file on
    disk must still match it, and its digest is what the backup manifest records.
    """
    shown = Path(path)
    path = real_path(shown)
    started = time.time()
    done = Written()
    check_writable(path, shown)
    mode = _mode_for(path)
    try:
        fd, tmp = tempfiles.new_temp(path.parent)
    except OSError as exc:
        raise plain_os_error(exc, shown) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(mode)
        if cancel is not None and cancel():
            raise Cancelled(f"saving {shown.name} was cancelled; the file is unchanged.")
        check_not_open(shown)
        check_writable(path, shown)
        check_unchanged(path, expected)
        if backup and path.exists():
            digest = expected.digest if expected is not None else _digest_file(path)
            done.backups = _keep_backup(path, digest, shown)
        tmp.replace(path)
        _fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise plain_os_error(exc, shown) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    done.removed_temps = tempfiles.remove_stale(path.parent, started)
    if backup:
        folder = backups.backup_folder(path)
        if folder.is_dir():
            done.removed_temps += tempfiles.remove_stale(folder, started)
    return done
