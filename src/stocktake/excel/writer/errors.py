"""Why a save did not happen, as exceptions whose ``str()`` a person can act on.

Every failure of the writer is one of these, so the CLI and the UI can show the
message and keep the user's work instead of printing a traceback. The file on disk is
never left half-written when one is raised (see :mod:`.atomic`).
"""

from __future__ import annotations


class WriteError(Exception):
    """Base: the workbook was not saved; the message says why and what to do."""


class WriteRefused(WriteError):
    """The workbook cannot be written safely in its current form (Strict, locked, .xls...)."""


class FileChangedOnDisk(WriteError):
    """The file changed since it was read (another person, a sync client)."""


class FileInUse(WriteError):
    """Excel has the workbook open (its ``~$`` owner file exists)."""

    def __init__(self, message: str, owner: str = "") -> None:
        super().__init__(message)
        self.owner = owner


class SaveFailed(WriteError):
    """The operating system refused the write: disk full, read-only folder, no permission."""


class Cancelled(WriteError):
    """The caller's cancel check asked to stop; the file is untouched."""


class SheetShapeError(WriteError):
    """An existing sheet Stocktake must extend does not have the columns it expects."""


class ReadOnlyWorkbook(WriteRefused):
    """The workbook is marked read-only; it is not replaced (save a copy instead)."""


class UnreadablePart(WriteRefused):
    """A part Stocktake must edit cannot be parsed safely (too deeply nested, malformed).

    ``part`` names it (``xl/workbook.xml``), so the message can say where the problem is.
    """

    def __init__(self, message: str, part: str = "", data: bytes = b"") -> None:
        super().__init__(message)
        self.part = part
        self.data = data  # the bytes that failed, to find the part when it is not named


class MissingPart(WriteRefused):
    """A part the save must read is not in the package: a relationship points at a part
    that is not there, or a part every workbook has (``[Content_Types].xml``) is gone.

    The reader may still read such a file; writing into it would make one Excel repairs.
    ``part`` names the missing part.
    """

    def __init__(self, message: str, part: str = "") -> None:
        super().__init__(message)
        self.part = part
