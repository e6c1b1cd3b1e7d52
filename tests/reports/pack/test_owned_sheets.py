"""The sheets Stocktake writes into a workbook carry what printing needs: their marking
(the highest classification they show) with the caveat, A4 one page wide, landscape when
wide, print titles, number formats on fractions, wrapped long text with tall rows."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from stocktake.app.usecases import save_analysis
from stocktake.excel.writer.sheet_xml import print_lines
from tests.reports.pack.conftest import SAMPLE


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("owned") / "plan.xlsx"
    shutil.copy(SAMPLE, path)
    save_analysis(path)
    book = openpyxl.load_workbook(path)
    book.source_path = path  # type: ignore[attr-defined]
    return book


def sheet_xml(book: openpyxl.Workbook, name: str) -> bytes:
    """The sheet's part as written (openpyxl keeps only the last font run of a footer)."""
    path: Path = book.source_path  # type: ignore[attr-defined]
    index = book.sheetnames.index(name)
    with zipfile.ZipFile(path) as z:
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        wb = z.read("xl/workbook.xml").decode()
        rid = re.findall(r'<sheet [^>]*r:id="([^"]+)"', wb)[index]
        target = re.search(
            rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels
        )
        assert target is not None
        part = (target.group(1) or target.group(2)).lstrip("/")
        return z.read(part if part.startswith("xl/") else f"xl/{part}")


def test_each_sheet_is_marked_with_the_highest_classification_it_shows(
    analysed: openpyxl.Workbook,
) -> None:
    # the sample's workbook marking is OFFICIAL, but nine initiatives are SENSITIVE
    for name in ("Scores", "Charts"):
        ws = analysed[name]
        assert ws.oddHeader.center.text == "OFFICIAL-SENSITIVE", name
        assert "need to know" in ws.oddFooter.left.text  # the caveat (after the marking)
        assert ws.oddFooter.right.text == "Page &P of &N"
    footers = re.findall(rb"<oddFooter>([^<]*)</oddFooter>", sheet_xml(analysed, "Scores"))
    assert footers and footers[0].startswith(b'&amp;L&amp;"-,Bold"OFFICIAL-SENSITIVE')


def test_print_setup_of_the_owned_sheets(analysed: openpyxl.Workbook) -> None:
    for name in ("Scores", "Portfolio", "Charts"):
        ws = analysed[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name
        assert ws.page_setup.paperSize == 9, name  # A4
    assert analysed["Scores"].page_setup.orientation == "landscape"
    assert analysed["Charts"].page_setup.orientation == "landscape"
    assert analysed["Scores"].print_title_rows == "$1:$1"
    assert analysed["Scores"].print_title_cols == "$A:$B"  # ID and name on every page
    assert analysed["Charts"].row_breaks.count > 0


def test_fractions_have_a_number_format_and_long_text_wraps(
    analysed: openpyxl.Workbook,
) -> None:
    raw = [
        f"{ws.title}!{c.coordinate}"
        for ws in (analysed["Scores"], analysed["Portfolio"], analysed["Charts"])
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, float) and not c.value.is_integer() and c.number_format == "General"
    ]
    assert not raw, f"raw floats print at {raw[:5]}"
    ws = analysed["Scores"]
    width = ws.column_dimensions["B"].width
    long = [c for c in ws["B"] if isinstance(c.value, str) and len(c.value) > width]
    assert long, "some of the sample's initiative names are longer than their column"
    tall = 0
    for c in long:
        assert c.alignment.wrap_text, c.coordinate
        lines = print_lines(c.value, width)
        if lines > 1:
            tall += 1
            height = ws.row_dimensions[c.row].height
            assert height is not None and height >= 15 * lines, c.coordinate
    assert tall, "some names wrap to two lines, and their rows are made tall enough"
