"""Stocktake's own sheets (Scores, Portfolio, Charts, settings) written into a package.

Added at the end of the tab order the first time and replaced in place later (same part,
sheet id and position, with whatever hung off the old part replaced too); a sheet a
person edited since Stocktake wrote it is kept under another name, never overwritten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path

from stocktake.excel import schema
from stocktake.excel.writer import content_types as ct
from stocktake.excel.writer import custom_props, rels, sheet_digest, sheet_xml, tables
from stocktake.excel.writer import workbook_part as wbp
from stocktake.excel.writer import xmltext as xt
from stocktake.excel.writer.charts import (
    ChartBlock,
    build_drawing,
    data_width,
    layout,
    page_breaks,
)
from stocktake.excel.writer.editor_core import EditorCore
from stocktake.excel.writer.errors import (
    WriteRefused,
)
from stocktake.excel.writer.sheet_xml import SheetContent


def _locked_message(path: Path, sheet: str) -> str:
    return (
        f"{path.name} has a locked workbook structure (Review > Protect Workbook), so "
        f"Stocktake cannot add its {sheet!r} sheet without breaking that protection. "
        "Unprotect the workbook in Excel, or save to a copy (stocktake can write the copy, "
        "which carries no structure lock)."
    )


class OwnedSheets(EditorCore):
    """Writing and replacing the sheets Stocktake owns (and the Charts sheet)."""

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
        written: dict[int, dict[int, object]] = {}
        xml = sheet_xml.render_sheet(
            content,
            self.ctx(),
            drawing_rid=drawing_rid,
            table_rids=table_rids,
            tab_selected=tab_selected,
            values=written if owned else None,
        )
        self.pkg.write(part, xml)
        self.set_type(part, ct.T_WORKSHEET)
        if owned:  # the values as rendered, not the part parsed back (same values)
            self.written_digests[content.name] = sheet_digest.digest(written)
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
