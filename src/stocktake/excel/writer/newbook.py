"""A new, nearly empty workbook for ``stocktake init`` to fill (made with XlsxWriter).

It holds one "About" sheet saying what the workbook is and its protective marking;
the template sheets are then added by the same surgical save as for any workbook, so
there is one way sheets get made.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from stocktake.excel.writer.atomic import write_atomically


def new_workbook(path: Path, classification: str = "OFFICIAL") -> None:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("About")
    bold = wb.add_format({"bold": True})
    ws.write_string(0, 0, "Mission stock-take workbook", bold)
    ws.write_string(1, 0, f"Classification: {classification}")
    ws.write_string(
        2,
        0,
        "Made by Stocktake. Fill in the sheets; Stocktake reads them, "
        "and writes only its own sheets and the cells you edit in it.",
    )
    ws.set_column(0, 0, 90)
    ws.set_header(f"&C{classification}")
    ws.set_footer(f"&C{classification}")
    wb.close()
    data = buf.getvalue()

    def dump(fh: BinaryIO) -> None:
        fh.write(data)

    write_atomically(path, dump, backup=False)


def cover_workbook(path: Path, sheet: str, lines: list[str], classification: str) -> None:
    """A new workbook whose one sheet holds ``lines`` (a pack's cover), marked at the top
    and bottom of the printed page; the pack's other sheets are added by :func:`save`."""
    from stocktake.excel.writer.sheet_xml import marking_codes

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True, "font_size": 16})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    for r, line in enumerate(lines):
        ws.write_string(r, 0, line, bold if r == 0 else wrap)
    ws.set_column(0, 0, 100)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    head, foot = marking_codes(classification)
    ws.set_header(head)
    ws.set_footer(foot)
    wb.set_properties({"title": lines[0] if lines else sheet, "keywords": classification})
    wb.close()
    data = buf.getvalue()

    def dump(fh: BinaryIO) -> None:
        fh.write(data)

    write_atomically(path, dump, backup=False)
