"""Cells whose formula left no usable value: an error result or no saved result.

python-calamine returns the cached value of a formula and an empty string both for an
error value (``#REF!``) and for a formula that was never calculated (files written by
tools that do not calculate). Both look like blanks, so the reader asks this module,
for the sheets it actually reads, which cells those were; it then says so instead of
reporting a "missing" value. The sheet XML is only parsed when it contains a formula
or an error cell at all, so ordinary sheets cost one byte search.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from stocktake.model.workbook import parse_a1

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def bad_formula_cells(path: Path, part: str) -> dict[tuple[int, int], str]:
    """``{(row 1-based, col 0-based): description}`` for error and uncalculated cells."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(part)
    except (KeyError, OSError, zipfile.BadZipFile):
        return {}
    if b"<f" not in data and not re.search(rb't="e"', data):
        return {}
    # The package passed safety.inspect_package: no DTD; still parse defensively.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(data, parser)
    found: dict[tuple[int, int], str] = {}
    for cell in root.iter(f"{_MAIN}c"):
        ref = cell.get("r")
        if not ref:
            continue
        formula = cell.find(f"{_MAIN}f")
        value = cell.find(f"{_MAIN}v")
        if cell.get("t") == "e":
            shown = value.text if value is not None and value.text else "#ERROR"
            what = (
                f"the formula's result is the error {shown}"
                if formula is not None
                else (f"the cell holds the error {shown}")
            )
            found[parse_a1(ref)] = what
        elif formula is not None and (value is None or value.text is None):
            found[parse_a1(ref)] = (
                "the formula has no saved result (the file was saved by a tool that does not "
                "calculate; open it in Excel and save it again)"
            )
    return found
