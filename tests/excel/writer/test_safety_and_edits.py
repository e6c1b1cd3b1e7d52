"""Refusals, never-clobber checks, OS failures, cell edits, styles reuse, kill test."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from stocktake.excel.writer import (
    FileChangedOnDisk,
    FileInUse,
    FileStamp,
    SaveFailed,
    SheetContent,
    WriteRefused,
    append_decisions,
    edit_cells,
    init_workbook,
    write_analysis,
)
from stocktake.excel.writer.package import Package
from stocktake.model import Decision, DecisionKind
from tests.conftest import CORPUS
from tests.excel.writer.helpers import (
    SHARED_STRINGS,
    assert_strings_only_appended,
    assert_untouched,
)

D = Decision("D-2", "I-2", DecisionKind.SCALE, "grow")


@pytest.mark.parametrize("name", ["SampleSS.strict.xlsx", "security/poc-xmlbomb.xlsx"])
def test_refuses_unsafe_or_strict(copy_of, name: str) -> None:
    path = copy_of(CORPUS / name)
    before = path.read_bytes()
    with pytest.raises(WriteRefused):
        append_decisions(path, [D])
    assert path.read_bytes() == before


def test_locked_structure_refused_and_copy_offered(copy_of, tmp_path: Path) -> None:
    path = copy_of(CORPUS / "workbookProtection_workbook_structure_protected.xlsx")
    with pytest.raises(WriteRefused, match="copy"):
        append_decisions(path, [D])
    from stocktake.excel.writer import SavePlan, save

    report = save(path, SavePlan(decisions=[D]), target=tmp_path / "copy.xlsx")
    assert "Decisions" in report.added_sheets


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    "suffix,head", [(".xls", OLE + b"\0" * 600), (".xlsb", b"PK\x05\x06" + b"\0" * 18)]
)
def test_refuses_xls_and_xlsb(tmp_path: Path, suffix: str, head: bytes) -> None:
    path = tmp_path / f"old{suffix}"
    path.write_bytes(head)
    with pytest.raises(WriteRefused):
        append_decisions(path, [D])


def test_append_keeps_rows_table_and_other_parts(stock: Path, tmp_path: Path) -> None:
    before = tmp_path / "before.xlsx"
    before.write_bytes(stock.read_bytes())
    report = append_decisions(stock, [D])
    rows = CalamineWorkbook.from_path(str(stock)).get_sheet_by_name("Decisions").to_python()
    assert rows[1][:4] == ["D-001", "I-1", "Test", "try it"]
    assert rows[2][:4] == ["D-2", "I-2", "Scale", "grow"]
    with zipfile.ZipFile(stock) as z:
        table = z.read("xl/tables/table1.xml").decode()
    assert 'ref="A1:K3"' in table
    decisions_part = "xl/worksheets/sheet6.xml"
    assert_untouched(
        before,
        stock,
        {
            "[Content_Types].xml",
            "xl/workbook.xml",
            "docProps/core.xml",
            "xl/styles.xml",
            "docProps/app.xml",
            decisions_part,
            "xl/tables/table1.xml",
            "xl/_rels/workbook.xml.rels",
            SHARED_STRINGS,
        },
    )
    assert_strings_only_appended(before, stock)
    assert report.backup is not None and report.backup.read_bytes() == before.read_bytes()


def test_edit_cells_keeps_style_refuses_formula_writes_text(stock: Path, tmp_path: Path) -> None:
    before = tmp_path / "before.xlsx"
    before.write_bytes(stock.read_bytes())
    report = edit_cells(
        stock,
        [
            ("Initiatives", 2, 3, "Amber/Red"),
            ("Initiatives", 2, 7, 5),
            ("Missions", 6, 0, 99),
            ("Initiatives", 3, 15, "=SUM(A1)"),
        ],
    )
    assert report.skipped_cells == ["Missions!A6: holds a formula; not overwritten"]
    ws = CalamineWorkbook.from_path(str(stock)).get_sheet_by_name("Initiatives").to_python()
    assert ws[1][3] == "Amber/Red" and ws[1][7] == 5 and ws[2][15] == "=SUM(A1)"
    with zipfile.ZipFile(stock) as z:
        assert b'fullCalcOnLoad="1"' in z.read("xl/workbook.xml")
    assert_untouched(
        before,
        stock,
        {
            "[Content_Types].xml",
            "xl/workbook.xml",
            "docProps/core.xml",
            "xl/styles.xml",
            "xl/worksheets/sheet3.xml",
            "xl/_rels/workbook.xml.rels",
            SHARED_STRINGS,
        },
    )
    assert_strings_only_appended(before, stock)


def test_ten_saves_leave_styles_as_after_first(stock: Path) -> None:
    append_decisions(stock, [D])
    first = Package(stock).read("xl/styles.xml")
    for i in range(9):
        append_decisions(stock, [Decision(f"D-{i + 10}", "I-1", DecisionKind.TEST, "again")])
    assert Package(stock).read("xl/styles.xml") == first


def test_saving_the_same_analysis_again_adds_no_strings(stock: Path) -> None:
    sheets = [SheetContent("Scores", ("Initiative ID", "Verdict"), [["I-1", "Keep"]])]
    write_analysis(stock, sheets)
    first = Package(stock).read(SHARED_STRINGS)
    assert b"<t>Keep</t>" in first
    write_analysis(stock, sheets)
    assert Package(stock).read(SHARED_STRINGS) == first


def test_changed_on_disk_and_owner_file_refused(stock: Path) -> None:
    stamp = FileStamp.of(stock)
    init_workbook(stock)  # someone else saved in between
    with pytest.raises(FileChangedOnDisk):
        append_decisions(stock, [D], expected=stamp)
    lock = stock.with_name("~$" + stock.name)
    lock.write_bytes(bytes([5]) + b"Alice" + b" " * 60)
    with pytest.raises(FileInUse, match="Alice"):
        append_decisions(stock, [D])


def test_mode_kept_not_0600(stock: Path) -> None:
    stock.chmod(0o644)
    append_decisions(stock, [D])
    assert (stock.stat().st_mode & 0o777) == 0o644


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_os_errors_give_a_message_and_leave_file(
    stock: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    before = stock.read_bytes()

    def fail(fd: int) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(SaveFailed) as info:
        append_decisions(stock, [D])
    assert "Traceback" not in str(info.value) and stock.name in str(info.value)
    assert stock.read_bytes() == before
    assert not list(stock.parent.glob(".~stocktake-*"))


CHILD = """
import sys
from stocktake.excel.writer import append_decisions
from stocktake.model import Decision, DecisionKind
print("ready", flush=True)
i = 0
while True:
    i += 1
    append_decisions(sys.argv[1], [Decision(f"K-{i}", "I-1", DecisionKind.TEST, "k" * 50)],
                     backup=False)
"""


@pytest.mark.slow
def test_kill_during_save_never_breaks_the_file(stock: Path) -> None:
    rng = random.Random(4)
    for _ in range(50):
        with subprocess.Popen(
            [sys.executable, "-c", CHILD, str(stock)], stdout=subprocess.PIPE
        ) as proc:
            assert proc.stdout is not None
            proc.stdout.readline()
            time.sleep(rng.uniform(0.0, 0.08))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert stock.exists()
        with zipfile.ZipFile(stock) as z:
            assert z.testzip() is None
        rows = CalamineWorkbook.from_path(str(stock)).get_sheet_by_name("Decisions").to_python()
        assert rows[1][0] == "D-001"
    # The temp files the kills left (hidden, megabytes each) go at the next save; the
    # user's own hidden file with a similar name stays.
    left = sorted(stock.parent.glob(".~stocktake-*"))
    mine = stock.parent / ".~stocktake notes.txt"
    mine.write_text("mine")
    report = append_decisions(stock, [D])
    assert sorted(report.removed_temps) == left
    assert list(stock.parent.glob(".~stocktake-*")) == []
    assert mine.read_text() == "mine"
