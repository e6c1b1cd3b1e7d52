"""Saving never loses a user's data: backups, links, read-only files, temp litter,
same-size replacements, notes typed on Stocktake's own sheets, unparseable parts.

Each test states what a user would notice, and checks the data is still there after
(bytes compared, or values read back with python-calamine / openpyxl).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from stocktake.excel.writer import (
    FileChangedOnDisk,
    FileStamp,
    ReadOnlyWorkbook,
    SavePlan,
    SheetContent,
    UnreadablePart,
    append_decisions,
    backup_folder,
    generations,
    save,
    settings_sheet,
    write_analysis,
)
from stocktake.excel.writer.backups import FOLDER, KEEP, MANIFEST
from stocktake.excel.writer.custom_props import PART as CUSTOM_PART
from stocktake.excel.writer.tempfiles import TEMP_PREFIX, UNKNOWN_OWNER_AFTER, new_temp
from stocktake.model import Decision, DecisionKind


def decision(n: int) -> Decision:
    return Decision(f"D-{n:03}", "I-1", DecisionKind.TEST, f"reason {n}")


def sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def decision_ids(path: Path) -> list[object]:
    return [r[0] for r in sheet_rows(path, "Decisions")[1:] if r[0]]


# -- backups --------------------------------------------------------------------------


def test_a_users_file_named_like_the_old_backup_is_never_overwritten(stock: Path) -> None:
    mine = stock.with_name("stock.backup.xlsx")
    mine.write_bytes(b"my own file, not a backup")
    append_decisions(stock, [decision(2)])
    assert mine.read_bytes() == b"my own file, not a backup"


def test_generations_kept_listed_and_rotated(stock: Path) -> None:
    versions = []
    reports = []
    for n in range(KEEP + 2):
        versions.append(stock.read_bytes())
        reports.append(append_decisions(stock, [decision(10 + n)]))
    last = reports[-1]
    folder = backup_folder(stock)
    assert folder == stock.parent / FOLDER / stock.name
    # The newest backup is the version the last save replaced; KEEP are listed, newest first.
    assert len(last.backups) == KEEP and last.backup == last.backups[0]
    assert [b.read_bytes() for b in last.backups] == versions[::-1][:KEEP]
    assert generations(stock) == last.backups
    assert f"{FOLDER}/{stock.name}" in last.backup_note and last.backup.name in last.backup_note
    # The two oldest were removed, and nothing but the kept ones and the manifest is left.
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [MANIFEST, *(b.name for b in last.backups)]
    )
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["mark"] == "stocktake-backups" and manifest["workbook"] == stock.name
    # Every backup opens as the workbook it was: the oldest kept has the 3rd save's log.
    assert decision_ids(last.backups[-1]) == ["D-001", "D-010", "D-011"]


def test_an_edited_backup_and_a_users_file_in_the_folder_are_not_removed(stock: Path) -> None:
    first = append_decisions(stock, [decision(2)])
    assert first.backup is not None
    edited = first.backup
    edited.write_bytes(edited.read_bytes() + b"the user's edit")  # no longer what we kept
    theirs = backup_folder(stock) / "stock 2020-01-01 000000.xlsx"
    theirs.write_bytes(b"a file of the user's, named like a backup")
    for n in range(KEEP + 1):
        append_decisions(stock, [decision(20 + n)])
    assert edited.read_bytes().endswith(b"the user's edit")
    assert theirs.read_bytes() == b"a file of the user's, named like a backup"
    assert edited not in generations(stock)


def test_a_file_in_the_way_of_the_backup_folder_stops_the_save(stock: Path) -> None:
    (stock.parent / FOLDER).write_bytes(b"user's file")
    before = stock.read_bytes()
    with pytest.raises(Exception) as info:
        append_decisions(stock, [decision(2)])
    assert FOLDER in str(info.value) and stock.name in str(info.value)
    assert stock.read_bytes() == before
    assert (stock.parent / FOLDER).read_bytes() == b"user's file"


# -- symbolic links, read-only --------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_saving_through_a_link_writes_the_target_and_keeps_the_link(
    stock: Path, tmp_path: Path
) -> None:
    real_dir = tmp_path / "shared drive"
    real_dir.mkdir()
    real = real_dir / "stock.xlsx"
    stock.rename(real)
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    before = real.read_bytes()
    report = append_decisions(link, [decision(2)], expected=FileStamp.of(link))
    assert link.is_symlink() and link.resolve() == real
    assert decision_ids(real) == ["D-001", "D-002"]
    assert report.backup is not None and report.backup.parent == backup_folder(real)
    assert report.backup.read_bytes() == before


def test_a_read_only_workbook_is_not_replaced_and_a_copy_can_be_saved(
    stock: Path, tmp_path: Path
) -> None:
    before = stock.read_bytes()
    stock.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyWorkbook) as info:
            append_decisions(stock, [decision(2)])
        assert "stock.xlsx is read-only" in str(info.value)
        assert stock.read_bytes() == before
        copy = tmp_path / "copy.xlsx"
        save(stock, SavePlan(decisions=[decision(2)]), target=copy)
        assert decision_ids(copy) == ["D-001", "D-002"]
    finally:
        stock.chmod(0o644)
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


# -- temp files -----------------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temp_files_of_stocktake_are_removed_and_nothing_else(stock: Path) -> None:
    folder = stock.parent
    hour_ago = time.time() - 600
    fd, stale = new_temp(folder)  # named for this host and process: then give it a dead pid
    os.close(fd)
    dead = stale.with_name(stale.name.replace(f"-{os.getpid()}-", f"-{_dead_pid()}-"))
    stale.rename(dead)
    fd, live = new_temp(folder)  # this very process: alive, so kept
    os.close(fd)
    old_legacy = folder / ".~stocktake-abc12345.tmp"  # an earlier version's name, 2 h old
    young_legacy = folder / ".~stocktake-zzz98765.tmp"  # may be another program's live save
    users = folder / ".~stocktake-my notes.txt"
    other_host = folder / ".~stocktake-elsewhere-1234-abcdefgh.tmp"
    for p in (old_legacy, young_legacy, users, other_host):
        p.write_bytes(b"x" * 100)
    for p in (dead, live, young_legacy, users, other_host):
        os.utime(p, (hour_ago, hour_ago))
    long_ago = time.time() - UNKNOWN_OWNER_AFTER - 3600
    os.utime(old_legacy, (long_ago, long_ago))
    report = append_decisions(stock, [decision(2)])
    assert not dead.exists() and not old_legacy.exists()
    assert live.exists() and young_legacy.exists() and users.exists() and other_host.exists()
    assert set(report.removed_temps) == {dead, old_legacy}
    assert decision_ids(stock) == ["D-001", "D-002"]


# -- changed on disk ------------------------------------------------------------------


def _stored(src: Path, dst: Path, replace: tuple[bytes, bytes] = (b"", b"")) -> None:
    """Re-pack ``src`` uncompressed (so a same-length edit keeps the size)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if replace[0] and replace[0] in data:
                data = data.replace(*replace)
            zout.writestr(info.filename, data)


def test_a_same_size_same_time_replacement_is_detected(stock: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.xlsx"
    _stored(stock, mine)
    theirs = tmp_path / "theirs.xlsx"
    _stored(stock, theirs, (b"try it", b"TRY IT"))  # a colleague's edit, synced in
    assert mine.stat().st_size == theirs.stat().st_size
    stamp = FileStamp.of(mine)
    mine.write_bytes(theirs.read_bytes())
    os.utime(mine, ns=(stamp.mtime_ns, stamp.mtime_ns))  # as sync clients do
    assert (mine.stat().st_size, mine.stat().st_mtime_ns) == (stamp.size, stamp.mtime_ns)
    assert not stamp.matches(mine)
    with pytest.raises(FileChangedOnDisk):
        append_decisions(mine, [decision(2)], expected=stamp)
    assert mine.read_bytes() == theirs.read_bytes()
    assert sheet_rows(mine, "Decisions")[1][3] == "TRY IT"
    # What the message offers works: the decision saved as a copy, theirs left alone.
    copy = tmp_path / "my version.xlsx"
    save(mine, SavePlan(decisions=[decision(2)]), expected=stamp, target=copy)
    assert decision_ids(copy) == ["D-001", "D-002"]
    assert mine.read_bytes() == theirs.read_bytes()


def test_a_change_during_the_save_is_detected_before_replacing(
    stock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync client writes the file while Stocktake builds the new one."""
    save_mod = sys.modules["stocktake.excel.writer.save"]
    theirs = b""
    original = save_mod._apply

    def apply_then_someone_saves(*args, **kw):  # type: ignore[no-untyped-def]
        nonlocal theirs
        original(*args, **kw)
        if not theirs:  # the other writer's own save goes through here too
            theirs = b"saving"
            append_decisions(stock, [decision(99)], backup=False)
            theirs = stock.read_bytes()

    monkeypatch.setattr(save_mod, "_apply", apply_then_someone_saves)
    with pytest.raises(FileChangedOnDisk):
        append_decisions(stock, [decision(2)])
    assert stock.read_bytes() == theirs
    assert decision_ids(stock) == ["D-001", "D-099"]


# -- a person's edits on Stocktake's own sheets ----------------------------------------

HEADERS = ("Initiative ID", "Near-term", "Long-term", "Rank")


def scores(values: list[tuple[str, float, float]]) -> SheetContent:
    rows = [[i, n, lg, rank] for rank, (i, n, lg) in enumerate(values, 1)]
    return SheetContent("Scores", HEADERS, rows, table="Scores")


def _edit_with_openpyxl(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """Change the workbook as a person in Excel would: load, edit, save (on a copy)."""
    copy = path.with_name("excel-copy.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
        edit(wb)
        wb.save(copy)
    copy.replace(path)


def test_notes_typed_on_scores_survive_the_next_save(stock: Path) -> None:
    write_analysis(stock, [scores([("I-1", 5.0, 6.0), ("I-2", 4.0, 3.0)])])

    def type_notes(wb: openpyxl.Workbook) -> None:
        ws = wb["Scores"]
        ws.cell(1, 5, "Notes")
        ws.cell(2, 5, "ask the minister first")
        ws.cell(3, 5, "funding at risk")

    _edit_with_openpyxl(stock, type_notes)
    report = write_analysis(stock, [scores([("I-2", 7.0, 8.0), ("I-1", 5.0, 6.0)])])
    kept = f"Scores (edited {dt.date.today().isoformat()})"
    assert kept in report.kept_sheets
    assert any(kept in n and "Scores" in n for n in report.notes)
    old = sheet_rows(stock, kept)
    assert old[0][4] == "Notes"
    assert [r[4] for r in old[1:3]] == ["ask the minister first", "funding at risk"]
    new = sheet_rows(stock, "Scores")
    assert [r[:2] for r in new[1:3]] == [["I-2", 7.0], ["I-1", 5.0]]
    # openpyxl reads both too, and the next save with no new edit keeps no further copy.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(stock, read_only=True)
        names = book.sheetnames
        book.close()
    assert kept in names and "Scores" in names
    again = write_analysis(stock, [scores([("I-1", 1.0, 1.0)])])
    assert again.kept_sheets == [] and again.notes == []


def test_opening_and_saving_in_another_program_is_not_an_edit(stock: Path) -> None:
    write_analysis(stock, [scores([("I-1", 5.0, 6.0)]), settings_sheet({"balance": 0.5})])
    _edit_with_openpyxl(stock, lambda wb: None)  # re-serialised, values unchanged
    with zipfile.ZipFile(stock) as z:
        assert CUSTOM_PART in z.namelist()  # the digests survived the other program's save
    report = write_analysis(stock, [scores([("I-3", 9.0, 9.0)])])
    assert report.kept_sheets == [] and report.replaced_sheets == ["Scores"]


def test_settings_changed_in_excel_and_written_back_are_not_kept_twice(stock: Path) -> None:
    write_analysis(stock, [settings_sheet({"balance": 0.5, "budget:2025-26": 100})])

    def set_balance(wb: openpyxl.Workbook) -> None:
        ws = wb["Stocktake settings"]
        for row in ws.iter_rows():
            if row[0].value == "balance":
                row[1].value = 0.7

    _edit_with_openpyxl(stock, set_balance)
    # Stocktake read 0.7 and writes it back (rows in another order): nothing is lost.
    report = write_analysis(stock, [settings_sheet({"budget:2025-26": 100, "balance": 0.7})])
    assert report.kept_sheets == [] and report.replaced_sheets == ["Stocktake settings"]
    # A note typed beside a setting would be lost: that sheet is kept, under a name the
    # reader does not take for the settings sheet.
    _edit_with_openpyxl(stock, lambda wb: wb["Stocktake settings"].cell(3, 3, "agreed by SRO"))
    report = write_analysis(stock, [settings_sheet({"budget:2025-26": 100, "balance": 0.7})])
    assert len(report.kept_sheets) == 1
    kept = report.kept_sheets[0]
    assert "agreed by SRO" in [c for r in sheet_rows(stock, kept) for c in r]
    from stocktake.excel import schema

    assert schema.sheet_kind(kept) is None


def test_a_sheet_from_an_earlier_version_with_a_typed_column_is_kept(stock: Path) -> None:
    """No digest recorded yet (written before this version): a column typed beside it
    still counts as an edit."""
    write_analysis(stock, [scores([("I-1", 5.0, 6.0)])])

    def forget_digests_and_type(wb: openpyxl.Workbook) -> None:
        for name in list(wb.custom_doc_props.names):
            del wb.custom_doc_props[name]
        wb["Scores"].cell(2, 6, "my comment")

    _edit_with_openpyxl(stock, forget_digests_and_type)
    report = write_analysis(stock, [scores([("I-1", 5.5, 6.0)])])
    assert len(report.kept_sheets) == 1
    assert sheet_rows(stock, report.kept_sheets[0])[1][5] == "my comment"


# -- parts the writer cannot parse ------------------------------------------------------


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml"])
def test_a_deeply_nested_part_is_refused_by_name(stock: Path, tmp_path: Path, part: str) -> None:
    deep = tmp_path / "deep.xlsx"
    nest = b"<extLst><ext uri='x'>" + b"<a>" * 3000 + b"</a>" * 3000 + b"</ext></extLst>"
    with zipfile.ZipFile(stock) as zin, zipfile.ZipFile(deep, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                close = data.rfind(b"</")
                data = data[:close] + nest + data[close:]
            zout.writestr(info, data)
    before = deep.read_bytes()
    with pytest.raises(UnreadablePart) as info:
        append_decisions(deep, [decision(2)])
    assert info.value.part == part
    assert part in str(info.value) and "deep.xlsx" in str(info.value)
    assert "2,048" in str(info.value)
    assert deep.read_bytes() == before


def test_utf16_parts_are_edited_as_excel_would_read_them(stock: Path, tmp_path: Path) -> None:
    """Some generators write UTF-16 parts, which Excel reads; the edited ones come out
    as UTF-8 with the new rows, and every other part is left as it was."""
    wide = tmp_path / "wide.xlsx"
    utf16 = {"xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"}
    with zipfile.ZipFile(stock) as zin, zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in utf16 or info.filename == "xl/theme/theme1.xml":
                text = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
                data = text.encode("utf-16")
            zout.writestr(info, data)
    append_decisions(wide, [decision(2)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ws = openpyxl.load_workbook(wide)["Decisions"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["D-001", "D-002"]
    with zipfile.ZipFile(wide) as z:
        assert z.read("xl/workbook.xml").startswith(b'<?xml version="1.0" encoding="UTF-8"')
        assert z.read("xl/theme/theme1.xml").startswith(b"\xff\xfe")  # untouched: as it was
