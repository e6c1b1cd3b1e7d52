"""Every corpus file through init, decide and save-analysis: nothing else changes."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from stocktake.excel.writer import (
    ChartBlock,
    ChartSpec,
    SeriesSpec,
    SheetContent,
    append_decisions,
    init_workbook,
    settings_sheet,
    write_analysis,
)
from stocktake.model import Decision, DecisionKind
from tests.excel.writer.conftest import WRITABLE
from tests.excel.writer.helpers import (
    OWNED_OR_EDITED,
    assert_only_appended,
    assert_strings_only_appended,
    assert_untouched,
    audit,
    convert_all,
)

DECISION = Decision(
    "D-900",
    "I-9",
    DecisionKind.STOP,
    '=HYPERLINK("x") +@-',
    owner="SRO",
    review_date=dt.date(2026, 3, 31),
    decided_at=dt.datetime(2025, 6, 1, 9, 30),
    decided_by="Alex",
    balance=0.6,
)


def analysis() -> tuple[list[SheetContent], list[ChartBlock]]:
    scores = SheetContent(
        "Scores",
        ("Initiative ID", "Near-term value", "Long-term value"),
        [["I-1", 80.0, 40.0], ["I-2", 20.5, 99.0]],
        table="Scores",
    )
    blocks = [
        ChartBlock(
            "Matrix",
            ("ID", "Near", "Long"),
            [["I-1", 80.0, 40.0], ["I-2", 20.5, 99.0]],
            ChartSpec(
                "scatter", "Ruthless-choice matrix", "Near", "Long", [SeriesSpec("All", 1, 2)]
            ),
        )
    ]
    return [scores, settings_sheet({"balance": 0.6, "budget:2025-26": 120})], blocks


def full_round(path: Path) -> None:
    init_workbook(path)
    append_decisions(path, [DECISION])
    sheets, blocks = analysis()
    write_analysis(path, sheets, blocks)
    write_analysis(path, sheets, blocks)  # replaced in place the second time


def openpyxl_loads(path: Path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            openpyxl.load_workbook(path)
        return True
    except Exception:
        return False


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each writable corpus file, before and after the full round (done once per module)."""
    out = {}
    tmp = tmp_path_factory.mktemp("corpus")
    for src in WRITABLE:
        dst = tmp / src.name
        dst.write_bytes(src.read_bytes())
        full_round(dst)
        out[src.name] = (src, dst)
    return out


@pytest.mark.parametrize("name", [p.name for p in WRITABLE])
def test_non_owned_parts_byte_identical(rounds: dict[str, tuple[Path, Path]], name: str) -> None:
    before, after = rounds[name]
    calc_chain = {n for n in zipfile.ZipFile(before).namelist() if n.endswith("calcChain.xml")}
    assert_untouched(before, after, OWNED_OR_EDITED | calc_chain)
    assert_only_appended(before, after)
    assert_strings_only_appended(before, after)
    with zipfile.ZipFile(after) as z:
        assert z.testzip() is None


@pytest.mark.parametrize("name", [p.name for p in WRITABLE])
def test_new_rows_read_back_exactly(rounds: dict[str, tuple[Path, Path]], name: str) -> None:
    before, after = rounds[name]
    wb = CalamineWorkbook.from_path(str(after))
    rows = wb.get_sheet_by_name("Decisions").to_python(skip_empty_area=False)
    assert rows[1][:4] == ["D-900", "I-9", "Stop", '=HYPERLINK("x") +@-']
    assert rows[1][5] == dt.date(2026, 3, 31)
    assert rows[1][7] == dt.datetime(2025, 6, 1, 9, 30)
    assert wb.get_sheet_by_name("Scores").to_python()[2] == ["I-2", 20.5, 99.0]
    original = CalamineWorkbook.from_path(str(before)).sheet_names
    assert wb.sheet_names[: len(original)] == original  # new sheets at the end
    if openpyxl_loads(before):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ws = openpyxl.load_workbook(after)["Decisions"]
        assert ws["D2"].value == '=HYPERLINK("x") +@-' and ws["D2"].data_type == "s"


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_converts_every_written_file(
    rounds: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    convert_all([after for _, after in rounds.values()], tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("name", [p.name for p in WRITABLE])
def test_openxml_audit_finds_nothing_new(rounds: dict[str, tuple[Path, Path]], name: str) -> None:
    before, after = rounds[name]
    new = audit(after) - audit(before)
    assert not new, new


def test_xlsm_keeps_macros_and_type(rounds: dict[str, tuple[Path, Path]]) -> None:
    _, after = rounds["62629_target.xlsm"]
    with zipfile.ZipFile(after) as z:
        assert "xl/vbaProject.bin" in z.namelist()
        ct = z.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in ct
