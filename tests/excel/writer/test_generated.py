"""Generated workbooks that carry what users keep in theirs, through the three commands.

The corpus is real but small; these are made here so each feature is known to be in
the package before the save: charts, an image, a pivot cache (definition + records),
a custom XML part, comments (with their VML), data validation, 2010 data bars and
sparklines (x14 extension lists), defined names with a print area, tables, hyperlinks
and macros (.xlsm with vbaProject.bin). After ``stocktake init``, ``decide`` and
``save-analysis`` (twice): every part Stocktake does not own is byte-identical, the new
rows read back exactly in python-calamine and openpyxl, LibreOffice converts the file,
and openxml-audit finds nothing the original did not have.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import warnings
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from stocktake.cli import main
from tests.conftest import CORPUS
from tests.excel.writer.helpers import (
    OWNED_OR_EDITED,
    assert_only_appended,
    assert_strings_only_appended,
    assert_untouched,
    audit,
    convert_all,
)
from tests.workbooks import CRITERIA, MISSIONS

INITIATIVES = [
    [
        "Initiative ID",
        "Mission ID",
        "Initiative",
        "DCA",
        "Stage",
        "Cost 2025-26 (£m)",
        "Cost 2026-27 (£m)",
        "C1",
        "C2",
        "Classification",
    ],
    ["I-1", "M1", "Homes", "Amber", "Test", 10, 12, 4, 2, "OFFICIAL"],
    ["I-2", "M2", "NHS", "Green", "Scale", 20, 5, 1, 5, "OFFICIAL"],
]
# At balance 0.5 (near-term, long-term, overall): I-1 (80, 40, 60); I-2 (20, 100, 60).
RATIONALE = "=cmd|' /C calc'!A0 — still text, _x0041_ too"
PIVOT_DEF = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1" '
    'refreshOnLoad="1" recordCount="2"><cacheSource type="worksheet"><worksheetSource '
    'ref="A1:B3" sheet="Data"/></cacheSource><cacheFields count="2"><cacheField name="Item" '
    'numFmtId="0"><sharedItems count="2"><s v="alpha"/><s v="beta"/></sharedItems></cacheField>'
    '<cacheField name="Amount" numFmtId="0"><sharedItems containsSemiMixedTypes="0" '
    'containsString="0" containsNumber="1" containsInteger="1" minValue="3" maxValue="7"/>'
    "</cacheField></cacheFields></pivotCacheDefinition>"
)
PIVOT_RECORDS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'count="2"><r><x v="0"/><n v="3"/></r><r><x v="1"/><n v="7"/></r></pivotCacheRecords>'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# Present in the original, so the byte-identity check cannot pass vacuously.
FEATURES = {
    "chart": r"xl/charts/chart\d+\.xml",
    "image": r"xl/media/image\d+\.png",
    "comments": r"xl/comments\d+\.xml",
    "comment shapes": r"xl/drawings/vmlDrawing\d+\.vml",
    "table": r"xl/tables/table\d+\.xml",
    "pivot cache": r"xl/pivotCache/pivotCacheDefinition1\.xml",
    "pivot records": r"xl/pivotCache/pivotCacheRecords1\.xml",
    "custom XML": r"customXml/item1\.xml",
    "macros": r"xl/vbaProject\.bin",
}


def tiny_png() -> bytes:
    """A 2x2 red PNG, made here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def generate(path: Path) -> None:
    """A stock-take workbook with every feature above (XlsxWriter, then two parts added)."""
    wb = xlsxwriter.Workbook(path)
    if path.suffix == ".xlsm":
        with zipfile.ZipFile(CORPUS / "62629_target.xlsm") as z:
            wb.add_vba_project(io.BytesIO(z.read("xl/vbaProject.bin")), is_stream=True)
    for name, rows in (
        ("Missions", MISSIONS),
        ("Criteria", CRITERIA),
        ("Initiatives", INITIATIVES),
    ):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    ws.add_table(
        0,
        0,
        len(INITIATIVES) - 1,
        len(INITIATIVES[0]) - 1,
        {"name": "tblInitiatives", "columns": [{"header": h} for h in INITIATIVES[0]]},
    )
    ws.data_validation(1, 3, 100, 3, {"validate": "list", "source": ["Red", "Amber", "Green"]})
    ws.conditional_format(
        1,
        7,
        100,
        8,
        {
            "type": "data_bar",
            "data_bar_2010": True,
            "bar_solid": True,
            "bar_negative_color": "#FF0000",
        },
    )
    ws.write_comment(1, 2, "Ask the SRO about the second phase", {"author": "Sam"})
    ws.write_url(1, 11, "https://www.gov.uk/missions", string="Mission page")
    ws.add_sparkline(1, 12, {"range": "Initiatives!F2:G2", "markers": True})
    data = wb.add_worksheet("Data")
    data.write_row(0, 0, ["Item", "Amount"])
    data.write_row(1, 0, ["alpha", 3])
    data.write_row(2, 0, ["beta", 7])
    data.write_formula(3, 1, "=SUM(B2:B3)", None, 10)
    data.conditional_format(1, 1, 2, 1, {"type": "3_color_scale"})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"categories": "=Data!$A$2:$A$3", "values": "=Data!$B$2:$B$3"})
    data.insert_chart("D2", chart)
    data.insert_image("D20", "tiny.png", {"image_data": io.BytesIO(tiny_png())})
    data.print_area("A1:B4")
    data.repeat_rows(0)
    wb.define_name("Amounts", "=Data!$B$2:$B$3")
    wb.define_name("Data!LocalTotal", "=Data!$B$4")
    wb.close()
    _add_pivot_cache_and_custom_xml(path)


def _add_pivot_cache_and_custom_xml(path: Path) -> None:
    """XlsxWriter makes neither; add them the way Excel lays them out."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/pivotCache/pivotCacheDefinition1.xml"] = PIVOT_DEF.encode()
    parts["xl/pivotCache/pivotCacheRecords1.xml"] = PIVOT_RECORDS.encode()
    parts["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>'
    ).encode()
    parts["customXml/item1.xml"] = b'<?xml version="1.0"?><budget owner="HMT">2025</budget>'
    parts["customXml/itemProps1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem '
        b'ds:itemID="{6C1A3C2E-7E1B-4C55-9A0E-2B5D3C1E7F10}" xmlns:ds='
        b'"http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>'
    )
    parts["customXml/_rels/item1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>'
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(
        "</Types>",
        (
            f'<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" '
            f'ContentType="{CT}.pivotCacheDefinition+xml"/>'
            f'<Override PartName="/xl/pivotCache/pivotCacheRecords1.xml" '
            f'ContentType="{CT}.pivotCacheRecords+xml"/>'
            '<Override PartName="/customXml/itemProps1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>'
        ),
    )
    parts["[Content_Types].xml"] = types.encode()
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            (
                f'<Relationship Id="rId90" Type="{REL}/pivotCacheDefinition" '
                'Target="pivotCache/pivotCacheDefinition1.xml"/>'
                f'<Relationship Id="rId91" Type="{REL}/customXml" Target="../customXml/item1.xml"/>'
                "</Relationships>"
            ),
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    book = parts["xl/workbook.xml"].decode()
    book = re.sub(
        r"(<calcPr[^>]*/>)",
        r'\1<pivotCaches><pivotCache cacheId="1" r:id="rId90"/>'
        r"</pivotCaches>",
        book,
        count=1,
    )
    assert "<pivotCaches>" in book
    parts["xl/workbook.xml"] = book.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def full_round(path: Path) -> None:
    """The three commands a user runs, through the command line itself."""
    assert main(["init", str(path)]) == 0
    assert (
        main(
            [
                "decide",
                str(path),
                "--initiative",
                "I-2",
                "--decision",
                "Stop",
                "--rationale",
                RATIONALE,
                "--owner",
                "SRO",
                "--review-date",
                "2026-03-31",
                "--by",
                "Alex",
            ]
        )
        == 0
    )
    assert main(["save-analysis", str(path), "--budget", "2025-26=25"]) == 0
    assert main(["save-analysis", str(path), "--balance", "0.5"]) == 0  # replaced in place


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    tmp = tmp_path_factory.mktemp("generated")
    out = {}
    for name in ("features.xlsm", "features.xlsx"):
        before, after = tmp / f"original-{name}", tmp / name
        generate(before)
        after.write_bytes(before.read_bytes())
        full_round(after)
        out[name] = (before, after)
    return out


NAMES = ["features.xlsm", "features.xlsx"]


@pytest.mark.parametrize("name", NAMES)
def test_every_feature_survives_byte_for_byte(
    rounds: dict[str, tuple[Path, Path]], name: str
) -> None:
    before, after = rounds[name]
    with zipfile.ZipFile(before) as z:
        names = z.namelist()
        initiatives = z.read("xl/worksheets/sheet3.xml")
        workbook = z.read("xl/workbook.xml")
    wanted = {k: v for k, v in FEATURES.items() if k != "macros" or name.endswith(".xlsm")}
    missing = [k for k, pat in wanted.items() if not any(re.fullmatch(pat, n) for n in names)]
    assert not missing, f"the generated original lacks {missing}"
    assert b"x14:dataBar" in initiatives and b"x14:sparklineGroups" in initiatives
    assert b"hyperlink" in initiatives and b"dataValidation" in initiatives
    assert b"_xlnm.Print_Area" in workbook and b'localSheetId="3"' in workbook

    assert_untouched(before, after, OWNED_OR_EDITED)
    assert_only_appended(before, after)
    assert_strings_only_appended(before, after)
    with zipfile.ZipFile(after) as z:
        assert z.testzip() is None
        types = z.read("[Content_Types].xml").decode()
        book = z.read("xl/workbook.xml").decode()
    # Defined names still point at the same sheets: new sheets went after the old ones.
    assert re.search(r'<definedName name="_xlnm.Print_Area" localSheetId="3">', book)
    assert '<pivotCache cacheId="1" r:id="rId90"/>' in book
    if name.endswith(".xlsm"):
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
        assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in types


@pytest.mark.parametrize("name", NAMES)
def test_new_rows_read_back_exactly(rounds: dict[str, tuple[Path, Path]], name: str) -> None:
    before, after = rounds[name]
    book = CalamineWorkbook.from_path(str(after))
    original = CalamineWorkbook.from_path(str(before)).sheet_names
    assert book.sheet_names[: len(original)] == original
    assert book.sheet_names[-5:] == [
        "Stocktake settings",
        "Scores",
        "Portfolio",
        "Charts",
        "Stocktake snapshot",  # very hidden, last: what "changed since last time" compares with
    ]
    log = book.get_sheet_by_name("Decisions").to_python()
    assert log[1][:6] == ["D-0001", "I-2", "Stop", RATIONALE, "SRO", dt.date(2026, 3, 31)]
    scores = book.get_sheet_by_name("Scores").to_python()
    assert [r[:5] for r in scores[1:]] == [
        ["I-1", "Homes", 80.0, 40.0, 60.0],
        ["I-2", "NHS", 20.0, 100.0, 60.0],
    ]
    settings = dict(book.get_sheet_by_name("Stocktake settings").to_python()[1:])
    assert settings["budget:2025-26"] == 25.0 and settings["balance"] == 0.5
    # The user's own cells are as they were, formula and cached value included.
    assert book.get_sheet_by_name("Data").to_python() == [
        ["Item", "Amount"],
        ["alpha", 3.0],
        ["beta", 7.0],
        ["", 10.0],
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(after, keep_vba=name.endswith(".xlsm"))
    cell = wb["Decisions"]["D2"]
    assert cell.value == RATIONALE and cell.data_type == "s"
    assert wb["Data"]["B4"].value == "=SUM(B2:B3)"
    assert [c.value for c in wb["Scores"][3][:3]] == ["I-2", "NHS", 20.0]


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_converts_them(rounds: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    convert_all([after for _, after in rounds.values()], tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_openxml_audit_finds_nothing_new(rounds: dict[str, tuple[Path, Path]], name: str) -> None:
    before, after = rounds[name]
    new = audit(after) - audit(before)
    assert not new, new
