"""The shared-string table is appended to from its raw bytes, never parsed or rewritten.

Unit checks of the byte scan (counts, lookups, splices) against a parse of the same
table, at chunk sizes that cut every tag; then whole saves into a table with a
non-standard prefix and into a 100k-entry table, read back with python-calamine and
openpyxl, with every old byte kept.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any, BinaryIO, cast

import openpyxl
import pytest
import xlsxwriter
from lxml import etree
from python_calamine import CalamineWorkbook

from stocktake.excel.writer import (
    CellEdit,
    SheetContent,
    edit_cells,
    shared_strings,
    write_analysis,
)
from stocktake.excel.writer.package import Package
from stocktake.excel.writer.shared_strings import SharedStrings
from tests.excel.writer.helpers import (
    APPENDED_TO,
    SHARED_STRINGS,
    assert_only_appended,
    assert_strings_only_appended,
    assert_untouched,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

TABLES = {
    "plain": DECL
    + f'<sst xmlns="{MAIN}" count="9" uniqueCount="4">'.encode()
    + b'<si><t>a</t></si><si><t xml:space="preserve"> b </t></si>'
    + b"<si><r><rPr><b/></rPr><t>rich</t></r><r><t> text</t></r></si>"
    + b'<si><t>x &amp; y &lt;z&gt; _x0041_</t><rPh sb="0" eb="1"><t>ph</t></rPh>'
    + b'<phoneticPr fontId="1"/></si></sst>',
    "prefixed": DECL
    + f"<x:sst xmlns:x='{MAIN}' uniqueCount='3' count='3'>\n".encode()
    + b"<x:si><x:t>one</x:t></x:si>\n<x:si ><x:t>two</x:t></x:si>\n"
    + b"<x:si><x:r><x:t>th</x:t></x:r><x:r><x:t>ree</x:t></x:r></x:si>\n</x:sst>\n",
    "extLst": DECL
    + f'<sst xmlns="{MAIN}" uniqueCount="2">'.encode()
    + b'<si><t>a</t></si><si/><extLst><ext uri="{X}"><y/></ext></extLst></sst>',
    "empty": DECL + f'<sst xmlns="{MAIN}" count="0" uniqueCount="0"/>'.encode(),
    "empty-open": DECL + f'<sst xmlns="{MAIN}"></sst>'.encode(),
    "wrong-uniqueCount": DECL
    + f'<sst xmlns="{MAIN}" uniqueCount="7">'.encode()
    + b"<si><t>a</t></si><si><t>b</t></si><sig/></sst>",
    "comment-first": b'<?xml version="1.0" encoding="UTF-8"?><!--made by x-->'
    + f'<sst xmlns="{MAIN}"><si><t>a</t></si><si><t>b</t></si></sst>'.encode(),
    "comment-inside (parsed whole)": DECL
    + f'<sst xmlns="{MAIN}">'.encode()
    + b"<si><t>a</t></si><!-- <si><t>not one</t></si> --><si><t>b</t></si></sst>",
}


def parsed_texts(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    ns = f"{{{MAIN}}}"
    out = []
    for si in root.iterchildren(f"{ns}si"):
        out.append(shared_strings._si_text(si))
    return out


def chunked(data: bytes, size: int):
    return lambda: (data[i : i + size] for i in range(0, len(data), size))


@pytest.mark.parametrize("size", [1, 7, 1 << 20])
@pytest.mark.parametrize("name", list(TABLES))
def test_byte_scan_matches_a_parse(name: str, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data = TABLES[name]
    expected = parsed_texts(data)
    for window in (16, shared_strings.TAIL_WINDOW):  # lookups before the window, and in it
        monkeypatch.setattr(shared_strings, "TAIL_WINDOW", window)
        ss = SharedStrings(chunked(data, size))
        assert ss.parsed_whole == ("parsed whole" in name)
        assert ss.existing == len(expected)
        assert ss.texts(range(len(expected) + 3)) == dict(enumerate(expected))
        first = ss.index("new & <one>")
        assert first == len(expected)
        assert ss.index(" spaced ") == len(expected) + 1
        assert ss.index("new & <one>") == first
        out = b"".join(ss.chunks())
        assert parsed_texts(out) == [*expected, "new & <one>", " spaced "]
        old_start = re.search(rb"<(\w+:)?sst[^>]*>", data)
        new_start = re.search(rb"<(\w+:)?sst[^>]*>", out)
        assert old_start is not None and new_start is not None
        assert out[: old_start.start()] == data[: old_start.start()]
        unique = re.search(rb"uniqueCount=[\"'](\d+)", new_start.group(0))
        if b"uniqueCount" in old_start.group(0):
            assert unique is not None and int(unique.group(1)) == len(expected) + 2
        count = re.search(rb"\scount=[\"'](\d+)", new_start.group(0))
        old_count = re.search(rb"\scount=[\"'](\d+)", old_start.group(0))
        if old_count is not None:
            assert count is not None and int(count.group(1)) == int(old_count.group(1)) + 3
        assert ss.texts([first, first + 1]) == {first: "new & <one>", first + 1: " spaced "}


def test_prefix_kept_and_reuse_of_own_entries() -> None:
    ss = SharedStrings(TABLES["prefixed"])
    assert ss.prefix == "x"
    assert ss.index("one") == 0  # an entry written as Stocktake writes it is reused
    assert ss.index("three") == 3  # rich text is not: added
    out = ss.to_bytes()
    assert out.endswith(b"</x:r></x:si>\n<x:si><x:t>three</x:t></x:si></x:sst>\n")
    again = SharedStrings(out)
    assert again.index("three") == 3 and not again.changed


# --- whole saves ----------------------------------------------------------------------


def _rewrite(path: Path, parts: dict[str, bytes]) -> None:
    """Replace some parts of a package (a plain re-zip, as another program would)."""
    with zipfile.ZipFile(path) as z:
        items = [(i, parts.get(i.filename, z.read(i))) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def _user_workbook(path: Path, texts: list[str]) -> None:
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Data")
    for r, text in enumerate(texts):
        ws.write_string(r, 0, text)
        ws.write_number(r, 1, r)
    wb.close()


def _read(path: Path, sheet: str) -> tuple[list[list[Any]], list[list[Any]]]:
    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    wb = openpyxl.load_workbook(path, read_only=True)
    opx = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    wb.close()
    return cal, opx


SCORES = [
    SheetContent(
        "Scores",
        ("Initiative ID", "Verdict", "Note"),
        [["I-1", "Keep", " padded "], ["I-2", "Stop", "a & b <c>"]],
    )
]


def test_prefixed_table_appended_in_its_prefix(tmp_path: Path) -> None:
    path = tmp_path / "prefixed.xlsx"
    _user_workbook(path, ["alpha", "beta", "gamma"])
    with zipfile.ZipFile(path) as z:
        table = z.read(SHARED_STRINGS)
    prefixed = re.sub(rb"<(/?)(sst|si|t)([\s>/])", rb"<\1x:\2\3", table)
    prefixed = prefixed.replace(b'<x:sst xmlns="', b'<x:sst xmlns:x="')
    assert b"<x:si><x:t>alpha</x:t></x:si>" in prefixed
    _rewrite(path, {SHARED_STRINGS: prefixed})
    before = tmp_path / "before.xlsx"
    before.write_bytes(path.read_bytes())

    write_analysis(path, SCORES)
    edit_cells(path, [CellEdit("Data", 1, 2, "edited"), CellEdit("Data", 2, 2, "beta")])
    assert_strings_only_appended(before, path)
    with zipfile.ZipFile(path) as z:
        new = z.read(SHARED_STRINGS)
    tail = new.split(b"<x:si><x:t>gamma</x:t></x:si>")[1]
    assert b"<si" not in tail and b"<x:si><x:t>Keep</x:t></x:si>" in tail
    assert b"<x:t>beta</x:t>" not in tail  # the user's own plain entry was reused
    assert len(re.findall(rb"<x:si>", new)) == int(re.search(rb'uniqueCount="(\d+)"', new).group(1))  # type: ignore[union-attr]
    for rows in _read(path, "Data"):
        assert [r[0] for r in rows] == ["alpha", "beta", "gamma"]
        assert rows[0][2] == "edited" and rows[1][2] == "beta"
    for rows in _read(path, "Scores"):
        assert [list(r[:3]) for r in rows] == [
            ["Initiative ID", "Verdict", "Note"],
            ["I-1", "Keep", " padded "],
            ["I-2", "Stop", "a & b <c>"],
        ]


N = 100_000


def _big_table(n: int) -> bytes:
    """A table like Excel's: mostly plain entries, some rich text, some phonetic runs."""
    parts = [DECL, f'<sst xmlns="{MAIN}" count="{n + 7}" uniqueCount="{n}">'.encode()]
    for k in range(n):
        if k % 997 == 5:
            parts.append(f"<si><r><rPr><b/></rPr><t>rich {k}</t></r></si>".encode())
        elif k % 1009 == 7:
            parts.append(f'<si><t>ruby {k}</t><rPh sb="0" eb="1"><t>r</t></rPh></si>'.encode())
        else:
            parts.append(f"<si><t>filler {k}</t></si>".encode())
    parts.append(b"</sst>")
    return b"".join(parts)


def test_large_table_kept_byte_for_byte_and_indices_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The table is ~2.8 MB; with a 256 KB tail searched, the user's sheet points both
    # before and into that tail, and old text before it is not looked for.
    monkeypatch.setattr(shared_strings, "TAIL_WINDOW", 256 << 10)
    path = tmp_path / "big.xlsx"
    deep = [0, 5, 7, 50_000, N - 1]  # cells of the user's sheet point there
    _user_workbook(path, [f"x{i}" for i in range(len(deep))])
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(
        rb'(<c r="A(\d+)"[^>]*t="s"[^>]*><v>)\d+(</v>)',
        lambda m: m.group(1) + str(deep[int(m.group(2)) - 1]).encode() + m.group(3),
        sheet,
    )
    table = _big_table(N)
    _rewrite(path, {SHARED_STRINGS: table, "xl/worksheets/sheet1.xml": sheet})
    expected_a = ["filler 0", "rich 5", "ruby 7", "filler 50000", f"filler {N - 1}"]
    before = tmp_path / "before.xlsx"
    before.write_bytes(path.read_bytes())
    scanned = SharedStrings(Package(path).chunks(SHARED_STRINGS))
    assert not scanned.parsed_whole and scanned.existing == N
    assert scanned.texts(deep) == dict(zip(deep, expected_a, strict=True))

    write_analysis(path, SCORES)
    edit_cells(path, [CellEdit("Data", 1, 2, "edited"), CellEdit("Data", 2, 2, "filler 3")])
    assert_untouched(
        before,
        path,
        {
            SHARED_STRINGS,
            "xl/worksheets/sheet1.xml",
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "docProps/app.xml",
            "docProps/core.xml",
            *APPENDED_TO,
        },
    )
    assert_only_appended(before, path)
    assert_strings_only_appended(before, path)
    with zipfile.ZipFile(path) as z:
        new = z.read(SHARED_STRINGS)
    start = re.search(rb"<sst[^>]*>", new)
    assert start is not None
    # the new entries, in order, right after the old ones: indices N, N+1, ...
    added = new.split(f"<si><t>filler {N - 1}</t></si>".encode())[1]
    new_texts = re.findall(rb"<si><t(?: xml:space=\"preserve\")?>([^<]*)</t></si>", added)
    assert new_texts[:3] == [b"Initiative ID", b"Verdict", b"Note"]
    assert b"filler 3" in new_texts  # older than the tail searched: added again, harmless
    assert len(re.findall(rb"<si[ >]", added)) == len(new_texts)
    unique = re.search(rb'uniqueCount="(\d+)"', start.group(0))
    count = re.search(rb' count="(\d+)"', start.group(0))
    assert unique is not None and int(unique.group(1)) == N + len(new_texts)
    assert count is not None and int(count.group(1)) >= N + 7 + 11
    for rows in _read(path, "Data"):
        assert [r[0] for r in rows] == expected_a
        assert rows[0][2] == "edited" and rows[1][2] == "filler 3"
    for rows in _read(path, "Scores"):
        assert rows[2][:3] == ["I-2", "Stop", "a & b <c>"]
        assert rows[1][2] == " padded "

    saved = new
    write_analysis(path, SCORES)  # the same analysis again: its strings are at the end
    with zipfile.ZipFile(path) as z:
        assert z.read(SHARED_STRINGS) == saved


class _OneWay(io.RawIOBase):
    """A file that cannot seek (a pipe)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        return len(b)


def test_streamed_part_same_whether_output_seeks_or_not(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    _user_workbook(path, ["alpha", "beta"])
    pkg = Package(path)
    old = pkg.chunks(SHARED_STRINGS)
    pkg.write_stream(SHARED_STRINGS, lambda: (c.replace(b"beta", b"BETA") for c in old()))
    seekable, pipe = io.BytesIO(), _OneWay()
    pkg.save_to(seekable)
    pkg.save_to(cast(BinaryIO, pipe))
    assert seekable.getvalue() == bytes(pipe.data)
    out = tmp_path / "out.xlsx"
    out.write_bytes(bytes(pipe.data))
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        assert b"<t>BETA</t>" in z.read(SHARED_STRINGS)
    assert Package(out).read(SHARED_STRINGS) == pkg.read(SHARED_STRINGS)
