"""Cells whose formula left no usable value: an error result or no saved result.

python-calamine returns the cached value of a formula and an empty string both for an
error value (``#REF!``) and for a formula that was never calculated (files written by
tools that do not calculate). Both look like blanks, so the reader asks this module,
for the sheets it actually reads, which cells those were; it then says so instead of
reporting a "missing" value. The sheet XML is only parsed when it contains a formula
or an error cell at all, so ordinary sheets cost one byte search.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from stocktake.model.workbook import parse_a1

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


CHUNK = 1 << 16


def _chunks(package: bytes, part: str) -> Iterator[bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as zf, zf.open(part) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _has_formula_or_error(package: bytes, part: str) -> bool:
    """A streaming byte search, chunk by chunk (with overlap for a split marker)."""
    tail = b""
    for chunk in _chunks(package, part):
        window = tail + chunk
        if b"<f" in window or b't="e"' in window:
            return True
        tail = window[-8:]
    return False


def bad_formula_cells(package: bytes, part: str) -> dict[tuple[int, int], str]:
    """``{(row 1-based, col 0-based): description}`` for error and uncalculated cells.

    ``package`` is the vetted package's bytes (:attr:`PackageInfo.data`), the same
    snapshot the values came from.

    Streamed in 64 KiB chunks (search, then a pull parser only if needed), so memory
    stays flat and a GUI thread keeps getting the GIL while a worker runs this.
    """
    try:
        if not _has_formula_or_error(package, part):
            return {}
        # The package passed safety.inspect_package: no DTD; still parse defensively.
        parser = etree.XMLPullParser(
            events=("end",),
            tag=f"{_MAIN}c",
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
        )
        found: dict[tuple[int, int], str] = {}
        for chunk in _chunks(package, part):
            parser.feed(chunk)
            for _event, cell in parser.read_events():
                _inspect(cell, found)
                cell.clear()
        parser.close()
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    return found


def _inspect(cell: etree._Element, found: dict[tuple[int, int], str]) -> None:
    ref = cell.get("r")
    if not ref:
        return
    formula = cell.find(f"{_MAIN}f")
    value = cell.find(f"{_MAIN}v")
    if cell.get("t") == "e":
        shown = value.text if value is not None and value.text else "#ERROR"
        found[parse_a1(ref)] = (
            f"the formula's result is the error {shown}"
            if formula is not None
            else f"the cell holds the error {shown}"
        )
    elif formula is not None and (value is None or value.text is None):
        found[parse_a1(ref)] = (
            "the formula has no saved result (the file was saved by a tool that does not "
            "calculate; open it in Excel and save it again)"
        )
