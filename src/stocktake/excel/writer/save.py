"""One surgical save: the plan of what to write, applied to a package, written atomically.

Pure function over a path (no globals, no Qt), so the UI can run it on a worker thread
with a progress callback and a cancel check. It reads the package once, changes only
the parts the plan needs, copies every other entry raw, and replaces the file
atomically. Owned sheets are added at the end of the tab order the first time and
replaced in place (same part, sheet id and position) later, with whatever hung off the
old part (drawing, charts, tables) replaced too.
"""

from __future__ import annotations

from pathlib import Path

from stocktake.excel.safety import WorkbookRefused, inspect_package
from stocktake.excel.writer import docprops
from stocktake.excel.writer import workbook_part as wbp
from stocktake.excel.writer import xmltext as xt
from stocktake.excel.writer.atomic import (
    FileStamp,
    changed_on_disk,
    check_not_open,
    check_writable,
    real_path,
    write_atomically,
)
from stocktake.excel.writer.decision_log import DecisionLogEditor, decisions_sheet
from stocktake.excel.writer.errors import (
    Cancelled,
    UnreadablePart,
    WriteRefused,
)
from stocktake.excel.writer.package import Package
from stocktake.excel.writer.plan import (
    DECISIONS_SHEET,
    CancelFn,
    CellEdit,
    ProgressFn,
    SavePlan,
    SaveReport,
)

__all__ = [
    "DECISIONS_SHEET",
    "CancelFn",
    "CellEdit",
    "ProgressFn",
    "SavePlan",
    "SaveReport",
    "decisions_sheet",
    "refuse_unwritable",
    "save",
]

_REFUSED_SUFFIXES = {
    ".xls": "this is an old Excel 97-2003 (.xls) file; Stocktake saves only .xlsx and .xlsm. "
    "Open it in Excel and save it as 'Excel Workbook (.xlsx)'.",
    ".xlsb": "this is a binary workbook (.xlsb); Stocktake saves only .xlsx and .xlsm. Open it "
    "in Excel and save it as 'Excel Workbook (.xlsx)'.",
}


class _Editor(DecisionLogEditor):
    """The whole editor: package facts, owned sheets, the decision log, and finishing."""

    def finish(self) -> None:
        self.write_digests()
        self.write_strings()
        if self.replaced_ids:
            self.drop_calc_chain(self.replaced_ids)
        changed = self.pkg.changed_names()
        if changed:
            self.pkg.write(self.workbook, wbp.set_full_calc_on_load(self.pkg.read(self.workbook)))
        if self.pkg.has("docProps/core.xml") and changed:
            self.pkg.write(
                "docProps/core.xml", docprops.touch_modified(self.pkg.read("docProps/core.xml"))
            )
        if self.new_sheet_names and self.pkg.has("docProps/app.xml"):
            old = self.pkg.read("docProps/app.xml")
            new = docprops.add_sheet_titles(old, self.new_sheet_names)
            if new != old:
                self.pkg.write("docProps/app.xml", new)
        self.report.changed_parts = sorted(self.pkg.changed_names())


def refuse_unwritable(path: Path) -> None:
    """Refuse early what cannot be written safely, with the reason and what to do."""
    why = _REFUSED_SUFFIXES.get(path.suffix.lower())
    if why:
        raise WriteRefused(f"{path.name}: {why}")
    try:
        info = inspect_package(path)
    except WorkbookRefused as exc:
        raise WriteRefused(str(exc)) from None
    if info.oversized or info.renamed:
        # The reader reads such a package through a normalised copy ('\\' in part names,
        # a sheet too large to read); writing into the original surgically would mean
        # writing what was never read. Refuse, and say what to do. (UTF-16 parts are
        # fine: the parts a save edits are re-encoded as UTF-8, the rest copied as they are.)
        raise WriteRefused(
            f"{path.name}: this workbook was saved by a tool that stores it unusually "
            "(backslashes in its part names, or a sheet with a cell far beyond its data); "
            "Stocktake reads it but will not write into it. Open it in Excel, save it, "
            "and try again."
        )


def save(
    path: str | Path,
    plan: SavePlan,
    *,
    expected: FileStamp | None = None,
    backup: bool = True,
    classification: str = "OFFICIAL",
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    target: str | Path | None = None,
) -> SaveReport:
    """Apply ``plan`` to the workbook at ``path`` and save it atomically.

    ``expected`` is the :class:`FileStamp` taken when the workbook was read: if the file
    changed since, nothing is written (:class:`FileChangedOnDisk`). ``target`` saves to
    another file instead (a copy); the original is then only read.
    """
    path = Path(path)
    out_path = Path(target) if target is not None else path
    report = SaveReport(out_path)

    def step(fraction: float, message: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled(f"saving {out_path.name} was cancelled; the file is unchanged.")
        if progress is not None:
            progress(fraction, message)

    refuse_unwritable(path)
    if out_path == path or real_path(out_path) == real_path(path):
        out_path = path
        check_not_open(path)
    check_writable(real_path(out_path), out_path)
    step(0.05, "reading the workbook")
    pkg = Package(path)
    stamp = FileStamp.of(path, pkg.source_bytes)
    same = expected is None or (expected.size, expected.digest) == (stamp.size, stamp.digest)
    if out_path == path and not same:
        raise changed_on_disk(path)  # a copy may still be saved, as the message offers
    try:
        _apply(pkg, plan, report, step, classification, copy=out_path != path)
    except UnreadablePart as exc:
        raise _unreadable(pkg, exc) from None
    if out_path == path and not pkg.changed_names():
        # Nothing to change (init on a workbook that has every sheet): the file is left
        # alone, so no backup of an identical file and no new modified time for sync tools.
        report.stamp = stamp
        if progress is not None:
            progress(1.0, "nothing to change")
        return report
    step(0.8, "saving")
    written = write_atomically(
        out_path,
        pkg.save_to,
        expected=stamp if out_path == path else None,
        backup=backup and out_path == path,
        cancel=cancel,
    )
    report.backups = written.backups
    report.backup = written.backup
    report.removed_temps = written.removed_temps
    report.stamp = FileStamp.of(real_path(out_path))
    if progress is not None:
        progress(1.0, "saved")
    return report


def _apply(
    pkg: Package,
    plan: SavePlan,
    report: SaveReport,
    step: ProgressFn,
    classification: str,
    copy: bool,
) -> None:
    """Make every change the plan asks for, in the package in memory."""
    ed = _Editor(pkg, report)
    if copy and ed.info.lock_structure:
        ed.info.lock_structure = False  # a copy is written without adding to the locked one
        _unlock_copy(ed)
    step(0.15, "adding template sheets")
    for content in plan.templates:
        ed.write_sheet(content, only_if_missing=True)
    step(0.3, "writing Stocktake's sheets")
    for content in plan.owned:
        ed.write_sheet(content, owned=True)
    if plan.chart_blocks is not None:
        step(0.5, "drawing the charts")
        ed.write_charts(
            plan.charts_sheet, plan.chart_blocks, plan.charts_classification or classification
        )
    for content in plan.hidden:
        ed.write_sheet(content, owned=True)
    if plan.decisions:
        step(0.6, "appending decisions")
        ed.append_decisions(plan.decisions, classification, plan.decisions_sheet)
    if plan.edits:
        step(0.7, "writing edited cells")
        ed.edit_cells(plan.edits)
    ed.finish()


def _unreadable(pkg: Package, exc: UnreadablePart) -> UnreadablePart:
    """The parse error with the workbook's and the part's names in the message."""
    part = exc.part or pkg.part_holding(exc.data) or "one of its parts"
    return UnreadablePart(
        f"{pkg.path.name}: Stocktake cannot edit {part} safely ({exc}), so nothing was "
        "written. Opening the workbook in Excel and saving it again usually fixes this; "
        "or save Stocktake's work to a new workbook.",
        part,
    )


def _unlock_copy(ed: _Editor) -> None:
    """For a copy of a locked workbook: drop ``lockStructure`` so sheets can be added."""
    data = ed.pkg.read(ed.workbook)
    m = xt.find_start(data, ed.info.prefix, "workbookProtection")
    if m is not None:
        ed.pkg.write(ed.workbook, xt.set_attr(data, m, "lockStructure", "0"))
