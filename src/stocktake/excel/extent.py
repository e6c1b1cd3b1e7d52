"""How far out a sheet's cells reach, found by a streaming byte scan before any parser.

python-calamine builds a sheet as one rectangle from A1-ish to the farthest cell, so a
single cell at ``XFD1048576`` (Excel's last cell) asks it for 17 billion cells and
aborts the process. The sheet's ``<dimension>`` cannot be trusted (any tool may write
anything there), so the cell references themselves are scanned: chunk by chunk, two
regular-expression searches per chunk look only for a reference *beyond* the farthest
one seen so far (rows usually ascend, so in a normal sheet both searches fail at C
speed and the scan costs about as much as inflating the part). Cells and rows
written without a reference (allowed; the parser then counts them) widen the bound
by their number, so no input escapes it.

Hand-written: no library reports a sheet's extent without parsing all of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Above this many cells (rows x columns of the used rectangle) a sheet is not read:
# four times the 200,000-reading benchmark workbook's largest sheet, and about 200 MB
# of memory in the reader at worst.
MAX_SHEET_CELLS = 1 << 22

_OVERLAP = 64  # longest reference (` r="XFD1048576"` and slack) that may straddle chunks
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_REF = rb""" r=["']"""
_ALL_REFS = re.compile(_REF + rb"""([A-Z]{0,3})0*([0-9]{1,12})["']""")


@dataclass(frozen=True, slots=True)
class Extent:
    """The rectangle a reader must allocate for a sheet, and its farthest cell."""

    rows: int
    columns: int
    far_cell: str

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def too_large(self) -> bool:
        return self.cells > MAX_SHEET_CELLS


def _greater(s: str, alphabet: str, leading: str) -> str:
    """A regex for the strings over ``alphabet`` that, read as numbers, exceed ``s``.

    ``leading`` is the character class allowed first in a longer string (no leading
    zeros for row numbers; any letter for columns).
    """
    n = len(s)
    top = alphabet[-1]
    alts = [f"{leading}[{alphabet[0]}-{top}]{{{n},}}"]
    for i, ch in enumerate(s):
        if ch != top:
            nxt = alphabet[alphabet.index(ch) + 1]
            alts.append(f"{s[:i]}[{nxt}-{top}][{alphabet[0]}-{top}]{{{n - i - 1}}}")
    return "(?:" + "|".join(alts) + ")"


@lru_cache(maxsize=256)
def _row_beyond(row: int) -> re.Pattern[bytes]:
    gt = _greater(str(row), _DIGITS, "[1-9]")
    return re.compile(_REF + rb"[A-Z]{0,3}0*" + gt.encode() + rb"""["']""")


@lru_cache(maxsize=256)
def _column_beyond(letters: str) -> re.Pattern[bytes]:
    gt = _greater(letters, _LETTERS, "[A-Z]") if letters else "[A-Z]+"
    return re.compile(_REF + gt.encode() + rb"[0-9]")


def column_number(letters: str) -> int:
    """``A`` -> 1, ``XFD`` -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _col_key(letters: str) -> tuple[int, str]:
    return len(letters), letters


class ExtentScanner:
    """Feed a sheet part's bytes in order; :meth:`extent` says how far its cells reach."""

    def __init__(self) -> None:
        self._row = 0
        self._row_ref = ""
        self._col = ""
        self._col_ref = ""
        self._tail = b""
        self._unreferenced = 0  # <c> and <row> tags without an r attribute first
        self._tags: tuple[tuple[bytes, ...], tuple[bytes, ...]] | None = None
        self._prefix = b""
        self._bare = re.compile(rb"<(?:c|row)/?>")

    def _note(self, letters: bytes, digits: bytes) -> None:
        row = int(digits)
        col = letters.decode("ascii")
        ref = f"{col or 'A'}{row}"
        if row > self._row:
            self._row, self._row_ref = row, ref
        if col and _col_key(col) > _col_key(self._col):
            self._col, self._col_ref = col, ref

    def _tag_names(self, first: bytes) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
        """Start tags of cells and rows (``<c``, or ``<x:c`` when the sheet uses a prefix):
        with attributes, and with an ``r`` attribute first (as every writer puts it)."""
        found = re.search(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]", first)
        prefix = found.group(1) or b"" if found else b""
        self._prefix = prefix
        tags = [b"<" + prefix + name for name in (b"c", b"row")]
        return tuple(t + b" " for t in tags), tuple(t + b' r="' for t in tags)

    def feed(self, chunk: bytes) -> None:
        window = self._tail + chunk
        tail = self._tail
        if self._tags is None:
            self._tags = self._tag_names(window)
            self._bare = re.compile(rb"<(?:" + re.escape(self._prefix) + rb")?(?:c|row)/?>")
        # Count what begins in this chunk only (a match wholly inside the old tail was
        # counted with the previous chunk). A tag whose first attribute is not r is
        # counted as unreferenced even if an r follows: the bound only gets safer.
        every, referenced = self._tags
        for tag in every:
            self._unreferenced += window.count(tag) - tail.count(tag)
        for tag in referenced:
            self._unreferenced -= window.count(tag) - tail.count(tag)
        if self._bare.search(window):  # <c>, <c/>, <row>: rare, so found, then counted
            self._unreferenced += len(self._bare.findall(window)) - len(self._bare.findall(tail))
        if _column_beyond(self._col).search(window):
            for letters, digits in _ALL_REFS.findall(window):
                if letters:
                    self._note(letters, digits)
        if _row_beyond(self._row).search(window):
            # Rows ascend in nearly every file: the last complete reference is the
            # farthest, and a second search confirms it.
            end = len(window)
            for _ in range(3):
                last = window.rfind(b" r=", 0, end)
                found = _ALL_REFS.match(window, last) if last >= 0 else None
                if found is not None:
                    self._note(found.group(1), found.group(2))
                    break
                end = last
            if _row_beyond(self._row).search(window):
                for letters, digits in _ALL_REFS.findall(window):
                    self._note(letters, digits)
        self._tail = window[-_OVERLAP:]

    def extent(self) -> Extent:
        unreferenced = max(self._unreferenced, 0)
        rows = self._row + unreferenced
        cols = column_number(self._col) + unreferenced
        # Name the cell that stretches the rectangle most for the user to delete.
        far = self._col_ref if cols * 64 > rows and self._col_ref else self._row_ref
        return Extent(max(rows, 1), max(cols, 1), far or "A1")


def scan_extent(chunks: Iterable[bytes]) -> Extent:
    scanner = ExtentScanner()
    for chunk in chunks:
        scanner.feed(chunk)
    return scanner.extent()
