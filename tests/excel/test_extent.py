"""The sheet extent scan never under-states how far a sheet's cells reach.

Oracle: the farthest row and column computed directly from the generated cells.
The scan may over-state (its cheap bound), never under-state, whatever the chunking.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.excel.extent import MAX_SHEET_CELLS, column_number, scan_extent


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


cells = st.lists(
    st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384)), min_size=1, max_size=40
)


def _sheet(refs: list[tuple[int, int]], bare: int) -> bytes:
    body = "".join(f'<row r="{r}"><c r="{_letters(c)}{r}"><v>1</v></c></row>' for r, c in refs)
    body += "<row>" + "<c><v>2</v></c>" * bare + "</row>" if bare else ""
    return (
        '<?xml version="1.0"?><worksheet xmlns="x"><cols><col min="1" max="2" '
        f'width="14.7109375"/></cols><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def _chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(refs=cells, bare=st.integers(0, 5), size=st.integers(7, 300), exact=st.booleans())
def test_the_scan_bounds_every_cell_whatever_the_chunks(refs, bare, size, exact) -> None:
    extent = scan_extent(_chunked(_sheet(refs, bare), size), exact=exact)
    rows = max(r for r, _c in refs) + bare
    cols = max(c for _r, c in refs) + bare
    assert extent.rows >= rows and extent.columns >= cols
    if exact and not bare:  # cells without a reference widen the bound on purpose
        assert (extent.rows, extent.columns) == (rows, cols)
    if rows * cols > MAX_SHEET_CELLS:
        assert extent.too_large


def test_the_far_cell_is_named_and_column_letters_count_like_excel() -> None:
    extent = scan_extent([_sheet([(3, 2), (1_048_576, 16_384)], 0)], exact=True)
    assert extent.far_cell == "XFD1048576" and extent.too_large
    assert column_number("XFD") == 16_384 and column_number("AA") == 27


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    prefix=st.sampled_from(["", "x:"]),
    bare=st.integers(1, 5),
    closed=st.booleans(),
    size=st.integers(64, 160),  # the first chunk holds the root tag, as a 1 MB one does
)
def test_cells_and_rows_written_bare_widen_the_bound_with_or_without_a_prefix(
    prefix: str, bare: int, closed: bool, size: int
) -> None:
    """``<c>``, ``<c/>``, ``<row>`` and ``<row/>`` (the sheet's prefix or none) have no
    reference for the scan to read: each one counts, wherever the chunks split them."""
    p = prefix
    cell = f"<{p}c/>" if closed else f"<{p}c><{p}v>2</{p}v></{p}c>"
    rows = f"<{p}row>{cell * bare}</{p}row>" + f"<{p}row/>" * bare
    ns = f' xmlns:{p[:-1]}="x"' if p else ' xmlns="x"'
    data = (
        f'<?xml version="1.0"?><{p}worksheet{ns}><{p}sheetData><{p}row r="3">'
        f'<{p}c r="B3"><{p}v>1</{p}v></{p}c></{p}row>{rows}</{p}sheetData></{p}worksheet>'
    ).encode()
    extent = scan_extent(_chunked(data, size), exact=True)
    assert extent.rows >= 3 + 1 + bare  # the referenced row, then 1 + bare rows after it
    assert extent.columns >= bare
