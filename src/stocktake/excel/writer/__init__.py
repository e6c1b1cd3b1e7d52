"""The surgical writer: Stocktake's sheets and a user's edits into the user's own workbook.

Public API (pure functions over a path; safe to call from a worker thread):

* :func:`save` with a :class:`SavePlan` - the one pass everything else uses;
* :func:`append_decisions`, :func:`write_analysis`, :func:`edit_cells`,
  :func:`init_workbook` - the common plans;
* :class:`FileStamp` - take one when reading, pass it as ``expected`` when saving, so a
  file changed by someone else is never clobbered.

Every part Stocktake does not own is copied through byte for byte; see docs/writer.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stocktake.excel.writer.atomic import FileStamp, backup_path
from stocktake.excel.writer.backups import backup_folder, generations
from stocktake.excel.writer.charts import ChartBlock, ChartSpec, SeriesSpec
from stocktake.excel.writer.errors import (
    Cancelled,
    FileChangedOnDisk,
    FileInUse,
    MissingPart,
    ReadOnlyWorkbook,
    SaveFailed,
    SheetShapeError,
    UnreadablePart,
    WriteError,
    WriteRefused,
)
from stocktake.excel.writer.newbook import new_workbook
from stocktake.excel.writer.save import (
    CancelFn,
    CellEdit,
    ProgressFn,
    SavePlan,
    SaveReport,
    save,
)
from stocktake.excel.writer.sheet_xml import ListValidation, SheetContent
from stocktake.excel.writer.template import SETTINGS_SHEET, settings_sheet, template_sheets
from stocktake.model.entities import Decision

__all__ = [
    "SETTINGS_SHEET",
    "CancelFn",
    "Cancelled",
    "CellEdit",
    "ChartBlock",
    "ChartSpec",
    "FileChangedOnDisk",
    "FileInUse",
    "FileStamp",
    "ListValidation",
    "MissingPart",
    "ProgressFn",
    "ReadOnlyWorkbook",
    "SaveFailed",
    "SavePlan",
    "SaveReport",
    "SeriesSpec",
    "SheetContent",
    "SheetShapeError",
    "UnreadablePart",
    "WriteError",
    "WriteRefused",
    "append_decisions",
    "backup_folder",
    "backup_path",
    "edit_cells",
    "generations",
    "init_workbook",
    "save",
    "settings_sheet",
    "template_sheets",
    "write_analysis",
]


def append_decisions(path: str | Path, decisions: Sequence[Decision], **kw: object) -> SaveReport:
    """Append rows to the Decisions log (created, with a table, if the workbook has none)."""
    return save(path, SavePlan(decisions=decisions), **kw)  # type: ignore[arg-type]


def write_analysis(
    path: str | Path,
    sheets: Sequence[SheetContent],
    chart_blocks: Sequence[ChartBlock] | None = None,
    **kw: object,
) -> SaveReport:
    """Write (replace) owned sheets such as Scores, Portfolio and settings, and the Charts."""
    return save(path, SavePlan(owned=sheets, chart_blocks=chart_blocks), **kw)  # type: ignore[arg-type]


def edit_cells(
    path: str | Path, edits: Sequence[CellEdit | tuple[str, int, int, object]], **kw: object
) -> SaveReport:
    """Put edited values back into their own cells; formula cells are reported, not touched."""
    plan = SavePlan(edits=[e if isinstance(e, CellEdit) else CellEdit(*e) for e in edits])
    return save(path, plan, **kw)  # type: ignore[arg-type]


def init_workbook(path: str | Path, classification: str = "OFFICIAL", **kw: object) -> SaveReport:
    """Add the stock-take template sheets that are missing; create the workbook if absent."""
    path = Path(path)
    if not path.exists():
        new_workbook(path, classification)
    plan = SavePlan(templates=template_sheets(classification))
    return save(path, plan, classification=classification, **kw)  # type: ignore[arg-type]
