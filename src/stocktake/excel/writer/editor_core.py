"""The package being edited and the few parsed facts every part of a save needs.

:class:`EditorCore` reads the package once and knows its parts, relationships, content
types, styles and shared strings; it writes cells into existing sheets (growing a table
when values land just below it) and the shared-string table. Writing Stocktake's own
sheets (:mod:`.owned_sheets`) and appending to the decision log (:mod:`.decision_log`)
build on it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from stocktake.excel.writer import content_types as ct
from stocktake.excel.writer import rels, sheet_xml, tables
from stocktake.excel.writer import workbook_part as wbp
from stocktake.excel.writer import xmltext as xt
from stocktake.excel.writer.cells import CellContext
from stocktake.excel.writer.errors import UnreadablePart, WriteRefused
from stocktake.excel.writer.package import Package
from stocktake.excel.writer.plan import CellEdit, SaveReport
from stocktake.excel.writer.shared_strings import SharedStrings
from stocktake.excel.writer.sheet_xml import CellWrite
from stocktake.excel.writer.styles import StyleIds, ensure_styles


def _norm(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text or "").lower())


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


class EditorCore:
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
        why = self._strings.damaged()
        if part is not None and why:
            raise UnreadablePart(f"the shared-string table {part} is damaged: {why}", part)
        if part is None:
            part = posixpath.join(posixpath.dirname(self.workbook), "sharedStrings.xml")
            self.set_type(part, ct.T_SHARED_STRINGS)
            self._add_wb_rel(rels.R_SHARED_STRINGS, part)
        self.pkg.write_stream(part, self._strings.chunks)
