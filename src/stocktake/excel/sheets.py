"""Where each kind of record lives in a workbook, and a sheet's cells as a reader sees them.

Split from :mod:`stocktake.excel.reader` so that the reader holds only the order of
reading: this module answers *which* sheet (or Excel table) holds missions,
initiatives and the rest, and turns one sheet into rows of values (padded back to
column A, merged cells filled) — including the guarded calls into python-calamine,
whose failures (Rust panics among them) become plain-English problems here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import python_calamine as calamine

from stocktake.excel import schema
from stocktake.excel.extent import MAX_SHEET_CELLS
from stocktake.excel.field_specs import norm
from stocktake.excel.safety import PackageInfo, WorkbookRefused
from stocktake.excel.values import MAX_EXCEL_SERIAL
from stocktake.model import Problem, Severity, Workbook


@dataclass(slots=True)
class Source:
    """Where one kind's rows are: a sheet, or an Excel table inside a sheet."""

    sheet: str
    table: str = ""
    header_row: int | None = None  # 0-based, known for tables
    end_row: int | None = None  # 0-based exclusive, for tables


def is_panic(exc: BaseException) -> bool:
    """python-calamine's Rust panics arrive as ``pyo3_runtime.PanicException``, a
    ``BaseException`` (so ``except Exception`` misses them) from a module that cannot
    be imported by name; it is recognised by its class name."""
    return type(exc).__name__ == "PanicException"


# What python-calamine raises on a package it cannot make sense of (besides panics).
CALAMINE_ERRORS = (
    calamine.CalamineError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    OSError,
)


class SheetUnreadable(Exception):
    """One sheet could not be read; the message (a problem for that sheet) says why."""

    def __init__(self, cell: str, message: str) -> None:
        super().__init__(message)
        self.cell = cell
        self.message = message


def locate(book: calamine.CalamineWorkbook, wb: Workbook) -> dict[str, Source]:
    """Assign sheets (and Excel tables) to record kinds; note sheets nobody claims."""
    found: dict[str, Source] = {}
    name = wb.path.name if wb.path else "the workbook"
    try:
        worksheets = [
            m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet
        ]
        table_names = list(book.table_names or [])
    except CALAMINE_ERRORS as exc:
        raise WorkbookRefused(f"{name}: the list of sheets cannot be read ({exc}).") from None
    except BaseException as exc:
        if not is_panic(exc):
            raise
        raise WorkbookRefused(f"{name}: the list of sheets cannot be read ({exc}).") from None
    tables_by_sheet: dict[str, list[calamine.CalamineTable]] = {}
    for tname in table_names:
        try:
            table = book.get_table_by_name(tname)
        except BaseException as exc:
            if not (isinstance(exc, CALAMINE_ERRORS) or is_panic(exc)):
                raise
            wb.problems.append(
                Problem(
                    "",
                    "",
                    Severity.WARNING,
                    f"the Excel table {tname!r} cannot be read ({exc}); its sheet is read "
                    "without it.",
                )
            )
            continue
        tables_by_sheet.setdefault(table.sheet, []).append(table)

    def source_for(sheet: str, kind: str) -> Source:
        for table in tables_by_sheet.get(sheet, []):
            if schema.sheet_kind(schema.strip_table_prefix(table.name)) in (kind, None) and (
                table.start is not None
            ):
                end = table.end[0] + 1 if table.end else None
                return Source(sheet, table.name, table.start[0] - 1, end)
        return Source(sheet)

    for name in worksheets:
        kind = schema.sheet_kind(name)
        if kind is None:
            continue
        if kind in found:
            wb.problems.append(
                Problem(
                    name,
                    "",
                    Severity.WARNING,
                    f"this sheet also looks like {kind}, but "
                    f"'{found[kind].sheet}' is read for that; this one "
                    "is kept but not read.",
                )
            )
            continue
        found[kind] = source_for(name, kind)
    # An Excel table named like a kind counts as that kind's sheet.
    for sheet, tables in tables_by_sheet.items():
        for table in tables:
            kind = schema.sheet_kind(schema.strip_table_prefix(table.name))
            if kind and kind not in found and table.start is not None:
                end = table.end[0] + 1 if table.end else None
                found[kind] = Source(sheet, table.name, table.start[0] - 1, end)
    claimed = {s.sheet for s in found.values()}
    wb.unrecognised_sheets = [
        n
        for n in wb.sheet_names
        if n not in claimed
        and norm(n) not in schema.OUTPUT_SHEETS
        and norm(n) not in schema.INFORMATIONAL_SHEETS
    ]
    return found


def fill_merged(
    rows: list[list[object]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] | None
) -> None:
    """Give every cell of a merged range its top-left value, as a reader of the sheet
    sees it (a Mission ID merged down a block of initiatives belongs to each).

    The cells filled are bounded like a sheet's (overlapping merges could otherwise ask
    for billions of fills); merges beyond that budget are left as they are."""
    budget = MAX_SHEET_CELLS
    for (r0, c0), (r1, c1) in merged or ():
        budget -= max(r1 - r0 + 1, 0) * max(c1 - c0 + 1, 0)
        if budget < 0:
            return
        if r0 >= len(rows):
            continue
        top = rows[r0]
        value = top[c0] if c0 < len(top) else ""
        if value == "":
            continue
        for r in range(r0, min(r1 + 1, len(rows))):
            row = rows[r]
            for c in range(c0, min(c1 + 1, len(row))):
                if row[c] == "":
                    row[c] = value


def sheet_rows(
    book: calamine.CalamineWorkbook, info: PackageInfo, sheet: str
) -> list[list[object]]:
    """One sheet's values, row by row from row 1 and column A, merged cells filled;
    raises :class:`SheetUnreadable` (saying which cell, when known) if it cannot be read."""
    extent = info.oversized.get(sheet)
    if extent is not None:
        raise SheetUnreadable(
            extent.far_cell,
            f"a cell this far out makes the sheet {extent.rows:,} rows by "
            f"{extent.columns:,} columns ({extent.cells:,} cells), more than the "
            f"{MAX_SHEET_CELLS:,} Stocktake reads in one sheet, so the sheet was not "
            "read. Delete the cells beyond your data and save the workbook again.",
        )
    try:
        data = book.get_sheet_by_name(sheet)
        # iter_rows, not to_python: it yields the GIL between rows, so a GUI thread
        # stays responsive while a worker reads (to_python holds it for the whole
        # sheet, 300 ms on 200k rows); same speed. Its rows start at row 1 but its
        # columns at the first used column, so pad them back to column A.
        # A comprehension, not list(): bytecode between rows lets other threads run.
        rows: list[list[Any]] = [row for row in data.iter_rows()]
        start = data.start
        merged = data.merged_cell_ranges
    except CALAMINE_ERRORS as exc:
        raise SheetUnreadable("", f"the sheet cannot be read ({exc}).") from None
    except BaseException as exc:
        if not is_panic(exc):
            raise
        cell, why = _suspect_cell(info, sheet)
        raise SheetUnreadable(
            cell, f"the sheet cannot be read: {why}. Correct the cell and save again."
        ) from None
    if start is not None and start[1] > 0:
        pad = [""] * start[1]
        rows = [pad + row for row in rows]
    fill_merged(rows, merged)
    return rows


def _suspect_cell(info: PackageInfo, sheet: str) -> tuple[str, str]:
    """After a panic in the Rust reader: the cell most likely to blame (a number no
    date can hold, such as -1e999), found by a plain scan of the sheet's XML."""
    part = info.sheet_parts.get(sheet)
    if part is None:
        return "", "a cell holds a value the reader cannot convert"
    try:
        with info.open_zip() as zf:
            xml = zf.read(part)
    except (KeyError, OSError, ValueError):
        return "", "a cell holds a value the reader cannot convert"
    worst: tuple[str, str] | None = None
    for ref, raw in _CELL_VALUE.findall(xml):
        try:
            number = float(raw)
        except ValueError:
            continue
        if not math.isfinite(number):
            return (
                ref.decode(),
                f"the cell holds {raw.decode()[:20]}, which is not a finite number",
            )
        if worst is None and abs(number) > MAX_EXCEL_SERIAL:
            worst = (
                ref.decode(),
                f"the cell holds {raw.decode()[:20]}, too large for the date it is formatted as",
            )
    return worst or ("", "a cell holds a value the reader cannot convert")


_CELL_VALUE = re.compile(
    rb"""<c\b[^>]*?\sr=["']([A-Z]{1,3}[0-9]{1,7})["'][^>]*>(?:<f\b[^<]*(?:</f>)?)?<v>([^<]{1,40})</v>"""
)
