"""What every command does the same way: open a document, report an error, print a save.

Each command turns the application layer's typed errors into one message on stderr (and,
with ``--json``, one JSON object on stdout) and an exit status: 1 for input a person can
fix, 2 for a file that could not be read or written.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stocktake.app import errors

if TYPE_CHECKING:
    from stocktake.app.document import Document, SaveReport


def fail(args: argparse.Namespace, exc: errors.AppError) -> int:
    """Say why the command could not do its job; the exit status for it."""
    key = "refused" if exc.exit_status == 2 else "error"
    if getattr(args, "debug", False) and exc.__cause__ is not None:
        traceback.print_exception(exc.__cause__, file=sys.stderr)
    if getattr(args, "json", False):
        print(json.dumps({key: str(exc)}, ensure_ascii=False, allow_nan=False))
    label = "not saved" if getattr(args, "writes", False) and exc.exit_status == 2 else key
    print(f"stocktake: {label}: {exc}", file=sys.stderr)
    return exc.exit_status


def open_document(args: argparse.Namespace, only: Collection[str] | None = None) -> Document | int:
    """The workbook named on the command line, or the exit status after saying why not."""
    from stocktake.app.document import Document

    try:
        return Document.open(Path(args.file), only=only)
    except errors.AppError as exc:
        return fail(args, exc)


def print_save(report: SaveReport, headline: str) -> int:
    """What a save did, line by line; 1 when some cells could not be written."""
    print(headline)
    for note in report.notes:
        print(f"note: {note}")
    for skipped in report.skipped_cells:
        print(f"not written: {skipped}")
    if report.backup:
        print(report.backup_note)
    return 1 if report.skipped_cells else 0


def dumps(data: Any) -> str:
    """One JSON object, always valid JSON (no NaN or Infinity)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False)
