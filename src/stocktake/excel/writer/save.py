"""One surgical save: the plan of what to write, applied to a package, written atomically.

Pure function over a path (no globals, no Qt), so the UI can run it on a worker thread
with a progress callback and a cancel check. It reads the package once, changes only
the parts the plan needs, copies every other entry raw, and replaces the file
atomically. Owned sheets are added at the end of the tab order the first time and
replaced in place (same part, sheet id and position) later, with whatever hung off the
old part (drawing, charts, tables) replaced too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stocktake.excel import schema
from stocktake.excel.safety import WorkbookRefused, inspect_package
from stocktake.excel.writer import content_types as ct
from stocktake.excel.writer import custom_props, docprops, rels, sheet_digest, sheet_xml, tables
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
from stocktake.excel.writer.cells import CellContext
from stocktake.excel.writer.charts import (
    ChartBlock,
    build_drawing,
    data_width,
    layout,
    page_breaks,
)
from stocktake.excel.writer.errors import (
    Cancelled,
    SheetShapeError,
    UnreadablePart,
    WriteRefused,
)
from stocktake.excel.writer.package import Package
from stocktake.excel.writer.shared_strings import SharedStrings
from stocktake.excel.writer.sheet_xml import CellWrite, ListValidation, SheetContent
from stocktake.excel.writer.styles import StyleIds, ensure_styles
from stocktake.model.entities import DECISION_COLUMNS, Decision
from stocktake.model.vocab import DecisionKind

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]

DECISIONS_SHEET = "Decisions"
_REQUIRED_LOG = ("Decision ID", "Initiative ID", "Decision")
_REFUSED_SUFFIXES = {
    ".xls": "this is an old Excel 97-2003 (.xls) file; Stocktake saves only .xlsx and .xlsm. "
    "Open it in Excel and save it as 'Excel Workbook (.xlsx)'.",
    ".xlsb": "this is a binary workbook (.xlsb); Stocktake saves only .xlsx and .xlsm. Open it "
    "in Excel and save it as 'Excel Workbook (.xlsx)'.",
}


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


def _norm(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text or "").lower())


class _Editor:
    """The package plus the few parsed facts a save needs; all edits go through here."""

    def __init__(self, pkg: Package, report: SaveReport) -> None:
        self.pkg = pkg
        self.report = report
        self.workbook = self._office_document()
        self.wb_rels_name = rels.rels_name(self.workbook)
        self.info = wbp.inspect(pkg.read(self.workbook))
        self._styles: StyleIds | None = None
        self._strings: SharedStrings | None = None
        self._reserved: set[str] = set()
        self.new_sheet_names: list[str] = []
        self.replaced_ids: set[int] = set()
        self.written_digests: dict[str, str] = {}
        self._recorded: dict[str, str] | None = None

    # -- package facts ---------------------------------------------------------------
    def _office_document(self) -> str:
        for r in rels.parse(self.pkg.read("_rels/.rels")):
            if r.type.endswith("/officeDocument"):
                return r.part("") or "xl/workbook.xml"
        return "xl/workbook.xml"

    def wb_rels(self) -> list[rels.Rel]:
        return rels.parse(self.pkg.read(self.wb_rels_name))

    def sheet_part(self, entry: wbp.SheetEntry) -> tuple[str, str]:
        for r in self.wb_rels():
            if r.id == entry.rid:
                part = r.part(self.workbook)
                if part is None:
                    break
                return part, r.type
        raise WriteRefused(f"the sheet {entry.name!r} has no part in the package (damaged file).")

    def free_name(self, pattern: str) -> str:
        """The first unused part name ``pattern.format(n)`` (gaps in numbering are fine)."""
        taken = {n.lower() for n in self.pkg.names()} | self._reserved
        n = 1
        while pattern.format(n).lower() in taken:
            n += 1
        name = pattern.format(n)
        self._reserved.add(name.lower())
        return name

    def set_type(self, part: str, content_type: str) -> None:
        data = self.pkg.read("[Content_Types].xml")
        self.pkg.write("[Content_Types].xml", ct.ensure(data, part, content_type))

    def drop_type(self, part: str) -> None:
        data = self.pkg.read("[Content_Types].xml")
        new = ct.remove(data, part)
        if new != data:
            self.pkg.write("[Content_Types].xml", new)

    def ctx(self, prefix: str | None = "") -> CellContext:
        return CellContext(
            self.styles(),
            self.strings(),
            prefix=prefix,
            date1904=self.info.date1904,
            notes=self.report.notes,
        )

    def styles(self) -> StyleIds:
        if self._styles is None:
            part = None
            for r in self.wb_rels():
                if r.type == rels.R_STYLES:
                    part = r.part(self.workbook)
            if part is None or not self.pkg.has(part):
                part = posixpath.join(posixpath.dirname(self.workbook), "styles.xml")
                data, self._styles = ensure_styles(None)
                self.pkg.write(part, data)
                self.set_type(part, ct.T_STYLES)
                self._add_wb_rel(rels.R_STYLES, part)
            else:
                old = self.pkg.read(part)
                data, self._styles = ensure_styles(old)
                if data != old:
                    self.pkg.write(part, data)
        return self._styles

    def _add_wb_rel(self, rel_type: str, part: str) -> str:
        data = self.pkg.read(self.wb_rels_name)
        rid = rels.next_id(rels.parse(data))
        self.pkg.write(
            self.wb_rels_name, rels.add(data, rid, rel_type, rels.relative(self.workbook, part))
        )
        return rid

    def table_names(self) -> tuple[set[str], int]:
        names, top = set(), 0
        for n in self.pkg.names():
            if re.fullmatch(r"xl/tables/[^/]+\.xml", n, re.IGNORECASE):
                tid, name, _ = tables.table_facts(self.pkg.read(n))
                names.add(name)
                top = max(top, tid)
        return names, top

    # -- removing what hung off a replaced sheet -------------------------------------
    def _referenced_elsewhere(self, part: str, skip: set[str]) -> bool:
        for n in self.pkg.names():
            if n.endswith(".rels") and n not in skip:
                src = n.replace("_rels/", "")[: -len(".rels")]
                for r in rels.parse(self.pkg.read(n)):
                    if r.part(src) == part:
                        return True
        return False

    def remove_dependents(self, part: str) -> None:
        """Remove the parts only ``part`` used (drawing, charts, tables...), recursively."""
        rname = rels.rels_name(part)
        if not self.pkg.has(rname):
            return
        for r in rels.parse(self.pkg.read(rname)):
            target = r.part(part)
            if target is None or not self.pkg.has(target):
                continue
            if self._referenced_elsewhere(target, {rname}):
                continue
            self.remove_dependents(target)
            self.pkg.remove(target)
            self.drop_type(target)
        self.pkg.remove(rname)
        self.drop_type(rname)

    def drop_calc_chain(self, sheet_ids: set[int]) -> None:
        """Drop calcChain entries of replaced sheets (Excel repairs a chain that lies)."""
        for r in self.wb_rels():
            if r.type != rels.R_CALC_CHAIN:
                continue
            part = r.part(self.workbook)
            if part is None or not self.pkg.has(part):
                continue
            data = self.pkg.read(part)
            p = xt.prefix_of(xt.parse(data), xt.MAIN_NS)
            tag = re.escape(xt.qname(p, "c").encode())
            pat = re.compile(
                rb"<" + tag + rb"(?=[\s/>])[^>]*?(?:/>|>.*?</" + tag + rb">)", re.DOTALL
            )
            # An omitted i continues the previous entry's sheet: survivors are made explicit.
            new = _explicit_sheet_ids(data, pat, sheet_ids)
            if new == data:
                continue
            if pat.search(new) is None:
                self.pkg.remove(part)
                self.drop_type(part)
                self.pkg.write(
                    self.wb_rels_name, rels.remove(self.pkg.read(self.wb_rels_name), r.id)
                )
            else:
                self.pkg.write(part, new)

    # -- writing sheets --------------------------------------------------------------
    def _looks_ours(self, part: str, content: SheetContent) -> bool:
        """A sheet is Stocktake's if its first cell holds what Stocktake puts there.

        A workbook may have a sheet of its own called "Charts" or "Scores"; that one is
        the user's work and must not be replaced.
        """
        first = (
            content.headers[0]
            if content.headers
            else (content.rows[0][0] if content.rows and content.rows[0] else None)
        )
        data = self.pkg.read(part)
        rows = sheet_xml.read_rows(data, self.strings().texts, max_row=max(1, content.header_row))
        top = rows.get(max(1, content.header_row), {}) if content.headers else rows.get(1, {})
        return first is not None and top.get(0) == first

    # -- a person's edits on Stocktake's own sheets ----------------------------------
    def _custom_part(self) -> str | None:
        for r in rels.parse(self.pkg.read("_rels/.rels")):
            if r.type == custom_props.R_CUSTOM:
                part = r.part("")
                if part and self.pkg.has(part):
                    return part
        return None

    def recorded_digests(self) -> dict[str, str]:
        """What Stocktake last wrote on each owned sheet, by sheet name (casefolded)."""
        if self._recorded is None:
            part = self._custom_part()
            props = custom_props.read(self.pkg.read(part), part) if part else {}
            n = len(sheet_digest.PROPERTY_PREFIX)
            self._recorded = {
                k[n:].casefold(): v
                for k, v in props.items()
                if k.startswith(sheet_digest.PROPERTY_PREFIX)
            }
        return self._recorded

    def _keep_users_version(self, entry: wbp.SheetEntry, part: str, content: SheetContent) -> bool:
        """If a person edited this owned sheet and the new one would lose their edits, keep
        their sheet under a new name (and say so); True if it was kept."""
        old = sheet_xml.read_rows(self.pkg.read(part), self.strings().texts)
        recorded = self.recorded_digests().get(entry.name.casefold())
        if recorded is not None and sheet_digest.digest(old) == recorded:
            return False
        preview = sheet_xml.render_sheet(content, self.ctx())
        new = sheet_xml.read_rows(preview, self.strings().texts)
        edited = recorded is not None or sheet_digest.filled_elsewhere(old, new)
        if not edited or not sheet_digest.would_lose(old, new):
            return False
        kept = self._kept_name(entry.name)
        self._rename_sheet(entry, kept)
        self.report.kept_sheets.append(kept)
        self.report.notes.append(
            f"{entry.name} had been edited since Stocktake last wrote it: your version is "
            f"kept as the sheet {kept!r}, and a new {entry.name!r} was written"
        )
        return True

    def _kept_name(self, name: str) -> str:
        """A free sheet name for a person's edited copy, one the reader will not take for
        an input sheet (so "Stocktake settings" is not read from the old copy)."""
        day = dt.date.today().isoformat()
        for base in (f"{name} (edited {day})", f"Edited {name.rsplit(maxsplit=1)[-1]} {day}"):
            for n in range(1, 100):
                cand = base if n == 1 else f"{base} {n}"
                if (
                    len(cand) <= 31
                    and self.info.find(cand) is None
                    and schema.sheet_kind(cand) is None
                ):
                    return cand
        raise WriteRefused(f"no free sheet name to keep your edited {name!r} sheet under.")

    def _rename_sheet(self, entry: wbp.SheetEntry, name: str) -> None:
        wbp.check_sheet_name(name)
        data = self.pkg.read(self.workbook)
        pos = 0
        while (m := xt.find_start(data, self.info.prefix, "sheet", pos)) is not None:
            if xt.get_attr(m.group(0), "sheetId") == str(entry.sheet_id):
                self.pkg.write(self.workbook, xt.set_attr(data, m, "name", name))
                break
            pos = m.end()
        else:
            raise WriteRefused(f"the sheet {entry.name!r} could not be found to keep it.")
        i = self.info.sheets.index(entry)
        self.info.sheets[i] = dataclasses.replace(entry, name=name)

    def write_digests(self) -> None:
        """Record what this save wrote on each owned sheet (see :mod:`.sheet_digest`)."""
        if not self.written_digests:
            return
        values = {sheet_digest.PROPERTY_PREFIX + k: v for k, v in self.written_digests.items()}
        part = self._custom_part()
        if part is None:
            part = custom_props.PART
            if self.pkg.has(part):  # a stray part of that name no relationship points at
                part = self.free_name("docProps/custom{}.xml")
            self.pkg.write(part, custom_props.EMPTY)
            self.set_type(part, custom_props.T_CUSTOM)
            data = self.pkg.read("_rels/.rels")
            rid = rels.next_id(rels.parse(data))
            self.pkg.write("_rels/.rels", rels.add(data, rid, custom_props.R_CUSTOM, part))
        self.pkg.write(part, custom_props.set_text(self.pkg.read(part), values, part))

    # -- writing sheets --------------------------------------------------------------
    def write_sheet(
        self,
        content: SheetContent,
        blocks: Sequence[ChartBlock] | None = None,
        only_if_missing: bool = False,
        owned: bool = False,
    ) -> None:
        """Write ``content`` as a sheet: new, or replacing Stocktake's sheet of that name.

        ``owned``: a sheet Stocktake rewrites at every save (Scores...), whose digest is
        recorded and whose edits by a person are kept (not the Decisions log or templates).
        """
        entry = self.info.find(content.name)
        if entry is not None and only_if_missing:
            self.report.kept_sheets.append(entry.name)
            return
        if entry is not None:
            part, rtype = self.sheet_part(entry)
            if rtype != rels.R_WORKSHEET or not self._looks_ours(part, content):
                alt = f"{content.name} (Stocktake)"
                self.report.notes.append(
                    f"the workbook has its own sheet {entry.name!r}; Stocktake's is {alt!r}"
                )
                content = dataclasses.replace(content, name=alt)
                entry = self.info.find(alt)
            elif owned and self._keep_users_version(entry, part, content):
                entry = None
        if entry is None and self.info.lock_structure:
            raise WriteRefused(_locked_message(self.pkg.path, content.name))
        tab_selected = False
        if entry is not None:
            part, rtype = self.sheet_part(entry)
            if rtype != rels.R_WORKSHEET:
                raise WriteRefused(
                    f"the workbook already has a chart sheet or other non-worksheet named "
                    f"{entry.name!r}; rename it in Excel so Stocktake can write its own."
                )
            old = self.pkg.read(part)
            tab_selected = (
                re.search(rb"<(?:\w+:)?sheetView\b[^>]*tabSelected=\"(1|true)\"", old) is not None
            )
            self.remove_dependents(part)
            self.replaced_ids.add(entry.sheet_id)
            self.report.replaced_sheets.append(entry.name)
        else:
            part = self.free_name(
                posixpath.join(posixpath.dirname(self.workbook), "worksheets", "sheet{}.xml")
            )
        sheet_rels: list[tuple[str, str, str]] = []
        drawing_rid = None
        if blocks:
            lifted = build_drawing(content.name, blocks, self.free_name)
            if lifted is not None:
                dpart = self.free_name("xl/drawings/drawing{}.xml")
                self.pkg.write(dpart, lifted.drawing_xml)
                self.set_type(dpart, ct.T_DRAWING)
                drels = rels.rels_name(dpart)
                self.pkg.write(drels, lifted.drawing_rels)
                self.set_type(drels, ct.T_RELS)
                for cpart, xml in lifted.charts.items():
                    self.pkg.write(cpart, xml)
                    self.set_type(cpart, ct.T_CHART)
                drawing_rid = f"rId{len(sheet_rels) + 1}"
                sheet_rels.append((drawing_rid, rels.R_DRAWING, rels.relative(part, dpart)))
        table_rids = []
        if content.table:
            taken, top_id = self.table_names()
            name = tables.table_name(content.table, taken)
            tpart = self.free_name("xl/tables/table{}.xml")
            last = content.header_row + max(1, len(content.rows))
            self.pkg.write(
                tpart,
                tables.render_table(top_id + 1, name, content.headers, content.header_row, last),
            )
            self.set_type(tpart, ct.T_TABLE)
            rid = f"rId{len(sheet_rels) + 1}"
            table_rids.append(rid)
            sheet_rels.append((rid, rels.R_TABLE, rels.relative(part, tpart)))
        xml = sheet_xml.render_sheet(
            content,
            self.ctx(),
            drawing_rid=drawing_rid,
            table_rids=table_rids,
            tab_selected=tab_selected,
        )
        self.pkg.write(part, xml)
        self.set_type(part, ct.T_WORKSHEET)
        if owned:
            rows = sheet_xml.read_rows(xml, self.strings().texts)
            self.written_digests[content.name] = sheet_digest.digest(rows)
        if sheet_rels:
            rname = rels.rels_name(part)
            self.pkg.write(rname, rels.new(sheet_rels))
            self.set_type(rname, ct.T_RELS)
        if entry is None:
            sheet_id = self.info.next_sheet_id()
            rid = self._add_wb_rel(rels.R_WORKSHEET, part)
            self.pkg.write(
                self.workbook,
                wbp.add_sheet(
                    self.pkg.read(self.workbook), content.name, sheet_id, rid, content.state
                ),
            )
            entry = wbp.SheetEntry(content.name, sheet_id, rid)
            self.info.sheets.append(entry)
            self.new_sheet_names.append(content.name)
            self.report.added_sheets.append(content.name)
        if owned:  # the header row and the ID/name columns on every printed page
            header = content.header_row if content.headers else 0
            self.pkg.write(
                self.workbook,
                wbp.set_print_titles(
                    self.pkg.read(self.workbook),
                    self.info.sheets.index(entry),
                    entry.name,
                    header,
                    content.repeat_columns,
                ),
            )

    def write_charts(self, name: str, blocks: Sequence[ChartBlock], classification: str) -> None:
        rows: list[list[object]] = []
        bold: list[int] = []
        width = data_width(blocks)
        starts = layout(blocks)
        for block, top in zip(blocks, starts, strict=True):
            while len(rows) < top:
                rows.append([])
            bold += [len(rows), len(rows) + 1]
            rows.append([block.title])
            rows.append(list(block.headers))
            rows.extend(list(r) for r in block.rows)
            if not block.rows:
                rows.append([])
        content = SheetContent(
            name,
            (),
            rows,
            widths=[16.0] * width,  # the same widths page_breaks is told
            header_row=0,
            bold_rows=bold,
            classification=classification,
            row_breaks=[starts[k] for k in page_breaks(blocks, [16.0] * width)],
            landscape=True,
        )
        self.write_sheet(content, blocks, owned=True)

    # -- decisions -------------------------------------------------------------------
    def append_decisions(
        self, decisions: Sequence[Decision], classification: str, sheet: str = DECISIONS_SHEET
    ) -> None:
        entry = self.info.find(sheet)
        rows = [[d.as_row()[c] for c in DECISION_COLUMNS] for d in decisions]
        if entry is None:
            self.write_sheet(decisions_sheet(rows, classification))
            self.report.appended_decisions = len(rows)
            return
        part, rtype = self.sheet_part(entry)
        if rtype != rels.R_WORKSHEET:
            raise WriteRefused(f"{entry.name!r} is not a worksheet; rename it in Excel.")
        data = self.pkg.read(part)
        values = sheet_xml.read_rows(data, self.strings().texts)
        header_row, cols = _find_log_header(values, entry.name)
        table_parts = self._sheet_tables(part)
        writes: dict[tuple[int, int], CellWrite] = {}
        missing = [c for c in DECISION_COLUMNS if c not in cols]
        if missing:
            next_col = max(*values[header_row], *cols.values()) + 1
            hdr_styles = sheet_xml.cell_styles(data, header_row)
            hstyle = hdr_styles.get(max(cols.values()))
            table = _table_on_header(self.pkg, table_parts, header_row, next_col - 1)
            for name in missing:
                cols[name] = next_col
                writes[(header_row, next_col)] = CellWrite(name, hstyle)
                next_col += 1
            if table is not None:
                tpart, tdata = table
                self.pkg.write(tpart, _add_table_columns(tdata, missing))
            self.report.notes.append(
                f"{entry.name}: added the column(s) {', '.join(missing)} to the log"
            )
        log_cols = set(cols.values())
        last = header_row
        for r, cells in values.items():
            if r > header_row and any(cells.get(c) not in (None, "") for c in log_cols):
                last = max(last, r)
        above = sheet_xml.cell_styles(data, last) if last > header_row else {}
        styles = self.styles()
        for i, row in enumerate(rows):
            r = last + 1 + i
            for name, value in zip(DECISION_COLUMNS, row, strict=True):
                style = above.get(cols[name])
                if style is None and isinstance(value, dt.date):
                    style = styles.datetime if isinstance(value, dt.datetime) else styles.date
                writes[(r, cols[name])] = CellWrite(value, style, protect_formula=False)
        res = sheet_xml.set_cells(data, writes, self.ctx(), entry.name)
        self.pkg.write(part, res.data)
        new_last = last + len(rows)
        for tpart in table_parts:
            tdata = self.pkg.read(tpart)
            _, _, ref = tables.table_facts(tdata)
            r1, _, r2, _ = tables.bounds(ref)
            if r1 == header_row and r2 < new_last:
                self.pkg.write(tpart, tables.extend_rows(tdata, new_last))
        self.report.appended_decisions = len(rows)

    def _strings_part(self) -> str | None:
        for r in self.wb_rels():
            if r.type == rels.R_SHARED_STRINGS:
                part = r.part(self.workbook)
                if part and self.pkg.has(part):
                    return part
        return None

    def strings(self) -> SharedStrings:
        """The shared-string table, scanned once; text cells are appended to it."""
        if self._strings is None:
            part = self._strings_part()
            self._strings = SharedStrings(self.pkg.chunks(part) if part else None)
        return self._strings

    def _sheet_tables(self, part: str) -> list[str]:
        rname = rels.rels_name(part)
        if not self.pkg.has(rname):
            return []
        return [
            p
            for r in rels.parse(self.pkg.read(rname))
            if r.type == rels.R_TABLE and (p := r.part(part)) and self.pkg.has(p)
        ]

    # -- cell edits ------------------------------------------------------------------
    def edit_cells(self, edits: Sequence[CellEdit]) -> None:
        by_sheet: dict[str, dict[tuple[int, int], CellWrite]] = {}
        for e in edits:
            if e.row < 1 or e.col < 0:
                raise ValueError(f"bad cell position {e}")
            by_sheet.setdefault(e.sheet, {})[(e.row, e.col)] = CellWrite(e.value)
        for name, writes in by_sheet.items():
            entry = self.info.find(name)
            if entry is None:
                raise WriteRefused(f"the workbook has no sheet named {name!r} to edit.")
            part, rtype = self.sheet_part(entry)
            if rtype != rels.R_WORKSHEET:
                raise WriteRefused(f"{name!r} is not a worksheet; its cells cannot be edited.")
            res = sheet_xml.set_cells(self.pkg.read(part), writes, self.ctx(), entry.name)
            self.report.written_cells += res.written
            self.report.skipped_cells += res.skipped
            if res.written:
                self.pkg.write(part, res.data)
                self._grow_tables(part, writes)

    def _grow_tables(self, part: str, writes: dict[tuple[int, int], CellWrite]) -> None:
        """Values written on the rows just below a table, inside its columns, join it: what
        Excel does when a person types there (so the reader reads them as the table's)."""
        for tpart in self._sheet_tables(part):
            tdata = self.pkg.read(tpart)
            _, c1, r2, c2 = tables.bounds(tables.table_facts(tdata)[2])
            last = r2
            while any(
                (last + 1, c) in writes and writes[(last + 1, c)].value is not None
                for c in range(c1, c2 + 1)
            ):
                last += 1
            if last > r2:
                self.pkg.write(tpart, tables.extend_rows(tdata, last))

    # -- finishing -------------------------------------------------------------------
    def write_strings(self) -> None:
        """Write the shared-string table if this save added text (creating it if absent)."""
        if self._strings is None or not self._strings.changed:
            return
        part = self._strings_part()
        if part is None:
            part = posixpath.join(posixpath.dirname(self.workbook), "sharedStrings.xml")
            self.set_type(part, ct.T_SHARED_STRINGS)
            self._add_wb_rel(rels.R_SHARED_STRINGS, part)
        self.pkg.write_stream(part, self._strings.chunks)

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


def _explicit_sheet_ids(data: bytes, pat: re.Pattern[bytes], drop: set[int]) -> bytes:
    current = [0]
    out_needs_i = [False]

    def fix(m: re.Match[bytes]) -> bytes:
        i = xt.get_attr(m.group(0), "i")
        if i is not None:
            current[0] = int(i)
        if current[0] in drop:
            out_needs_i[0] = True
            return b""
        if i is None and out_needs_i[0]:
            head = re.match(rb"<[^>]*>", m.group(0))
            assert head is not None
            out_needs_i[0] = False
            return xt.set_attr(m.group(0), head, "i", str(current[0]))
        out_needs_i[0] = False
        return m.group(0)

    return pat.sub(fix, data)


def _find_log_header(
    values: dict[int, dict[int, object]], sheet: str
) -> tuple[int, dict[str, int]]:
    wanted = {_norm(c): c for c in DECISION_COLUMNS}
    wanted[_norm("Balance")] = "Balance at the time"
    for r in sorted(values)[:30]:
        cols: dict[str, int] = {}
        for c, v in sorted(values[r].items()):
            key = wanted.get(_norm(v))
            if key and key not in cols:
                cols[key] = c
        if all(k in cols for k in _REQUIRED_LOG):
            return r, cols
    raise SheetShapeError(
        f"the sheet {sheet!r} has no header row with the columns "
        f"{', '.join(_REQUIRED_LOG)}; add them (or rename the sheet) so decisions can be "
        "appended to it."
    )


def _table_on_header(
    pkg: Package, table_parts: list[str], header_row: int, right_col: int
) -> tuple[str, bytes] | None:
    for tpart in table_parts:
        data = pkg.read(tpart)
        r1, _, _, c2 = tables.bounds(tables.table_facts(data)[2])
        if r1 == header_row and c2 == right_col:
            return tpart, data
    return None


def _add_table_columns(data: bytes, names: list[str]) -> bytes:
    from stocktake.model.workbook import column_letter

    root = xt.parse(data)
    p = xt.prefix_of(root, xt.MAIN_NS)
    ns = f"{{{xt.MAIN_NS}}}"
    cols = root.find(f"{ns}tableColumns")
    assert cols is not None
    ids = [int(c.get("id", "0")) for c in cols]
    frag = "".join(
        f'<{xt.qname(p, "tableColumn")} id="{max(ids) + 1 + i}" name="{xt.attr(n)}"/>'
        for i, n in enumerate(names)
    )
    out = xt.insert_before_close(data, p, "tableColumns", frag.encode())
    assert out is not None
    m = xt.find_start(out, p, "tableColumns")
    assert m is not None
    out = xt.set_attr(out, m, "count", str(len(ids) + len(names)))
    r1, c1, r2, c2 = tables.bounds(root.get("ref", "A1"))
    return tables.set_ref(out, p, f"{column_letter(c1)}{r1}:{column_letter(c2 + len(names))}{r2}")


def _locked_message(path: Path, sheet: str) -> str:
    return (
        f"{path.name} has a locked workbook structure (Review > Protect Workbook), so "
        f"Stocktake cannot add its {sheet!r} sheet without breaking that protection. "
        "Unprotect the workbook in Excel, or save to a copy (stocktake can write the copy, "
        "which carries no structure lock)."
    )


def decisions_sheet(rows: Sequence[Sequence[object]], classification: str) -> SheetContent:
    """The Decisions log sheet as Stocktake creates it when a workbook has none."""
    widths = [12, 12, 12, 48, 16, 12, 20, 18, 16, 10, 12]
    return SheetContent(
        DECISIONS_SHEET,
        DECISION_COLUMNS,
        rows,
        widths=widths,
        table="Decisions",
        validations=[ListValidation(2, DecisionKind.choices(), "Decision")],
        classification=classification,
    )


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
