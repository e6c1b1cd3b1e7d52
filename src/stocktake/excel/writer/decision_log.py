"""The decision log: rows appended to the log the workbook already has, never edited.

The log is found by the name the application layer resolved (``Decision log``,
``Decisions``...); its header row is found wherever it is, missing columns are added
(to its Excel table too), and the table grows over the new rows. A workbook with no log
gets Stocktake's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from stocktake.excel.headers import match_row
from stocktake.excel.schema import DECISIONS
from stocktake.excel.writer import rels, sheet_xml, tables
from stocktake.excel.writer import xmltext as xt
from stocktake.excel.writer.errors import (
    SheetShapeError,
    WriteRefused,
)
from stocktake.excel.writer.owned_sheets import OwnedSheets
from stocktake.excel.writer.package import Package
from stocktake.excel.writer.plan import DECISIONS_SHEET
from stocktake.excel.writer.sheet_xml import CellWrite, ListValidation, SheetContent
from stocktake.model.entities import DECISION_COLUMNS, OPTIONAL_DECISION_COLUMNS, Decision
from stocktake.model.vocab import DecisionKind

_REQUIRED_LOG = ("Decision ID", "Initiative ID", "Decision")


def _find_log_header(
    values: dict[int, dict[int, object]], sheet: str
) -> tuple[int, dict[str, int]]:
    """The log's header row and each column's place, by the log's column names.

    Headers are matched with the reader's own synonyms (:func:`headers.match_row`), so a
    log headed "Reason" or "Minority view" is appended to under those headers, where the
    reader will read the new rows, rather than gaining a second column."""
    labels = {f.key: f.label for f in DECISIONS.fields}
    for r in sorted(values)[:30]:
        row = values[r]
        cells = [row.get(c) for c in range(max(row, default=-1) + 1)]
        found = match_row(cells, DECISIONS).columns
        cols = {labels[k]: c for k, c in found.items() if k in labels}
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


def decisions_sheet(rows: Sequence[Sequence[object]], classification: str) -> SheetContent:
    """The Decisions log sheet as Stocktake creates it when a workbook has none."""
    widths = [12, 12, 12, 48, 16, 12, 20, 18, 16, 10, 12, 40]
    return SheetContent(
        DECISIONS_SHEET,
        DECISION_COLUMNS,
        rows,
        widths=widths,
        table="Decisions",
        validations=[ListValidation(2, DecisionKind.choices(), "Decision")],
        classification=classification,
    )


class DecisionLogEditor(OwnedSheets):
    """Appending decisions to the workbook's log."""

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
        filled = {
            c for i, c in enumerate(DECISION_COLUMNS) if any(r[i] not in (None, "") for r in rows)
        }
        missing = [
            c
            for c in DECISION_COLUMNS
            if c not in cols and (c not in OPTIONAL_DECISION_COLUMNS or c in filled)
        ]
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
                if name not in cols:  # an optional column the log lacks, empty in every row
                    continue
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
