"""Damaged files through the write commands: each cause the fuzz run found ends in a plain
refusal naming the file and the part (or in a good save), never a fault in Stocktake.

Every case is a small generated workbook with one thing wrong, so each test fails for
its own cause; ``scripts/fuzz.py`` runs the long search.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from stocktake.cli import main
from stocktake.cli.boundary import UNEXPECTED
from stocktake.excel.writer import (
    ChartBlock,
    ChartSpec,
    MissingPart,
    SeriesSpec,
    SheetContent,
    write_analysis,
)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

Rewrite = Callable[[str, bytes], bytes | None]
"""Given a part's name and bytes, its new bytes (None drops the part)."""


def rewritten(src: Path, dst: Path, change: Rewrite) -> Path:
    """A copy of ``src`` with parts changed by ``change``, written by zipfile (not by us)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)
    return dst


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


# -- charts --------------------------------------------------------------------------


def test_a_chart_over_no_rows_saves_the_sheet_without_a_drawing(stock: Path) -> None:
    """An empty workbook's matrix has no initiatives to plot: the Charts sheet is written
    with its (empty) table, and no chart (XlsxWriter writes no drawing for it)."""
    empty = ChartBlock(
        "Ruthless-choice matrix",
        ("Initiative ID", "Near-term", "Long-term"),
        [],
        ChartSpec("scatter", "Matrix", series=[SeriesSpec("Quick wins", 1, 2)]),
    )
    write_analysis(stock, [], chart_blocks=[empty])
    write_analysis(stock, [], chart_blocks=[empty])  # and again, replacing its own sheet
    wb = CalamineWorkbook.from_path(str(stock))
    assert wb.get_sheet_by_name("Charts").to_python()[1][:3] == [
        "Initiative ID",
        "Near-term",
        "Long-term",
    ]
    with zipfile.ZipFile(stock) as z:
        assert not [n for n in z.namelist() if n.startswith(("xl/drawings/", "xl/charts/"))]


def test_init_then_save_analysis_twice_on_an_empty_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing to analyse yet: the settings are saved, and the message does not claim
    Scores, Portfolio or Charts were written."""
    new = tmp_path / "new.xlsx"
    assert run_cli(capsys, "init", str(new))[0] == 0
    for _ in range(2):
        code, text = run_cli(capsys, "save-analysis", str(new))
        assert code == 0, text
        assert "need criteria and initiatives" in text
    names = CalamineWorkbook.from_path(str(new)).sheet_names
    assert "Stocktake settings" in names and "Scores" not in names


# -- parts that are not there -----------------------------------------------------------


@pytest.mark.parametrize(
    "part", ["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"]
)
def test_a_missing_part_the_save_needs_is_refused_by_name(
    stock: Path, tmp_path: Path, part: str
) -> None:
    """Adding a sheet edits all three; without one, the save stops and names it."""
    damaged = rewritten(stock, tmp_path / "damaged.xlsx", lambda n, d: None if n == part else d)
    before = damaged.read_bytes()
    with pytest.raises(MissingPart) as info:
        write_analysis(damaged, [SheetContent("Scores", ("Initiative ID",), [["I-1"]])])
    assert info.value.part == part
    assert part in str(info.value) and "damaged.xlsx" in str(info.value)
    assert damaged.read_bytes() == before


def sheet_part(path: Path, sheet: str) -> str:
    """The part holding ``sheet``, found with lxml on the raw package (not our code)."""
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        links = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(
        el.get(f"{{{R_NS}}}id")
        for el in book.iter(f"{{{MAIN_NS}}}sheet")
        if el.get("name") == sheet
    )
    target = next(el.get("Target") for el in links if el.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def test_a_relationship_to_a_missing_sheet_is_refused_by_the_cli(
    stock: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workbook lists a Decisions sheet whose part was lost: ``decide`` cannot append
    to it, says which part is missing, exits 2 and leaves the file as it was."""
    part = sheet_part(stock, "Decisions")
    damaged = rewritten(stock, tmp_path / "lost.xlsx", lambda n, d: None if n == part else d)
    before = damaged.read_bytes()
    code, text = run_cli(
        capsys, "decide", str(damaged), "--initiative", "I-1", "--decision", "Test", "--by", "Sam"
    )
    assert code == 2, text
    assert part in text and "lost.xlsx" in text and UNEXPECTED not in text
    assert damaged.read_bytes() == before


# -- nothing to write -------------------------------------------------------------------


def test_init_on_a_workbook_with_every_sheet_leaves_it_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second ``init`` adds nothing: the file keeps its bytes and its modified time (a
    sync client sees no change), and no backup of an identical file is made."""
    new = tmp_path / "book.xlsx"
    assert run_cli(capsys, "init", str(new))[0] == 0
    before, mtime = new.read_bytes(), new.stat().st_mtime_ns
    code, text = run_cli(capsys, "init", str(new))
    assert code == 0, text
    assert "added no sheets" in text and "previous version" not in text
    assert new.read_bytes() == before and new.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_a_shared_string_table_the_writer_cannot_edit_is_refused_by_name(
    stock: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """UTF-16 without a byte-order mark (a real file from the fuzz run): the reader reads
    it, but the writer cannot add text to it, so the save is refused naming the part, the
    file is untouched, and it is not reported as a fault in Stocktake."""

    def utf16(name: str, data: bytes) -> bytes:
        if name != "xl/sharedStrings.xml":
            return data
        text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return text.encode("utf-16-be")

    path = rewritten(stock, tmp_path / "wide.xlsx", utf16)
    before = path.read_bytes()
    assert main(["init", str(path)]) == 2
    err = capsys.readouterr().err
    assert "xl/sharedStrings.xml" in err and "wide.xlsx" in err
    assert UNEXPECTED not in err and "fault in Stocktake" not in err
    assert path.read_bytes() == before
