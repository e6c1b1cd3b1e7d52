"""The digest a save records for an owned sheet is taken as the sheet is rendered; it
must equal the digest of the written part parsed back (what the next save compares
against), whatever the cells hold: text XML cannot carry, over-long text, dates,
non-finite numbers, booleans, enums."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from stocktake.excel.writer import sheet_digest, sheet_xml
from stocktake.excel.writer.cells import EXCEL_TEXT_LIMIT, CellContext
from stocktake.excel.writer.shared_strings import SharedStrings
from stocktake.excel.writer.styles import StyleIds
from stocktake.model.vocab import ReadingKind

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2200, 1, 1)),
    st.text(max_size=12),
    st.just("x" * (EXCEL_TEXT_LIMIT + 3)),
    st.sampled_from(list(ReadingKind)),
)


@given(
    st.lists(st.lists(values, max_size=6), max_size=8),
    st.lists(st.text(min_size=1, max_size=8), max_size=4),
    st.text(max_size=10),
    st.integers(1, 3),
    st.booleans(),
)
def test_digest_as_rendered_is_the_digest_read_back(
    rows: list[list[object]], headers: list[str], title: str, header_row: int, date1904: bool
) -> None:
    ctx = CellContext(StyleIds(1, 2, 3, 4, 5), SharedStrings(None), date1904=date1904)
    content = sheet_xml.SheetContent(
        "Charts", headers, rows, title=title, header_row=header_row, bold_rows=[0]
    )
    written: dict[int, dict[int, object]] = {}
    xml = sheet_xml.render_sheet(content, ctx, values=written)
    back = sheet_xml.read_rows(xml, ctx.strings.texts)
    assert sheet_digest.digest(written) == sheet_digest.digest(back)
    assert sheet_digest.lines(written) == sheet_digest.lines(back)
