"""Crash recovery: the document's unsaved changes, journaled to the user's data folder.

The journal *is* the document's list of unsaved :class:`~stocktake.app.changes.Change`
objects, as JSON, in ``<data dir>/journal/<hash of the workbook's path>.json``. It is
written atomically every few seconds while there are unsaved changes; the workbook itself
is only ever written by Save. After a crash or a kill, opening the same workbook offers
the changes back, replayed in order; a save, or discarding the changes, deletes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stocktake.app.changes import Change
from stocktake.app.paths import data_dir

JOURNAL_VERSION = 2


def journal_path(workbook: Path) -> Path:
    key = hashlib.sha256(str(Path(workbook).resolve()).encode()).hexdigest()[:24]
    return data_dir() / "journal" / f"{key}.json"


@dataclass(slots=True)
class JournalEntry:
    saved_at: str
    changes: list[dict[str, Any]]

    @property
    def change_count(self) -> int:
        return len(self.changes)

    def replay(self) -> tuple[list[Change], list[str]]:
        """The changes, in order, and a plain message for each that could not be read."""
        out: list[Change] = []
        failed: list[str] = []
        for data in self.changes:
            try:
                out.append(Change.from_json(data))
            except (KeyError, ValueError, TypeError, IndexError) as exc:
                failed.append(f"{data.get('change', 'a change')}: {exc}")
        return out, failed


def write(workbook: Path, changes: Sequence[Change]) -> Path | None:
    """Journal ``changes`` for ``workbook`` (or remove the journal when there are none)."""
    if not changes:
        discard(workbook)
        return None
    target = journal_path(workbook)
    payload = {
        "version": JOURNAL_VERSION,
        "workbook": str(Path(workbook).resolve()),
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "changes": [c.to_json() for c in changes],
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".journal-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    Path(tmp).replace(target)
    return target


def read(workbook: Path) -> JournalEntry | None:
    try:
        payload = json.loads(journal_path(workbook).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("version") != JOURNAL_VERSION:
        return None
    return JournalEntry(str(payload.get("saved_at", "")), list(payload.get("changes", [])))


def discard(workbook: Path) -> None:
    journal_path(workbook).unlink(missing_ok=True)
