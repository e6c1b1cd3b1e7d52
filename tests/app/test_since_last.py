"""What changed since last time, against the workbook's previous saved state (no Qt)."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl

from stocktake.app import since_last
from stocktake.app.document import Document
from stocktake.model import DCA, Decision, DecisionKind, Workbook
from stocktake.model.entities import Initiative

TODAY = dt.date(2026, 11, 27)


def _initiatives_sheet(path: Path) -> tuple[openpyxl.Workbook, object, dict[str, int]]:
    book = openpyxl.load_workbook(path)
    sheet = book["Initiatives"]
    header = {str(c.value): c.column for c in sheet[1] if c.value}
    return book, sheet, header


def test_changes_made_in_excel_between_two_stocktakes_are_listed(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    first = Document.open(path)
    assert since_last.compare(first, TODAY).source == ""  # nothing saved by Stocktake yet
    first.save()
    with zipfile.ZipFile(path) as z:  # the snapshot is in a very hidden sheet
        assert b'state="veryHidden"' in z.read("xl/workbook.xml")
    before = {i.id: i for i in Document.open(path).workbook.initiatives.values()}
    # between stock-takes a department edits its row in Excel
    book, sheet, header = _initiatives_sheet(path)
    ids = [sheet.cell(r, header["Initiative ID"]).value for r in range(2, sheet.max_row + 1)]
    row = ids.index("I-041") + 2
    old_dca = sheet.cell(row, header["DCA"]).value
    new_dca = "Red" if old_dca != "Red" else "Green"
    sheet.cell(row, header["DCA"], new_dca)
    removed_row = ids.index("I-074") + 2
    removed_name = before["I-074"].name
    sheet.delete_rows(removed_row)
    book.save(path)

    second = Document.open(path)
    report = since_last.compare(second, TODAY)
    assert report.source.startswith("the state saved on ")
    [changed] = [c for c in report.changed if c.initiative_id == "I-041"]
    assert f"DCA: {before['I-041'].dca.value if before['I-041'].dca else 'blank'} → {new_dca}" in (
        changed.changes
    )
    assert ("I-074", removed_name) in report.removed
    assert "I-041" in since_last.changed_ids(second)
    # the comparison holds through a save in the meeting (read before the file is replaced)
    edit = second.edit("initiatives", "I-042", "stage", "Stopped")
    if edit is not None:
        second.apply(edit)
    second.save()
    again = since_last.compare(second, TODAY)
    assert {c.initiative_id for c in again.changed} >= {"I-041"}
    assert ("I-074", removed_name) in again.removed
    # and the next time the file is opened, last time is that save
    third = Document.open(path)
    assert since_last.compare(third, TODAY).changed == []
    assert since_last.changed_ids(third) == []


def test_saving_an_unchanged_state_writes_the_same_snapshot(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    doc = Document.open(path)
    doc.save()
    first = since_last._read_snapshot(path)
    doc.save()
    assert since_last._read_snapshot(path) == first
    reopened = Document.open(path)
    reopened.save()
    assert since_last._read_snapshot(path) == first


def test_with_no_snapshot_the_newest_backup_is_last_time(sample_copy) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    doc = Document.open(path)
    doc.apply(doc.new_decision("I-041", "Continue"))
    doc.save(analysis=False)  # a decide: no analysis, no snapshot, a backup kept
    book, sheet, header = _initiatives_sheet(path)
    ids = [sheet.cell(r, header["Initiative ID"]).value for r in range(2, sheet.max_row + 1)]
    cell = sheet.cell(ids.index("I-041") + 2, header["Stage"])
    cell.value = "Stopped" if cell.value != "Stopped" else "Scaling"
    book.save(path)
    report = since_last.compare(Document.open(path), TODAY)
    assert report.source.startswith("the backup ")
    assert [c.initiative_id for c in report.changed] == ["I-041"]
    assert report.changed[0].changes[0].startswith("stage: ")


def test_the_comparison_against_an_independent_oracle() -> None:
    wb = Workbook()
    wb.initiatives = {
        "I-1": Initiative("I-1", "M-1", "Kept", dca=DCA.AMBER, costs={"2025-26": 10.0}),
        "I-2": Initiative("I-2", "M-1", "New", scores={"C1": 3.0}),
    }
    wb.initiatives["I-1"].scores = {"C1": 4.0, "C2": None}
    previous = {
        "initiatives": {
            "I-1": {"name": "Kept", "scores": {"C1": 2, "C2": 1}, "dca": "Amber",
                    "costs": {"2025-26": 10.0, "2026-27": 5}, "stage": ""},
            "I-3": {"name": "Gone"},
        }
    }  # fmt: skip
    decisions = [
        Decision("D-1", "I-1", DecisionKind.TEST, review_date=TODAY),
        Decision("D-2", "I-2", DecisionKind.SCALE, review_date=TODAY + dt.timedelta(days=1)),
    ]
    out = since_last.compare_with(previous, wb, decisions, [], TODAY)
    assert out.changed == [
        since_last.ItemChange(
            "I-1", "Kept", ("score C1: 2 → 4", "score C2: 1 → blank", "cost 2026-27: £5m → blank")
        )
    ]
    assert out.added == [("I-2", "New")] and out.removed == [("I-3", "Gone")]
    assert [d.decision_id for d in out.reviews_due] == ["D-1"]
    words = since_last.lines(out, wb, TODAY)
    assert any("Due for review since 27 Nov 2026: I-1 Kept" in w for w in words)


def test_a_snapshot_sheet_someone_broke_falls_back_to_the_backup(sample_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path: Path = sample_copy()
    Document.open(path).save()
    book = openpyxl.load_workbook(path)
    book[since_last.SNAPSHOT_SHEET]["A2"] = "{not json"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    shutil.copyfile(broken, path)
    report = since_last.compare(Document.open(path), TODAY)
    assert report.source.startswith("the backup plan_for_change ")
    assert report.changed == []  # the sample as it was before that save
