"""Small workbooks written with XlsxWriter for tests: one behaviour each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

MISSIONS = [
    ["Mission ID", "Mission"],
    ["M1", "Kickstart economic growth"],
    ["M2", "Build an NHS fit for the future"],
]
CRITERIA = [
    ["Criterion ID", "Criterion", "Horizon", "Weight", "Scale"],
    ["C1", "Homes", "Milestone", 60, "0-5"],
    ["C2", "Growth", "Ambition", 40, "0-5"],
]


def build(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    tables: dict[str, str] | None = None,
    hidden: tuple[str, ...] = (),
    merges: dict[str, list[tuple[int, int, int, int, str]]] | None = None,
    formulas: dict[str, list[tuple[int, int, str, Any]]] | None = None,
) -> Path:
    """Write a workbook: rows per sheet (row 0 = Excel row 1), optional extras."""
    book = xlsxwriter.Workbook(path)
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, book.add_format({"num_format": "dd/mm/yyyy"}))
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write(r, c, value)
        for r0, c0, r1, c1, text in (merges or {}).get(name, []):
            ws.merge_range(r0, c0, r1, c1, text)
        for r, c, formula, cached in (formulas or {}).get(name, []):
            ws.write_formula(r, c, formula, None, cached)
        if name in (tables or {}):
            header_index = next(i for i, row in enumerate(rows) if len(row) > 1)
            last = header_index
            while last + 1 < len(rows) and rows[last + 1]:
                last += 1
            width = len(rows[header_index])
            ws.add_table(
                header_index,
                0,
                last,
                width - 1,
                {
                    "name": (tables or {})[name],
                    "columns": [{"header": str(h)} for h in rows[header_index]],
                },
            )
        if name in hidden:
            ws.hide()
    book.close()
    return path


def initiatives(*rows: list[Any]) -> list[list[Any]]:
    header = [
        "Initiative ID",
        "Mission ID",
        "Initiative",
        "DCA",
        "Stage",
        "Cost 2025-26 (£m)",
        "Cost 2026-27 (£m)",
        "C1",
        "C2",
        "Classification",
        "Depends on",
    ]
    return [header, *[list(r) for r in rows]]
