"""Why an action on a workbook did not happen, as typed errors both front ends understand.

The reader and the writer raise their own exceptions (:class:`WorkbookRefused`,
:class:`WriteError` and its family); the application layer turns each into one of the
types below, so the window can choose what to offer (reload, save a copy) by *type*
and the command line can choose its exit status, instead of matching English phrases.
``str()`` of every error is a message a person can act on, naming the file.
"""

from __future__ import annotations

import errno
from pathlib import Path


class AppError(Exception):
    """Base: nothing was changed on disk; the message says why and what to do."""

    exit_status = 2  # the CLI's "could not read or write the file"


class InvalidInput(AppError):
    """A value the user gave cannot be used (a balance of 2, a decision called 'maybe')."""

    exit_status = 1


class NotFound(InvalidInput):
    """An ID the user named is not in the workbook."""


class Refused(AppError):
    """The file is not a workbook Stocktake can read or write safely (encrypted, .xlsb,
    Strict Open XML, a bomb, not a regular file...)."""


class Missing(AppError):
    """The file is not there (moved, renamed, or a typing slip in its name)."""


class ChangedOnDisk(AppError):
    """The file changed since it was read; saving would overwrite someone else's work."""


class OpenElsewhere(AppError):
    """Excel (or another program) has the workbook open for editing."""

    def __init__(self, message: str, owner: str = "") -> None:
        super().__init__(message)
        self.owner = owner


class ReadOnly(AppError):
    """The file (or its folder) may not be written; a copy elsewhere can be."""


class DiskFull(AppError):
    """No space left where the file lives."""


class WriteFailed(AppError):
    """The operating system refused the write for another reason."""


class Cancelled(AppError):
    """The person cancelled; nothing was written."""

    exit_status = 130


class Unexpected(AppError):
    """A fault in Stocktake itself (a bug): the message says so; the traceback is logged."""


def unexpected(exc: BaseException, what: str) -> Unexpected:
    """A plain message for a bug, with its traceback kept in the log for developers."""
    from stocktake.app.log import record

    where = record(exc, what)
    kept = f" The details are in {where}." if where is not None else ""
    return Unexpected(
        f"Stocktake could not finish {what} because of a fault in Stocktake "
        f"itself ({type(exc).__name__}). Your workbook was not changed.{kept}"
    )


def wrap(exc: BaseException, path: Path | None, what: str) -> AppError:
    """The typed error for ``exc``: a known refusal in its own words, else a fault in
    Stocktake (:class:`Unexpected`), its traceback logged for developers."""
    found = known(exc, path)
    if found is not None:
        return found
    error = unexpected(exc, what)
    error.__cause__ = exc
    return error


def from_exception(exc: BaseException, path: Path | None = None) -> AppError:
    """The typed error for an exception raised by the reader, the writer or the OS; any
    other exception (a fault in Stocktake) becomes a :class:`WriteFailed` with its text."""
    found = known(exc, path)
    if found is not None:
        return found
    name = path.name if path is not None else "the workbook"
    return WriteFailed(f"{name}: {str(exc) or type(exc).__name__}")


def known(exc: BaseException, path: Path | None = None) -> AppError | None:
    """The typed error for a failure the reader, the writer or the OS reports on purpose
    (their messages already name the file), or ``None`` for anything else.

    Imports the excel layer lazily so this module stays cheap to import.
    """
    if isinstance(exc, AppError):
        return exc
    from stocktake.excel import writer
    from stocktake.excel.safety import WorkbookRefused

    name = path.name if path is not None else "the workbook"
    message = str(exc) or type(exc).__name__
    if isinstance(exc, writer.Cancelled):
        return Cancelled(message)
    if isinstance(exc, writer.FileChangedOnDisk):
        return ChangedOnDisk(message)
    if isinstance(exc, writer.FileInUse):
        return OpenElsewhere(message, exc.owner)
    if isinstance(exc, writer.ReadOnlyWorkbook):
        return ReadOnly(message)
    if isinstance(exc, writer.SaveFailed):
        # the writer raises SaveFailed while handling the OS error: its errno says which
        cause = exc.__cause__ or exc.__context__
        code = cause.errno if isinstance(cause, OSError) else None
        if code in _DISK_FULL:
            return DiskFull(message)
        if code in _NOT_ALLOWED:
            return ReadOnly(message)
        return WriteFailed(message)
    if isinstance(exc, writer.WriteError | WorkbookRefused):
        return Refused(message)
    if isinstance(exc, OSError):
        return _from_os_error(exc, name)
    return None


_DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
_NOT_ALLOWED = (errno.EACCES, errno.EPERM, errno.EROFS)


def _from_os_error(exc: OSError, name: str) -> AppError:
    why = exc.strerror or str(exc)
    if exc.errno in _DISK_FULL:
        return DiskFull(
            f"{name} could not be written: the disk is full. Free some space "
            "or save a copy elsewhere."
        )
    if exc.errno in _NOT_ALLOWED:
        return ReadOnly(f"{name} may not be written here ({why}). Save a copy elsewhere.")
    if exc.errno == errno.ENOENT:
        return Missing(f"{name} was not found ({why}).")
    return WriteFailed(f"{name}: {why}.")
