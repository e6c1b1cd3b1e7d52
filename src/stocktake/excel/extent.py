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
# eight times the 200,000-reading benchmark workbook's largest sheet; a sheet at the
# limit costs the reader about 350 MB.
MAX_SHEET_CELLS = 1 << 23

_OVERLAP = 64  # longest reference (` r="XFD1048576"` and slack) that may straddle chunks
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_REF = rb""" r=["']"""
# Every digit to '0', capital to 'A' (and ' to "), so "is any cell or row number at
# least N digits long?" is two find()s: after a column's letters, or opening a value.
_ZEROS = bytes.maketrans(b"0123456789'" + _LETTERS.encode(), b'0000000000"' + b"A" * 26)
_COLUMNS = re.compile(_REF + rb"([A-Z]{1,3})[0-9]")
_ALL_REFS = re.compile(_REF + rb"""([A-Z]{0,3})0*([0-9]{1,12})["']""")


@dataclass(frozen=True, slots=True)
class Extent:
    """The rectangle a reader must allocate for a sheet, and its farthest cell."""

    rows: int
    columns: int
    far_cell: str
    approximate: bool = False  # rows is an upper bound from the longest row number

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


def _bare_tags(prefix: bytes) -> tuple[bytes, ...]:
    """Every spelling of a cell or row start tag with no attributes (what ``_bare``
    matches): ``<c>``, ``<c/>``, ``<row>``, ``<row/>``, and each with the sheet's prefix."""
    return tuple(
        b"<" + pre + name + end
        for pre in dict.fromkeys((b"", prefix))
        for name in (b"c", b"row")
        for end in (b">", b"/>")
    )


def column_number(letters: str) -> int:
    """``A`` -> 1, ``XFD`` -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _col_key(letters: str) -> tuple[int, str]:
    return len(letters), letters


def _col_key_bytes(letters: bytes) -> tuple[int, bytes]:
    return len(letters), letters


class ExtentScanner:
    """Feed a sheet part's bytes in order; :meth:`extent` says how far its cells reach.

    By default rows are bounded cheaply by the longest number in an attribute (five
    digits: at most 99,999 rows), which settles almost every sheet with one find() per
    chunk; while that bound times the columns could pass the limit, each chunk is
    scanned for the exact farthest row instead. An ``approximate`` extent over the
    limit must be confirmed by an ``exact=True`` scan before a sheet is refused.
    """

    def __init__(self, exact: bool = False) -> None:
        self._exact = exact
        self._digits = 0  # the longest attribute number seen while not exact
        self._row = 0
        self._row_ref = ""
        self._col = ""
        self._col_ref = ""
        self._tail = b""
        self._approximate_rows = 0  # bound on rows in chunks not scanned exactly
        self._unreferenced = 0  # <c> and <row> tags without an r attribute first
        self._tags: tuple[tuple[bytes, ...], tuple[bytes, ...]] | None = None
        self._prefix = b""
        self._bare = re.compile(rb"<(?:c|row)/?>")
        self._bare_tags: tuple[bytes, ...] = _bare_tags(b"")

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
            self._bare_tags = _bare_tags(self._prefix)
        # Count what begins in this chunk only (a match wholly inside the old tail was
        # counted with the previous chunk). A tag whose first attribute is not r is
        # counted as unreferenced even if an r follows: the bound only gets safer.
        every, referenced = self._tags
        for tag in every:
            self._unreferenced += window.count(tag) - tail.count(tag)
        for tag in referenced:
            self._unreferenced -= window.count(tag) - tail.count(tag)
        # <c>, <c/>, <row>: rare, so found (by their few literal spellings: the regex's
        # search tried a match at every "<" of the sheet, half the scan's time), then counted
        if any(tag in window for tag in self._bare_tags):
            self._unreferenced += len(self._bare.findall(window)) - len(self._bare.findall(tail))
        if _column_beyond(self._col).search(window):
            # The distinct column letters only (a set of a few), then one cell to name.
            widest = max(set(_COLUMNS.findall(window)), key=_col_key_bytes)
            found = re.search(_REF + re.escape(widest) + rb"0*([0-9]{1,12})", window)
            if found is not None:
                self._note(widest, found.group(1))
        if not self._exact:
            zeros = window.translate(_ZEROS)
            before = self._digits
            # A number of more digits than seen so far, right after a column's letters
            # or at the start of an attribute value ("14.7109375" widths are not one).
            while self._digits < 12 and (
                b"A" + b"0" * (self._digits + 1) in zeros
                or b'"' + b"0" * (self._digits + 1) in zeros
            ):
                self._digits += 1
            bound = 10**self._digits - 1
            if bound * max(column_number(self._col), 1) <= MAX_SHEET_CELLS:
                self._tail = window[-_OVERLAP:]
                return
            # From here on this sheet might be too large: find its rows exactly.
            # Numbers in earlier chunks had at most `before` digits; this one on is exact.
            self._approximate_rows = 10**before - 1
            self._exact = True
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
        approximate = not self._exact or self._approximate_rows > self._row
        if not self._exact:
            self._approximate_rows = 10**self._digits - 1
        rows = max(self._row, self._approximate_rows) + unreferenced
        cols = column_number(self._col) + unreferenced
        # Name the cell that stretches the rectangle most for the user to delete.
        far = self._col_ref if cols * 64 > rows and self._col_ref else self._row_ref
        return Extent(max(rows, 1), max(cols, 1), far or "A1", approximate)


def scan_extent(chunks: Iterable[bytes], *, exact: bool = False) -> Extent:
    scanner = ExtentScanner(exact)
    for chunk in chunks:
        scanner.feed(chunk)
    return scanner.extent()
