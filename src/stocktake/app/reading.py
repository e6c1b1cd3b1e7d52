"""Reading a workbook file for the app: the workbook, its file stamp, typed errors.

Split from :mod:`stocktake.app.document` so that a worker thread's open job (which
reads in two steps, the readings last) needs only this, not the :class:`Document`;
whatever the reader or the OS raises becomes an :class:`~stocktake.app.errors.AppError`
that names the file.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from stocktake.app import errors
from stocktake.model import Workbook

if TYPE_CHECKING:
    from stocktake.excel.writer import FileStamp

ReadProgress = Callable[[int, int], bool]

# What the reader may leave out for a use case that needs only some sheets.
ALL_KINDS = (
    "missions",
    "milestones",
    "metrics",
    "readings",
    "criteria",
    "initiatives",
    "csf",
    "stakeholders",
    "decisions",
    "settings",
)


def read(
    path: Path, progress: ReadProgress | None = None, *, defer: Collection[str] = ()
) -> tuple[Workbook, FileStamp]:
    """Read a workbook and the stamp that "changed on disk?" compares against.

    The stamp is taken before reading, so a change made while we read is caught at save.
    """
    from stocktake.excel.reader import ReadCancelled, read_workbook
    from stocktake.excel.writer import FileStamp

    try:
        stamp = FileStamp.of(path)
        return read_workbook(path, progress, defer=defer), stamp
    except ReadCancelled as exc:
        raise errors.Cancelled(f"opening {path.name} was cancelled") from exc
    except errors.AppError:
        raise
    except BaseException as exc:  # the reader's and the OS's failures become typed errors
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        # python-calamine's Rust panics are BaseExceptions (PanicException): caught too
        raise errors.wrap(exc, path, f"reading {path.name}") from exc


def read_rest(path: Path, workbook: Workbook) -> Workbook:
    """The readings left out by ``read(..., defer=("readings",))``."""
    from stocktake.excel.reader import read_deferred

    try:
        return read_deferred(path, workbook)
    except Exception as exc:
        raise errors.wrap(exc, path, f"reading the readings of {path.name}") from exc
