"""The command line's outer boundary: every failure becomes one plain message, exit 2.

Whatever a command raises that it did not turn into a message itself ends here. The
refusals the core raises on purpose (:class:`WorkbookRefused`, the writer's errors)
already read as sentences naming the file; operating-system errors are put into
words with the file they concern; anything else is a fault in Stocktake, said as
such, with the traceback written to the log file in the app-data folder (and shown
with ``--debug``) instead of on the user's screen.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from pathlib import Path

from stocktake.app import errors
from stocktake.app.log import record

UNEXPECTED = "an unexpected problem stopped Stocktake"  # the fuzz harness looks for this


def _subject(args: argparse.Namespace) -> str:
    file = getattr(args, "file", None)
    return Path(file).name if file else "the workbook"


def describe_failure(args: argparse.Namespace, exc: BaseException) -> tuple[str, bool]:
    """``(message for a person, whether it is a fault in Stocktake)``."""
    subject = _subject(args)
    command = getattr(args, "command", None) or "the command"
    known = errors.known(exc)  # the reader's and the writer's refusals, already in words
    if known is not None and not isinstance(known, errors.WriteFailed):
        return str(known), False
    if isinstance(exc, MemoryError):
        return f"{subject}: there was not enough memory to finish `{command}`.", False
    if isinstance(exc, OSError):
        where = Path(exc.filename).name if exc.filename else subject
        return f"{where}: {exc.strerror or exc}.", False
    return (
        f"{subject}: {UNEXPECTED} during `{command}` ({type(exc).__name__}). This is a "
        "fault in Stocktake, not something you did.",
        True,
    )


def report_failure(args: argparse.Namespace, exc: BaseException, argv: list[str]) -> None:
    """Print the plain message (and the traceback with ``--debug``); log faults."""
    message, fault = describe_failure(args, exc)
    if getattr(args, "debug", False):
        traceback.print_exception(exc, file=sys.stderr)
    if fault:
        logged = record(exc, "stocktake " + " ".join(argv))
        if logged is not None:
            message += f" The details are in {logged}; please send them to the developers."
        else:
            message += " Run the command again with --debug to see the details."
    print(f"stocktake: {message}", file=sys.stderr)


def bad_text_argument(args: argparse.Namespace) -> str | None:
    """A text option holding bytes that were not valid text (they cannot be written to
    a workbook); file names may hold such bytes and are left alone."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    option = "--" + name.replace("_", "-")
                    return (
                        f"the {option} value is not valid text (it holds bytes that are not UTF-8)."
                    )
    return None


def plain_streams() -> None:
    """Never fail to print a file name or message the terminal cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
