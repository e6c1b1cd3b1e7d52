"""Crash recovery in the window: the session's unsaved changes, journaled and offered back.

The journal's format and place are the application layer's (:mod:`stocktake.app.journal`);
this module only connects it to a :class:`~stocktake.ui.session.Session`: restored
changes are pushed onto the undo stack, so each can be undone like a fresh one.
"""

from __future__ import annotations

from pathlib import Path

from stocktake.app import journal as app_journal
from stocktake.app.journal import JournalEntry, journal_path
from stocktake.model.edits import EditRejected
from stocktake.ui.session import Session

__all__ = ["JournalEntry", "discard", "journal_path", "read", "restore", "write"]


def write(session: Session) -> Path | None:
    """Journal the session's unsaved changes (or remove the journal if there are none)."""
    if session.path is None:
        return None
    return app_journal.write(session.path, session.document.unsaved)


def read(workbook: Path) -> JournalEntry | None:
    return app_journal.read(workbook)


def restore(session: Session, entry: JournalEntry) -> list[str]:
    """Re-apply journaled changes as undoable steps; returns what could not be applied."""
    changes, failed = entry.replay()
    for change in changes:
        try:
            session.push(session.document.resolve(change))
        except (EditRejected, ValueError, KeyError) as exc:
            failed.append(f"{change.describe()}: {exc}")
    return failed


def discard(workbook: Path) -> None:
    app_journal.discard(workbook)
