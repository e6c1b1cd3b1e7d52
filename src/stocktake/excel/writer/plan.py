"""What one save writes and what it did: the plain data the front ends hand the writer.

Kept apart from the editing code so the application layer can build a plan (and read a
report) without importing how a package is edited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stocktake.excel.writer.atomic import (
    FileStamp,
)
from stocktake.excel.writer.charts import (
    ChartBlock,
)
from stocktake.excel.writer.sheet_xml import SheetContent
from stocktake.model.entities import Decision

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]

DECISIONS_SHEET = "Decisions"


@dataclass(frozen=True, slots=True)
class CellEdit:
    """A value a person changed in the app, for the cell it came from (row 1-based, col 0-based)."""

    sheet: str
    row: int
    col: int
    value: object


@dataclass(slots=True)
class SavePlan:
    """Everything one save writes. Empty fields are simply not touched."""

    owned: Sequence[SheetContent] = ()
    charts_sheet: str = "Charts"
    chart_blocks: Sequence[ChartBlock] | None = None
    charts_classification: str | None = None
    """The Charts sheet's marking: the highest of what its blocks show (None: the workbook's)."""
    decisions: Sequence[Decision] = ()
    decisions_sheet: str = DECISIONS_SHEET
    """The log to append to: the sheet the reader reads decisions from, whatever its name."""
    templates: Sequence[SheetContent] = ()
    edits: Sequence[CellEdit] = ()
    hidden: Sequence[SheetContent] = ()
    """Owned sheets only Stocktake reads (very hidden), written after the Charts sheet so
    the tabs a person sees keep their order."""


@dataclass(slots=True)
class SaveReport:
    """What a save did, for the status bar and the CLI.

    ``backup`` is the version the save replaced (None with ``backup=False`` or a new
    file); ``backups`` every kept version, newest first (see :mod:`.backups`).
    """

    path: Path
    backup: Path | None = None
    backups: list[Path] = field(default_factory=list)
    removed_temps: list[Path] = field(default_factory=list)
    added_sheets: list[str] = field(default_factory=list)
    replaced_sheets: list[str] = field(default_factory=list)
    kept_sheets: list[str] = field(default_factory=list)
    appended_decisions: int = 0
    written_cells: list[str] = field(default_factory=list)
    skipped_cells: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changed_parts: list[str] = field(default_factory=list)
    stamp: FileStamp | None = None

    @property
    def backup_note(self) -> str:
        """Where the previous version went, in words ("" if none was kept)."""
        if self.backup is None:
            return ""
        folder = self.backup.parent
        n = len(self.backups)
        kept = f" ({n} earlier versions are kept there)" if n > 1 else ""
        return (
            f"previous version kept as {self.backup.name} in the folder "
            f"{folder.parent.name}/{folder.name} beside the workbook{kept}"
        )
